//! SQLite: the backup is a SQLite database, written by `VACUUM INTO` (a
//! consistent snapshot, taken beside the server's writes; the WAL lets both
//! go on). The restore checks the copy, migrates it and moves it into place.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use super::{known_version, partial_path, BackupError, Summary, TABLES};
use crate::sqlite::MIGRATOR;
use crate::StoreError;

/// The first bytes of every SQLite database file.
pub(super) const MAGIC: &[u8] = b"SQLite format 3\0";

fn options(url: &str) -> Result<SqliteConnectOptions, BackupError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("DATABASE_URL is not a valid SQLite URL: {e}")))?
        .busy_timeout(Duration::from_secs(5));
    Ok(options)
}

pub(super) async fn backup(url: &str, to: &Path) -> Result<Summary, BackupError> {
    let source = options(url)?;
    let file = source.get_filename().to_owned();
    if !file.is_file() {
        return Err(StoreError::Config(format!("there is no SQLite database at {} to back up", file.display())).into());
    }
    let mut conn = SqliteConnection::connect_with(&source).await?;
    sqlx::query("VACUUM INTO ?").bind(to.to_string_lossy().into_owned()).execute(&mut conn).await?;
    conn.close().await?;
    let (schema_version, todos) = check(to).await?;
    Ok(Summary { store: "sqlite", schema_version, todos })
}

pub(super) async fn restore(url: &str, from: &Path, force: bool) -> Result<Summary, BackupError> {
    let (schema_version, todos) = check(from).await?;
    let known = known_version(&MIGRATOR);
    if schema_version > known {
        return Err(BackupError::NewerSchema { path: from.into(), found: schema_version, known });
    }
    let target = options(url)?;
    let file = target.get_filename().to_owned();
    if file.exists() && !force {
        if let Some(what) = holds_data(&target).await {
            return Err(BackupError::NotEmpty { what });
        }
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| BackupError::Io {
            action: "cannot create the directory",
            path: dir.into(),
            source,
        })?;
    }
    // Migrated beside the target, then renamed over it: an interrupted
    // restore leaves the target as it was.
    let staged = partial_path(&file);
    std::fs::copy(from, &staged).map_err(|source| BackupError::Io { action: "cannot copy the backup to", path: staged.clone(), source })?;
    let migrated = async {
        let mut conn = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&staged)).await?;
        MIGRATOR.run(&mut conn).await?;
        conn.close().await?;
        Ok::<(), BackupError>(())
    }
    .await;
    if let Err(err) = migrated {
        let _ = std::fs::remove_file(&staged);
        return Err(err);
    }
    // A WAL left by the old file would be replayed into the new one.
    for suffix in ["-wal", "-shm"] {
        let mut name = file.clone().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    std::fs::rename(&staged, &file).map_err(|source| BackupError::Io {
        action: "cannot move the restored database to",
        path: file,
        source,
    })?;
    Ok(Summary { store: "sqlite", schema_version, todos })
}

/// Checks that `path` is a whole SQLite database holding todo-api's schema;
/// returns its schema version and how many todos it holds.
async fn check(path: &Path) -> Result<(i64, u64), BackupError> {
    let damaged = |err: sqlx::Error| BackupError::Damaged { path: path.into(), reason: err.to_string() };
    let read_only = SqliteConnectOptions::new().filename(path).read_only(true).immutable(true);
    let mut conn = SqliteConnection::connect_with(&read_only).await.map_err(damaged)?;
    let verdict: String = sqlx::query_scalar("PRAGMA quick_check").fetch_one(&mut conn).await.map_err(damaged)?;
    if verdict != "ok" {
        return Err(BackupError::Damaged { path: path.into(), reason: format!("SQLite's check says: {verdict}") });
    }
    let ours: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = '_sqlx_migrations')")
        .fetch_one(&mut conn)
        .await
        .map_err(damaged)?;
    if !ours {
        return Err(BackupError::NotABackup { path: path.into(), reason: "it is a SQLite database, but not todo-api's".into() });
    }
    let version: i64 = sqlx::query_scalar("SELECT coalesce(max(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .map_err(damaged)?;
    let todos: i64 = sqlx::query_scalar("SELECT count(*) FROM todos").fetch_one(&mut conn).await.map_err(damaged)?;
    conn.close().await.ok();
    Ok((version, u64::try_from(todos).unwrap_or_default()))
}

/// What the existing file at the target holds, if anything a restore would
/// lose: rows in one of the tables, or content that is not a database.
async fn holds_data(target: &SqliteConnectOptions) -> Option<String> {
    let mut conn = match SqliteConnection::connect_with(target).await {
        Ok(conn) => conn,
        Err(err) => return Some(format!("a file SQLite cannot open: {err}")),
    };
    let mut found = None;
    for table in TABLES {
        let exists = sqlx::query_scalar::<_, bool>("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)")
            .bind(table)
            .fetch_one(&mut conn)
            .await;
        let rows = match exists {
            Ok(false) => continue,
            Ok(true) => sqlx::query_scalar::<_, bool>(&format!("SELECT EXISTS (SELECT 1 FROM {table})")).fetch_one(&mut conn).await,
            Err(err) => Err(err),
        };
        match rows {
            Ok(false) => {}
            Ok(true) => found = Some(format!("rows in {table}")),
            Err(err) => found = Some(format!("a file that is not an empty todo-api database: {err}")),
        }
        if found.is_some() {
            break;
        }
    }
    conn.close().await.ok();
    found
}
