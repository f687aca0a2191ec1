//! The reverse proxy for `/api/` and `/mcp`: requests and answers stream
//! through unbuffered (large uploads, MCP's server-sent events), the
//! client's cookies, `Authorization`, `Origin` and `Host` pass unchanged, and
//! the `X-Forwarded-*` headers tell the API server the origin the browser
//! saw (it builds absolute URLs and its CSRF own-origin check from them).
//!
//! Server-sent event streams (`/api/v1/events`, MCP's) end when this server
//! starts draining, so that their clients reconnect through another replica
//! instead of holding this one until its shutdown timeout.
//!
//! Connections to the API server are pooled. When an API server stops it
//! answers with `Connection: close` for its drain delay, then closes its idle
//! connections; pooled connections idle only briefly, so none is still in the
//! pool then. Should a request still meet a connection closed under it
//! before any answer, a bodyless idempotent request is sent once more on a
//! fresh connection (a streamed body cannot be replayed).

use std::error::Error as _;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use serde_json::json;

use crate::config::BackendUrl;
use crate::startup::WebState;

/// How long opening a connection to the API server may take; the response
/// timeout (`PROXY_TIMEOUT`) bounds it too.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a pooled connection may sit idle before it is dropped. Well
/// below the API server's `DRAIN_DELAY` (5 s by default; keep it above
/// this): a stopping server closes its idle connections when the drain
/// delay ends, and a request sent on one at that moment fails. A connection
/// idle since before the shutdown signal has expired here by then, and one
/// used during the drain was closed by the server's `Connection: close`.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(2);

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");

/// Headers that describe one connection, not the message (RFC 9110 §7.6.1):
/// never forwarded in either direction.
const HOP_BY_HOP: [HeaderName; 9] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// A pooled HTTP/1.1 client for the API server.
#[derive(Clone)]
pub struct Proxy {
    client: Client<HttpConnector, Body>,
    /// No pool: every request on a new connection. For the one retry.
    fresh: Client<HttpConnector, Body>,
    backend: BackendUrl,
    timeout: Duration,
}

impl Proxy {
    pub fn new(backend: BackendUrl, timeout: Duration) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(CONNECT_TIMEOUT.min(timeout)));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            // Evicts expired idle connections (closing their sockets) in the background.
            .pool_timer(TokioTimer::new())
            // The default, made explicit: a request the pooled connection
            // hands back unsent (it closed first) goes on another connection,
            // whatever its method.
            .retry_canceled_requests(true)
            .build(connector.clone());
        let fresh = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(0).build(connector);
        Self { client, fresh, backend, timeout }
    }

    pub fn backend_authority(&self) -> &str {
        &self.backend.authority
    }

    /// Where `uri` (origin-form, as received) goes on the API server.
    fn target(&self, uri: &Uri) -> Result<Uri, axum::http::Error> {
        let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
        Uri::builder().scheme("http").authority(self.backend.authority.as_str()).path_and_query(path_and_query).build()
    }
}

/// The handler for every proxied route.
pub async fn forward(State(state): State<WebState>, request: Request) -> Response {
    let proxy = &state.proxy;
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let (mut parts, body) = request.into_parts();
    parts.uri = match proxy.target(&parts.uri) {
        Ok(uri) => uri,
        Err(err) => {
            tracing::warn!(error = %err, "cannot build the API server's URI");
            return problem(StatusCode::BAD_GATEWAY, "bad-gateway", "the request cannot be passed to the API server");
        }
    };
    remove_hop_by_hop(&mut parts.headers);
    set_forwarded(&mut parts.headers, peer);
    // Only a request with nothing to stream can be sent a second time.
    let again = body.is_end_stream().then(|| bodyless_copy(&parts));
    let upstream = Request::from_parts(parts, body);

    let send = async {
        let first = proxy.client.request(upstream).await;
        match (first, again) {
            (Err(err), Some(again)) if may_retry(again.method(), &err) => {
                tracing::info!(
                    error = format!("{:#}", anyhow::Error::new(err)),
                    backend = proxy.backend.authority,
                    "the connection to the API server closed before an answer; retrying on a new one"
                );
                proxy.fresh.request(again).await
            }
            (first, _) => first,
        }
    };
    match tokio::time::timeout(proxy.timeout, send).await {
        Ok(Ok(response)) => {
            let (mut parts, body) = response.into_parts();
            remove_hop_by_hop(&mut parts.headers);
            let body = if is_event_stream(&parts.headers) {
                Body::from_stream(Body::new(body).into_data_stream().take_until(state.closed()))
            } else {
                Body::new(body)
            };
            Response::from_parts(parts, body)
        }
        Ok(Err(err)) => {
            let connect = err.is_connect();
            tracing::warn!(error = format!("{:#}", anyhow::Error::new(err)), backend = proxy.backend.authority, "the API server failed");
            if connect {
                problem(StatusCode::BAD_GATEWAY, "bad-gateway", "the API server is not reachable")
            } else {
                problem(StatusCode::BAD_GATEWAY, "bad-gateway", "the API server gave no valid answer")
            }
        }
        Err(_) => {
            tracing::warn!(timeout = ?proxy.timeout, backend = proxy.backend.authority, "the API server did not answer in time");
            problem(StatusCode::GATEWAY_TIMEOUT, "gateway-timeout", "the API server did not answer in time")
        }
    }
}

