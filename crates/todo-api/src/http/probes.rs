//! Liveness, readiness and the metrics scrape: outside `/api/v1`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::state::AppState;

/// `/health` and `/ready`.
pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health)).route("/ready", get(ready))
}

/// `/metrics`.
pub fn metrics_router() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

/// Liveness: the process answers.
async fn health() -> Json<serde_json::Value> {
    Json(json!({"status": "UP"}))
}

/// Readiness: not draining, and the database answers within the timeout.
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let not_ready = |reason: &str| (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"status": "not ready", "reason": reason})));
    if state.is_draining() {
        return not_ready("shutting down");
    }
    match tokio::time::timeout(state.ready_timeout, state.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({"status": "ready"}))),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "readiness: storage did not answer");
            not_ready("storage unavailable")
        }
        Err(_) => {
            tracing::warn!(timeout = ?state.ready_timeout, "readiness: storage timed out");
            not_ready("storage timed out")
        }
    }
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let body = crate::metrics::render(&state.metrics, state.store.as_ref());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body)
}
