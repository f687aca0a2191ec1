//! Extractors whose rejections are the app's own problem documents, so a bad
//! body, query or path never gets axum's plain-text answers.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Requests may not carry bodies larger than this (the contract's 64 KiB).
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON object body. Syntax errors answer 400, a wrong shape 422 naming
/// the field, a missing JSON content type 415, an oversize body 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !has_json_content_type(&req) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(body_error)?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
        // serde would also read a struct from an array, by position: refuse that.
        if !value.is_object() {
            return Err(ApiError::InvalidBody { detail: "the body must be a JSON object".to_owned(), field: String::new() });
        }
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|err| ApiError::InvalidBody { field: err.path().to_string(), detail: err.into_inner().to_string() })
    }
}

fn has_json_content_type(req: &Request) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn body_error(rejection: BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::BodyTooLarge { limit: BODY_LIMIT }
    } else {
        ApiError::UnreadableBody(rejection.body_text())
    }
}

/// A query string; a bad value answers 400 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer).map(ApiQuery).map_err(|err| {
            let field = err.path().to_string();
            let detail = format!("query parameter {field}: {}", err.into_inner());
            ApiError::InvalidQuery { detail, field: (field != ".").then_some(field) }
        })
    }
}

/// A numeric id in the path (a todo's, a token's). Anything that is not a
/// positive integer names nothing, so it answers 404 like an unknown id.
pub struct IdPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) = axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e: PathRejection| ApiError::NotFound(e.body_text()))?;
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => Ok(Self(id)),
            _ => Err(ApiError::NotFound(format!("nothing has the id {raw:?}: ids are positive integers"))),
        }
    }
}
