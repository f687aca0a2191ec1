//! The embedded store for the one-command local run: one SQLite file.
//!
//! SQLite lets one writer in at a time. Writes go through a pool of exactly
//! one connection, so they queue in the pool (bounded by the acquire timeout)
//! instead of failing with SQLITE_BUSY; reads use a pool of read-only
//! connections, which WAL mode lets run beside the writer.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::accounts::impl_account_store;
use crate::sql::{impl_todo_store, Dialect};
use crate::{StoreError, StoreOptions};

/// `helm rollback` runs an older release on a schema a newer one migrated:
/// migrations only add (tables, columns with defaults), so the older release
/// skips the ones it does not know instead of refusing to start.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate::Migrator { ignore_missing: true, ..sqlx::migrate!("./migrations/sqlite") };

pub struct SqliteStore {
    reader: SqlitePool,
    writer: SqlitePool,
    max_todos: u64,
}

impl SqliteStore {
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Self, StoreError> {
        let base = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("DATABASE_URL is not a valid SQLite URL: {e}")))?
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let file = base.get_filename();
        if file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:") {
            return Err(StoreError::Config("DATABASE_URL must name a SQLite file, not an in-memory database".into()));
        }
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Config(format!("cannot create the directory {} for the SQLite file: {e}", dir.display())))?;
        }
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(options.acquire_timeout)
            .connect_with(base.clone().create_if_missing(true))
            .await?;
        MIGRATOR.run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(options.pool_size.max(1))
            .acquire_timeout(options.acquire_timeout)
            .connect_with(base.read_only(true))
            .await?;
        Ok(Self { reader, writer, max_todos: options.max_todos_per_owner })
    }

    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    fn max_todos(&self) -> u64 {
        self.max_todos
    }

    fn pools(&self) -> [&SqlitePool; 2] {
        [&self.reader, &self.writer]
    }
}

impl Dialect for SqliteStore {
    const TAG_MATCH: (&'static str, &'static str) = (" AND EXISTS (SELECT 1 FROM json_each(todos.tags) WHERE json_each.value = ", ")");
    // The single writer connection already serialises read-modify-write.
    const LOCK_ROW: &'static str = "";
    const KEEP_ID: &'static str = "";
}

impl_todo_store!(SqliteStore, sqlx::Sqlite, "sqlite");
impl_account_store!(SqliteStore, sqlx::Sqlite);
