//! Starting servers and talking to them. Nothing here knows the server's
//! internals: only its library entry point (`Application`), its binary and HTTP.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use clap::Parser;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::{Response, StatusCode};
use serde_json::Value;
use sqlx::{Connection, Executor};
use todo_api::config::AuthMode;
use todo_api::{Application, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Where the server under test keeps its todos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Every problem type the API documents (docs/api-behaviour.md).
pub const PROBLEM_PREFIX: &str = "urn:todo-chatbot:problem:";

/// A name no other test (or earlier run) uses: process id, a counter and the clock.
pub fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{}_{}_{:x}", std::process::id(), n, nanos)
}

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Self {
        let path = std::env::temp_dir().join(format!("{prefix}-{}", unique_suffix()));
        std::fs::create_dir_all(&path).expect("create a temp dir");
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What keeps a test's database around; dropping it removes the database.
pub enum DatabaseGuard {
    Sqlite {
        _dir: TempDir,
    },
    /// Dropped with `DROP DATABASE … WITH (FORCE)`, so the test cluster does
    /// not fill up with one database per test and run.
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl Drop for DatabaseGuard {
    fn drop(&mut self) {
        let DatabaseGuard::Postgres { admin_url, name } = self else { return };
        let (admin_url, name) = (admin_url.clone(), name.clone());
        // Drop may run inside the test's runtime: do the async work on a thread of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&admin_url).await.ok()?;
                let _ = conn.execute(format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#).as_str()).await;
                let _ = conn.close().await;
                Some(())
            })
        })
        .join();
    }
}

/// A fresh, empty database for one test; returns its URL and what keeps it alive.
pub async fn fresh_database(backend: Backend) -> (String, DatabaseGuard) {
    match backend {
        Backend::Sqlite => {
            let dir = TempDir::new("todo-api-test");
            let url = format!("sqlite://{}", dir.path().join("todos.db").display());
            (url, DatabaseGuard::Sqlite { _dir: dir })
        }
        Backend::Postgres => {
            let admin_url = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| {
                panic!(
                    "TEST_DATABASE_URL is not set: the PostgreSQL tests need an admin URL such as \
                     postgres://postgres@127.0.0.1:55432/postgres. Run `make test`, which starts PostgreSQL \
                     (or run only the SQLite half: `cargo test -p todo-api --test api sqlite`)."
                )
            });
            let name = format!("todo_test_{}", unique_suffix());
            let mut conn = sqlx::PgConnection::connect(&admin_url)
                .await
                .unwrap_or_else(|e| panic!("cannot connect to TEST_DATABASE_URL={admin_url}: {e}"));
            conn.execute(format!(r#"CREATE DATABASE "{name}""#).as_str())
                .await
                .unwrap_or_else(|e| panic!("CREATE DATABASE {name} failed: {e}"));
            let _ = conn.close().await;
            let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
            url.set_path(&format!("/{name}"));
            (url.to_string(), DatabaseGuard::Postgres { admin_url, name })
        }
    }
}

/// A server running in this process, on its own port and database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub port: u16,
    /// Sends the test user's Bearer token with every request (in accounts mode).
    pub client: reqwest::Client,
    /// The test user's Bearer token; empty in single-user mode.
    pub token: String,
    /// Its database, for another process to open (`todo-api mcp`).
    pub database_url: String,
    _database: DatabaseGuard,
}

/// The password every test account is given.
pub const TEST_PASSWORD: &str = "a test password that is long";

/// A server in accounts mode (the default) and one signed-up user, as whom
/// `client` makes every request.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// Like `spawn_app`, with extra command-line flags (e.g. `["--public-url", "…"]`).
/// With `--auth-mode single-user` no account is made.
pub async fn spawn_app_with(backend: Backend, extra_args: &[&str]) -> TestApp {
    let (database_url, database) = fresh_database(backend).await;
    let (address, port, auth_mode) = serve_in_process(&database_url, extra_args).await;
    let token = if auth_mode == AuthMode::Accounts { sign_up(&address, "tester").await } else { String::new() };
    TestApp { address, port, client: client_with_token(&token), token, database_url, _database: database }
}

