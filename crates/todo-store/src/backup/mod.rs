//! Backups and restores of the whole database, for operators
//! (`todo-api backup`, `todo-api restore`; docs/operations.md).
//!
//! A SQLite database is copied with `VACUUM INTO`: a consistent, compact
//! SQLite file, taken while the server keeps writing. A PostgreSQL database
//! is dumped, inside one repeatable-read transaction, as JSON lines (see
//! [`postgres`]). Both record the schema version (the latest migration
//! applied), so that a restore can refuse a file from a newer release, and
//! both are written to a temporary file renamed into place at the end: a
//! backup file that exists is complete.
//!
//! A restore checks the whole file before it changes anything, puts it into
//! an empty database (or, told to, over a non-empty one) and migrates it to
//! this release's schema.

mod postgres;
mod sqlite;

use std::path::{Path, PathBuf};

use crate::StoreError;

/// What can go wrong backing up or restoring, each with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{path} is not a todo-api backup: {reason}")]
    NotABackup { path: PathBuf, reason: String },
    #[error("{path} is damaged or cut short: {reason}; nothing was changed")]
    Damaged { path: PathBuf, reason: String },
    #[error("{path} was made by a newer release (schema version {found}; this release knows up to {known}): restore it with that release")]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("{path} is a {found} backup, but DATABASE_URL names a {target} database")]
    WrongStore { path: PathBuf, found: &'static str, target: &'static str },
    #[error("the database DATABASE_URL names already holds data ({what}); restore into an empty one, or pass --force to replace it")]
    NotEmpty { what: String },
    #[error("{action} {path}: {source}")]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(err: sqlx::Error) -> Self {
        Self::Store(err.into())
    }
}

impl From<sqlx::migrate::MigrateError> for BackupError {
    fn from(err: sqlx::migrate::MigrateError) -> Self {
        Self::Store(err.into())
    }
}

/// What a backup or restore did, for its one line of output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// `"sqlite"` or `"postgres"`.
    pub store: &'static str,
    /// The latest migration the copy's schema has.
    pub schema_version: i64,
    /// Rows of todos (the rest is accounts and conversations).
    pub todos: u64,
}

/// Which database `DATABASE_URL` names.
enum Target {
    Sqlite,
    Postgres,
}

fn target_of(url: &str) -> Result<Target, BackupError> {
    if url.starts_with("sqlite:") {
        Ok(Target::Sqlite)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Target::Postgres)
    } else {
        Err(StoreError::Config("DATABASE_URL must start with sqlite: or postgres:".into()).into())
    }
}

/// The file name extension of a backup of the store `url` names: `sqlite`
/// (a SQLite database) or `jsonl` (a PostgreSQL dump).
pub fn extension(url: &str) -> Result<&'static str, BackupError> {
    Ok(match target_of(url)? {
        Target::Sqlite => "sqlite",
        Target::Postgres => "jsonl",
    })
}

/// Writes a consistent copy of the database `url` names to `to` (replaced if
/// it exists), while servers keep using the database. Changes nothing in it.
pub async fn backup(url: &str, to: &Path) -> Result<Summary, BackupError> {
    let partial = partial_path(to);
    let _ = std::fs::remove_file(&partial);
    let written = match target_of(url)? {
        Target::Sqlite => sqlite::backup(url, &partial).await,
        Target::Postgres => postgres::backup(url, &partial).await,
    };
    let summary = written.inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })?;
    std::fs::rename(&partial, to).map_err(|source| BackupError::Io {
        action: "cannot move the backup into place at",
        path: to.into(),
        source,
    })?;
    Ok(summary)
}

/// Puts the backup `from` into the database `url` names, which must be empty
/// or not exist yet (a SQLite file is created) unless `force`, then brings it
/// to this release's schema. A file that is not a backup, is damaged, or
/// comes from a newer schema is refused before anything changes.
pub async fn restore(url: &str, from: &Path, force: bool) -> Result<Summary, BackupError> {
    let kind = FileKind::of(from)?;
    match (target_of(url)?, kind) {
        (Target::Sqlite, FileKind::Sqlite) => sqlite::restore(url, from, force).await,
        (Target::Postgres, FileKind::PostgresDump) => postgres::restore(url, from, force).await,
        (Target::Sqlite, FileKind::PostgresDump) => {
            Err(BackupError::WrongStore { path: from.into(), found: "PostgreSQL", target: "SQLite" })
        }
        (Target::Postgres, FileKind::Sqlite) => Err(BackupError::WrongStore { path: from.into(), found: "SQLite", target: "PostgreSQL" }),
    }
}

/// What a file's first bytes say it is.
enum FileKind {
    Sqlite,
    PostgresDump,
}

impl FileKind {
    fn of(path: &Path) -> Result<Self, BackupError> {
        use std::io::Read;
        let mut head = Vec::with_capacity(64);
        std::fs::File::open(path).and_then(|file| file.take(64).read_to_end(&mut head)).map_err(|source| BackupError::Io {
            action: "cannot read",
            path: path.into(),
            source,
        })?;
        if head.starts_with(sqlite::MAGIC) {
            Ok(Self::Sqlite)
        } else if head.starts_with(postgres::MAGIC) {
            Ok(Self::PostgresDump)
        } else {
            let reason = if head.is_empty() { "it is empty" } else { "it is neither a SQLite backup nor a PostgreSQL dump of todo-api" };
            Err(BackupError::NotABackup { path: path.into(), reason: reason.into() })
        }
    }
}

/// `FILE.partial`, beside `FILE`: a rename within one directory is atomic.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
}

/// The latest migration this release has for a store.
fn known_version(migrator: &sqlx::migrate::Migrator) -> i64 {
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The tables that hold what users keep, parents before children. Left
/// out: `todo_versions` and `todo_counts`, which the todos' triggers refill, and sqlx's
/// migration table, which the restore's migrations write.
const TABLES: [&str; 5] = ["users", "credentials", "todos", "conversations", "messages"];
