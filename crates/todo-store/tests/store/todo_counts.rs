//! Each owner's count of todos and next position (`todo_counts`) replace
//! counting the owner's todos on every insert. They must stay equal to what
//! the todos table says after every kind of change (creates, deletes, bulk
//! deletes, chat turns and undo, imports, plain SQL), the cap must hold
//! through each, the migration must count todos that were there before it,
//! and one create failing in a group commit (SQLite) or an owner's batch
//! (PostgreSQL) fails alone.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sqlx::{Connection, Executor};
use todo_core::chat::{Change, Intent, TurnPlan};
use todo_core::{NewTodo, OwnerId, Todo, TodoFilter};
use todo_store::{ConversationKey, ImportItem, Store, StoreError, StoreOptions};

use crate::common::{new, open, options, run_sql, today, turn_time};

const OWNER: OwnerId = OwnerId(1);
const OTHER: OwnerId = OwnerId(2);

/// The owner's (count, next position) as kept, and as the todos table says:
/// (number of rows, largest position + 1). Both 0 for an owner without a row.
async fn counts(url: &str, owner: OwnerId) -> ((i64, i64), (i64, i64)) {
    let kept = "SELECT COALESCE(MAX(todo_count), 0), COALESCE(MAX(next_position), 0) FROM todo_counts WHERE owner_id = ";
    let actual = "SELECT COUNT(*), COALESCE(MAX(position) + 1, 0) FROM todos WHERE owner_id = ";
    let (kept, actual) = (format!("{kept}{}", owner.0), format!("{actual}{}", owner.0));
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        (sqlx::query_as(&kept).fetch_one(&mut conn).await.unwrap(), sqlx::query_as(&actual).fetch_one(&mut conn).await.unwrap())
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        (sqlx::query_as(&kept).fetch_one(&mut conn).await.unwrap(), sqlx::query_as(&actual).fetch_one(&mut conn).await.unwrap())
    }
}

/// The kept count equals the rows, and a new todo would go after every one.
async fn assert_counts(url: &str, owner: OwnerId, rows: i64, after: &str) {
    let ((count, next), (actual, past_last)) = counts(url, owner).await;
    assert_eq!((count, actual), (rows, rows), "todo count after {after}");
    assert!(next >= past_last, "next position {next} is not after the last todo ({past_last}) after {after}");
}

/// One chat turn on a new conversation whose plan is `changes`.
async fn turn(store: &dyn Store, changes: Vec<Change>) -> Result<Vec<Todo>, StoreError> {
    let plan = TurnPlan { changes, ..TurnPlan::answer(Intent::Greeting, "done") };
    let planner = crate::common::over_none(move |_: &todo_core::chat::TurnTodos, _: &_| plan.clone());
    let conversation = ConversationKey { id: format!("counts-{}", Utc::now().timestamp_nanos_opt().unwrap()), is_new: true };
    let outcome = store.chat_turn(OWNER, &conversation, "do it", turn_time(), today(), &planner).await?;
    Ok(outcome.applied.into_iter().filter_map(|applied| applied.before).collect())
}

fn is_limit(result: Result<impl std::fmt::Debug, StoreError>) -> bool {
    matches!(result, Err(StoreError::TodoLimit { limit: 4 }))
}

