//! The absolute base URL of this server as the client sees it, for todo
//! `url`s, `Location` and `Link` headers.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

use crate::error::ApiError;
use crate::state::AppState;

/// `PUBLIC_URL` when set, else scheme and host from X-Forwarded-Proto /
/// X-Forwarded-Host, else from the Host header.
#[derive(Debug, Clone)]
pub struct BaseUrl(pub String);

impl BaseUrl {
    pub fn todo_url(&self, id: i64) -> String {
        format!("{}/api/v1/todos/{id}", self.0)
    }

    /// The base URL of the request in `parts`.
    pub fn of(parts: &Parts, state: &AppState) -> Self {
        if let Some(public) = &state.public_url {
            return Self(public.to_string());
        }
        let headers = &parts.headers;
        let scheme = first_value(headers, "x-forwarded-proto")
            .filter(|p| p.eq_ignore_ascii_case("https") || p.eq_ignore_ascii_case("http"))
            .map(|p| p.to_ascii_lowercase())
            .unwrap_or_else(|| "http".to_owned());
        let host = first_value(headers, "x-forwarded-host")
            .filter(|h| is_plausible_host(h))
            .or_else(|| first_value(headers, header::HOST.as_str()).filter(|h| is_plausible_host(h)))
            .or_else(|| parts.uri.authority().map(|a| a.to_string()))
            .unwrap_or_else(|| "localhost".to_owned());
        Self(format!("{scheme}://{host}"))
    }
}

impl FromRequestParts<AppState> for BaseUrl {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts, state))
    }
}

fn first_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?;
    let first = value.split(',').next()?.trim();
    (!first.is_empty()).then(|| first.to_owned())
}

/// A host[:port] (names, IPv4, bracketed IPv6) and nothing that could break
/// out of a URL or a header.
fn is_plausible_host(host: &str) -> bool {
    host.len() <= 255 && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::is_plausible_host;

    #[test]
    fn hosts_that_could_inject_are_refused() {
        assert!(is_plausible_host("todo.example.com:8443"));
        assert!(is_plausible_host("[::1]:8080"));
        assert!(!is_plausible_host("evil.com/path"));
        assert!(!is_plausible_host("a b"));
        assert!(!is_plausible_host("x>; rel=\"next\""));
    }
}
