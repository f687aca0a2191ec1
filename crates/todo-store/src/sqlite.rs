//! The embedded store for the one-command local run: one SQLite file.
//!
//! SQLite lets one writer in at a time. Writes go through a pool of exactly
//! one connection, so they queue in the pool (bounded by the acquire timeout)
//! instead of failing with SQLITE_BUSY; reads use a pool of read-only
//! connections, which WAL mode lets run beside the writer.
//!
//! A statement runs at most `StoreOptions::statement_timeout` from the moment
//! its connection was taken from a pool: a progress handler, set on every
//! take, interrupts it after that (sqlx's worker thread would otherwise go on
//! with a statement whose request has long been answered, holding the
//! connection, or the one writer).
//!
//! New todos are committed in groups (see [`group_commit`]): concurrent
//! creates share one transaction.
//!
//! The WAL is copied back into the database file (a checkpoint, which
//! syncs both files to disk) by a connection of its own, five times a
//! second. Left to the writer alone, as SQLite does by default after a
//! commit that grows the WAL past 1,000 pages, every write queued behind
//! it waited for the two syncs (20–30 ms here).

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use todo_core::{NewTodo, OwnerId, Todo};

mod group_commit;

use self::group_commit::GroupCommit;
use crate::accounts::impl_account_store;
use crate::calendar::impl_calendar_store;
use crate::events::ChangeSignal;
use crate::sql::{impl_todo_store, Dialect};
use crate::{StoreError, StoreOptions};

/// `helm rollback` runs an older release on a schema a newer one migrated:
/// migrations only add (tables, columns with defaults), so the older release
/// skips the ones it does not know instead of refusing to start.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator =
    sqlx::migrate::Migrator { ignore_missing: true, ..sqlx::migrate!("./migrations/sqlite") };

pub struct SqliteStore {
    reader: SqlitePool,
    writer: SqlitePool,
    checkpointer: SqlitePool,
    max_todos: u64,
    changes: Arc<ChangeSignal>,
    creates: GroupCommit,
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
        // Migrations on a connection of their own, with no time limit.
        let migrator = SqlitePoolOptions::new().max_connections(1).connect_with(base.clone().create_if_missing(true)).await?;
        MIGRATOR.run(&migrator).await?;
        migrator.close().await;
        // A SQLite connection cannot go away: no ping each time one is taken
        // from a pool, only the time limit (one round trip to its thread).
        let limit = options.statement_timeout;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .acquire_timeout(options.acquire_timeout)
            .after_connect(move |conn, _| Box::pin(async move { open_connection(conn, limit).await }))
            .before_acquire(move |conn, _| Box::pin(limit_statement_time(conn, limit)))
            .connect_with(base.clone())
            .await?;
        let checkpointer = SqlitePoolOptions::new().max_connections(1).test_before_acquire(false).connect_with(base.clone()).await?;
        tokio::spawn(checkpoint_continually(checkpointer.clone()));
        let reader = SqlitePoolOptions::new()
            .max_connections(options.pool_size.max(1))
            .test_before_acquire(false)
            .acquire_timeout(options.acquire_timeout)
            .after_connect(move |conn, _| Box::pin(async move { open_connection(conn, limit).await }))
            .before_acquire(move |conn, _| Box::pin(limit_statement_time(conn, limit)))
            .connect_with(base.read_only(true))
            .await?;
        let changes: Arc<ChangeSignal> = Arc::default();
        let creates = GroupCommit::start(writer.clone(), options.max_todos_per_owner, Arc::clone(&changes));
        Ok(Self { reader, writer, checkpointer, max_todos: options.max_todos_per_owner, changes, creates })
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

    async fn create_todo(&self, owner: OwnerId, new: &NewTodo, now: DateTime<Utc>) -> Result<Todo, StoreError> {
        self.creates.create(owner, new, now).await
    }

    fn change_signal(&self) -> &Arc<ChangeSignal> {
        &self.changes
    }

    /// One process owns the file: its own signal is every stream there is.
    fn cross_process_payload(&self, _owner: todo_core::OwnerId) -> Option<String> {
        None
    }

    fn pools(&self) -> [&SqlitePool; 3] {
        [&self.reader, &self.writer, &self.checkpointer]
    }
}

/// Readies a new connection: the statement time limit, and the FTS5 indexes
/// (title words, search text) opened. FTS5 opens its table on a connection's
/// first use of it; when that first use was an insert's trigger while another
/// connection held the write lock, the insert failed with "no such table:
/// todos" instead of waiting (`todo_counts::one_failing_create_fails_alone_in_its_group`).
async fn open_connection(conn: &mut SqliteConnection, limit: Duration) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT rowid FROM todo_title_words WHERE rowid = 0").execute(&mut *conn).await?;
    sqlx::query("SELECT rowid FROM todo_search_text WHERE rowid = 0").execute(&mut *conn).await?;
    limit_statement_time(conn, limit).await.map(drop)
}

/// Virtual-machine steps between two looks at the clock (about 20 ns each).
/// Few: one step can be long (a substring search over 10,000 characters of
/// notes is one step a row), and the interrupt waits for the next look.
const PROGRESS_EVERY_OPS: i32 = 200;

