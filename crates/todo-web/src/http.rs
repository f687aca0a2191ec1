//! The routes and the layers every response passes: request id, access log,
//! security headers.

use std::time::Instant;

use axum::extract::Request;
use axum::http::header::{HeaderName, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use todo_serve::telemetry::request_span;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tracing::Instrument;

use crate::startup::WebState;
use crate::{probes, proxy, static_files};

/// Scripts, styles and connections only from this origin; no inline scripts,
/// no plug-ins, no framing.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub fn router(state: WebState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let security_headers = [
        (CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE)),
        (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ];
    let mut router = Router::new()
        .route("/api", any(proxy::forward))
        .route("/api/{*rest}", any(proxy::forward))
        .route("/mcp", any(proxy::forward))
        .route("/mcp/{*rest}", any(proxy::forward))
        .merge(probes::router())
        .merge(static_files::router(&state.static_dir));
    // Outermost first on the way in: every answer, the proxy's and the
    // static files' alike, leaves with these headers.
    for (name, value) in security_headers {
        router = router.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    router
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(axum::middleware::from_fn(access_log)),
        )
        .with_state(state)
}

/// The request span (request id, method, route) around everything a request
/// logs, and one line a request in it: path (no query: it may hold search
/// text), status and the time to the response head. Probes at debug.
async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let path = request.uri().path().to_owned();
    let span = request_span(&request);
    let response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let _in_request = span.enter();
    if matches!(path.as_str(), "/health" | "/ready") {
        tracing::debug!(path, status, latency_ms, "request");
    } else {
        tracing::info!(path, status, latency_ms, "request");
    }
    response
}
