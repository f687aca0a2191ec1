//! /health and /ready of todo-web itself.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{free_port, temp_dir, StubBackend, TestWeb};

#[tokio::test]
async fn health_is_up_and_ready_needs_index_html() {
    let empty = temp_dir("todo-web-empty");
    let backend = StubBackend::start().await;
    let web = TestWeb::start(empty.path(), &backend.url(), &[]).await;

    let health = web.get("/health").await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.json::<Value>().await.unwrap(), json!({"status": "UP"}));

    let ready = web.get("/ready").await;
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "not ready");
    assert!(body["reason"].as_str().is_some_and(|r| r.contains("index.html")), "{body}");

    // Once the build is there, it is ready (the backend is not asked).
    std::fs::write(empty.path().join("index.html"), "<!doctype html>").unwrap();
    let ready = web.get("/ready").await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.json::<Value>().await.unwrap(), json!({"status": "ready"}));

    let nothing_behind = TestWeb::start(empty.path(), &format!("http://127.0.0.1:{}", free_port()), &[]).await;
    assert_eq!(nothing_behind.get("/ready").await.status(), StatusCode::OK, "readiness does not depend on the backend");
}
