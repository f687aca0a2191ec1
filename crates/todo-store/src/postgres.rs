//! The shared store for the cluster: PostgreSQL, so that API pods keep no
//! state and any replica can answer any request.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

mod owner_batches;

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use sqlx::Connection;
use todo_core::{NewTodo, OwnerId, Todo};

use crate::accounts::impl_account_store;
use crate::calendar::impl_calendar_store;
use crate::events::{ChangeSignal, CHANGES_CHANNEL};
use crate::sql::{impl_todo_store, Dialect};
use crate::{StoreError, StoreOptions};

/// `helm rollback` runs an older release on a schema a newer one migrated:
/// migrations only add (tables, columns with defaults), so the older release
/// skips the ones it does not know instead of refusing to start.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator =
    sqlx::migrate::Migrator { ignore_missing: true, ..sqlx::migrate!("./migrations/postgres") };

/// A connection idle for longer is pinged before a request gets it, and
/// replaced if PostgreSQL does not answer (it may have restarted). One used
/// more recently is taken as alive: pinging every time, sqlx's default, costs
/// each request a round trip more for every connection it takes.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

pub struct PostgresStore {
    pool: PgPool,
    /// The one connection that listens for other processes' changes.
    listener_pool: PgPool,
    max_todos: u64,
    changes: Arc<ChangeSignal>,
    /// Tells this process's notifications from the others' (it woke its own
    /// streams already).
    process_tag: String,
    /// Where creates go: an owner's concurrent ones share a transaction.
    creates: Arc<owner_batches::OwnerBatches>,
}

impl PostgresStore {
    /// Connects lazily and runs the migrations, which fails when the server
    /// cannot be reached; the caller decides whether to retry.
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Self, StoreError> {
        let connect = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("DATABASE_URL is not a valid PostgreSQL URL: {e}")))?
            .application_name("todo-api")
            // No statement may hold a connection longer than a request may take.
            .options([("statement_timeout", format!("{}ms", options.statement_timeout.as_millis().max(1)))]);
        let pool = PgPoolOptions::new()
            .max_connections(options.pool_size.max(1))
            .acquire_timeout(options.acquire_timeout)
            .idle_timeout(Duration::from_secs(300))
            .test_before_acquire(false)
            .before_acquire(|conn, meta| Box::pin(async move { Ok(meta.idle_for < PING_WHEN_IDLE_FOR || conn.ping().await.is_ok()) }))
            .connect_lazy_with(connect.clone());
        MIGRATOR.run(&pool).await?;
        let listener_pool = PgPoolOptions::new().max_connections(1).connect_lazy_with(connect);
        let changes = Arc::new(ChangeSignal::default());
        let process_tag = process_tag();
        tokio::spawn(relay_changes(listener_pool.clone(), Arc::clone(&changes), process_tag.clone()));
        let max_todos = options.max_todos_per_owner;
        let creates = owner_batches::OwnerBatches::new(pool.clone(), max_todos, Arc::clone(&changes), process_tag.clone());
        Ok(Self { pool, listener_pool, max_todos, changes, process_tag, creates })
    }

    fn reader(&self) -> &PgPool {
        &self.pool
    }

    fn writer(&self) -> &PgPool {
        &self.pool
    }

    fn max_todos(&self) -> u64 {
        self.max_todos
    }

    /// In the owner's next batch (`owner_batches`).
    async fn create_todo(&self, owner: OwnerId, new: &NewTodo, now: DateTime<Utc>) -> Result<Todo, StoreError> {
        self.creates.create(owner, new, now).await
    }

    fn change_signal(&self) -> &Arc<ChangeSignal> {
        &self.changes
    }

    fn cross_process_payload(&self, owner: OwnerId) -> Option<String> {
        Some(notify_payload(owner, &self.process_tag))
    }

    fn pools(&self) -> [&PgPool; 2] {
        [&self.pool, &self.listener_pool]
    }
}

/// What tells the other processes that the owner's todos changed.
fn notify_payload(owner: OwnerId, process_tag: &str) -> String {
    format!("{}:{process_tag}", owner.0)
}

/// Unique enough among the processes sharing a database: the process id and
/// the time it connected.
fn process_tag() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}", std::process::id())
}

/// Longest wait between two attempts to listen again after a failure.
const LISTEN_RETRY_MAX: Duration = Duration::from_secs(5);

