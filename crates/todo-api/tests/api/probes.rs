//! Probes, metrics, the OpenAPI document and request ids.

use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{expect_json, id_of, read, spawn_app, Backend};

async fn health_is_up(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.client.get(app.url("/health")).send().await.unwrap();
    let content_type = response.headers().get(CONTENT_TYPE).unwrap().to_str().unwrap().to_owned();
    assert!(content_type.starts_with("application/json"), "{content_type}");
    assert_eq!(expect_json(response, StatusCode::OK).await, json!({ "status": "UP" }));
}

async fn ready_when_storage_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.client.get(app.url("/ready")).send().await.unwrap();
    let body = expect_json(response, StatusCode::OK).await;
    assert_eq!(body["status"], "ready");
}

async fn metrics_are_prometheus_text(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("counted").await;
    app.list_json("").await;
    app.get_todo(id_of(&todo)).await;
    app.get_todo(987_654_321).await; // a 404 on a templated route
    app.client.get(app.url("/no-such-route-7f3a9")).send().await.unwrap();

    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    let (status, headers, text) = read(response).await;
    assert_eq!(status, StatusCode::OK);
    let content_type = headers.get(CONTENT_TYPE).map(|v| v.to_str().unwrap()).unwrap_or("");
    assert!(content_type.starts_with("text/plain"), "Prometheus text exposition: {content_type}");

    for name in ["http_requests_total", "todo_operations_total", "db_pool_connections", "todo_api_build_info"] {
        assert!(text.lines().any(|l| l.starts_with(name)), "metrics lack {name}:\n{text}");
    }
    assert!(
        text.lines().any(|l| l.starts_with("http_request_duration_seconds_bucket") && l.contains(r#"route="/api/v1/todos""#)),
        "no duration histogram for route=\"/api/v1/todos\":\n{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("http_requests_total") && l.contains(r#"route="/api/v1/todos/{id}""#)),
        "requests are labelled with the route template:\n{text}"
    );
    // Labels are templates, never raw paths: ids and unknown paths must not explode cardinality.
    assert!(!text.contains("987654321"), "a raw id leaked into the labels:\n{text}");
    assert!(!text.contains("no-such-route-7f3a9"), "an unknown path leaked into the labels:\n{text}");
    // Every sample line parses as `name{labels} value`.
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let value = line.rsplit(' ').next().unwrap();
        assert!(value.parse::<f64>().is_ok() || ["+Inf", "-Inf", "NaN"].contains(&value), "bad sample line {line:?}");
    }
}

async fn openapi_document_describes_the_todo_paths(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.client.get(app.api("/openapi.json")).send().await.unwrap();
    let doc = expect_json(response, StatusCode::OK).await;
    let version = doc["openapi"].as_str().expect("an openapi version string");
    assert!(version.starts_with("3.1"), "OpenAPI 3.1, got {version}");
    let paths = doc["paths"].as_object().expect("paths");
    for path in ["/api/v1/todos", "/api/v1/todos/{id}"] {
        assert!(paths.contains_key(path), "paths lack {path}: {:?}", paths.keys().collect::<Vec<_>>());
    }
    for method in ["get", "post", "delete"] {
        assert!(paths["/api/v1/todos"].get(method).is_some(), "/api/v1/todos lacks {method}");
    }
    for method in ["get", "patch", "delete"] {
        assert!(paths["/api/v1/todos/{id}"].get(method).is_some(), "/api/v1/todos/{{id}} lacks {method}");
    }
    let text = doc.to_string();
    for field in ["due_date", "due_time", "recurrence", "completed_at", "tags"] {
        assert!(text.contains(field), "the document never mentions {field}");
    }
}

async fn request_id_is_echoed(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.client.get(app.api("/todos")).header("x-request-id", "test-request-42").send().await.unwrap();
    assert_eq!(response.headers().get("x-request-id").unwrap(), "test-request-42");

    // Also on errors.
    let response = app.client.get(app.api("/todos/424242")).header("x-request-id", "missing-todo-1").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers().get("x-request-id").unwrap(), "missing-todo-1");
}

async fn request_id_is_generated_when_absent(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let response = app.client.get(app.url("/health")).send().await.unwrap();
        let id = response.headers().get("x-request-id").expect("a generated x-request-id").to_str().unwrap().to_owned();
        assert!(!id.trim().is_empty());
        assert!(!seen.contains(&id), "request ids repeat: {id}");
        seen.push(id);
    }
    let response = app.post_todo(&json!({ "title": "" })).await;
    assert!(response.headers().get("x-request-id").is_some(), "errors carry a request id too");
}

backend_tests!(
    health_is_up,
    ready_when_storage_answers,
    metrics_are_prometheus_text,
    openapi_document_describes_the_todo_paths,
    request_id_is_echoed,
    request_id_is_generated_when_absent,
);
