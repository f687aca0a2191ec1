//! The calendar feed: `POST`, `GET` and `DELETE /api/v1/calendar/feed`
//! manage the caller's one feed, and `GET /api/v1/calendar/{token}.ics`
//! serves it to calendar apps, which subscribe with the URL alone: the
//! secret token in it is the credential, so that route needs no login.

use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use todo_core::{SortKey, StatusFilter, TodoFilter};
use todo_store::Page;
use utoipa::ToSchema;

use super::base_url::BaseUrl;
use crate::auth::{new_secret, secret_hash, Caller};
use crate::error::ApiError;
use crate::formats::ical;
use crate::state::{now, AppState};

/// Routes for a logged-in caller.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/calendar/feed", get(feed_status).post(create_feed).delete(revoke_feed))
}

/// The feed itself: no login, the token is the credential.
pub fn public_router() -> Router<AppState> {
    Router::new().route("/api/v1/calendar/{file}", get(feed_file))
}

/// A new feed's URL: the only time its secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewFeedBody {
    /// Subscribe to this URL in a calendar app. Keep it secret: whoever has it sees your dated todos.
    #[schema(example = "https://todo.example.com/api/v1/calendar/tc_Zm9v….ics")]
    url: String,
    created_at: DateTime<Utc>,
}

/// Whether the caller has a feed (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedStatusBody {
    exists: bool,
    /// When its current URL was made; null without a feed.
    #[schema(required = true)]
    created_at: Option<DateTime<Utc>>,
}

fn no_store(response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[utoipa::path(post, path = "/api/v1/calendar/feed", tag = "calendar",
    responses((status = 201, description = "A feed with a new secret URL; the caller's earlier URL, if any, stops working", body = NewFeedBody)))]
pub async fn create_feed(State(state): State<AppState>, caller: Caller, base: BaseUrl) -> Result<Response, ApiError> {
    let token = new_secret();
    let feed = state.store.replace_calendar_feed(caller.owner, &secret_hash(&token), now()).await?;
    let url = format!("{}/api/v1/calendar/{token}.ics", base.0);
    Ok(no_store((StatusCode::CREATED, Json(NewFeedBody { url, created_at: feed.created_at }))))
}

#[utoipa::path(get, path = "/api/v1/calendar/feed", tag = "calendar",
    responses((status = 200, description = "Whether the caller has a feed and since when", body = FeedStatusBody)))]
pub async fn feed_status(State(state): State<AppState>, caller: Caller) -> Result<Json<FeedStatusBody>, ApiError> {
    let feed = state.store.calendar_feed(caller.owner).await?;
    Ok(Json(FeedStatusBody { exists: feed.is_some(), created_at: feed.map(|f| f.created_at) }))
}

#[utoipa::path(delete, path = "/api/v1/calendar/feed", tag = "calendar",
    responses(
        (status = 204, description = "Revoked: its URL answers 404 from now on"),
        (status = 404, description = "The caller has no feed", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke_feed(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    let not_found = || ApiError::NotFound("you have no calendar feed".into());
    state.store.delete_calendar_feed(caller.owner).await.map_err(|e| ApiError::from_store(e, not_found))?;
    Ok(StatusCode::NO_CONTENT)
}

fn no_such_feed() -> ApiError {
    ApiError::NotFound("no calendar feed has this URL; it may have been revoked or replaced".into())
}

#[utoipa::path(get, path = "/api/v1/calendar/{token}.ics", tag = "calendar",
    params(("token" = String, Path, description = "The feed's secret token, from `POST /api/v1/calendar/feed`"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of the copy the client has")),
    responses(
        (status = 200, description = "The owner's open todos with a due date, as RFC 5545 events (no login needed)",
            content_type = "text/calendar", body = String, headers(("ETag" = String, description = "Changes when the feed does"))),
        (status = 304, description = "Unchanged since the If-None-Match ETag"),
        (status = 404, description = "No feed has this token (revoked, replaced or never made)", body = crate::error::Problem,
            content_type = "application/problem+json"),
        (status = 429, description = "Too many feed requests from this address", body = crate::error::Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn feed_file(State(state): State<AppState>, Path(file): Path<String>, parts: Parts) -> Result<Response, ApiError> {
    state
        .feed_rate
        .check(state.auth.client_ip(&parts))
        .map_err(|retry_after| ApiError::TooManyRequests { what: "calendar feed requests", retry_after })?;
    let token = file.strip_suffix(".ics").filter(|t| !t.is_empty()).ok_or_else(no_such_feed)?;
    let owner = state.store.calendar_feed_owner(&secret_hash(token)).await?.ok_or_else(no_such_feed)?;
    let open = TodoFilter { status: StatusFilter::Open, ..TodoFilter::default() };
    let todos = state.store.list(owner, &open, SortKey::Due, Page::ALL).await?;
    let body = ical::feed(&todos);
    let etag = format!("\"{:x}\"", Sha256::digest(body.as_bytes()));
    let mut headers = HeaderMap::new();
    headers.insert(header::ETAG, HeaderValue::try_from(etag.as_str()).map_err(|e| ApiError::Internal(e.into()))?);
    // Caches may keep it only for the one client: the URL is a secret.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if if_none_match(&parts.headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    Ok((headers, body).into_response())
}

/// Whether `If-None-Match` lists `etag` (or is `*`), compared weakly as RFC 9110 says.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|tag| {
        let tag = tag.trim();
        tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_in_lists() {
        let headers = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(v).unwrap());
            h
        };
        assert!(if_none_match(&headers("\"abc\""), "\"abc\""));
        assert!(if_none_match(&headers("W/\"abc\""), "\"abc\""));
        assert!(if_none_match(&headers("\"x\", \"abc\""), "\"abc\""));
        assert!(if_none_match(&headers("*"), "\"abc\""));
        assert!(!if_none_match(&headers("\"abd\""), "\"abc\""));
        assert!(!if_none_match(&HeaderMap::new(), "\"abc\""));
    }
}
