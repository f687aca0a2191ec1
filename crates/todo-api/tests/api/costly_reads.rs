//! The per-user budget of costly reads (`COSTLY_READS_PER_MINUTE`): an
//! account sending searches and chat history pages in a loop, two at a
//! time, kept a core of PostgreSQL busy and the other users' p99 at 5.9×
//! its quiet value (issue 16, `bench/isolation.py`). Past the budget it gets
//! 429 with Retry-After, and nobody else notices.

use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, client_with_token, expect_json, id_of, sign_up, spawn_app, spawn_app_with, Backend, TestApp};

backend_tests!(an_account_past_its_costly_reads_gets_429_and_the_others_do_not);

async fn search(app: &TestApp, client: &reqwest::Client, q: &str) -> reqwest::Response {
    client.get(app.api("/todos")).query(&[("q", q)]).send().await.expect("GET /todos?q=")
}

async fn history(app: &TestApp, conversation: &str) -> reqwest::Response {
    app.client.get(app.api(&format!("/conversations/{conversation}/messages"))).send().await.expect("GET messages")
}

async fn start_conversation(app: &TestApp) -> String {
    let answered = app.client.post(app.api("/chat")).json(&json!({"message": "show my todos"})).send().await.unwrap();
    expect_json(answered, StatusCode::OK).await["conversation_id"].as_str().expect("a conversation id").to_owned()
}

async fn an_account_past_its_costly_reads_gets_429_and_the_others_do_not(backend: Backend) {
    let app = spawn_app_with(backend, &["--costly-reads-per-minute", "5"]).await;
    app.create_todo(json!({"title": "water the plants"})).await;
    let conversation = start_conversation(&app).await;

    // One after another, so that the bound of two at once never answers.
    for q in ["w", "wa", "wat"] {
        assert_eq!(search(&app, &app.client, q).await.status(), StatusCode::OK, "search {q}");
    }
    for page in 0..2 {
        assert_eq!(history(&app, &conversation).await.status(), StatusCode::OK, "history page {page}");
    }

    let refused = search(&app, &app.client, "wate").await;
    let retry_after: u64 = refused.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=12).contains(&retry_after), "one read comes back every 12 s: {retry_after}");
    let problem = assert_problem(refused, 429, "too-many-requests").await;
    assert!(problem["detail"].as_str().unwrap().contains("searches and chat history pages"), "{problem}");
    assert_problem(history(&app, &conversation).await, 429, "too-many-requests").await;
    // A bulk delete selects with a search too: refused, nothing deleted.
    assert_problem(app.delete_todos("q=water").await, 429, "too-many-requests").await;

    let other = client_with_token(&sign_up(&app.address, "bystander").await);
    assert_eq!(search(&app, &other, "water").await.status(), StatusCode::OK, "another user is not limited");
    // Nor is a listing without a search; and the refused bulk delete deleted nothing.
    assert_eq!(app.list_json("").await.len(), 1);
}

#[tokio::test]
async fn a_person_searching_as_they_type_never_meets_the_default_limit() {
    let app = spawn_app(Backend::Sqlite).await;
    for i in 0..20 {
        app.create_todo(json!({"title": format!("water the plants on sunday {i}")})).await;
    }
    let conversation = start_conversation(&app).await;
    assert_eq!(history(&app, &conversation).await.status(), StatusCode::OK, "the chat's history, restored");
    // Every keystroke a search (the UI waits for a pause of 250 ms first).
    let typed = "water the plants on sunday";
    for end in 1..=typed.len() {
        assert_eq!(search(&app, &app.client, &typed[..end]).await.status(), StatusCode::OK, "typed {:?}", &typed[..end]);
    }
    // Then ticks off every result, each followed by the panel's refetch.
    let found: Vec<Value> = search(&app, &app.client, typed).await.json().await.unwrap();
    for todo in &found {
        app.patch_ok(id_of(todo), json!({"completed": true})).await;
        assert_eq!(search(&app, &app.client, typed).await.status(), StatusCode::OK, "refetch after ticking {}", todo["title"]);
    }
}

#[tokio::test]
async fn single_user_mode_has_no_costly_read_limit() {
    let app = spawn_app_with(Backend::Sqlite, &["--auth-mode", "single-user", "--costly-reads-per-minute", "2"]).await;
    for q in ["w", "wa", "wat", "wate", "water"] {
        assert_eq!(search(&app, &app.client, q).await.status(), StatusCode::OK, "search {q}");
    }
}
