//! Per-request observation: one access-log line and the HTTP metrics, keyed
//! by the matched route (so `/todos/1` and `/todos/2` are one series).

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::metrics::{HTTP_DURATION, HTTP_REQUESTS};

/// Probes and scrapes arrive every few seconds; they are logged at debug.
fn is_probe(route: &str) -> bool {
    matches!(route, "/health" | "/ready" | "/metrics")
}

pub async fn observe(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let response = next.run(request).await;
    let latency = started.elapsed();
    let status = response.status().as_u16();
    let labels = [("method", method.clone()), ("route", route.clone()), ("status", status.to_string())];
    metrics::counter!(HTTP_REQUESTS, &labels).increment(1);
    metrics::histogram!(HTTP_DURATION, &labels).record(latency.as_secs_f64());
    let latency_ms = latency.as_secs_f64() * 1000.0;
    if is_probe(&route) {
        tracing::debug!(request_id, method, route, status, latency_ms, "request");
    } else {
        tracing::info!(request_id, method, route, status, latency_ms, "request");
    }
    response
}

/// Answers 408 (as a problem) when the handler takes longer than the limit.
pub async fn time_limit(State(limit): State<std::time::Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(limit).into_response(),
    }
}