async fn counts_follow_every_change_and_the_cap_holds_through_each(url: &str) {
    let store = open(url, 4).await;
    let now = Utc::now();
    let a = store.create(OWNER, &new("a"), now).await.unwrap();
    let b = store.create(OWNER, &new("b"), now).await.unwrap();
    let c = store.create(OWNER, &new("c"), now).await.unwrap();
    assert_eq!((a.order, b.order, c.order), (1, 2, 3));
    store.create(OTHER, &new("theirs"), now).await.unwrap();
    assert_counts(url, OWNER, 3, "three creates").await;
    assert_counts(url, OTHER, 1, "another owner's create").await;

    // The last one deleted: the next still goes after every todo.
    store.delete(OWNER, c.id).await.unwrap();
    assert_counts(url, OWNER, 2, "a delete").await;
    let d = store.create(OWNER, &new("d"), now).await.unwrap();
    assert!(d.order > b.order);
    let e = store.create(OWNER, &NewTodo { order: Some(50), ..new("e") }, now).await.unwrap();
    assert_eq!(e.order, 50);
    assert_counts(url, OWNER, 4, "a create with its own order").await;
    assert!(store.create(OWNER, &new("past the cap"), now).await.unwrap_err().to_string().contains("limit of 4"));
    assert!(is_limit(turn(&*store, vec![Change::Create(new("chat past the cap"))]).await));
    let item = ImportItem { import_id: "x".into(), todo: new("imported past the cap"), completed_at: None };
    assert!(is_limit(store.import(OWNER, &[item], now).await));
    assert_counts(url, OWNER, 4, "creates refused at the cap").await;

    // A chat turn deleting two (like "clear completed"), room refilled, then
    // the undo: it re-creates only what fits, and nothing when it all does not.
    let deleted = turn(&*store, vec![Change::Delete { id: a.id }, Change::Delete { id: b.id }]).await.unwrap();
    assert_counts(url, OWNER, 2, "a chat turn deleting two").await;
    store.create(OWNER, &new("refill"), now).await.unwrap();
    let restore = deleted.into_iter().map(|todo| Change::Restore(Box::new(todo))).collect();
    assert!(is_limit(turn(&*store, restore).await));
    assert_counts(url, OWNER, 3, "an undo refused at the cap").await;
    turn(&*store, vec![Change::Restore(Box::new(a.clone()))]).await.unwrap();
    assert_counts(url, OWNER, 4, "an undo that fits").await;

    // Bulk deletes, an import, a move to the end, and SQL from elsewhere.
    assert_eq!(store.delete_matching(OWNER, &TodoFilter::default()).await.unwrap(), 4);
    assert_counts(url, OWNER, 0, "a bulk delete").await;
    let items: Vec<ImportItem> =
        ["i1", "i2", "i3"].iter().map(|t| ImportItem { import_id: (*t).into(), todo: new(t), completed_at: None }).collect();
    store.import(OWNER, &items, now).await.unwrap();
    assert_counts(url, OWNER, 3, "an import").await;
    run_sql(url, "UPDATE todos SET position = 900 WHERE title = 'i1'").await;
    assert_counts(url, OWNER, 3, "a todo moved past the end").await;
    assert!(store.create(OWNER, &new("after the move"), now).await.unwrap().order > 900);
    run_sql(url, "DELETE FROM todos WHERE title = 'i2'").await;
    assert_counts(url, OWNER, 3, "a DELETE in SQL").await;
    assert_counts(url, OTHER, 1, "the other owner's, untouched").await;
}

/// A store on a database made before the counts: the migration counts the
/// todos already there (taken back out here, as they were before it).
async fn the_migration_counts_the_todos_already_there(url: &str) {
    let store = open(url, 3).await;
    let now = Utc::now();
    for title in ["a", "b", "c"] {
        store.create(OWNER, &new(title), now).await.unwrap();
    }
    store.create(OTHER, &NewTodo { order: Some(7), ..new("theirs") }, now).await.unwrap();
    store.close().await;
    let undo = if url.starts_with("sqlite:") {
        "DROP TRIGGER todos_inserted_count; DROP TRIGGER todos_deleted_count; DROP TRIGGER todos_moved_count"
    } else {
        "DROP FUNCTION count_inserted_todos, count_deleted_todos, count_moved_todo CASCADE"
    };
    run_sql(url, undo).await;
    run_sql(url, "DROP TABLE todo_counts").await;
    run_sql(url, "DELETE FROM _sqlx_migrations WHERE description = 'todo counts'").await;

    let store = open(url, 3).await;
    assert_counts(url, OWNER, 3, "the migration").await;
    assert_eq!(counts(url, OTHER).await.0, (1, 8));
    assert!(matches!(store.create(OWNER, &new("d"), now).await, Err(StoreError::TodoLimit { limit: 3 })));
    assert_eq!(store.create(OTHER, &new("next"), now).await.unwrap().order, 8);
}

