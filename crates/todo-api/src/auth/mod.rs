//! Who is asking. In `accounts` mode every protected route runs behind
//! [`require_caller`], which turns a session cookie or a Bearer token into a
//! [`Caller`]; handlers take the `Caller` as an argument, and the store needs
//! its owner id for every query, so a handler cannot skip the check.

mod attempts;
mod secrets;
mod verified;

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};
use todo_core::OwnerId;
use todo_store::{Credential, User};

pub use attempts::AttemptLimits;
pub use secrets::{new_secret, secret_hash, Passwords};
pub use verified::VerifiedCredentials;

use crate::config::{AuthMode, Config, TrustForwardedFor};
use crate::error::ApiError;
use crate::http::BaseUrl;
use crate::state::{now, AppState};

/// The cookie that carries a login session's secret.
pub const SESSION_COOKIE: &str = "todo_session";

/// The one owner of every todo in `single-user` mode. Account ids start at
/// 2 (see the accounts migration), so no account inherits these todos.
pub const LOCAL_OWNER: OwnerId = OwnerId(1);

/// Settings and shared state of authentication.
pub struct Auth {
    pub mode: AuthMode,
    pub session_idle: chrono::Duration,
    pub session_max_age: Duration,
    pub attempts: AttemptLimits,
    pub passwords: Passwords,
    /// Credentials verified in the last `AUTH_CACHE_TTL`; every revoke must
    /// forget what it ends here.
    pub verified: VerifiedCredentials,
    trust_forwarded_for: TrustForwardedFor,
    /// Origins (besides the server's own) whose cookie-carrying requests pass
    /// the CSRF check: the CORS allow-list.
    trusted_origins: Vec<String>,
}

impl Auth {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let per_ip = NonZeroU32::new(config.auth_attempts_per_minute).unwrap_or(NonZeroU32::MIN);
        let global = NonZeroU32::new(config.auth_attempts_global_per_minute).unwrap_or(NonZeroU32::MIN);
        Ok(Self {
            mode: config.auth_mode,
            session_idle: chrono::Duration::from_std(config.session_idle_timeout)?,
            session_max_age: config.session_max_age,
            attempts: AttemptLimits::new(per_ip, global),
            passwords: Passwords::new()?,
            verified: VerifiedCredentials::new(config.auth_cache_ttl),
            trust_forwarded_for: config.trust_forwarded_for,
            trusted_origins: config.cors_origins().into_iter().filter(|o| o != "*").collect(),
        })
    }

    /// The client's address, for attempt limits.
    pub fn client_ip(&self, parts: &Parts) -> Option<IpAddr> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        let trusted = match self.trust_forwarded_for {
            TrustForwardedFor::True => true,
            TrustForwardedFor::False => false,
            TrustForwardedFor::Loopback => peer.is_some_and(|ip| ip.is_loopback()),
        };
        if trusted {
            let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
            if let Some(last) = forwarded.and_then(|list| list.rsplit(',').next()).and_then(|ip| ip.trim().parse().ok()) {
                return Some(last);
            }
        }
        peer
    }

    /// Refuses a request whose browser says it comes from another site.
    /// With `required`, a request that names no origin is refused too.
    pub fn check_origin(&self, parts: &Parts, base: &BaseUrl, required: bool) -> Result<(), ApiError> {
        let Some(origin) = request_origin(&parts.headers) else {
            return if required {
                Err(ApiError::CrossSiteRequest(
                    "a change made with a session cookie must carry an Origin header; scripts should send Authorization: Bearer".into(),
                ))
            } else {
                Ok(())
            };
        };
        let own = normalized_origin(&base.0);
        if own.as_deref() == Some(origin.as_str()) || self.trusted_origins.contains(&origin) {
            Ok(())
        } else {
            Err(ApiError::CrossSiteRequest(format!("requests from {origin} may not use this session")))
        }
    }

    /// `Set-Cookie` for a new session.
    pub fn session_cookie(&self, secret: &str, base: &BaseUrl) -> HeaderValue {
        let max_age = cookie::time::Duration::seconds(i64::try_from(self.session_max_age.as_secs()).unwrap_or(i64::MAX));
        session_set_cookie(secret, max_age, base)
    }

    /// `Set-Cookie` that removes the session cookie.
    pub fn clear_session_cookie(&self, base: &BaseUrl) -> HeaderValue {
        session_set_cookie("", cookie::time::Duration::ZERO, base)
    }
}

/// The session cookie's `Set-Cookie` value: Secure when the client came over https.
fn session_set_cookie(value: &str, max_age: cookie::time::Duration, base: &BaseUrl) -> HeaderValue {
    let cookie = Cookie::build((SESSION_COOKIE, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(base.0.starts_with("https://"))
        .max_age(max_age)
        .build();
    HeaderValue::try_from(cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Whose request this is.
#[derive(Debug, Clone)]
pub struct Caller {
    pub owner: OwnerId,
    /// The account and the credential it used; `None` in single-user mode.
    pub account: Option<(User, Credential)>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Caller>().cloned().ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!("route {} takes a Caller but is not behind require_caller", parts.uri.path()))
        })
    }
}

