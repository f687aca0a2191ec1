//! Every change to an owner's todos is an event, with the next id of the
//! owner's sequence, readable after any earlier id; a pruned stretch is told
//! apart from "nothing new"; and a change wakes the owner's watchers, also
//! when made through another store on the same PostgreSQL (another replica).

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveTime, Utc};
use todo_core::{NewTodo, Notes, OwnerId, Priority, Recurrence, Tags, TodoChanges, TodoFilter};
use todo_store::{EventKind, EventsAfter, ImportItem, Store};

use crate::common::{new, run_sql, store_tests, today};

const ALICE: OwnerId = OwnerId(1);
const BOB: OwnerId = OwnerId(2);

/// A store on `url` with room for every todo these tests create.
async fn open(url: &str) -> Arc<dyn Store> {
    crate::common::open(url, 100).await
}

async fn events(store: &dyn Store, owner: OwnerId, after: i64) -> Vec<(i64, EventKind)> {
    match store.events_after(owner, after, 100).await.unwrap() {
        EventsAfter::Events(events) => events.into_iter().map(|e| (e.id, e.kind)).collect(),
        EventsAfter::Gone { latest } => panic!("events after {after} are gone (latest {latest})"),
    }
}

async fn each_change_is_an_event_in_order(url: &str) {
    let store = open(url).await;
    let first = store.create(ALICE, &new("Buy milk"), Utc::now()).await.unwrap();
    let second = store.create(ALICE, &new("Call mom"), Utc::now()).await.unwrap();
    store.create(BOB, &new("Bob's own"), Utc::now()).await.unwrap();
    let done = TodoChanges { completed: Some(true), ..Default::default() };
    store.update(ALICE, first.id, done, Utc::now(), today()).await.unwrap();
    store.delete(ALICE, second.id).await.unwrap();
    store.delete_matching(ALICE, &TodoFilter::default()).await.unwrap();
    let all = events(&*store, ALICE, 0).await;
    assert_eq!(
        all,
        [(1, EventKind::Created), (2, EventKind::Created), (3, EventKind::Completed), (4, EventKind::Deleted), (5, EventKind::Cleared)]
    );
    assert_eq!(events(&*store, ALICE, 3).await, all[3..]);
    assert_eq!(events(&*store, ALICE, 5).await, []);
    assert_eq!(store.latest_event(ALICE).await.unwrap(), 5);
    assert_eq!(events(&*store, BOB, 0).await, [(1, EventKind::Created)], "bob counts his own events");
    assert_eq!(store.events_after(ALICE, 6, 100).await.unwrap(), EventsAfter::Gone { latest: 5 }, "an id never handed out");
    // Nothing deleted, nothing to tell.
    store.delete_matching(ALICE, &TodoFilter::default()).await.unwrap();
    assert_eq!(store.latest_event(ALICE).await.unwrap(), 5);
}

async fn a_pruned_stretch_is_gone_not_empty(url: &str) {
    let store = open(url).await;
    for title in ["One", "Two", "Three"] {
        store.create(ALICE, &new(title), Utc::now()).await.unwrap();
    }
    // As the retention window would: the oldest two go.
    run_sql(url, "DELETE FROM todo_events WHERE id <= 2").await;
    assert_eq!(store.events_after(ALICE, 0, 100).await.unwrap(), EventsAfter::Gone { latest: 3 });
    assert_eq!(store.events_after(ALICE, 1, 100).await.unwrap(), EventsAfter::Gone { latest: 3 });
    assert_eq!(events(&*store, ALICE, 2).await, [(3, EventKind::Created)]);
}

async fn an_import_is_an_event_per_todo_it_creates(url: &str) {
    let store = open(url).await;
    let mut alice = store.changes().watch(ALICE);
    let items = ["One", "Two"].map(|title| ImportItem { import_id: title.to_owned(), todo: new(title), completed_at: None });
    store.import(ALICE, &items, Utc::now()).await.unwrap();
    tokio::time::timeout(Duration::from_secs(1), alice.changed()).await.expect("an import wakes the owner's watchers");
    assert_eq!(events(&*store, ALICE, 0).await, [(1, EventKind::Created), (2, EventKind::Created)]);
    // The same file again creates nothing, so tells nothing.
    store.import(ALICE, &items, Utc::now()).await.unwrap();
    assert_eq!(store.latest_event(ALICE).await.unwrap(), 2);
}

/// Ten thousand todos in one import (the default cap) are ten thousand
/// events, more than one statement can bind on SQLite.
async fn a_large_import_stores_all_its_events(url: &str) {
    let store = crate::common::open(url, 10_000).await;
    let items: Vec<ImportItem> =
        (0..10_000).map(|i| ImportItem { import_id: i.to_string(), todo: new(&format!("Todo {i}")), completed_at: None }).collect();
    store.import(ALICE, &items, Utc::now()).await.expect("a 10,000-todo import");
    assert_eq!(store.latest_event(ALICE).await.unwrap(), 10_000);
}