/// From now on, statements on `conn` are interrupted (`SQLITE_INTERRUPT`)
/// once `limit` has passed. Set when the connection is opened (it then goes
/// straight to its first user) and again each time it is taken from the pool.
async fn limit_statement_time(conn: &mut SqliteConnection, limit: Duration) -> Result<bool, sqlx::Error> {
    let deadline = Instant::now() + limit;
    conn.lock_handle().await?.set_progress_handler(PROGRESS_EVERY_OPS, move || Instant::now() < deadline);
    Ok(true)
}

/// How often the WAL is checkpointed in the background: the less it holds,
/// the shorter the syncs that the writer's commits share the disk with.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(200);

/// Passive checkpoints in a row at most, each copying what was committed
/// during the one before (see [`checkpoint`]).
const CHECKPOINT_PASSES: usize = 16;

/// Checkpoints the WAL every [`CHECKPOINT_EVERY`] until the pool is closed.
/// A failure is logged once, until a checkpoint succeeds again.
async fn checkpoint_continually(pool: SqlitePool) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        every.tick().await;
        match checkpoint(&pool).await {
            Ok(()) => failing = false,
            Err(sqlx::Error::PoolClosed) => return,
            Err(err) if !failing => {
                failing = true;
                tracing::warn!(error = %err, "SQLite checkpoint failed; trying again until one succeeds");
            }
            Err(_) => {}
        }
    }
}

/// Copies the WAL into the database file and syncs both, without holding up
/// a write: passive checkpoints wait for nobody and take no lock a writer
/// needs. They run again while commits landed during the previous pass, each
/// pass shorter. The writer still checkpoints, as SQLite does by default,
/// once the WAL holds 1,000 pages, because only a checkpoint the writer makes
/// itself lets its next commit start the WAL over (keeping it a few MB); but
/// it finds nearly all of it copied and synced already.
///
/// Not a restart checkpoint here: it would start the WAL over under the
/// writer's feet, and a write transaction that had already read would fail
/// with "database is locked" instead of waiting.
async fn checkpoint(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut pages_before = None;
    for _ in 0..CHECKPOINT_PASSES {
        // (busy, pages in the WAL, pages copied)
        let (_, pages, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(pool).await?;
        if pages_before == Some(pages) {
            break;
        }
        pages_before = Some(pages);
    }
    Ok(())
}

impl Dialect for SqliteStore {
    const TAG_MATCH: (&'static str, &'static str) = (" AND EXISTS (SELECT 1 FROM json_each(todos.tags) WHERE json_each.value = ", ")");
    // instr compares bytes with memcmp from each position whose first byte matches.
    const TEXT_MATCH: (&'static str, &'static str) = (" AND instr(search_text, ", ") > 0");
    const TAGS_IN_USE: &'static str = "SELECT DISTINCT json_each.value FROM todos, json_each(todos.tags) WHERE todos.owner_id = ";
    // The single writer connection already serialises read-modify-write.
    // The FTS5 table of migration 0009, by rowid (the todo's id).
    const TITLE_MATCH: (&'static str, &'static str) = ("id IN (SELECT rowid FROM todo_title_words WHERE todo_title_words MATCH ", ")");
    // NULL sorts first in SQLite.
    const DUE_ORDER: &'static str = " ORDER BY due_date, due_time, position, id";
    const LOCK_ROW: &'static str = "";
    // Read only: the one writer serialises the owner's writes, and a missing
    // row reads as no todos.
    const COUNTED_ROW: (&'static str, &'static str) = ("SELECT todo_count, next_position FROM todo_counts WHERE owner_id = ", "");
    const KEEP_ID: &'static str = "";
    // The tables of migration 0013, kept by triggers.
    const TAGGED_IDS: Option<[&'static str; 3]> = Some(["SELECT todo_id FROM todo_tags WHERE owner_id = ", " AND tag = ", ""]);
    const TEXT_IDS: Option<(&'static str, &'static str)> = Some(("SELECT rowid FROM todo_search_text WHERE todo_search_text MATCH ", ""));
    // Else the planner walks the owner's index and tests each id against the list.
    const BY_ID: &'static str = " NOT INDEXED";
    const ONE_STATEMENT_TURN: bool = false;

    fn title_query(prefixes: &[Vec<String>], every: bool) -> String {
        // FTS5 prefix queries: ("writ"* OR "wrote"*) AND ("report"*)
        let groups: Vec<String> = prefixes
            .iter()
            .map(|group| format!("({})", group.iter().map(|p| format!("\"{p}\"*")).collect::<Vec<_>>().join(" OR ")))
            .collect();
        groups.join(if every { " AND " } else { " OR " })
    }

    fn text_query(text: &str) -> Option<String> {
        // The trigram index holds substrings of three characters or more; a
        // shorter text matches no row through it. Quoted, the text is one
        // string of characters, FTS5's syntax and all, but a NUL would end it.
        (text.chars().count() >= 3 && !text.contains('\0')).then(|| format!("\"{}\"", text.replace('"', "\"\"")))
    }
}

impl_todo_store!(SqliteStore, sqlx::Sqlite, "sqlite");
impl_account_store!(SqliteStore, sqlx::Sqlite);
impl_calendar_store!(SqliteStore, sqlx::Sqlite);
