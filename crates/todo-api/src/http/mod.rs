//! The HTTP surface: one router per feature, merged here with the layers
//! every route shares.

mod auth;
mod base_url;
mod calendar;
mod chat;
mod events;
mod extract;
mod host;
mod mcp;
mod observe;
mod openapi;
mod probes;
mod request_id;
mod sessions;
mod todos;
mod transfer;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};

pub use base_url::BaseUrl;
pub use extract::BODY_LIMIT;
pub use host::{HostName, HostPolicy};
pub use mcp::{server_info, Owner, TodoTools};
pub use openapi::ApiDoc;
pub(crate) use todos::CreateTodoBody;

use crate::auth::{require_caller, Accepts};
use crate::error::ApiError;
use crate::state::AppState;

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// A bug must not drop the connection: the panic is logged and answered 500.
fn answer_panic(panic: Box<dyn std::any::Any + Send>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let message = panic.downcast_ref::<&str>().map(|s| (*s).to_owned()).or_else(|| panic.downcast_ref::<String>().cloned());
    ApiError::Internal(anyhow::anyhow!("handler panicked: {}", message.unwrap_or_default())).into_response()
}

pub fn router(state: AppState, request_timeout: Duration, hosts: HostPolicy, cors_allowed_origins: &[String]) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    // Everything a caller must be logged in for (route_layer: unknown routes stay 404).
    let protected = Router::new()
        .merge(todos::router())
        .merge(chat::router())
        .merge(events::router())
        .merge(auth::router())
        .merge(sessions::router())
        .merge(calendar::router())
        .merge(transfer::router())
        .route_layer(axum::middleware::from_fn_with_state((state.clone(), Accepts::CookieOrBearer), require_caller));
    // Every route but the probes answers only the Host names the policy
    // admits: the probes read and change nothing, and kubelets send the
    // pod's IP address as Host.
    let host_checked = Router::new()
        .merge(protected)
        .merge(auth::public_router())
        .merge(calendar::public_router())
        .merge(mcp::router(&state))
        .merge(probes::metrics_router())
        .merge(openapi::router())
        .fallback(|| async { ApiError::NotFound("no such route".to_owned()) })
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(hosts, host::check_host));
    let app = Router::new().merge(host_checked).merge(probes::router()).method_not_allowed_fallback(method_not_allowed).layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(request_id.clone(), request_id::ProcessRequestIds))
            .layer(PropagateRequestIdLayer::new(request_id))
            .layer(axum::middleware::from_fn_with_state(request_timeout, observe::observe))
            .layer(CatchPanicLayer::custom(answer_panic))
            .layer(DefaultBodyLimit::max(extract::BODY_LIMIT)),
    );
    // Without allowed origins the CORS layer would only add `Vary` headers,
    // at a copy of its settings per request.
    let app = if cors_allowed_origins.is_empty() { app } else { app.layer(cors(cors_allowed_origins)) };
    app.with_state(state)
}

/// CORS for the origins in `CORS_ALLOWED_ORIGINS`: none by default (browsers
/// then refuse cross-origin reads); listed origins may send cookies; `*`
/// allows any origin, without cookies.
fn cors(allowed: &[String]) -> CorsLayer {
    use axum::http::{header, Method};
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .expose_headers([header::LOCATION, header::LINK])
        .max_age(Duration::from_secs(600));
    if allowed.iter().any(|o| o == "*") {
        layer.allow_origin(AllowOrigin::any())
    } else {
        let origins = allowed.iter().filter_map(|o| o.parse().ok());
        layer.allow_origin(AllowOrigin::list(origins)).allow_credentials(!allowed.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use axum::body::to_bytes;

    #[tokio::test]
    async fn a_panic_is_answered_as_a_500_problem() {
        let response = super::answer_panic(Box::new("boom"));
        assert_eq!(response.status(), 500);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem["type"], "urn:todo-chatbot:problem:internal");
        assert!(!problem["detail"].as_str().unwrap().contains("boom"), "internals stay in the log");
    }
}
