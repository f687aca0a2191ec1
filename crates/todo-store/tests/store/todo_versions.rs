//! A server keeps each owner's todos between chat turns while the owner's
//! version is unchanged. Every change to their todos must raise it, whichever
//! server makes it and however: these tests change todos through a second
//! store on the same database (another replica) and through plain SQL (an
//! older release, an operator), and check that the first store's next turn
//! plans over the todos as they now are.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use sqlx::{Connection, Executor};
use todo_core::chat::{Intent, TurnPlan};
use todo_core::{NewTodo, OwnerId, Title, Todo, TodoChanges, TodoFilter};
use todo_store::{ConversationKey, Store, StoreOptions};

const OWNER: OwnerId = OwnerId(1);

async fn open(url: &str) -> Arc<dyn Store> {
    let options = StoreOptions {
        pool_size: 2,
        acquire_timeout: Duration::from_secs(5),
        max_todos_per_owner: 100,
        statement_timeout: Duration::from_secs(30),
    };
    todo_store::connect(url, &options).await.expect("open the store")
}

/// The titles a chat turn on `store` plans over.
async fn titles_seen_by_a_turn(store: &dyn Store) -> Vec<String> {
    let seen = Mutex::new(Vec::new());
    let planner = |todos: &[Todo], _: &_| {
        *seen.lock().unwrap() = todos.iter().map(|t| t.title.clone()).collect();
        TurnPlan::answer(Intent::Greeting, "hello")
    };
    let conversation = ConversationKey { id: uuid_like(), is_new: true };
    let now = Utc.with_ymd_and_hms(2026, 3, 10, 8, 0, 0).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    store.chat_turn(OWNER, &conversation, "show my todos", now, today, &planner).await.expect("the turn is saved");
    seen.into_inner().unwrap()
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("00000000-0000-0000-0000-{:012}", N.fetch_add(1, Ordering::Relaxed))
}

fn new(title: &str) -> NewTodo {
    NewTodo::new(Title::parse(title).unwrap())
}

/// Runs `sql` on its own connection, as a program other than this server would.
async fn run_sql(url: &str, sql: &str) {
    if url.starts_with("sqlite:") {
        sqlx::SqliteConnection::connect(url).await.unwrap().execute(sql).await.unwrap();
    } else {
        sqlx::PgConnection::connect(url).await.unwrap().execute(sql).await.unwrap();
    }
}

async fn every_change_reaches_the_next_turn(url: &str) {
    let (first, second) = (open(url).await, open(url).await);
    let now = Utc::now();
    second.create(OWNER, &new("Buy milk"), now).await.unwrap();
    let call = second.create(OWNER, &new("Call mom"), now).await.unwrap();
    assert_eq!(titles_seen_by_a_turn(&*first).await, ["Buy milk", "Call mom"]);
    assert_eq!(titles_seen_by_a_turn(&*first).await, ["Buy milk", "Call mom"], "a turn with no change between");

    run_sql(url, "UPDATE todos SET title = 'Buy oat milk' WHERE title = 'Buy milk'").await;
    assert_eq!(titles_seen_by_a_turn(&*first).await, ["Buy oat milk", "Call mom"], "after an UPDATE in SQL");

    let renamed = TodoChanges { title: Some(Title::parse("Call dad").unwrap()), ..TodoChanges::default() };
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    second.update(OWNER, call.id, renamed, now, today).await.unwrap();
    assert_eq!(titles_seen_by_a_turn(&*first).await, ["Buy oat milk", "Call dad"], "after an update on another store");

    run_sql(url, "DELETE FROM todos WHERE title = 'Buy oat milk'").await;
    assert_eq!(titles_seen_by_a_turn(&*first).await, ["Call dad"], "after a DELETE in SQL");

    second.create(OWNER, &new("Water plants"), now).await.unwrap();
    second.delete_matching(OWNER, &TodoFilter { text: Some("dad".into()), ..TodoFilter::default() }).await.unwrap();
    assert_eq!(titles_seen_by_a_turn(&*first).await, ["Water plants"], "after a create and a bulk delete on another store");
}

crate::common::store_tests!(every_change_reaches_the_next_turn => "todo_versions");