/// Starts a server in this process on the database `database_url` names, as it is;
/// returns its address, port and auth mode.
pub async fn serve_in_process(database_url: &str, extra_args: &[&str]) -> (String, u16, AuthMode) {
    let mut args: Vec<&str> =
        vec!["todo-api", "--api-host", "127.0.0.1", "--api-port", "0", "--database-url", database_url, "--drain-delay", "0"];
    args.extend_from_slice(extra_args);
    let config = Config::parse_from(args);
    let auth_mode = config.auth_mode;
    let app = Application::build(config).await.expect("Application::build");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    (format!("http://127.0.0.1:{port}"), port, auth_mode)
}

/// Signs `username` up (password [`TEST_PASSWORD`]) and returns its Bearer token.
pub async fn sign_up(address: &str, username: &str) -> String {
    let response = http_client()
        .post(format!("{address}/api/v1/auth/signup"))
        .json(&serde_json::json!({ "username": username, "password": TEST_PASSWORD }))
        .send()
        .await
        .expect("POST /auth/signup");
    let body = expect_json(response, StatusCode::CREATED).await;
    body["token"].as_str().unwrap_or_else(|| panic!("signup answered no token: {body}")).to_owned()
}

/// A client that sends `Authorization: Bearer <token>` (none when `token` is empty).
pub fn client_with_token(token: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    if !token.is_empty() {
        let value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}")).expect("token is a header value");
        headers.insert(reqwest::header::AUTHORIZATION, value);
    }
    reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("reqwest client")
}

/// A client that never hangs a test, does not follow redirects, and sends no credentials.
pub fn http_client() -> reqwest::Client {
    client_with_token("")
}

impl TestApp {
    /// `Authorization: Bearer …` and CRLF, for raw requests; empty in single-user mode.
    pub fn auth_header_line(&self) -> String {
        if self.token.is_empty() {
            String::new()
        } else {
            format!("Authorization: Bearer {}\r\n", self.token)
        }
    }

    /// `address` + `path` (a path starting with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// `address` + `/api/v1` + `path`.
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{}", self.address, path)
    }

    pub async fn post_todo(&self, body: &Value) -> Response {
        self.client.post(self.api("/todos")).json(body).send().await.expect("POST /todos")
    }

    /// Creates a todo and returns it, asserting 201.
    pub async fn create_todo(&self, body: Value) -> Value {
        let response = self.post_todo(&body).await;
        expect_json(response, StatusCode::CREATED).await
    }

    /// Creates a todo with only a title.
    pub async fn create_titled(&self, title: &str) -> Value {
        self.create_todo(serde_json::json!({ "title": title })).await
    }

    pub async fn get_todo(&self, id: i64) -> Response {
        self.client.get(self.api(&format!("/todos/{id}"))).send().await.expect("GET /todos/{id}")
    }

    pub async fn patch_todo(&self, id: i64, body: &Value) -> Response {
        self.client.patch(self.api(&format!("/todos/{id}"))).json(body).send().await.expect("PATCH /todos/{id}")
    }

    /// Patches a todo and returns it, asserting 200.
    pub async fn patch_ok(&self, id: i64, body: Value) -> Value {
        let response = self.patch_todo(id, &body).await;
        expect_json(response, StatusCode::OK).await
    }

    pub async fn delete_todo(&self, id: i64) -> Response {
        self.client.delete(self.api(&format!("/todos/{id}"))).send().await.expect("DELETE /todos/{id}")
    }

    /// `GET /api/v1/todos?{query}` (`query` without the `?`, may be empty).
    pub async fn list(&self, query: &str) -> Response {
        self.client.get(self.list_url(query)).send().await.expect("GET /todos")
    }

    /// The todos a listing returns, asserting 200.
    pub async fn list_json(&self, query: &str) -> Vec<Value> {
        let response = self.list(query).await;
        let body = expect_json(response, StatusCode::OK).await;
        body.as_array().unwrap_or_else(|| panic!("GET /todos?{query} is not an array: {body}")).clone()
    }

    /// The titles of a listing, in the order returned.
    pub async fn list_titles(&self, query: &str) -> Vec<String> {
        titles(&self.list_json(query).await)
    }

    /// `DELETE /api/v1/todos?{query}`.
    pub async fn delete_todos(&self, query: &str) -> Response {
        self.client.delete(self.list_url(query)).send().await.expect("DELETE /todos")
    }

    fn list_url(&self, query: &str) -> String {
        if query.is_empty() {
            self.api("/todos")
        } else {
            format!("{}?{}", self.api("/todos"), query)
        }
    }
}

/// The `title`s of a list of todos.
pub fn titles(todos: &[Value]) -> Vec<String> {
    todos.iter().map(|t| t["title"].as_str().unwrap_or_else(|| panic!("todo without title: {t}")).to_owned()).collect()
}

