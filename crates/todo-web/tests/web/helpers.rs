//! A fixture UI build, a stub API server, and todo-web started in-process.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use clap::Parser;
use serde_json::{json, Value};
use tempfile::TempDir;
use todo_web::{Application, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;

/// A fresh directory under the system temp dir, removed when dropped.
pub fn temp_dir(prefix: &str) -> TempDir {
    tempfile::Builder::new().prefix(prefix).tempdir().expect("create a temp dir")
}

pub const INDEX_MARKER: &str = "<div id=\"root\"></div>";
pub const SECRET_MARKER: &str = "TOP-SECRET-OUTSIDE-STATIC-DIR";
/// What the pre-compressed `app-abc123.css.br` holds, unlike `app-abc123.css`.
pub const PRECOMPRESSED_CSS: &str = "/* from the pre-compressed file */ body { color: #222; }";

/// A Vite-like build in `<temp>/dist`, and a file beside it (`<temp>/secret.txt`)
/// that must never be served.
pub struct Fixture {
    pub dir: TempDir,
}

impl Fixture {
    pub fn new() -> Self {
        let dir = temp_dir("todo-web-dist");
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(dist.join("assets")).unwrap();
        std::fs::write(
            dist.join("index.html"),
            format!(
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Todo Chatbot</title>\n\
                 <script type=\"module\" src=\"/assets/app-abc123.js\"></script>\n\
                 <link rel=\"stylesheet\" href=\"/assets/app-abc123.css\"></head>\n<body>{INDEX_MARKER}</body></html>\n"
            ),
        )
        .unwrap();
        std::fs::write(dist.join("assets/app-abc123.js"), app_js()).unwrap();
        std::fs::write(dist.join("assets/app-abc123.css"), "body { color: #333; } ".repeat(100)).unwrap();
        std::fs::write(dist.join("assets/app-abc123.css.br"), brotli_compress(PRECOMPRESSED_CSS.as_bytes())).unwrap();
        std::fs::write(dir.path().join("secret.txt"), SECRET_MARKER).unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), SECRET_MARKER).unwrap();
        Self { dir }
    }

    pub fn dist(&self) -> PathBuf {
        self.dir.path().join("dist")
    }
}

/// A few KiB of script, enough to be worth compressing.
pub fn app_js() -> String {
    (0..200).map(|i| format!("export const todo{i} = () => console.log(\"todo {i}\");\n")).collect()
}

fn brotli_compress(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut reader = brotli::CompressorReader::new(data, 4096, 5, 22);
    reader.read_to_end(&mut out).unwrap();
    out
}

pub fn brotli_decompress(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(data, 4096).read_to_end(&mut out).unwrap();
    out
}

pub fn gzip_decompress(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out).unwrap();
    out
}

/// A port nothing listens on (bound and released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The stub API server: `/api/v1/echo…` and `/mcp` describe the request they
/// got; `/api/v1/stream` sends one event, then another once the test calls
/// `release_second_event`; `/api/v1/slow?ms=` answers after a delay.
pub struct StubBackend {
    pub port: u16,
    second_event: Arc<Notify>,
}

impl StubBackend {
    pub async fn start() -> Self {
        let second_event = Arc::new(Notify::new());
        let app = Router::new()
            .route("/api/v1/echo", any(echo))
            .route("/api/v1/echo/{*rest}", any(echo))
            .route("/mcp", any(echo))
            .route("/api/v1/stream", get(stream))
            .route("/api/v1/slow", get(slow))
            .with_state(second_event.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { port, second_event }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn release_second_event(&self) {
        self.second_event.notify_one();
    }
}

async fn echo(request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in &parts.headers {
        headers.entry(name.as_str().to_owned()).or_default().push(value.to_str().unwrap_or("<binary>").to_owned());
    }
    let checksum = bytes.iter().fold(0u64, |sum, b| sum.wrapping_mul(31).wrapping_add(u64::from(*b)));
    let status = if parts.method == "POST" { StatusCode::CREATED } else { StatusCode::OK };
    let description = json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "query": parts.uri.query(),
        "headers": headers,
        "body_len": bytes.len(),
        "body_checksum": checksum,
    });
    let mut response = (status, Json(description)).into_response();
    let response_headers = response.headers_mut();
    response_headers.append("set-cookie", "session=abc123; Path=/; HttpOnly; SameSite=Lax".parse().unwrap());
    response_headers.append("set-cookie", "csrf=xyz; Path=/; SameSite=Strict".parse().unwrap());
    response_headers.insert("x-backend", "stub".parse().unwrap());
    // A hop-by-hop header the proxy must not pass on.
    response_headers.insert("keep-alive", "timeout=5".parse().unwrap());
    response
}

async fn stream(State(second_event): State<Arc<Notify>>) -> Response {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        let _ = sender.send(Ok(Bytes::from_static(b"data: first\n\n"))).await;
        second_event.notified().await;
        let _ = sender.send(Ok(Bytes::from_static(b"data: second\n\n"))).await;
    });
    let body = futures_util::stream::unfold(receiver, |mut receiver| async move { receiver.recv().await.map(|item| (item, receiver)) });
    ([("content-type", "text/event-stream"), ("cache-control", "no-cache")], Body::from_stream(body)).into_response()
}

async fn slow(Query(query): Query<BTreeMap<String, u64>>) -> Json<Value> {
    tokio::time::sleep(Duration::from_millis(query.get("ms").copied().unwrap_or(5000))).await;
    Json(json!({"slow": true}))
}

/// todo-web running in-process on a free port.
pub struct TestWeb {
    pub port: u16,
    pub client: reqwest::Client,
}

impl TestWeb {
    pub async fn start(static_dir: &Path, backend_url: &str, extra: &[&str]) -> Self {
        let mut args = vec![
            "todo-web".to_owned(),
            "--web-port=0".to_owned(),
            format!("--static-dir={}", static_dir.display()),
            format!("--backend-url={backend_url}"),
        ];
        args.extend(extra.iter().map(|a| (*a).to_owned()));
        let config = Config::try_parse_from(args).expect("a valid configuration");
        let app = Application::build(config).await.expect("todo-web starts");
        let port = app.port();
        tokio::spawn(app.run_until_stopped());
        Self { port, client: http_client() }
    }

    /// Serving `fixture`'s build, in front of `backend`.
    pub async fn with(fixture: &Fixture, backend: &StubBackend) -> Self {
        Self::start(&fixture.dist(), &backend.url(), &[]).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

/// No automatic decompression, no redirects: the tests see what the server sent.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name} header in {headers:?}"))
}

/// Sends `raw` as-is (no client-side URL normalisation) and returns the
/// status and the whole answer as text.
pub async fn raw_request(port: u16, raw: &str) -> (u16, String) {
    let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    socket.write_all(raw.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut received)).await.expect("an answer").unwrap();
    let text = String::from_utf8_lossy(&received).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not an HTTP answer: {text}"));
    (status, text)
}
