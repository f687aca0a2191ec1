//! The HTTP surface: one router per feature, merged here with the layers
//! every route shares.

mod base_url;
mod extract;
mod observe;
mod openapi;
mod probes;
mod todos;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

pub use openapi::ApiDoc;

use crate::error::ApiError;
use crate::state::AppState;

pub fn router(state: AppState, request_timeout: Duration) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .merge(todos::router())
        .merge(probes::router())
        .merge(openapi::router())
        .fallback(|| async { ApiError::NotFound("no such route".to_owned()) })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(axum::middleware::from_fn(observe::observe))
                .layer(axum::middleware::from_fn_with_state(request_timeout, observe::time_limit))
                .layer(DefaultBodyLimit::max(extract::BODY_LIMIT)),
        )
        .with_state(state)
}
