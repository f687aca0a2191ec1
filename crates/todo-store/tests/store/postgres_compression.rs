//! A listing turn's stored actions hold every todo it listed. On PostgreSQL
//! they are compressed with lz4 (migration 0006), which costs a turn less CPU
//! than the default pglz: docs/performance.md has the figures.

use sqlx::Connection;
use todo_core::chat::{Intent, TurnPlan, TurnTodos};
use todo_core::OwnerId;
use todo_store::ConversationKey;

use crate::common::{new, today, turn_time};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_turns_actions_are_stored_with_lz4() {
    let url = crate::common::fresh_postgres_database("compression").await;
    let store = crate::common::open(&url, 1000).await;
    let (owner, now) = (OwnerId(1), turn_time());
    for i in 0..100 {
        store.create(owner, &new(&format!("Todo number {i} of the long list")), now).await.unwrap();
    }
    let list_all = crate::common::over_all(|todos: &TurnTodos, _: &_| TurnPlan {
        listed: Some(todos.iter().map(|t| t.id).collect()),
        ..TurnPlan::answer(Intent::List, "Here they are.")
    });
    let conversation = ConversationKey { id: "compressed".to_owned(), is_new: true };
    store.chat_turn(owner, &conversation, "show my todos", now, today(), &list_all).await.expect("the turn is saved");

    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    let compression: Option<String> = sqlx::query_scalar("SELECT pg_column_compression(actions) FROM messages WHERE role = 'assistant'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(compression.as_deref(), Some("lz4"), "a list of 100 todos is large enough to be compressed");
}