/// A todo's id.
pub fn id_of(todo: &Value) -> i64 {
    todo["id"].as_i64().unwrap_or_else(|| panic!("todo without an integer id: {todo}"))
}

/// Reads the body as JSON, asserting the status first (the body is in the message).
pub async fn expect_json(response: Response, status: StatusCode) -> Value {
    let (actual, _, text) = read(response).await;
    assert_eq!(actual, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("body is not JSON ({e}): {text}"))
}

/// Status, headers and body text of a response.
pub async fn read(response: Response) -> (StatusCode, HeaderMap, String) {
    let status = response.status();
    let headers = response.headers().clone();
    let url = response.url().to_string();
    let text = response.text().await.expect("read the response body");
    assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "no request of this suite may see a 500 ({url}); body: {text}");
    (status, headers, text)
}

/// Asserts an RFC 9457 problem document of the given status and type
/// (the part after `urn:todo-chatbot:problem:`) and returns it.
pub async fn assert_problem(response: Response, status: u16, problem_type: &str) -> Value {
    let what = format!("{} {}", response.url().path(), response.url().query().unwrap_or(""));
    let (actual, headers, text) = read(response).await;
    assert_problem_parts(&what, actual.as_u16(), &headers, &text, status, problem_type)
}

/// The same for a response already read; `what` names the request in failure messages.
pub fn assert_problem_parts(what: &str, actual: u16, headers: &HeaderMap, text: &str, status: u16, problem_type: &str) -> Value {
    assert_eq!(actual, status, "{what}: unexpected status; body: {text}");
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(
        content_type.starts_with("application/problem+json"),
        "{what}: content-type must be application/problem+json, got {content_type:?}; body: {text}"
    );
    let problem: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: problem body is not JSON ({e}): {text}"));
    assert_eq!(problem["type"], format!("{PROBLEM_PREFIX}{problem_type}"), "{what}: problem type; body: {text}");
    assert!(problem["title"].as_str().is_some_and(|t| !t.is_empty()), "{what}: problem needs a title: {text}");
    assert_eq!(problem["status"], status, "{what}: problem status member; body: {text}");
    assert!(problem["detail"].is_string(), "{what}: problem needs a detail string: {text}");
    problem
}

/// Asserts a validation problem (422) that names `field` in `errors`.
pub async fn assert_validation(response: Response, field: &str) -> Value {
    let problem = assert_problem(response, 422, "validation").await;
    assert_field_error(&problem, field);
    problem
}

pub fn assert_field_error(problem: &Value, field: &str) {
    let errors = problem["errors"].as_array().unwrap_or_else(|| panic!("validation problem without errors[]: {problem}"));
    let entry = errors.iter().find(|e| e["field"] == field).unwrap_or_else(|| panic!("errors[] does not name field {field:?}: {problem}"));
    assert!(entry["message"].as_str().is_some_and(|m| !m.is_empty()), "error for {field} needs a message: {problem}");
}

