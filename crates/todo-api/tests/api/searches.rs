//! Issue 16: ten parallel searches with a 3,000-character `q` over todos with
//! long notes held every SQLite reader until the statement time limit, and
//! the other users' reads and `/ready` answered 503. A search's text is now
//! at most 200 characters, found by a plain substring search instead of
//! `LIKE '%…%'`, and an account has at most two searches running.

use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_field_error, assert_problem, client_with_token, sign_up, spawn_app_with, Backend};

backend_tests!(parallel_long_searches_leave_the_other_users_their_reads);

async fn parallel_long_searches_leave_the_other_users_their_reads(backend: Backend) {
    let app = spawn_app_with(backend, &["--request-timeout", "5"]).await;
    let notes = "a".repeat(10_000);
    for i in 0..300 {
        app.create_todo(json!({ "title": format!("long {i}"), "notes": notes })).await;
    }
    let victim = client_with_token(&sign_up(&app.address, "victim").await);

    // Each matches a long prefix from every position of every note, then fails:
    // the attack as it was sent, and the longest search allowed.
    let attack = format!("{}b", "a".repeat(2_999));
    let longest = format!("{}b", "a".repeat(199));
    let searches: Vec<_> = (0..10)
        .map(|i| {
            let q = if i % 2 == 0 { attack.clone() } else { longest.clone() };
            let request = app.client.get(app.api("/todos")).query(&[("q", q)]);
            tokio::spawn(async move { request.send().await.expect("GET /todos?q=") })
        })
        .collect();

    // Another user, while the searches run.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for path in ["/api/v1/todos", "/ready"] {
        let response = victim.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path} while one account searches");
    }

    for (i, search) in searches.into_iter().enumerate() {
        let response = search.await.unwrap();
        if i % 2 == 0 {
            let problem = assert_problem(response, 400, "invalid-query").await;
            assert_field_error(&problem, "q");
            assert!(problem["detail"].as_str().unwrap().contains("at most 200 characters"), "{problem}");
        } else if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(response.headers().contains_key(RETRY_AFTER), "a 429 says when to try again");
        } else {
            assert_eq!(response.status(), StatusCode::OK, "the longest search allowed answers");
        }
    }

    // A bulk delete selects with the same filters: refused, nothing deleted.
    let delete = app.delete_todos(&format!("q={attack}")).await;
    assert_field_error(&assert_problem(delete, 400, "invalid-query").await, "q");
    assert_eq!(app.list_json("limit=500").await.len(), 300);
}