/// Creates racing for the last places: exactly as many as there is room
/// for are made, each at its own position, each with its own event, and the
/// rest are refused; for an owner with a todo already and for one making
/// their very first (on PostgreSQL, before its `todo_counts` row existed,
/// these took no lock: they passed the cap and deadlocked).
async fn concurrent_creates_stop_exactly_at_the_cap(url: &str) {
    const CAP: u64 = 10;
    // Connections enough for the creates to meet in the database.
    let store = todo_store::connect(url, &StoreOptions { pool_size: 16, ..options(CAP) }).await.unwrap();
    let now = Utc::now();
    store.create(OWNER, &new("first"), now).await.unwrap();
    for (owner, made) in [(OWNER, 1), (OTHER, 0)] {
        let creates: Vec<_> = (0..30)
            .map(|i| {
                let store = Arc::clone(&store);
                tokio::spawn(async move { store.create(owner, &new(&format!("racer {i}")), now).await })
            })
            .collect();
        let (mut positions, mut limited) = ((1..=made).collect::<Vec<i64>>(), 0);
        for create in creates {
            match create.await.unwrap() {
                Ok(todo) => positions.push(todo.order),
                Err(StoreError::TodoLimit { limit: CAP }) => limited += 1,
                Err(err) => panic!("a create failed: {err}"),
            }
        }
        positions.sort_unstable();
        assert_eq!(positions, (1..=10).collect::<Vec<i64>>(), "one create per place left, each at its own position");
        assert_eq!(limited, 20 + made);
        assert_counts(url, owner, 10, "racing creates").await;
        assert_eq!(store.latest_event(owner).await.unwrap(), 10, "an event for each todo made, none for a refusal");
    }
}

crate::common::store_tests!(
    counts_follow_every_change_and_the_cap_holds_through_each => "todo_counts",
    concurrent_creates_stop_exactly_at_the_cap => "todo_counts_race",
    the_migration_counts_the_todos_already_there => "todo_counts_migration",
);