/// Today's date in an IANA time zone, from the system clock.
pub fn today_in(zone: &str) -> NaiveDate {
    let tz: chrono_tz::Tz = zone.parse().expect("a known time zone");
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

pub fn ymd(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Parses an RFC 3339 timestamp field, panicking with the todo when it is not one.
pub fn timestamp(todo: &Value, field: &str) -> chrono::DateTime<chrono::FixedOffset> {
    let raw = todo[field].as_str().unwrap_or_else(|| panic!("{field} is not a string: {todo}"));
    chrono::DateTime::parse_from_rfc3339(raw).unwrap_or_else(|e| panic!("{field} {raw:?} is not RFC 3339 ({e})"))
}

/// The target of a `Link: <…>; rel="next"` header, resolved against `base`.
pub fn next_link(headers: &HeaderMap, base: &str) -> Option<String> {
    link(headers, base, "next")
}

/// The target of a `Link: <…>; rel="<rel>"` header, resolved against `base`.
pub fn link(headers: &HeaderMap, base: &str, rel: &str) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let value = value.to_str().expect("Link header is ASCII");
        for part in value.split(',') {
            let part = part.trim();
            let Some((target, params)) = part.split_once(';') else { continue };
            let is_rel = params.split(';').any(|p| {
                let p = p.trim().replace(' ', "");
                p == format!("rel=\"{rel}\"") || p == format!("rel={rel}")
            });
            if is_rel {
                let target = target.trim().trim_start_matches('<').trim_end_matches('>');
                let base = url::Url::parse(base).expect("base URL");
                return Some(base.join(target).expect("Link target resolves").to_string());
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Raw HTTP/1.1 over TCP, for what a well-behaved client library will not do
// (a body sent slowly, chunked bodies of a chosen size).

/// A response read off a raw socket.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn header_map(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in &self.headers {
            if let (Ok(name), Ok(value)) =
                (reqwest::header::HeaderName::from_bytes(k.as_bytes()), reqwest::header::HeaderValue::from_str(v))
            {
                map.append(name, value);
            }
        }
        map
    }
}

/// Parses one HTTP/1.1 response (Content-Length, chunked, or until EOF).
pub fn parse_raw_response(bytes: &[u8]) -> Option<RawResponse> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())).collect();
    let raw_body = &bytes[end + 4..];
    let chunked = headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        let mut out = Vec::new();
        let mut rest = raw_body;
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
            let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
            let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(rest.get(..size)?);
            rest = rest.get(size + 2..)?;
        }
        out
    } else if let Some((_, len)) = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-length")) {
        raw_body.get(..len.parse::<usize>().ok()?)?.to_vec()
    } else {
        raw_body.to_vec()
    };
    Some(RawResponse { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

/// Writes `parts` to a new connection (pausing `pause` between parts) while
/// reading whatever comes back, so an early answer (413 before the body ends)
/// is seen even if the server then stops reading. Bounded by `limit`.
pub async fn raw_exchange(port: u16, parts: Vec<Vec<u8>>, pause: Duration, limit: Duration) -> RawResponse {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let write = tokio::spawn(async move {
        for (i, part) in parts.iter().enumerate() {
            if i > 0 && !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
            if writer.write_all(part).await.is_err() {
                return; // the server answered and closed early: fine, the reader has the answer
            }
            let _ = writer.flush().await;
        }
        // Keep the write half open: closing it could read as an aborted request.
        std::future::pending::<()>().await;
    });
    let read = async {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if let Some(response) = complete_response(&buf) {
                return Some(response);
            }
            match reader.read(&mut chunk).await {
                Ok(0) | Err(_) => return parse_raw_response(&buf),
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    };
    let result = tokio::time::timeout(limit, read).await;
    write.abort();
    match result {
        Ok(Some(response)) => response,
        Ok(None) => panic!("the server closed the connection without a complete HTTP response"),
        Err(_) => panic!("no HTTP response within {limit:?}"),
    }
}

/// A response whose body is complete (known length or final chunk seen).
fn complete_response(buf: &[u8]) -> Option<RawResponse> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
    let body = &buf[end + 4..];
    if head.contains("transfer-encoding: chunked") {
        if body.ends_with(b"0\r\n\r\n") {
            return parse_raw_response(buf);
        }
        return None;
    }
    let len =
        head.split("\r\n").find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(usize::MAX)))?;
    (body.len() >= len).then(|| parse_raw_response(buf)).flatten()
}

// ---------------------------------------------------------------------------
// The `todo-api` binary as a child process.

pub const BINARY: &str = env!("CARGO_BIN_EXE_todo-api");

/// A port that was free a moment ago (bind to 0, read it, release it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port").local_addr().expect("local addr").port()
}

/// Lines a child wrote to stdout or stderr, collected by a reader thread.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<(Vec<String>, bool)>>);

