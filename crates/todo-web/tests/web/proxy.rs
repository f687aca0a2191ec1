//! /api/ and /mcp reach the API server unchanged but for the forwarding
//! headers, stream both ways, and fail as problem+json.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{free_port, header, Fixture, StubBackend, TestWeb};

/// The headers the stub received, by name (lowercase); each a list of values.
fn seen<'a>(echo: &'a Value, name: &str) -> Vec<&'a str> {
    echo["headers"][name].as_array().map(|values| values.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

#[tokio::test]
async fn method_path_query_body_status_and_headers_pass_through() {
    let fixture = Fixture::new();
    let backend = StubBackend::start().await;
    let web = TestWeb::with(&fixture, &backend).await;

    let response = web
        .client
        .post(web.url("/api/v1/echo?status=open&q=caf%C3%A9+latte&tag=a&tag=b"))
        .header("cookie", "session=abc123; csrf=xyz")
        .header("authorization", "Bearer tok-123")
        .header("origin", "http://todo.example.com:8443")
        .header("host", "todo.example.com:8443")
        .header("content-type", "application/json")
        .header("x-custom", "kept")
        // A hop-by-hop header named by Connection, and another one: both stay here.
        .header("connection", "x-private-hop")
        .header("x-private-hop", "1")
        .header("proxy-authorization", "Basic c2VjcmV0")
        .body(r#"{"title":"buy milk"}"#)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::CREATED, "the backend's status passes through");
    let set_cookies: Vec<&str> = response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(set_cookies, ["session=abc123; Path=/; HttpOnly; SameSite=Lax", "csrf=xyz; Path=/; SameSite=Strict"]);
    assert_eq!(header(response.headers(), "x-backend"), "stub");
    assert!(response.headers().get("keep-alive").is_none(), "hop-by-hop headers from the backend are dropped");
    let request_id = header(response.headers(), "x-request-id").to_owned();
    let echo: Value = response.json().await.unwrap();

    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["path"], "/api/v1/echo");
    assert_eq!(echo["query"], "status=open&q=caf%C3%A9+latte&tag=a&tag=b");
    assert_eq!(echo["body_len"], 20);
    assert_eq!(seen(&echo, "cookie"), ["session=abc123; csrf=xyz"]);
    assert_eq!(seen(&echo, "authorization"), ["Bearer tok-123"]);
    assert_eq!(seen(&echo, "origin"), ["http://todo.example.com:8443"]);
    assert_eq!(seen(&echo, "content-type"), ["application/json"]);
    assert_eq!(seen(&echo, "x-custom"), ["kept"]);
    assert_eq!(seen(&echo, "host"), ["todo.example.com:8443"], "Host passes unchanged");
    assert_eq!(seen(&echo, "x-forwarded-host"), ["todo.example.com:8443"]);
    assert_eq!(seen(&echo, "x-forwarded-proto"), ["http"]);
    assert_eq!(seen(&echo, "x-forwarded-for"), ["127.0.0.1"]);
    assert_eq!(seen(&echo, "x-request-id"), [request_id.as_str()], "the backend logs the same request id");
    assert!(seen(&echo, "x-private-hop").is_empty(), "{echo}");
    assert!(seen(&echo, "proxy-authorization").is_empty(), "{echo}");
}

#[tokio::test]
async fn forwarding_headers_extend_those_of_a_proxy_in_front() {
    let fixture = Fixture::new();
    let backend = StubBackend::start().await;
    let web = TestWeb::with(&fixture, &backend).await;
    let response = web
        .client
        .delete(web.url("/api/v1/echo/todos/7"))
        .header("x-forwarded-for", "203.0.113.9")
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let echo: Value = response.json().await.unwrap();
    assert_eq!(echo["method"], "DELETE");
    assert_eq!(echo["path"], "/api/v1/echo/todos/7");
    assert_eq!(seen(&echo, "x-forwarded-for"), ["203.0.113.9, 127.0.0.1"]);
    assert_eq!(seen(&echo, "x-forwarded-proto"), ["https"]);
    assert_eq!(seen(&echo, "x-forwarded-host"), [format!("127.0.0.1:{}", web.port).as_str()]);

    let mcp: Value = web.client.post(web.url("/mcp")).body("{}").send().await.unwrap().json().await.unwrap();
    assert_eq!(mcp["path"], "/mcp", "/mcp is proxied too");
}

#[tokio::test]
async fn a_large_upload_streams_through() {
    let fixture = Fixture::new();
    let backend = StubBackend::start().await;
    let web = TestWeb::with(&fixture, &backend).await;
    const CHUNK: usize = 64 * 1024;
    const CHUNKS: usize = 128; // 8 MiB, sent chunked with no Content-Length
    let chunk: Vec<u8> = (0..CHUNK).map(|i| (i % 251) as u8).collect();
    let expected_checksum = (0..CHUNKS).flat_map(|_| chunk.iter()).fold(0u64, |sum, b| sum.wrapping_mul(31).wrapping_add(u64::from(*b)));
    let chunks = (0..CHUNKS).map(move |_| Ok::<_, std::io::Error>(Bytes::from(chunk.clone())));
    let response = web
        .client
        .put(web.url("/api/v1/echo/upload"))
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let echo: Value = response.json().await.unwrap();
    assert_eq!(echo["body_len"], CHUNK * CHUNKS);
    assert_eq!(echo["body_checksum"], expected_checksum, "the body arrives intact");
}

#[tokio::test]
async fn server_sent_events_are_not_buffered() {
    let fixture = Fixture::new();
    let backend = StubBackend::start().await;
    let web = TestWeb::with(&fixture, &backend).await;
    let mut response = web.client.get(web.url("/api/v1/stream")).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(response.headers(), "content-type"), "text/event-stream");
    assert!(response.headers().get("content-encoding").is_none(), "events are not compressed (that would buffer them)");

    // The stub sends the second event only once the first has arrived here.
    let first = tokio::time::timeout(Duration::from_secs(5), response.chunk()).await.expect("the first event arrives on its own");
    assert_eq!(first.unwrap().unwrap(), "data: first\n\n");
    backend.release_second_event();
    let second = tokio::time::timeout(Duration::from_secs(5), response.chunk()).await.expect("the second event arrives");
    assert_eq!(second.unwrap().unwrap(), "data: second\n\n");
    let end = tokio::time::timeout(Duration::from_secs(5), response.chunk()).await.expect("the stream ends");
    assert!(end.unwrap().is_none());
}

