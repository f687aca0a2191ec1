//! Per-request observation: the request span every line it logs is written
//! in, one access-log line, the HTTP metrics, keyed by the matched route (so
//! `/todos/1` and `/todos/2` are one series), and the time limit. One
//! middleware does all of it: each `from_fn` layer clones the services under
//! it and boxes a future per request (docs/performance.md, "/health").

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics::{Counter, Histogram};
use todo_serve::telemetry::request_span;
use tracing::Instrument;

use crate::error::ApiError;
use crate::metrics::{HTTP_DURATION, HTTP_REQUESTS};

/// Probes and scrapes arrive every few seconds; they are logged at debug.
fn is_probe(route: &str) -> bool {
    matches!(route, "/health" | "/ready" | "/metrics")
}

/// Observes the request and answers 408 (as a problem) when the handler
/// takes longer than `limit`.
pub async fn observe(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let span = request_span(&request);
    let response = match tokio::time::timeout(limit, next.run(request)).instrument(span.clone()).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(limit).into_response(),
    };
    let latency = started.elapsed();
    let status = response.status().as_u16();
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    record(&method, route, status, latency);
    let latency_ms = latency.as_secs_f64() * 1000.0;
    // The span holds request_id, method and route.
    let _in_request = span.enter();
    if is_probe(route) {
        tracing::debug!(status, latency_ms, "request");
    } else {
        tracing::info!(status, latency_ms, "request");
    }
    response
}

/// The two metrics of one method, route and status.
struct Series {
    method: Method,
    status: u16,
    requests: Counter,
    duration: Histogram,
}

thread_local! {
    /// Each worker thread's handles by route, made on a series' first request
    /// on that thread: looking a metric up by its labels builds a key of
    /// three label strings, hashes it and searches the registry, twice a
    /// request. The handles of every thread count into the same series.
    static SERIES: RefCell<HashMap<String, Vec<Series>>> = RefCell::default();
}

fn record(method: &Method, route: &str, status: u16, latency: Duration) {
    SERIES.with_borrow_mut(|by_route| {
        if !by_route.contains_key(route) {
            by_route.insert(route.to_owned(), Vec::new());
        }
        let series = by_route.get_mut(route).expect("inserted above");
        let index = match series.iter().position(|s| s.status == status && s.method == method) {
            Some(index) => index,
            None => {
                let labels = [("method", method.as_str().to_owned()), ("route", route.to_owned()), ("status", status.to_string())];
                series.push(Series {
                    method: method.clone(),
                    status,
                    requests: metrics::counter!(HTTP_REQUESTS, &labels),
                    duration: metrics::histogram!(HTTP_DURATION, &labels),
                });
                series.len() - 1
            }
        };
        series[index].requests.increment(1);
        series[index].duration.record(latency.as_secs_f64());
    });
}