/// Wakes this process's streams for the changes other processes announce,
/// until the store closes. Whenever the listening connection was lost,
/// announcements may have been missed meanwhile: every stream is woken to
/// read what it has not seen (events are in the database; only the wake-up
/// travels here).
async fn relay_changes(pool: PgPool, signal: Arc<ChangeSignal>, process_tag: String) {
    let mut retry = Duration::from_millis(100);
    loop {
        let mut listener = match listen(&pool).await {
            Ok(listener) => listener,
            Err(sqlx::Error::PoolClosed) => return,
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for other servers' changes; retrying");
                tokio::time::sleep(retry).await;
                retry = (retry * 2).min(LISTEN_RETRY_MAX);
                continue;
            }
        };
        retry = Duration::from_millis(100);
        signal.notify_all();
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => {
                    if let Some(owner) = announced_owner(notification.payload(), &process_tag) {
                        signal.notify(owner);
                    }
                }
                // Reconnected at once (sqlx's eager reconnect).
                Ok(None) => signal.notify_all(),
                Err(sqlx::Error::PoolClosed) => return,
                Err(err) => {
                    tracing::warn!(error = %err, "lost the connection listening for other servers' changes; listening again");
                    break;
                }
            }
        }
    }
}

async fn listen(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANGES_CHANNEL).await?;
    Ok(listener)
}

/// The owner another process announced a change of; `None` for this
/// process's own announcements and for payloads not ours.
fn announced_owner(payload: &str, own_tag: &str) -> Option<OwnerId> {
    let (owner, tag) = payload.split_once(':')?;
    (tag != own_tag).then(|| owner.parse().ok().map(OwnerId)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_other_processes_announcements_wake_streams() {
        assert_eq!(announced_owner("42:other", "mine"), Some(OwnerId(42)));
        assert_eq!(announced_owner("42:mine", "mine"), None);
        assert_eq!(announced_owner("x:other", "mine"), None);
        assert_eq!(announced_owner("42", "mine"), None);
    }
}

impl Dialect for PostgresStore {
    const TAG_MATCH: (&'static str, &'static str) = (" AND tags ? ", "");
    // strpos skips ahead Boyer-Moore-Horspool style.
    const TEXT_MATCH: (&'static str, &'static str) = (" AND strpos(search_text, ", ") > 0");
    // The GIN index of migration 0010: the same expression, word for word.
    const TITLE_MATCH: (&'static str, &'static str) = (
        "to_tsvector('simple'::regconfig, regexp_replace(translate(title, '''’', ''), '[^[:alnum:]]+', ' ', 'g')) \
         @@ to_tsquery('simple'::regconfig, ",
        ")",
    );
    const DUE_ORDER: &'static str = " ORDER BY due_date NULLS FIRST, due_time NULLS FIRST, position, id";
    const TAGS_IN_USE: &'static str = "SELECT DISTINCT jsonb_array_elements_text(tags) FROM todos WHERE owner_id = ";
    const LOCK_ROW: &'static str = " FOR UPDATE";
    // An upsert locks the row as `FOR UPDATE` would, and makes it if missing;
    // two first creates at once queue on the insert's conflict instead.
    const COUNTED_ROW: (&'static str, &'static str) = (
        "INSERT INTO todo_counts (owner_id, todo_count, next_position) VALUES (",
        ", 0, 1) ON CONFLICT (owner_id) DO UPDATE SET todo_count = todo_counts.todo_count RETURNING todo_count, next_position",
    );
    // The id column is GENERATED ALWAYS.
    const KEEP_ID: &'static str = " OVERRIDING SYSTEM VALUE";
    // Tags and text are matched todo by todo.
    const TAGGED_IDS: Option<[&'static str; 3]> = None;
    const TEXT_IDS: Option<(&'static str, &'static str)> = None;
    const BY_ID: &'static str = "";
    const ONE_STATEMENT_TURN: bool = true;

    fn title_query(prefixes: &[Vec<String>], every: bool) -> String {
        // Prefix matches: (writ:* | wrote:*) & (report:*)
        let groups: Vec<String> =
            prefixes.iter().map(|group| format!("({})", group.iter().map(|p| format!("{p}:*")).collect::<Vec<_>>().join(" | "))).collect();
        groups.join(if every { " & " } else { " | " })
    }
}

impl_todo_store!(PostgresStore, sqlx::Postgres, "postgres");
impl_account_store!(PostgresStore, sqlx::Postgres);
impl_calendar_store!(PostgresStore, sqlx::Postgres);
