//! What the store tests share.

/// The URL of a SQLite file of its own for one test (left from an earlier
/// run: removed first, with its WAL files).
pub fn fresh_sqlite_url(name: &str) -> String {
    let path = std::env::temp_dir().join(format!("todo-store-{name}-{}.sqlite", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    format!("sqlite://{}", path.display())
}