fn is_event_stream(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim_start().starts_with("text/event-stream"))
}

/// The same request with an empty body.
fn bodyless_copy(parts: &axum::http::request::Parts) -> Request {
    let mut copy = Request::new(Body::empty());
    *copy.method_mut() = parts.method.clone();
    *copy.uri_mut() = parts.uri.clone();
    *copy.version_mut() = parts.version;
    *copy.headers_mut() = parts.headers.clone();
    copy
}

/// Whether a bodyless request that failed with `err` may be sent again: if
/// it never left (any method), or if the connection closed before an answer
/// and sending it twice does no harm (idempotent methods, RFC 9110 §9.2.2).
fn may_retry(method: &Method, err: &hyper_util::client::legacy::Error) -> bool {
    if err.is_connect() {
        // No connection at all: a second attempt at once would fail alike.
        return false;
    }
    let idempotent = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE);
    let mut source = err.source();
    while let Some(cause) = source {
        if let Some(hyper_err) = cause.downcast_ref::<hyper::Error>() {
            if hyper_err.is_canceled() {
                // Handed back unsent (the connection closed first).
                return true;
            }
            if hyper_err.is_incomplete_message() {
                // Closed before a whole answer: the request may have arrived.
                return idempotent;
            }
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset};
            if matches!(io.kind(), ConnectionReset | ConnectionAborted | BrokenPipe) {
                return idempotent;
            }
        }
        source = cause.source();
    }
    false
}

/// Drops the hop-by-hop headers, including those the `Connection` header names.
fn remove_hop_by_hop(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    for name in HOP_BY_HOP.iter().chain(&named) {
        headers.remove(name);
    }
}

/// X-Forwarded-For gains the peer; X-Forwarded-Host is the Host the client
/// asked for; X-Forwarded-Proto is kept from a proxy in front (one that
/// terminates TLS says https), else http.
fn set_forwarded(headers: &mut HeaderMap, peer: Option<std::net::IpAddr>) {
    if let Some(peer) = peer {
        let earlier: Vec<&str> = headers.get_all(&X_FORWARDED_FOR).iter().filter_map(|v| v.to_str().ok()).collect();
        let chain = if earlier.is_empty() { peer.to_string() } else { format!("{}, {peer}", earlier.join(", ")) };
        if let Ok(value) = HeaderValue::from_str(&chain) {
            headers.insert(X_FORWARDED_FOR, value);
        }
    }
    match headers.get(header::HOST).cloned() {
        Some(host) => headers.insert(X_FORWARDED_HOST, host),
        None => headers.remove(X_FORWARDED_HOST),
    };
    if !headers.contains_key(&X_FORWARDED_PROTO) {
        headers.insert(X_FORWARDED_PROTO, HeaderValue::from_static("http"));
    }
}

/// A problem+json answer of the proxy's own, e.g. `urn:todo-chatbot:problem:bad-gateway`.
fn problem(status: StatusCode, kind: &str, detail: &str) -> Response {
    let body = json!({
        "type": format!("urn:todo-chatbot:problem:{kind}"),
        "title": status.canonical_reason().unwrap_or_default(),
        "status": status.as_u16(),
        "detail": detail,
    });
    (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_headers_and_those_connection_names_are_dropped() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONNECTION, HeaderValue::from_static("keep-alive, x-private-hop"));
        headers.insert("keep-alive", HeaderValue::from_static("timeout=5"));
        headers.insert("x-private-hop", HeaderValue::from_static("1"));
        headers.insert(header::TRANSFER_ENCODING, HeaderValue::from_static("chunked"));
        headers.insert(header::COOKIE, HeaderValue::from_static("session=abc"));
        remove_hop_by_hop(&mut headers);
        assert_eq!(headers.len(), 1, "{headers:?}");
        assert_eq!(headers[header::COOKIE], "session=abc");
    }

    #[test]
    fn forwarded_headers_extend_what_a_proxy_in_front_said() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("todo.example.com"));
        headers.insert(X_FORWARDED_FOR, HeaderValue::from_static("203.0.113.7"));
        headers.insert(X_FORWARDED_PROTO, HeaderValue::from_static("https"));
        headers.insert(X_FORWARDED_HOST, HeaderValue::from_static("spoofed.example"));
        set_forwarded(&mut headers, Some("10.0.0.5".parse().unwrap()));
        assert_eq!(headers[&X_FORWARDED_FOR], "203.0.113.7, 10.0.0.5");
        assert_eq!(headers[&X_FORWARDED_HOST], "todo.example.com");
        assert_eq!(headers[&X_FORWARDED_PROTO], "https");
    }
}
