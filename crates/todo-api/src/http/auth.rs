//! Accounts over HTTP: sign-up, login, logout, who am I, and personal API
//! tokens. Sessions are cookies for browsers; the same secret is returned as
//! `token` for `Authorization: Bearer`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use todo_core::{parse_signup, Username, ValidationErrors};
use todo_store::{Credential, CredentialKind, NewCredential, StoreError, User};
use utoipa::ToSchema;

use super::base_url::BaseUrl;
use super::extract::{ApiJson, IdPath};
use crate::auth::{new_secret, secret_hash, AttemptSource, Caller};
use crate::config::AuthMode;
use crate::error::{ApiError, Problem};
use crate::state::{now, AppState};

/// Longest name of a personal API token.
const TOKEN_NAME_MAX_CHARS: usize = 100;

/// Routes anyone may call: they are how one logs in.
pub fn public_router() -> Router<AppState> {
    Router::new().route("/api/v1/auth/signup", post(signup)).route("/api/v1/auth/login", post(login))
}

/// Routes for a logged-in caller.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/logout", post(logout))
        .route("/api/v1/me", get(me))
        .route("/api/v1/tokens", post(create_token).get(list_tokens))
        .route("/api/v1/tokens/{id}", delete(revoke_token))
}

/// A username and password.
#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    /// 3–64 characters: letters, digits, `.`, `_`, `-` (case-insensitive).
    #[schema(example = "alice")]
    username: String,
    /// At least 10 characters, not a common password, not containing the username.
    #[schema(example = "correct horse battery")]
    password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserBody {
    id: i64,
    username: String,
    created_at: DateTime<Utc>,
}

impl From<User> for UserBody {
    fn from(user: User) -> Self {
        Self { id: user.id.0, username: user.username, created_at: user.created_at }
    }
}

/// A new login session.
#[derive(Serialize, ToSchema)]
pub struct SessionBody {
    /// The session secret, also set as the `todo_session` cookie; send it as
    /// `Authorization: Bearer <token>` from scripts.
    token: String,
    user: UserBody,
}

/// The caller.
#[derive(Serialize, ToSchema)]
pub struct MeBody {
    id: i64,
    username: String,
    /// Absent in single-user mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    created_at: Option<DateTime<Utc>>,
    #[schema(value_type = AuthMode)]
    auth_mode: &'static str,
}

#[derive(Deserialize, ToSchema)]
pub struct NewTokenBody {
    /// What the token is for, 1–100 characters.
    #[schema(example = "claude desktop")]
    name: String,
    /// When the token stops working (RFC 3339). Default: never, or, when the
    /// session or token that makes it expires, then: a credential cannot
    /// make one that outlives it.
    #[schema(example = "2027-01-01T00:00:00Z")]
    expires_at: Option<DateTime<Utc>>,
}

/// A personal API token (its secret only in the answer that creates it).
#[derive(Serialize, ToSchema)]
pub struct TokenBody {
    id: i64,
    name: String,
    created_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
    /// Null: valid until revoked.
    #[schema(required = true)]
    expires_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
}

impl TokenBody {
    fn new(credential: Credential, token: Option<String>) -> Self {
        Self {
            id: credential.id,
            name: credential.name.unwrap_or_default(),
            created_at: credential.created_at,
            last_used_at: credential.last_used_at,
            expires_at: credential.expires_at,
            token,
        }
    }
}

fn accounts_only(state: &AppState) -> Result<(), ApiError> {
    match state.auth.mode {
        AuthMode::Accounts => Ok(()),
        AuthMode::SingleUser => Err(ApiError::NotFound("this server runs without accounts (AUTH_MODE=single-user)".into())),
    }
}

