//! Issue 16: ten searches with a 3,000-character `q` over long notes kept
//! their connections after the 408, and every user's reads got 503. A
//! statement now stops when its request's time is up.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{client_with_token, sign_up, spawn_app_with, Backend};

backend_tests!(a_costly_search_gives_its_connection_back_when_its_time_is_up);

async fn a_costly_search_gives_its_connection_back_when_its_time_is_up(backend: Backend) {
    // One reader connection, so a search that keeps it starves everyone.
    let app = spawn_app_with(backend, &["--request-timeout", "2", "--db-pool-size", "1", "--db-acquire-timeout", "10"]).await;
    let notes = "a".repeat(10_000);
    for i in 0..300 {
        app.create_todo(json!({ "title": format!("long {i}"), "notes": notes })).await;
    }
    let q = format!("{}b", "a".repeat(2_999));
    let started = Instant::now();
    let search = app.list(&format!("q={q}")).await;
    // 408 from the server's timer, or 503 when the database stopped the statement first.
    assert!(matches!(search.status().as_u16(), 408 | 503), "the search should outlast its time: {}", search.status());

    // Another user reads right after the 408: the search's connection must be free by then.
    let victim = client_with_token(&sign_up(&app.address, "victim").await);
    let read = victim.get(app.api("/todos")).send().await.unwrap();
    let waited = started.elapsed();
    assert_eq!(read.status(), StatusCode::OK);
    assert!(waited < Duration::from_secs(5), "the next read waited until {waited:?} after the search began");
}
