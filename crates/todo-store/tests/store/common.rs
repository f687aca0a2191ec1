//! What the store tests share.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sqlx::{Connection, Executor};
use todo_core::{NewTodo, Title};
use todo_store::{Store, StoreOptions};

/// The options of a test store keeping at most `max_todos_per_owner` todos an
/// owner: two connections, and time limits no busy machine reaches.
pub fn options(max_todos_per_owner: u64) -> StoreOptions {
    StoreOptions { pool_size: 2, acquire_timeout: Duration::from_secs(5), max_todos_per_owner, statement_timeout: Duration::from_secs(30) }
}

/// A store on `url` with `options(max_todos_per_owner)`.
pub async fn open(url: &str, max_todos_per_owner: u64) -> Arc<dyn Store> {
    todo_store::connect(url, &options(max_todos_per_owner)).await.expect("open the store")
}

/// A todo to create, with only its title.
pub fn new(title: &str) -> NewTodo {
    NewTodo::new(Title::parse(title).unwrap())
}

/// Runs `sql` on its own connection, as a program other than this server would.
pub async fn run_sql(url: &str, sql: &str) {
    if url.starts_with("sqlite:") {
        sqlx::SqliteConnection::connect(url).await.unwrap().execute(sql).await.unwrap();
    } else {
        sqlx::PgConnection::connect(url).await.unwrap().execute(sql).await.unwrap();
    }
}

/// The day the tests' chat turns are taken on (a Tuesday).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

/// The time the tests' chat turns are taken at: 08:00 UTC on `today()`.
pub fn turn_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 8, 0, 0).unwrap()
}

/// The URL of a SQLite file of its own for one test (left from an earlier
/// run: removed first, with its WAL files).
pub fn fresh_sqlite_url(name: &str) -> String {
    let path = std::env::temp_dir().join(format!("todo-store-{name}-{}.sqlite", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    format!("sqlite://{}", path.display())
}

/// The URL of an empty PostgreSQL database of its own for one test (left from
/// an earlier run: dropped first), on the cluster `TEST_DATABASE_URL` names.
pub async fn fresh_postgres_database(name: &str) -> String {
    use sqlx::{Connection, Executor};
    let admin = std::env::var("TEST_DATABASE_URL")
        .expect("TEST_DATABASE_URL is not set: the PostgreSQL tests need an admin URL (make test starts PostgreSQL and sets it)");
    let database = format!("todo_store_{name}");
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to TEST_DATABASE_URL");
    conn.execute(format!(r#"DROP DATABASE IF EXISTS "{database}" WITH (FORCE)"#).as_str()).await.unwrap();
    conn.execute(format!(r#"CREATE DATABASE "{database}""#).as_str()).await.unwrap();
    conn.close().await.ok();
    let (base, _) = admin.rsplit_once('/').expect("TEST_DATABASE_URL ends in a database name");
    format!("{base}/{database}")
}

/// Turns each listed `async fn name(url: &str)` of the calling test file into
/// two tests, `sqlite::name` and `postgres::name`, each given a fresh database
/// named `db` (not the test's name: PostgreSQL cuts names at 63 bytes), as
/// the API tests' `backend_tests!` does for a server.
macro_rules! store_tests {
    ($($name:ident => $db:literal),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(&$crate::common::fresh_sqlite_url($db)).await;
                }
            )+
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(&$crate::common::fresh_postgres_database($db).await).await;
                }
            )+
        }
    };
}
pub(crate) use store_tests;

/// A chat planner for the store tests: reads `needs`, decides with `plan`.
pub struct TestPlanner<F> {
    pub needs: todo_core::chat::TodoNeeds,
    pub plan: F,
}

impl<F> todo_store::Planner for TestPlanner<F>
where
    F: Fn(&todo_core::chat::TurnTodos, &todo_core::chat::ConversationState) -> todo_core::chat::TurnPlan + Send + Sync,
{
    fn needs(&self, _: &todo_core::chat::ConversationState) -> todo_core::chat::TodoNeeds {
        self.needs.clone()
    }

    fn plan(&self, todos: &todo_core::chat::TurnTodos, state: &todo_core::chat::ConversationState) -> todo_core::chat::TurnPlan {
        (self.plan)(todos, state)
    }
}

/// A planner that needs every todo of the owner.
pub fn over_all<F>(plan: F) -> TestPlanner<F>
where
    F: Fn(&todo_core::chat::TurnTodos, &todo_core::chat::ConversationState) -> todo_core::chat::TurnPlan,
{
    TestPlanner { needs: todo_core::chat::TodoNeeds { everything: true, ..Default::default() }, plan }
}

/// A planner that needs no todo.
pub fn over_none<F>(plan: F) -> TestPlanner<F>
where
    F: Fn(&todo_core::chat::TurnTodos, &todo_core::chat::ConversationState) -> todo_core::chat::TurnPlan,
{
    TestPlanner { needs: todo_core::chat::TodoNeeds::default(), plan }
}
