//! The caller's login sessions: list them, end one (a stolen one, say), and
//! "log out everywhere", which ends every session and revokes every token.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::Serialize;
use todo_store::{Credential, CredentialKind};
use utoipa::ToSchema;

use super::base_url::BaseUrl;
use super::extract::IdPath;
use crate::auth::Caller;
use crate::config::AuthMode;
use crate::error::ApiError;
use crate::state::AppState;

/// Routes for a logged-in caller.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sessions", get(list_sessions))
        .route("/api/v1/sessions/{id}", delete(end_session))
        .route("/api/v1/auth/logout-everywhere", post(logout_everywhere))
}

/// A login session (never its secret).
#[derive(Serialize, ToSchema)]
pub struct LoginSessionBody {
    id: i64,
    created_at: DateTime<Utc>,
    /// Recorded at most once a minute.
    last_used_at: DateTime<Utc>,
    /// When it ends at the latest (it also ends after SESSION_IDLE_TIMEOUT unused).
    #[schema(required = true)]
    expires_at: Option<DateTime<Utc>>,
    /// The session this request was made with.
    current: bool,
}

/// The account and credential of the caller; 404 in single-user mode, which has neither.
fn account(state: &AppState, caller: &Caller) -> Result<(todo_core::OwnerId, Credential), ApiError> {
    match (&caller.account, state.auth.mode) {
        (Some((user, credential)), AuthMode::Accounts) => Ok((user.id, credential.clone())),
        _ => Err(ApiError::NotFound("this server runs without accounts (AUTH_MODE=single-user)".into())),
    }
}

#[utoipa::path(get, path = "/api/v1/sessions", tag = "accounts",
    responses((status = 200, description = "The caller's login sessions that still work, newest first", body = [LoginSessionBody])))]
pub async fn list_sessions(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<LoginSessionBody>>, ApiError> {
    let (user, used) = account(&state, &caller)?;
    let now = crate::state::now();
    let sessions = state.store.credentials(user, CredentialKind::Session).await?;
    Ok(Json(
        sessions
            .into_iter()
            .filter(|s| s.is_valid_at(now, state.auth.session_idle))
            .map(|s| LoginSessionBody {
                current: used.kind == CredentialKind::Session && used.id == s.id,
                id: s.id,
                created_at: s.created_at,
                last_used_at: s.last_used_at,
                expires_at: s.expires_at,
            })
            .collect(),
    ))
}

#[utoipa::path(delete, path = "/api/v1/sessions/{id}", tag = "accounts", params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 204, description = "Ended: its cookie or token no longer works"),
        (status = 404, description = "No such session of the caller's", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn end_session(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> Result<StatusCode, ApiError> {
    let (user, _) = account(&state, &caller)?;
    let not_found = || ApiError::NotFound(format!("no session with id {id}"));
    state.store.revoke_credential(user, CredentialKind::Session, id).await.map_err(|e| ApiError::from_store(e, not_found))?;
    state.auth.verified.forget_credential(id);
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/auth/logout-everywhere", tag = "accounts",
    responses((status = 204, description = "Every session of the caller's ended and every token revoked, this one too; the cookie is cleared")))]
pub async fn logout_everywhere(State(state): State<AppState>, caller: Caller, base: BaseUrl) -> Result<Response, ApiError> {
    let (user, _) = account(&state, &caller)?;
    let ended = state.store.revoke_all_credentials(user).await?;
    state.auth.verified.forget_user(user);
    tracing::info!(user = user.0, ended, "logged out everywhere");
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, state.auth.clear_session_cookie(&base))]).into_response())
}
