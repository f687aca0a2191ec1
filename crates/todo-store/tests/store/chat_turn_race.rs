//! A chat turn that changes no todo is planned on a reader, outside the write
//! transaction, and saved only if no other turn of its conversation was saved
//! in between. These tests make that race happen on purpose: the planner of
//! one turn saves another turn of the same conversation (as a second replica
//! would) while it runs. They run on both stores: PostgreSQL saves a turn in
//! one statement, SQLite in a transaction of two.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use todo_core::chat::{ConversationState, Intent, TurnPlan, TurnTodos};
use todo_core::{OwnerId, TodoId};
use todo_store::{ConversationKey, Store, StoreOptions};

use crate::common::{over_none, today, turn_time};

const OWNER: OwnerId = OwnerId(1);

async fn open(url: &str) -> Arc<dyn Store> {
    let options = StoreOptions { pool_size: 4, ..crate::common::options(100) };
    todo_store::connect(url, &options).await.expect("open the store")
}

fn key(is_new: bool) -> ConversationKey {
    ConversationKey { id: "race".to_owned(), is_new }
}

/// A plan that changes nothing and makes `referred` the todo "it" means next.
fn answer(reply: &str, referred: Option<TodoId>) -> TurnPlan {
    TurnPlan { referred, ..TurnPlan::answer(Intent::Greeting, reply) }
}

async fn turn(store: &dyn Store, conversation: &ConversationKey, message: &str, planner: &dyn todo_store::Planner) -> TurnPlan {
    store.chat_turn(OWNER, conversation, message, turn_time(), today(), planner).await.expect("the turn is saved").plan
}

async fn texts(store: &dyn Store) -> Vec<String> {
    store.messages(OWNER, "race", todo_store::MessagePage { before: None, limit: 100 }).await.unwrap().into_iter().map(|m| m.text).collect()
}

async fn a_turn_that_lost_the_race_is_planned_again_on_the_winners_state(url: &str) {
    let store = open(url).await;
    let store = store.as_ref();
    turn(store, &key(true), "hi", &over_none(|_, _| answer("hello", None))).await;

    let seen: Mutex<Vec<Option<TodoId>>> = Mutex::new(Vec::new());
    let planner = over_none(|_: &TurnTodos, state: &ConversationState| {
        let mut seen = seen.lock().unwrap();
        seen.push(state.last_referred);
        if seen.len() == 1 {
            // Another replica saves a turn of this conversation now, between
            // this turn's read and its save.
            tokio::task::block_in_place(|| {
                tokio::runtime::Handle::current().block_on(turn(
                    store,
                    &key(false),
                    "meanwhile",
                    &over_none(|_, _| answer("noted", Some(7))),
                ))
            });
        }
        answer("racing reply", None)
    });
    turn(store, &key(false), "racing", &planner).await;

    // Planned twice: first on the state it read, then on the one the other turn saved.
    assert_eq!(*seen.lock().unwrap(), vec![None, Some(7)]);
    // Both turns are kept, each question followed by its answer, in the order saved.
    assert_eq!(texts(store).await, ["hi", "hello", "meanwhile", "noted", "racing", "racing reply"]);
}

async fn a_turn_alone_is_planned_once_and_keeps_the_conversation_state(url: &str) {
    let store = open(url).await;
    let store = store.as_ref();
    turn(store, &key(true), "hi", &over_none(|_, _| answer("hello", Some(3)))).await;
    let calls = AtomicUsize::new(0);
    let seen = Mutex::new(None);
    let planner = over_none(|_: &TurnTodos, state: &ConversationState| {
        calls.fetch_add(1, Ordering::SeqCst);
        *seen.lock().unwrap() = Some(state.last_referred);
        answer("still here", None)
    });
    turn(store, &key(false), "and now?", &planner).await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(*seen.lock().unwrap(), Some(Some(3)), "the second turn reads the state the first saved");
    assert_eq!(texts(store).await, ["hi", "hello", "and now?", "still here"]);
}

crate::common::store_tests!(
    a_turn_that_lost_the_race_is_planned_again_on_the_winners_state => "race",
    a_turn_alone_is_planned_once_and_keeps_the_conversation_state => "alone",
);