/// A sign-up or login request: where it comes from, for attempt limits.
/// Refuses one that a browser says comes from another site (login CSRF).
pub struct AttemptSource {
    pub ip: Option<IpAddr>,
}

impl FromRequestParts<AppState> for AttemptSource {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        state.auth.check_origin(parts, &BaseUrl::of(parts, state), false)?;
        Ok(Self { ip: state.auth.client_ip(parts) })
    }
}

/// How a request may prove who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    /// A session cookie (browsers) or a Bearer token (scripts).
    CookieOrBearer,
    /// Only a Bearer token (`/mcp`).
    BearerOnly,
}

/// Middleware: answers 401 (or 403 for a cross-site change) unless the
/// request proves who it is; otherwise hands the handler its [`Caller`].
pub async fn require_caller(State((state, accepts)): State<(AppState, Accepts)>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    match identify(&state, &parts, accepts).await {
        Ok(caller) => {
            parts.extensions.insert(caller);
            next.run(Request::from_parts(parts, body)).await
        }
        Err(err) => err.into_response(),
    }
}

async fn identify(state: &AppState, parts: &Parts, accepts: Accepts) -> Result<Caller, ApiError> {
    let auth = &state.auth;
    if auth.mode == AuthMode::SingleUser {
        return Ok(Caller { owner: LOCAL_OWNER, account: None });
    }
    let (secret, by_cookie) = match (bearer_token(&parts.headers)?, accepts) {
        (Some(token), _) => (token, false),
        (None, Accepts::CookieOrBearer) => match session_cookie(&parts.headers) {
            Some(secret) => (secret, true),
            None => return Err(ApiError::Unauthorized("log in first, or send Authorization: Bearer <token>".into())),
        },
        (None, Accepts::BearerOnly) => {
            return Err(ApiError::Unauthorized("send Authorization: Bearer <token> (a personal API token or a login token)".into()))
        }
    };
    let hash = secret_hash(&secret);
    let now = now();
    let (user, credential) = match auth.verified.recall(&hash, now, auth.session_idle) {
        Ok(found) => found,
        Err(since) => {
            let found = state.store.authenticate(&hash, now, auth.session_idle).await?;
            let Some((user, credential)) = found else {
                return Err(ApiError::Unauthorized("the session has ended or the token is not valid; log in again".into()));
            };
            auth.verified.remember(hash, &user, &credential, since);
            (user, credential)
        }
    };
    if by_cookie && !is_safe(&parts.method) {
        auth.check_origin(parts, &BaseUrl::of(parts, state), true)?;
    }
    Ok(Caller { owner: user.id, account: Some((user, credential)) })
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The token of `Authorization: Bearer <token>`; an Authorization header of
/// another kind is refused rather than ignored.
fn bearer_token(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let value = value.to_str().unwrap_or_default();
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => Ok(Some(token.trim().to_owned())),
        _ => Err(ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".into())),
    }
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == SESSION_COOKIE && !c.value().is_empty())
        .map(|c| c.value().to_owned())
}

/// The requesting page's origin: `Origin`, else the origin of `Referer`.
fn request_origin(headers: &HeaderMap) -> Option<String> {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    match origin {
        // Sandboxed frames and privacy redirects send the literal "null".
        Some("null") => Some("null".to_owned()),
        Some(origin) => normalized_origin(origin).or(Some(origin.to_owned())),
        None => headers.get(header::REFERER).and_then(|v| v.to_str().ok()).and_then(normalized_origin),
    }
}

/// `scheme://host[:port]` with the default port left out, as browsers send it.
fn normalized_origin(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn bearer_tokens_are_read_and_other_schemes_refused() {
        assert_eq!(bearer_token(&headers(&[("authorization", "Bearer tc_abc")])).unwrap().as_deref(), Some("tc_abc"));
        assert_eq!(bearer_token(&headers(&[("authorization", "bearer  tc_abc ")])).unwrap().as_deref(), Some("tc_abc"));
        assert!(bearer_token(&headers(&[])).unwrap().is_none());
        assert!(bearer_token(&headers(&[("authorization", "Basic YTpi")])).is_err());
        assert!(bearer_token(&headers(&[("authorization", "Bearer ")])).is_err());
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let h = headers(&[("cookie", "theme=dark; todo_session=tc_secret"), ("cookie", "x=1")]);
        assert_eq!(session_cookie(&h).as_deref(), Some("tc_secret"));
        assert!(session_cookie(&headers(&[("cookie", "todo_session=")])).is_none());
    }

    #[test]
    fn origins_compare_without_default_ports() {
        assert_eq!(normalized_origin("http://localhost:80/x").as_deref(), Some("http://localhost"));
        assert_eq!(normalized_origin("https://A.example.com:8443").as_deref(), Some("https://a.example.com:8443"));
        assert_eq!(request_origin(&headers(&[("referer", "http://127.0.0.1:8080/chat?x")])).as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(request_origin(&headers(&[("origin", "null")])).as_deref(), Some("null"));
    }
}
