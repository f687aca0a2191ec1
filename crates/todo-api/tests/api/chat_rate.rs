//! The per-user chat rate limit (`CHAT_RATE_LIMIT`): one account sending
//! messages in a loop gets 429 with Retry-After, and nobody else notices.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, client_with_token, sign_up, spawn_app, spawn_app_with, Backend, TestApp};

async fn say(app: &TestApp, client: &reqwest::Client, message: &str) -> reqwest::Response {
    client.post(app.api("/chat")).json(&json!({"message": message})).send().await.expect("POST /chat")
}

#[tokio::test]
async fn a_user_past_the_limit_gets_429_and_the_others_do_not() {
    let app = spawn_app_with(Backend::Sqlite, &["--chat-rate-limit", "5"]).await;
    for turn in 0..5 {
        assert_eq!(say(&app, &app.client, &format!("hello {turn}")).await.status(), StatusCode::OK);
    }
    let response = say(&app, &app.client, "one more").await;
    let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=12).contains(&retry_after), "one turn comes back every 12 s: {retry_after}");
    assert_problem(response, 429, "too-many-requests").await;

    let other = client_with_token(&sign_up(&app.address, "bystander").await);
    assert_eq!(say(&app, &other, "show my todos").await.status(), StatusCode::OK, "another user is not limited");
    assert_eq!(app.client.get(app.api("/todos")).send().await.unwrap().status(), StatusCode::OK, "nor are other routes");
}

#[tokio::test]
async fn a_person_typing_never_meets_the_default_limit() {
    let app = spawn_app(Backend::Sqlite).await;
    for turn in 0..30 {
        assert_eq!(say(&app, &app.client, &format!("add task {turn}")).await.status(), StatusCode::OK, "turn {turn}");
    }
}

#[tokio::test]
async fn single_user_mode_has_no_chat_limit() {
    let app = spawn_app_with(Backend::Sqlite, &["--auth-mode", "single-user", "--chat-rate-limit", "2"]).await;
    for turn in 0..5 {
        assert_eq!(say(&app, &app.client, &format!("hello {turn}")).await.status(), StatusCode::OK, "turn {turn}");
    }
}
