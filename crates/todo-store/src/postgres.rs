//! The shared store for the cluster: PostgreSQL, so that API pods keep no
//! state and any replica can answer any request.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::Connection;
use todo_core::{NewTodo, OwnerId, Todo};

use crate::accounts::impl_account_store;
use crate::calendar::impl_calendar_store;
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
    max_todos: u64,
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
            .connect_lazy_with(connect);
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool, max_todos: options.max_todos_per_owner })
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

    /// One statement, committed on its own: one round trip.
    async fn create_todo(&self, owner: OwnerId, new: &NewTodo, now: DateTime<Utc>) -> Result<Todo, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Self::insert_todo(&mut conn, owner, new, now, self.max_todos).await
    }

    fn pools(&self) -> [&PgPool; 1] {
        [&self.pool]
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
