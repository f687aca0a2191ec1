//! /api/ and /mcp reach the API server unchanged but for the forwarding
//! headers, stream both ways, and fail as problem+json.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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

/// A stub API server, raw HTTP/1.1, that answers the first request on each
/// connection and keeps the connection alive, but closes it without an
/// answer when the next request arrives on it: what a stopping server does
/// to an idle keep-alive connection just as the client reuses it. It records
/// each request as "connection-number METHOD path".
struct ClosingBackend {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl ClosingBackend {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            for connection in 0.. {
                let Ok((socket, _)) = listener.accept().await else { return };
                tokio::spawn(Self::serve(connection, socket, log.clone()));
            }
        });
        Self { port, seen }
    }

    async fn serve(connection: usize, mut socket: tokio::net::TcpStream, seen: Arc<Mutex<Vec<String>>>) {
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        for nth in 0.. {
            // One request: its head, then Content-Length bytes of body.
            let (head_end, length) = loop {
                if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
                    let length: usize =
                        head.lines().find_map(|l| l.strip_prefix("content-length:")).map_or(0, |v| v.trim().parse().unwrap());
                    if received.len() >= end + 4 + length {
                        break (end, length);
                    }
                }
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => received.extend_from_slice(&buf[..n]),
                }
            };
            let head = String::from_utf8_lossy(&received[..head_end]).into_owned();
            let request_line: Vec<&str> = head.lines().next().unwrap_or_default().split(' ').collect();
            seen.lock().unwrap().push(format!("{connection} {} {}", request_line[0], request_line[1]));
            received.drain(..head_end + 4 + length);
            if nth > 0 {
                return; // closes the connection, unanswered
            }
            let body = json!({"connection": connection}).to_string();
            let answer = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
            if socket.write_all(answer.as_bytes()).await.is_err() {
                return;
            }
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

/// Lets the proxy put the connection of the answer just read back in its pool.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[tokio::test]
async fn a_bodyless_idempotent_request_on_a_connection_closed_under_it_is_sent_again_on_a_new_one() {
    let fixture = Fixture::new();
    let backend = ClosingBackend::start().await;
    let web = TestWeb::start(&fixture.dist(), &backend.url(), &[]).await;

    let first = web.get("/api/v1/todos").await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.json::<Value>().await.unwrap()["connection"], 0);
    settle().await;
    // Sent on the pooled connection, which the backend closes: sent again.
    let second = web.get("/api/v1/todos/7").await;
    assert_eq!(second.status(), StatusCode::OK, "the retry answers, not a 502");
    assert_eq!(second.json::<Value>().await.unwrap()["connection"], 1, "answered on a new connection");
    assert_eq!(backend.seen(), ["0 GET /api/v1/todos", "0 GET /api/v1/todos/7", "1 GET /api/v1/todos/7"]);

    // DELETE is idempotent too; the retry's connection was not pooled.
    settle().await;
    let deleted = web.client.delete(web.url("/api/v1/todos/7")).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::OK);
    assert_eq!(deleted.json::<Value>().await.unwrap()["connection"], 2);
    settle().await;
    let again = web.client.delete(web.url("/api/v1/todos/8")).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().await.unwrap()["connection"], 3);
    assert_eq!(backend.seen()[3..], ["2 DELETE /api/v1/todos/7", "2 DELETE /api/v1/todos/8", "3 DELETE /api/v1/todos/8"]);
}

#[tokio::test]
async fn a_post_that_may_have_arrived_is_not_sent_twice() {
    let fixture = Fixture::new();
    let backend = ClosingBackend::start().await;
    let web = TestWeb::start(&fixture.dist(), &backend.url(), &[]).await;
    assert_eq!(web.get("/api/v1/todos").await.status(), StatusCode::OK);
    settle().await;
    let response = web.client.post(web.url("/api/v1/todos")).body(r#"{"title":"buy milk"}"#).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY, "the backend may have created the todo: not sent again");
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["detail"], "the API server gave no valid answer");
    assert_eq!(backend.seen(), ["0 GET /api/v1/todos", "0 POST /api/v1/todos"]);
}

#[tokio::test]
async fn pooled_connections_idle_for_over_two_seconds_are_not_reused() {
    let fixture = Fixture::new();
    let backend = ClosingBackend::start().await;
    let web = TestWeb::start(&fixture.dist(), &backend.url(), &[]).await;
    assert_eq!(web.get("/api/v1/todos").await.status(), StatusCode::OK);
    // Longer than the pool's idle timeout, shorter than any sane DRAIN_DELAY.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let response = web.get("/api/v1/todos/7").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap()["connection"], 1);
    assert_eq!(backend.seen(), ["0 GET /api/v1/todos", "1 GET /api/v1/todos/7"], "the idle connection was dropped, not reused");
}
