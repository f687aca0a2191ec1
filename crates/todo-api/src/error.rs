//! The one error type of the HTTP edge, answered as RFC 9457 problem+json.
//! Internals are logged; clients get a clean message.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use todo_core::{FieldError, ValidationErrors};
use todo_store::StoreError;
use utoipa::ToSchema;

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URN naming the class of problem, e.g. `urn:todo-chatbot:problem:validation`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Present for validation failures: one entry per broken rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("the body does not have the expected shape: {detail}")]
    InvalidBody { detail: String, field: String },
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    #[error("expected a body with Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("the body is larger than the limit of {limit} bytes")]
    BodyTooLarge { limit: usize },
    /// An imported file that cannot be imported: one entry per bad item.
    #[error("{detail}")]
    BadImport { detail: String, errors: Vec<FieldError> },
    #[error("could not read the body: {0}")]
    UnreadableBody(String),
    #[error("{detail}")]
    InvalidQuery { detail: String, field: Option<String> },
    #[error("{0}")]
    NotFound(String),
    /// No valid session or token; answered with `WWW-Authenticate: Bearer`.
    #[error("{0}")]
    Unauthorized(String),
    /// A cookie-authenticated change from another site (CSRF).
    #[error("{0}")]
    CrossSiteRequest(String),
    /// A Host this server does not answer (DNS rebinding); see `http::host`.
    #[error("this server does not answer requests for that Host name; add it to ALLOWED_HOSTS if it is one of its names")]
    HostNotAllowed,
    #[error("{0}")]
    Conflict(String),
    #[error("you have {limit} todos, the most one account may keep; delete some first")]
    TodoLimit { limit: u64 },
    #[error("too many attempts; try again in {} seconds", .retry_after.as_secs().max(1))]
    TooManyAttempts { retry_after: std::time::Duration },
    /// Over a rate limit; `what` names the requests ("chat messages").
    #[error("too many {what}; try again in {} seconds", .retry_after.as_secs().max(1))]
    TooManyRequests { what: &'static str, retry_after: std::time::Duration },
    #[error(
        "you have {} searches or chat history pages loading, the most one account may at once; try again when one has answered",
        crate::costly_reads::COSTLY_READS_PER_USER
    )]
    TooManyCostlyReads,
    #[error("{0}")]
    TooManyStreams(String),
    #[error("the server is shutting down; connect again")]
    ShuttingDown,
    #[error("this route does not support that method")]
    MethodNotAllowed,
    #[error("the request took longer than {0:?}")]
    Timeout(std::time::Duration),
    #[error("storage is unavailable")]
    StorageUnavailable(#[source] StoreError),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn todo_not_found(id: impl std::fmt::Display) -> Self {
        Self::NotFound(format!("no todo with id {id}"))
    }

    /// A store error, where `NotFound` is answered by `not_found` (which names
    /// what was missing) and anything else as usual.
    pub fn from_store(err: StoreError, not_found: impl FnOnce() -> ApiError) -> Self {
        match err {
            StoreError::NotFound => not_found(),
            other => other.into(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::MalformedJson(_) | Self::UnreadableBody(_) | Self::InvalidQuery { .. } => StatusCode::BAD_REQUEST,
            Self::InvalidBody { .. } | Self::Validation(_) | Self::BadImport { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::CrossSiteRequest(_) | Self::HostNotAllowed => StatusCode::FORBIDDEN,
            Self::Conflict(_) | Self::TodoLimit { .. } => StatusCode::CONFLICT,
            Self::TooManyAttempts { .. } | Self::TooManyRequests { .. } | Self::TooManyCostlyReads | Self::TooManyStreams(_) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Timeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::StorageUnavailable(_) | Self::ShuttingDown => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            Self::MalformedJson(_) => "malformed-json",
            Self::InvalidBody { .. } => "invalid-body",
            Self::Validation(_) => "validation",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::BodyTooLarge { .. } => "body-too-large",
            Self::BadImport { .. } => "bad-import",
            Self::UnreadableBody(_) => "unreadable-body",
            Self::InvalidQuery { .. } => "invalid-query",
            Self::NotFound(_) => "not-found",
            Self::Unauthorized(_) => "unauthorized",
            Self::CrossSiteRequest(_) => "cross-site-request",
            Self::HostNotAllowed => "host-not-allowed",
            Self::Conflict(_) => "conflict",
            Self::TodoLimit { .. } => "todo-limit",
            Self::TooManyAttempts { .. } => "too-many-attempts",
            Self::TooManyRequests { .. } | Self::TooManyCostlyReads => "too-many-requests",
            Self::TooManyStreams(_) => "too-many-streams",
            Self::ShuttingDown => "shutting-down",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::Timeout(_) => "timeout",
            Self::StorageUnavailable(_) => "storage-unavailable",
            Self::Internal(_) => "internal",
        }
    }

    fn field_errors(&self) -> Vec<FieldError> {
        match self {
            Self::Validation(errors) => errors.0.clone(),
            Self::InvalidBody { detail, field } => vec![FieldError { field: field.clone(), message: detail.clone() }],
            Self::InvalidQuery { detail, field: Some(field) } => vec![FieldError { field: field.clone(), message: detail.clone() }],
            Self::BadImport { errors, .. } => errors.clone(),
            _ => Vec::new(),
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::Validation(errors) if errors.0.len() == 1 => format!("{}: {}", errors.0[0].field, errors.0[0].message),
            Self::Validation(_) => "some fields are invalid; see errors".to_owned(),
            Self::StorageUnavailable(_) => "the database cannot be reached right now; try again shortly".to_owned(),
            Self::Internal(_) => "something went wrong on our side; it has been logged".to_owned(),
            other => other.to_string(),
        }
    }
}

impl From<crate::event_streams::StreamRefused> for ApiError {
    fn from(refused: crate::event_streams::StreamRefused) -> Self {
        use crate::event_streams::StreamRefused;
        Self::TooManyStreams(match refused {
            StreamRefused::User { limit } => {
                format!("you have {limit} event streams open, the most one account may; close one (another tab or device) first")
            }
            StreamRefused::Server { limit } => format!("this server has {limit} event streams open, the most it takes; try again later"),
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Self::NotFound("no such todo".to_owned()),
            StoreError::Invalid(errors) => Self::Validation(errors),
            StoreError::TodoLimit { limit } => Self::TodoLimit { limit },
            StoreError::Unavailable(_) => Self::StorageUnavailable(err),
            other => Self::Internal(other.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            Self::Internal(err) => tracing::error!(error = ?err, "request failed"),
            Self::StorageUnavailable(err) => tracing::warn!(error = %err, "storage unavailable"),
            _ => {}
        }
        let problem = Problem {
            kind: format!("urn:todo-chatbot:problem:{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.detail(),
            errors: self.field_errors(),
        };
        let mut response = (status, axum::Json(problem)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        match &self {
            Self::StorageUnavailable(_) | Self::TooManyCostlyReads | Self::ShuttingDown => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            Self::TooManyStreams(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            }
            Self::TooManyAttempts { retry_after } | Self::TooManyRequests { retry_after, .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after.as_secs().max(1)));
            }
            Self::Unauthorized(_) => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}
