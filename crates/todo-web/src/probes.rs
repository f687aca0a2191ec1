//! Liveness and readiness of todo-web itself. Readiness does not ask the API
//! server: a slow backend must not take the UI out of the load balancer.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::startup::WebState;

pub fn router() -> Router<WebState> {
    Router::new().route("/health", get(health)).route("/ready", get(ready))
}

/// Liveness: the process answers.
async fn health() -> Json<Value> {
    Json(json!({"status": "UP"}))
}

/// Readiness: not draining, and there is a UI to serve.
async fn ready(State(state): State<WebState>) -> (StatusCode, Json<Value>) {
    let not_ready = |reason: &str| (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"status": "not ready", "reason": reason})));
    if state.is_draining() {
        return not_ready("shutting down");
    }
    match tokio::fs::metadata(state.static_dir.join("index.html")).await {
        Ok(meta) if meta.is_file() => (StatusCode::OK, Json(json!({"status": "ready"}))),
        _ => not_ready("no index.html in STATIC_DIR"),
    }
}