#[utoipa::path(post, path = "/api/v1/auth/signup", tag = "accounts", request_body = Credentials,
    responses(
        (status = 201, description = "Signed up and logged in; sets the `todo_session` cookie", body = SessionBody),
        (status = 403, description = "From another site's page", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The username is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid username or weak password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn signup(
    State(state): State<AppState>,
    source: AttemptSource,
    base: BaseUrl,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Response, ApiError> {
    accounts_only(&state)?;
    // Not a guess: no wait for earlier failures.
    count_attempt(&state, &source, &body.username)?;
    let (username, password) = parse_signup(&body.username, &body.password)?;
    let hash = state.auth.passwords.hash(password.as_str()).await.map_err(ApiError::Internal)?;
    let user = state.store.create_user(&username, &hash, now()).await.map_err(|err| match err {
        StoreError::Conflict => ApiError::Conflict(format!("the username {:?} is taken", username.as_str())),
        other => other.into(),
    })?;
    start_session(&state, user, &base, StatusCode::CREATED).await
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = Credentials,
    responses(
        (status = 200, description = "Logged in; sets the `todo_session` cookie", body = SessionBody),
        (status = 401, description = "Unknown user or wrong password (the same answer for both)", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "From another site's page", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address, or from all together; see Retry-After. \
            Failed logins for one username from one address are not refused but answered more slowly each time.",
            body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    source: AttemptSource,
    base: BaseUrl,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Response, ApiError> {
    accounts_only(&state)?;
    let wait = count_attempt(&state, &source, &body.username)?;
    if !wait.is_zero() {
        metrics::counter!("login_attempts_slowed_total").increment(1);
        tokio::time::sleep(wait).await;
    }
    // An impossible username is treated like an unknown one: same answer, same work.
    let found = match Username::parse(&body.username) {
        Ok(username) => state.store.find_login(&username).await?,
        Err(_) => None,
    };
    let hash = found.as_ref().map(|(_, hash)| hash.as_str());
    let matches = state.auth.passwords.verify(&body.password, hash).await.map_err(ApiError::Internal)?;
    match found {
        Some((user, _)) if matches => {
            state.auth.attempts.succeeded(source.ip, &body.username);
            start_session(&state, user, &base, StatusCode::OK).await
        }
        _ => {
            state.auth.attempts.failed(source.ip, &body.username);
            Err(ApiError::Unauthorized("wrong username or password".into()))
        }
    }
}

/// Counts an attempt (see `AttemptLimits::admit`): 429 past a limit, else
/// how long a login waits before its password is checked.
fn count_attempt(state: &AppState, source: &AttemptSource, username: &str) -> Result<std::time::Duration, ApiError> {
    state.auth.attempts.admit(source.ip, username).map_err(|retry_after| {
        tracing::warn!(ip = ?source.ip, "too many sign-up or login attempts");
        ApiError::TooManyAttempts { retry_after }
    })
}

async fn start_session(state: &AppState, user: User, base: &BaseUrl, status: StatusCode) -> Result<Response, ApiError> {
    let secret = new_secret();
    let now = now();
    let expires_at = now + chrono::Duration::from_std(state.auth.session_max_age).map_err(|e| ApiError::Internal(e.into()))?;
    let hash = secret_hash(&secret);
    let credential = NewCredential { kind: CredentialKind::Session, name: None, secret_hash: &hash, expires_at: Some(expires_at) };
    state.store.issue_credential(user.id, &credential, now).await?;
    let cookie = state.auth.session_cookie(&secret, base);
    let body = SessionBody { token: secret, user: user.into() };
    Ok((status, [(header::SET_COOKIE, cookie), (header::CACHE_CONTROL, "no-store".parse().expect("static"))], Json(body)).into_response())
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204, description = "The session (or token) used for this request no longer works; the cookie is cleared")))]
pub async fn logout(State(state): State<AppState>, caller: Caller, base: BaseUrl) -> Result<Response, ApiError> {
    if let Some((user, credential)) = &caller.account {
        match state.store.revoke_credential(user.id, credential.kind, credential.id).await {
            // Revoked by a concurrent logout: the outcome is the same.
            Ok(()) | Err(StoreError::NotFound) => {}
            Err(other) => return Err(other.into()),
        }
        state.auth.verified.forget_credential(credential.id);
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, state.auth.clear_session_cookie(&base))]).into_response())
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses(
        (status = 200, description = "Who is logged in", body = MeBody),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(caller: Caller) -> Json<MeBody> {
    Json(match caller.account {
        Some((user, _)) => {
            MeBody { id: user.id.0, username: user.username, created_at: Some(user.created_at), auth_mode: AuthMode::Accounts.as_str() }
        }
        None => MeBody { id: caller.owner.0, username: "local".to_owned(), created_at: None, auth_mode: AuthMode::SingleUser.as_str() },
    })
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewTokenBody,
    responses(
        (status = 201, description = "The new token; `token` is shown only here", body = TokenBody),
        (status = 422, description = "Invalid name, or an expiry past now or past the caller's own", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> Result<Response, ApiError> {
    accounts_only(&state)?;
    let name = body.name.trim();
    let chars = name.chars().count();
    if !(1..=TOKEN_NAME_MAX_CHARS).contains(&chars) || name.chars().any(char::is_control) {
        return Err(
            ValidationErrors::single("name", format!("must be 1–{TOKEN_NAME_MAX_CHARS} characters without control characters")).into()
        );
    }
    let now = now();
    let expires_at = token_expiry(body.expires_at, caller.account.as_ref().and_then(|(_, used)| used.expires_at), now)?;
    let secret = new_secret();
    let hash = secret_hash(&secret);
    let new = NewCredential { kind: CredentialKind::ApiToken, name: Some(name), secret_hash: &hash, expires_at };
    let credential = state.store.issue_credential(caller.owner, &new, now).await?;
    Ok((StatusCode::CREATED, Json(TokenBody::new(credential, Some(secret)))).into_response())
}

/// A new token's expiry: the one asked for, which must be in the future and
/// not after `ceiling` (the expiry of the credential making it), or else the ceiling.
fn token_expiry(
    asked: Option<DateTime<Utc>>,
    ceiling: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ValidationErrors> {
    match (asked, ceiling) {
        (Some(at), _) if at <= now => Err(ValidationErrors::single("expires_at", "must be in the future")),
        (Some(at), Some(ceiling)) if at > ceiling => Err(ValidationErrors::single(
            "expires_at",
            format!("must not be after {} (when the session or token making it expires)", ceiling.to_rfc3339()),
        )),
        (Some(at), _) => Ok(Some(at)),
        (None, ceiling) => Ok(ceiling),
    }
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, description = "The caller's personal API tokens, newest first (without secrets)", body = [TokenBody])))]
pub async fn list_tokens(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<TokenBody>>, ApiError> {
    accounts_only(&state)?;
    let tokens = state.store.credentials(caller.owner, CredentialKind::ApiToken).await?;
    Ok(Json(tokens.into_iter().map(|t| TokenBody::new(t, None)).collect()))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", params(("id" = i64, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such token of the caller's", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke_token(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> Result<StatusCode, ApiError> {
    accounts_only(&state)?;
    let not_found = || ApiError::NotFound(format!("no API token with id {id}"));
    // Only tokens: a session is ended by logging out.
    state.store.revoke_credential(caller.owner, CredentialKind::ApiToken, id).await.map_err(|e| ApiError::from_store(e, not_found))?;
    state.auth.verified.forget_credential(id);
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn a_token_never_outlives_the_credential_that_makes_it() {
        let now = DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z").unwrap().to_utc();
        let ceiling = Some(now + Duration::days(30));
        assert_eq!(token_expiry(None, None, now).unwrap(), None, "a token that never expires may make one like it");
        assert_eq!(token_expiry(None, ceiling, now).unwrap(), ceiling, "by default it expires with its maker");
        assert_eq!(token_expiry(Some(now + Duration::days(1)), ceiling, now).unwrap(), Some(now + Duration::days(1)));
        assert!(token_expiry(Some(now + Duration::days(31)), ceiling, now).is_err());
        assert!(token_expiry(Some(now), None, now).is_err(), "an expiry in the past is a mistake");
    }
}
