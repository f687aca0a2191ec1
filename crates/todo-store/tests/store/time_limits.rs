//! A statement runs at most `StoreOptions::statement_timeout` (SQLite: a
//! progress handler interrupts it; PostgreSQL: `statement_timeout`), and its
//! connection is free for the next caller right after: a request answered
//! at its time limit must not leave its query holding the pool (issue 16).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use todo_core::{Notes, OwnerId, SortKey, TodoFilter};
use todo_store::{Page, Store, StoreOptions};

use crate::common::{new, store_tests};

const OWNER: OwnerId = OwnerId(1);
/// Short, so that the search below outlasts it many times over.
const LIMIT: Duration = Duration::from_millis(30);

/// A store on `url` with one connection (a statement that kept it would
/// starve the next one) and `statement_timeout`.
async fn open(url: &str, statement_timeout: Duration) -> Arc<dyn Store> {
    let options = StoreOptions { pool_size: 1, statement_timeout, ..crate::common::options(1000) };
    todo_store::connect(url, &options).await.expect("open the store")
}

store_tests!(a_costly_statement_stops_at_its_time_limit_and_frees_its_connection => "time_limits");

async fn a_costly_statement_stops_at_its_time_limit_and_frees_its_connection(url: &str) {
    // Filled through a store without the short limit, as a busy machine may
    // take longer than it for an insert.
    let filler = open(url, Duration::from_secs(30)).await;
    let mut long = new("long");
    long.notes = Some(Notes::parse(&"a".repeat(10_000)).unwrap());
    for _ in 0..1000 {
        filler.create(OWNER, &long, Utc::now()).await.unwrap();
    }
    filler.close().await;
    let store = open(url, LIMIT).await;
    // Longer than the API lets a search be: thousands of long partial
    // matches in each note, whichever end the substring search compares from.
    let costly = TodoFilter { text: Some(format!("{0}b{0}", "a".repeat(2_500))), ..TodoFilter::default() };
    let page = Page { limit: 10, offset: 0 };
    let started = Instant::now();
    let searched = store.list(OWNER, &costly, SortKey::Order, page).await;
    let stopped = started.elapsed();
    assert!(searched.is_err(), "the search should outlast {LIMIT:?}");
    assert!(stopped < Duration::from_secs(3), "the search ran {stopped:?}");

    let next = Instant::now();
    store.ping().await.expect("the one connection is free again");
    assert!(next.elapsed() < Duration::from_secs(1), "the next statement waited {:?} for the connection", next.elapsed());
}