impl Captured {
    pub fn spawn_reader(&self, pipe: impl std::io::Read + Send + 'static) {
        let shared = self.0.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                match line {
                    Ok(line) => shared.lock().unwrap().0.push(line),
                    Err(_) => break,
                }
            }
            shared.lock().unwrap().1 = true;
        });
    }

    pub fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().0.clone()
    }

    pub fn text(&self) -> String {
        self.lines().join("\n")
    }

    /// Waits (bounded) until the writer closed the pipe, e.g. after the child exited.
    pub async fn wait_closed(&self, limit: Duration) {
        let start = Instant::now();
        while !self.0.lock().unwrap().1 && start.elapsed() < limit {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// The server binary running as a child process; killed when dropped.
pub struct ServerProcess {
    pub child: Child,
    pub port: u16,
    pub address: String,
    pub stdout: Captured,
    pub stderr: Captured,
    pub client: reqwest::Client,
    _dir: Option<TempDir>,
}

/// Environment for the binary: loopback, a free port, a fresh SQLite file in
/// a temp dir, no drain delay, JSON logs, single-user mode (these tests are
/// about the process; pass `AUTH_MODE` to change it). `overrides` replace or add
/// variables; a value of `None` removes one.
pub fn start_server(overrides: &[(&str, Option<&str>)], cwd: Option<&Path>) -> ServerProcess {
    let port = free_port();
    let dir = TempDir::new("todo-api-proc");
    let database_url = format!("sqlite://{}", dir.path().join("todos.db").display());
    let port_text = port.to_string();
    let mut env: Vec<(String, String)> = [
        ("API_HOST", "127.0.0.1"),
        ("API_PORT", port_text.as_str()),
        ("DATABASE_URL", database_url.as_str()),
        ("DRAIN_DELAY", "0"),
        ("LOG_FORMAT", "json"),
        ("LOG_LEVEL", "info"),
        ("AUTH_MODE", "single-user"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (key, value) in overrides {
        env.retain(|(k, _)| k != key);
        if let Some(value) = value {
            env.push((key.to_string(), value.to_string()));
        }
    }
    let port = env.iter().find(|(k, _)| k == "API_PORT").and_then(|(_, v)| v.parse().ok()).unwrap_or(port);
    let mut child = run_binary(&[], &env, cwd);
    let stdout = Captured::default();
    let stderr = Captured::default();
    stdout.spawn_reader(child.stdout.take().expect("stdout piped"));
    stderr.spawn_reader(child.stderr.take().expect("stderr piped"));
    ServerProcess { child, port, address: format!("http://127.0.0.1:{port}"), stdout, stderr, client: http_client(), _dir: Some(dir) }
}

/// Spawns the binary with exactly `env` (plus PATH), stdout and stderr piped.
pub fn run_binary(args: &[&str], env: &[(String, String)], cwd: Option<&Path>) -> Child {
    let mut command = Command::new(BINARY);
    command.args(args).env_clear().stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    if let Ok(path) = std::env::var("PATH") {
        command.env("PATH", path);
    }
    for (k, v) in env {
        command.env(k, v);
    }
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    command.spawn().expect("spawn the todo-api binary")
}

/// Waits for a child to exit, killing it (and failing) after `limit`.
pub async fn wait_exit(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the process did not exit within {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

impl ServerProcess {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Polls `/ready` until it answers 200; fails with the logs after `limit`.
    pub async fn wait_ready(&mut self, limit: Duration) {
        let start = Instant::now();
        loop {
            if let Ok(r) = self.client.get(self.url("/ready")).timeout(Duration::from_secs(2)).send().await {
                if r.status() == StatusCode::OK {
                    return;
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the server exited ({status}) before it was ready; stderr:\n{}\nstdout:\n{}",
                    self.stderr.text(),
                    self.stdout.text()
                );
            }
            if start.elapsed() > limit {
                panic!("the server was not ready within {limit:?}; stderr:\n{}\nstdout:\n{}", self.stderr.text(), self.stdout.text());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends SIGTERM (through `kill`, as a container runtime would signal).
    pub fn sigterm(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("run kill");
        assert!(status.success(), "kill -TERM failed");
    }

    pub async fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        wait_exit(&mut self.child, limit).await
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Polls `check` every 50 ms until it returns `Some`, or panics with `what` after `limit`.
pub async fn poll_until<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if start.elapsed() > limit {
            panic!("timed out after {limit:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What Python's `icalendar` package (an implementation independent of the
/// server's) reads in `text`: see tests/ical/check.py. Panics when it cannot
/// parse it. The interpreter is `ICALENDAR_PYTHON` (scripts/test.sh points it
/// at a venv with tests/ical/requirements.txt), else `python3`.
pub fn read_with_python_icalendar(text: &str) -> Value {
    use std::io::Write;
    let python = std::env::var("ICALENDAR_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ical/check.py");
    let mut child = Command::new(&python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python} (set ICALENDAR_PYTHON): {e}"));
    child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write the calendar");
    let output = child.wait_with_output().expect("wait for the checker");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named 'icalendar'"),
        "{python} has no icalendar package: install crates/todo-api/tests/ical/requirements.txt (scripts/test.sh does) \
         and set ICALENDAR_PYTHON"
    );
    assert!(output.status.success(), "Python's icalendar cannot read the file: {stderr}\n--- file:\n{text}");
    serde_json::from_slice(&output.stdout).expect("the checker prints JSON")
}