/// A created event carries the todo as the create answered it, every field
/// set (PostgreSQL writes the event in the insert's statement, with the id
/// and position the database assigned).
async fn a_created_event_carries_the_todo_as_created(url: &str) {
    let store = open(url).await;
    store.create(ALICE, &new("First"), Utc::now()).await.unwrap();
    let full = NewTodo {
        notes: Some(Notes::parse("with notes").unwrap()),
        completed: true,
        due_date: Some(today()),
        due_time: Some(NaiveTime::from_hms_opt(17, 30, 0).unwrap()),
        priority: Priority::High,
        tags: Tags::parse(&["home", "family"]).unwrap(),
        recurrence: Some(Recurrence::parse("FREQ=WEEKLY;BYDAY=TU").unwrap()),
        remind_before: Some(30),
        ..new("Every field")
    };
    let placed = NewTodo { order: Some(7), ..new("Placed") };
    // Nanoseconds in `now`: the event must hold what the store keeps of it.
    let created = [store.create(ALICE, &full, Utc::now()).await.unwrap(), store.create(ALICE, &placed, Utc::now()).await.unwrap()];
    assert_eq!((created[0].order, created[1].order), (2, 7));
    let EventsAfter::Events(events) = store.events_after(ALICE, 1, 100).await.unwrap() else { panic!("events after 1 are gone") };
    let bodies: Vec<_> = events.into_iter().map(|event| (event.kind, event.body.todo)).collect();
    assert_eq!(bodies, created.map(|todo| (EventKind::Created, Some(todo))));
}

/// Creates made at once (which SQLite commits in groups, storing a group's
/// events in one batch per owner) give each owner one created event per
/// todo, numbered from 1 without a gap, each carrying its own todo.
async fn concurrent_creates_of_two_owners_each_get_their_events(url: &str) {
    let store = open(url).await;
    let creates: Vec<_> = (0..40)
        .map(|i| {
            let store = Arc::clone(&store);
            let owner = if i % 2 == 0 { ALICE } else { BOB };
            tokio::spawn(async move { (owner, store.create(owner, &new(&format!("Todo {i}")), Utc::now()).await.unwrap()) })
        })
        .collect();
    let mut created = Vec::new();
    for create in creates {
        created.push(create.await.unwrap());
    }
    for owner in [ALICE, BOB] {
        let EventsAfter::Events(events) = store.events_after(owner, 0, 100).await.unwrap() else { panic!("events are gone") };
        assert_eq!(events.iter().map(|e| e.id).collect::<Vec<_>>(), (1..=20).collect::<Vec<_>>());
        let mut from_events: Vec<_> = events.into_iter().map(|e| (e.kind, e.body.todo.map(|t| t.id))).collect();
        let mut expected: Vec<_> = created.iter().filter(|(o, _)| *o == owner).map(|(_, t)| (EventKind::Created, Some(t.id))).collect();
        from_events.sort_by_key(|(_, id)| *id);
        expected.sort_by_key(|(_, id)| *id);
        assert_eq!(from_events, expected);
    }
}

/// (Which owners a wake reaches is only a saving: streams read their own
/// owner's events, and a wake too many costs a query.)
async fn a_change_wakes_its_owners_watchers(url: &str) {
    let store = open(url).await;
    let mut alice = store.changes().watch(ALICE);
    store.create(ALICE, &new("Alice's"), Utc::now()).await.unwrap();
    tokio::time::timeout(Duration::from_secs(1), alice.changed()).await.expect("alice's change wakes her watcher");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_another_postgres_store_wakes_watchers() {
    let url = crate::common::fresh_postgres_database("events_other_store").await;
    let here = open(&url).await;
    let there = open(&url).await;
    let mut watch = here.changes().watch(ALICE);
    // This store's listener may still be connecting: change until a wake arrives.
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            there.create(ALICE, &new("From the other replica"), Utc::now()).await.unwrap();
            if tokio::time::timeout(Duration::from_millis(500), watch.changed()).await.is_ok() {
                break;
            }
        }
    })
    .await
    .expect("a change through another store on the database wakes this one's watchers");
}

/// A revoked credential wakes its user's watchers on every replica, so that
/// a stream opened with it ends there too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_through_another_postgres_store_wakes_watchers() {
    let url = crate::common::fresh_postgres_database("events_revoke_other_store").await;
    let here = open(&url).await;
    let there = open(&url).await;
    let user = there.create_user(&todo_core::Username::parse("alice").unwrap(), "hash", Utc::now()).await.unwrap();
    let mut watch = here.changes().watch(user.id);
    // This store's listener may still be connecting: revoke until a wake arrives.
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            there.revoke_all_credentials(user.id).await.unwrap();
            if tokio::time::timeout(Duration::from_millis(500), watch.changed()).await.is_ok() {
                break;
            }
        }
    })
    .await
    .expect("a revocation through another store on the database wakes this one's watchers");
}

store_tests! {
    each_change_is_an_event_in_order => "events_order",
    a_pruned_stretch_is_gone_not_empty => "events_pruned",
    a_created_event_carries_the_todo_as_created => "events_created_body",
    a_change_wakes_its_owners_watchers => "events_own_owner",
    an_import_is_an_event_per_todo_it_creates => "events_import",
    a_large_import_stores_all_its_events => "events_large_import",
    concurrent_creates_of_two_owners_each_get_their_events => "events_concurrent_creates",
}
