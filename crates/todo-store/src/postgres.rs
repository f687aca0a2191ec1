//! The shared store for the cluster: PostgreSQL, so that API pods keep no
//! state and any replica can answer any request.

use std::collections::HashSet;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use sqlx::Connection;
use todo_core::{NewTodo, OwnerId, Todo};

use crate::accounts::impl_account_store;
use crate::calendar::impl_calendar_store;
use crate::events::{ChangeSignal, EventKind, NewEvent, CHANGES_CHANNEL};
use crate::row::TodoRow;
use crate::sql::{impl_todo_store, new_todo_row, Dialect, INSERT_EVENTS};
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
    /// Owners whose `todo_counts` row this process knows to exist.
    counted_owners: Mutex<HashSet<i64>>,
}

/// Most owners [`PostgresStore::counted_owners`] remembers; past it the set
/// starts again (forgetting costs an owner's next create one statement more).
const COUNTED_OWNERS_MAX: usize = 100_000;

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
        Ok(Self { pool, listener_pool, max_todos: options.max_todos_per_owner, changes, process_tag, counted_owners: Mutex::default() })
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

    /// The insert, its event (with the next id of the owner's sequence, the
    /// pruning of old ones) and the wake-up of the other processes in one
    /// statement, committed on its own: one round trip, and the owner's
    /// `todo_counts` row (the cap and the position) locked for that
    /// statement only, not across the round trips of a transaction.
    async fn create_todo(&self, owner: OwnerId, new: &NewTodo, now: DateTime<Utc>) -> Result<Todo, StoreError> {
        self.ensure_counted(owner).await?;
        // As PostgreSQL stores it, so that the event's todo is the one read back.
        let now = now.trunc_subsecs(6);
        let event = NewEvent::todo(EventKind::Created, new_todo_row(new, now));
        let stored_at = Utc::now();
        let mut qb = sqlx::QueryBuilder::new("");
        Self::push_counted(&mut qb, owner);
        qb.push(", created AS (");
        Self::push_insert_new(&mut qb, owner, new, now, self.max_todos);
        qb.push("), ids AS (");
        Self::push_take_event_ids(&mut qb, owner, 1, " FROM created");
        qb.push("), stored AS (").push(INSERT_EVENTS).push("SELECT ").push_bind(owner.0);
        // The id and position are the database's: set in the body as stored.
        qb.push(", ids.last_id, ").push_bind(event.kind.as_str());
        qb.push(", jsonb_set(jsonb_set(").push_bind(sqlx::types::Json(event.body));
        qb.push(", '{todo,id}', to_jsonb(created.id)), '{todo,order}', to_jsonb(created.position)), ").push_bind(stored_at);
        qb.push(" FROM created CROSS JOIN ids), pruned AS (");
        Self::push_prune_events(&mut qb, owner, stored_at);
        qb.push(") SELECT created.*, ");
        Self::push_notify(&mut qb, self.notify_payload(owner));
        qb.push(" FROM created");
        let row: Option<TodoRow> = qb.build_query_as().fetch_optional(&self.pool).await?;
        let todo: Todo = row.ok_or(StoreError::TodoLimit { limit: self.max_todos })?.into();
        self.changes.notify(owner);
        Ok(todo)
    }

    fn change_signal(&self) -> &Arc<ChangeSignal> {
        &self.changes
    }

    fn cross_process_payload(&self, owner: OwnerId) -> Option<String> {
        Some(self.notify_payload(owner))
    }

    /// What tells the other processes that the owner's todos changed.
    fn notify_payload(&self, owner: OwnerId) -> String {
        format!("{}:{}", owner.0, self.process_tag)
    }

    fn pools(&self) -> [&PgPool; 2] {
        [&self.pool, &self.listener_pool]
    }

    /// Makes sure the owner has a `todo_counts` row (an owner without one
    /// has no todos, so it starts at zero), so that the create's `FOR
    /// UPDATE` on it serialises the owner's creates from the first. Without
    /// the row, an owner's first creates at the same moment each took no
    /// lock, raced past the cap, and deadlocked inserting the rows their
    /// statements create (the mixed bench's first second: 1 s waits, 500s).
    async fn ensure_counted(&self, owner: OwnerId) -> Result<(), StoreError> {
        if self.counted_owners.lock().unwrap_or_else(std::sync::PoisonError::into_inner).contains(&owner.0) {
            return Ok(());
        }
        sqlx::query("INSERT INTO todo_counts (owner_id, todo_count, next_position) VALUES ($1, 0, 1) ON CONFLICT (owner_id) DO NOTHING")
            .bind(owner.0)
            .execute(&self.pool)
            .await?;
        let mut known = self.counted_owners.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if known.len() >= COUNTED_OWNERS_MAX {
            known.clear();
        }
        known.insert(owner.0);
        Ok(())
    }
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
