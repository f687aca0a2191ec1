//! Per-request observation: the request span every line it logs is written
//! in, one access-log line and the HTTP metrics, keyed by the matched route
//! (so `/todos/1` and `/todos/2` are one series).

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use todo_serve::telemetry::request_span;
use tracing::Instrument;

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
    let span = request_span(&request);
    let response = next.run(request).instrument(span.clone()).await;
    let latency = started.elapsed();
    let status = response.status().as_u16();
    let labels = [("method", method), ("route", route.clone()), ("status", status.to_string())];
    metrics::counter!(HTTP_REQUESTS, &labels).increment(1);
    metrics::histogram!(HTTP_DURATION, &labels).record(latency.as_secs_f64());
    let latency_ms = latency.as_secs_f64() * 1000.0;
    // The span holds request_id, method and route.
    let _in_request = span.enter();
    if is_probe(&route) {
        tracing::debug!(status, latency_ms, "request");
    } else {
        tracing::info!(status, latency_ms, "request");
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