/// Creates queued behind a held write lock go in one group; the one a trigger
/// rejects and those past the cap fail, each alone, and the rest are kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_failing_create_fails_alone_in_its_group() {
    let url = crate::common::fresh_sqlite_url("group_commit");
    let store = open(&url, 10).await;
    run_sql(
        &url,
        "CREATE TRIGGER reject_boom BEFORE INSERT ON todos WHEN NEW.title = 'boom' BEGIN SELECT RAISE(ABORT, 'boom rejected'); END",
    )
    .await;
    let mut holder = sqlx::SqliteConnection::connect(&url).await.unwrap();
    holder.execute("BEGIN IMMEDIATE").await.unwrap();

    let now = Utc::now();
    let first = tokio::spawn({
        let store = Arc::clone(&store);
        async move { store.create(OWNER, &new("first"), now).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    // "boom" is queued first, so that the cap cannot refuse it before its
    // trigger runs (spawned tasks start in no set order on a busy machine).
    let spawn_create = |title: String| {
        let (store, todo) = (Arc::clone(&store), new(&title));
        tokio::spawn(async move { store.create(OWNER, &todo, now).await })
    };
    let mut creates = vec![spawn_create("boom".to_owned())];
    tokio::time::sleep(Duration::from_millis(50)).await;
    creates.extend((0..19).map(|i| spawn_create(format!("t{i}"))));
    tokio::time::sleep(Duration::from_millis(200)).await;
    holder.execute("COMMIT").await.unwrap();

    first.await.unwrap().expect("the first create waits for the lock, then commits");
    let (mut created, mut limited, mut failed) = (0, 0, Vec::new());
    for create in creates {
        match create.await.unwrap() {
            Ok(_) => created += 1,
            Err(StoreError::TodoLimit { limit: 10 }) => limited += 1,
            Err(err) => failed.push(err.to_string()),
        }
    }
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("boom rejected"), "{failed:?}");
    assert_eq!((created, limited), (9, 10));
    assert_counts(&url, OWNER, 10, "the group").await;
}

/// On PostgreSQL, creates of `owner` that come while one of theirs waits
/// for the owner's `todo_counts` row (held here by another connection): the
/// one waiting, then the results of `titles`, queued behind it.
async fn creates_behind_a_held_row(store: &Arc<dyn Store>, url: &str, owner: OwnerId, titles: &[&str]) -> Vec<Result<Todo, StoreError>> {
    let mut holder = sqlx::PgConnection::connect(url).await.unwrap();
    holder.execute("BEGIN").await.unwrap();
    holder.execute(format!("SELECT 1 FROM todo_counts WHERE owner_id = {} FOR UPDATE", owner.0).as_str()).await.unwrap();
    let now = Utc::now();
    let spawn_create = |title: &str| {
        let (store, todo) = (Arc::clone(store), new(title));
        tokio::spawn(async move { store.create(owner, &todo, now).await })
    };
    let waiting = spawn_create("waiting");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut creates = Vec::new();
    for title in titles {
        creates.push(spawn_create(title));
        // In this order (spawned tasks start in no set order on a busy machine).
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    holder.execute("COMMIT").await.unwrap();
    waiting.await.unwrap().expect("the create waiting for the row commits once it is free");
    let mut results = Vec::new();
    for create in creates {
        results.push(create.await.unwrap());
    }
    results
}

/// An owner's creates that come while one of theirs runs share the next
/// transaction (`owner_batches`): one commit for all of them, each at its
/// own position with its own event; and when the database refuses one of
/// them, it fails alone, and the others are made as if each came alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_creates_of_one_owner_share_a_transaction_and_fail_alone() {
    let url = crate::common::fresh_postgres_database("owner_batches").await;
    let store: Arc<dyn Store> = todo_store::connect(&url, &StoreOptions { pool_size: 4, ..options(12) }).await.unwrap();
    let now = Utc::now();
    for owner in [OWNER, OTHER] {
        store.create(owner, &new("first"), now).await.unwrap();
    }

    let titles: Vec<String> = (0..19).map(|i| format!("t{i}")).collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let results = creates_behind_a_held_row(&store, &url, OTHER, &titles[..9]).await;
    let made: Vec<Todo> = results.into_iter().map(|result| result.expect("room for each")).collect();
    let mut positions: Vec<i64> = made.iter().map(|todo| todo.order).collect();
    positions.sort_unstable();
    assert_eq!(positions, (3..=11).collect::<Vec<i64>>());
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    let transactions: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT xmin::text) FROM todos WHERE owner_id = $1 AND title LIKE 't%'")
        .bind(OTHER.0)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(transactions, 1, "the creates that came meanwhile are committed together");
    assert_counts(&url, OTHER, 11, "a batch").await;
    assert_eq!(store.latest_event(OTHER).await.unwrap(), 11, "an event for each todo made");

    run_sql(
        &url,
        "CREATE FUNCTION reject_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         IF NEW.title = 'boom' THEN RAISE EXCEPTION 'boom rejected'; END IF; RETURN NEW; END $$; \
         CREATE TRIGGER reject_boom BEFORE INSERT ON todos FOR EACH ROW EXECUTE FUNCTION reject_boom();",
    )
    .await;
    let mut with_boom = vec!["boom"];
    with_boom.extend(&titles);
    let (mut created, mut limited, mut failed) = (0, 0, Vec::new());
    for result in creates_behind_a_held_row(&store, &url, OWNER, &with_boom).await {
        match result {
            Ok(_) => created += 1,
            Err(StoreError::TodoLimit { limit: 12 }) => limited += 1,
            Err(err) => failed.push(err.to_string()),
        }
    }
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("boom rejected"), "{failed:?}");
    assert_eq!((created, limited), (10, 9));
    assert_counts(&url, OWNER, 12, "a batch with a refused create").await;
    assert_eq!(store.latest_event(OWNER).await.unwrap(), 12, "an event for each todo made, none for the refused");
}
