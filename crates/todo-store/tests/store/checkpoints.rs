//! SQLite's WAL is copied into the database file in the background, not by the
//! writer at a commit (which would hold up every write queued behind it).

use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::Utc;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use todo_core::OwnerId;
use todo_store::{SqliteStore, StoreOptions, TodoStore};

use crate::common::new;

/// The todos the database file holds by itself, without its WAL: what the
/// checkpoints have copied so far (None: not even the table yet).
async fn todos_in_database_file(url: &str) -> Option<i64> {
    let mut conn = SqliteConnectOptions::from_str(url).unwrap().read_only(true).immutable(true).connect().await.ok()?;
    let count = sqlx::query_scalar("SELECT count(*) FROM todos").fetch_one(&mut conn).await.ok();
    conn.close().await.ok();
    count
}

#[tokio::test]
async fn a_commit_reaches_the_database_file_within_seconds_while_the_store_is_open() {
    let url = crate::common::fresh_sqlite_url("checkpoints");
    let options = StoreOptions { pool_size: 1, ..crate::common::options(10) };
    let store = SqliteStore::connect(&url, &options).await.unwrap();
    store.create(OwnerId(1), &new("Water the plants"), Utc::now()).await.unwrap();

    // The writer alone would copy the WAL only once it held 1,000 pages.
    let started = Instant::now();
    while todos_in_database_file(&url).await != Some(1) {
        assert!(started.elapsed() < Duration::from_secs(5), "the todo is still only in the WAL after 5 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    store.close().await;
}