#[tokio::test]
async fn an_unreachable_backend_is_a_502_problem() {
    let fixture = Fixture::new();
    let web = TestWeb::start(&fixture.dist(), &format!("http://127.0.0.1:{}", free_port()), &[]).await;
    for path in ["/api/v1/todos", "/mcp"] {
        let response = web.client.post(web.url(path)).body("{}").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_GATEWAY, "{path}");
        assert_eq!(header(response.headers(), "content-type"), "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(
            problem,
            json!({"type": "urn:todo-chatbot:problem:bad-gateway", "title": "Bad Gateway", "status": 502,
                   "detail": "the API server is not reachable"})
        );
    }
    // The UI itself still works, and readiness does not depend on the backend.
    assert_eq!(web.get("/").await.status(), StatusCode::OK);
    assert_eq!(web.get("/ready").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_slow_backend_is_a_504_problem_after_proxy_timeout() {
    let fixture = Fixture::new();
    let backend = StubBackend::start().await;
    let web = TestWeb::start(&fixture.dist(), &backend.url(), &["--proxy-timeout=1"]).await;
    let started = Instant::now();
    let response = web.get("/api/v1/slow?ms=5000").await;
    let took = started.elapsed();
    assert_eq!(response.status(), StatusCode::GATEWAY_TIMEOUT);
    assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(3), "answered after {took:?}");
    assert_eq!(header(response.headers(), "content-type"), "application/problem+json");
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["type"], "urn:todo-chatbot:problem:gateway-timeout");
    assert_eq!(problem["title"], "Gateway Timeout");
    assert_eq!(problem["status"], 504);
    assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()));

    // Within the timeout, a slow answer is still passed on.
    assert_eq!(web.get("/api/v1/slow?ms=300").await.status(), StatusCode::OK);
}
