//! A write whose caller is dropped part-way (the client disconnected, so
//! the server dropped its request) leaves no transaction open on the pool's
//! connection. Otherwise the next statements given that connection run
//! inside it, uncommitted, and hold their locks: an owner's create there
//! was answered but not stored, and the owner's next writes waited on their
//! `todo_counts` row until the statement time limit.

use std::future::Future;
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use chrono::Utc;
use sqlx::Connection;
use todo_core::{OwnerId, Title, TodoChanges};

use crate::common::{new, open, store_tests};

const OWNER: OwnerId = OwnerId(1);

/// Polls `write` until it has been pending `polls` times, then drops it.
async fn drop_after<F: Future>(write: F, polls: usize) {
    let mut write = pin!(write);
    let mut pending = 0;
    std::future::poll_fn(|cx| match write.as_mut().poll(cx) {
        Poll::Ready(_) => Poll::Ready(()),
        Poll::Pending => {
            pending += 1;
            if pending >= polls {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        }
    })
    .await;
}

/// The todos titled `title`, counted on a connection of its own: what is committed.
async fn committed(url: &str, title: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM todos WHERE title = $1";
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).bind(title).fetch_one(&mut conn).await.unwrap()
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).bind(title).fetch_one(&mut conn).await.unwrap()
    }
}

store_tests!(a_write_dropped_part_way_leaves_no_transaction_open => "dropped_writes");

async fn a_write_dropped_part_way_leaves_no_transaction_open(url: &str) {
    let store = open(url, 1000).await;
    let todo = store.create(OWNER, &new("renamed"), Utc::now()).await.unwrap();
    // Dropped at each of its first waits in turn, a few times each, the
    // first wait (the `BEGIN` on the wire) last: a write that goes on past
    // its `BEGIN` on such a connection would end the transaction it found.
    for polls in (1..=12).rev() {
        for _ in 0..3 {
            let rename = TodoChanges { title: Some(Title::parse("renamed").unwrap()), ..TodoChanges::default() };
            drop_after(store.update(OWNER, todo.id, rename, Utc::now(), Utc::now().date_naive()), polls).await;
        }
    }
    // The dropped writes' connections go back to the pool in tasks of their own.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = new("after");
    for created in 1..=6 {
        let create = store.create(OWNER, &after, Utc::now());
        let answered = tokio::time::timeout(Duration::from_secs(5), create).await;
        assert!(answered.is_ok(), "create {created} waited over 5 s on a lock left by a dropped write");
        answered.unwrap().unwrap();
        assert_eq!(committed(url, "after").await, created, "create {created} was answered but not committed");
    }
    store.close().await;
}
