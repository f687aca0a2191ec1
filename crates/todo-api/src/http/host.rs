//! The DNS-rebinding defence: which `Host` names the server answers.
//!
//! A web page whose name an attacker re-points at 127.0.0.1 reaches a local
//! server as the page's own origin: the browser sends `Host: evil.example`,
//! and the CSRF own-origin check, built from that Host, matches the page's
//! `Origin`. In single-user mode (no login) that page could read and erase
//! every todo, so every route but the probes answers only loopback names and
//! the names in `ALLOWED_HOSTS`. In accounts mode a rebinding page has no
//! session (the cookie belongs to the real name) and no token, so the check
//! applies only when `ALLOWED_HOSTS` is set.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header;
use axum::http::uri::Authority;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::AuthMode;
use crate::error::ApiError;

/// Names every local server answers, with any port.
const LOOPBACK_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// The `Host` names a server answers.
#[derive(Debug, Clone)]
pub enum HostPolicy {
    /// Any Host (accounts mode without `ALLOWED_HOSTS`, or `ALLOWED_HOSTS=*`).
    Any,
    /// Loopback names and these (`name` for any port, `name:port` for one).
    Only(Arc<[HostName]>),
}

/// One allowed name, lowercase, without brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostName {
    host: String,
    port: Option<u16>,
}

impl HostName {
    /// `name`, `name:port`, an IP address, or `[v6]:port`; `None` when it is none of these.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if let Ok(ip) = raw.parse::<std::net::IpAddr>() {
            return Some(Self { host: ip.to_string(), port: None });
        }
        if raw.is_empty() || raw.contains(['/', '@', '*']) {
            return None;
        }
        let authority = Authority::try_from(raw).ok()?;
        Some(Self { host: normalize(authority.host()), port: authority.port_u16() })
    }

    fn admits(&self, host: &HostName) -> bool {
        self.host == host.host && self.port.is_none_or(|port| host.port == Some(port))
    }
}

fn normalize(host: &str) -> String {
    host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase()
}

impl HostPolicy {
    /// The policy for `mode` and the `ALLOWED_HOSTS` setting (already parsed:
    /// `*` or names [`HostName::parse`] accepts).
    pub fn new(mode: AuthMode, allowed: &[String]) -> Self {
        if allowed.iter().any(|h| h == "*") || (mode == AuthMode::Accounts && allowed.is_empty()) {
            return Self::Any;
        }
        let names = LOOPBACK_NAMES.iter().copied().chain(allowed.iter().map(String::as_str)).filter_map(HostName::parse).collect();
        Self::Only(names)
    }

    /// Whether a request that names `host` (a Host header value) is answered.
    pub fn admits(&self, host: Option<&str>) -> bool {
        match self {
            Self::Any => true,
            Self::Only(names) => host.and_then(HostName::parse).is_some_and(|host| names.iter().any(|name| name.admits(&host))),
        }
    }
}

/// Answers 403 to a request whose Host (or, over HTTP/2, `:authority`) the policy does not admit.
pub async fn check_host(State(policy): State<HostPolicy>, request: Request, next: Next) -> Response {
    let host = match request.headers().get(header::HOST) {
        Some(value) => value.to_str().ok().map(str::to_owned),
        None => request.uri().authority().map(ToString::to_string),
    };
    if policy.admits(host.as_deref()) {
        return next.run(request).await;
    }
    tracing::warn!(host, "refused a request for a Host this server does not answer (DNS rebinding?)");
    ApiError::HostNotAllowed.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(allowed: &[&str]) -> HostPolicy {
        HostPolicy::new(AuthMode::SingleUser, &allowed.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn loopback_names_are_answered_with_any_port() {
        let policy = only(&[]);
        for host in ["localhost", "localhost:8080", "LOCALHOST:1", "127.0.0.1", "127.0.0.1:8081", "[::1]", "[::1]:8080"] {
            assert!(policy.admits(Some(host)), "{host}");
        }
        for host in ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example", "[::2]:80", "", "a b"] {
            assert!(!policy.admits(Some(host)), "{host}");
        }
        assert!(!policy.admits(None), "no Host at all is not a loopback name");
    }

    #[test]
    fn listed_names_add_to_loopback() {
        let policy = only(&["todo.example.com", "backend:8080", "::1"]);
        assert!(policy.admits(Some("todo.example.com:443")));
        assert!(policy.admits(Some("backend:8080")));
        assert!(!policy.admits(Some("backend:9090")), "a listed port is the only one");
        assert!(policy.admits(Some("127.0.0.1:5")), "loopback stays");
    }

    #[test]
    fn accounts_mode_checks_only_when_a_list_is_set() {
        assert!(HostPolicy::new(AuthMode::Accounts, &[]).admits(Some("anything.example")));
        let listed = HostPolicy::new(AuthMode::Accounts, &["todo.example.com".to_owned()]);
        assert!(!listed.admits(Some("anything.example")));
        assert!(listed.admits(Some("todo.example.com")));
        assert!(HostPolicy::new(AuthMode::Accounts, &["*".to_owned()]).admits(Some("anything.example")));
    }
}
