//! The `todo-web` binary as an operator runs it: graceful shutdown, JSON
//! access logs, configuration errors, the healthcheck subcommand.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{free_port, http_client, temp_dir, Fixture, StubBackend, TestWeb};

/// Text a child process writes, collected by a thread as it comes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<String>>);

impl Captured {
    fn spawn_reader(&self, mut pipe: impl Read + Send + 'static) {
        let text = self.0.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buf) {
                text.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }
}

struct Running {
    child: Child,
    stdout: Captured,
    stderr: Captured,
}

fn run(args: &[&str], env: &[(&str, String)]) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_todo-web"));
    command.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for name in ["WEB_HOST", "WEB_PORT", "BACKEND_URL", "STATIC_DIR", "PROXY_TIMEOUT", "DRAIN_DELAY", "SHUTDOWN_TIMEOUT", "LOG_LEVEL"] {
        command.env_remove(name);
    }
    command.env("LOG_FORMAT", "json");
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("start todo-web");
    let (stdout, stderr) = (Captured::default(), Captured::default());
    stdout.spawn_reader(child.stdout.take().unwrap());
    stderr.spawn_reader(child.stderr.take().unwrap());
    Running { child, stdout, stderr }
}

impl Running {
    async fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader threads take the last output.
                tokio::time::sleep(Duration::from_millis(100)).await;
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("todo-web did not exit within {limit:?}; stderr:\n{}", self.stderr.text());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn sigterm(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn wait_ready(port: u16, limit: Duration) {
    let client = http_client();
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Ok(response) = client.get(format!("http://127.0.0.1:{port}/ready")).send().await {
            if response.status() == StatusCode::OK {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("todo-web on port {port} was not ready within {limit:?}");
}

/// todo-web serving `fixture` in front of `backend` on a port of its own,
/// ready; after SIGTERM it drains for 1 s and stops within `shutdown_timeout` s.
async fn run_draining(fixture: &Fixture, backend: &StubBackend, shutdown_timeout: u32) -> (Running, u16) {
    let port = free_port();
    let web = run(
        &[],
        &[
            ("WEB_PORT", port.to_string()),
            ("STATIC_DIR", fixture.dist().display().to_string()),
            ("BACKEND_URL", backend.url()),
            ("DRAIN_DELAY", "1".to_owned()),
            ("SHUTDOWN_TIMEOUT", shutdown_timeout.to_string()),
        ],
    );
    wait_ready(port, Duration::from_secs(10)).await;
    (web, port)
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_fails_readiness_drains_finishes_in_flight_and_exits_0() {
    let fixture = Fixture::new();
    let backend = StubBackend::start().await;
    let (mut web, port) = run_draining(&fixture, &backend, 10).await;
    let client = http_client();
    let url = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let before = client.get(url("/")).send().await.unwrap();
    assert_eq!(before.status(), StatusCode::OK);
    assert!(before.headers().get("connection").is_none(), "keep-alive before the signal: {:?}", before.headers());

    // A proxied request that is answered only after the drain delay.
    let in_flight = tokio::spawn(client.get(url("/api/v1/slow?ms=1800")).send());
    tokio::time::sleep(Duration::from_millis(200)).await;

    let signalled = Instant::now();
    web.sigterm();
    let mut not_ready = None;
    while signalled.elapsed() < Duration::from_millis(800) {
        let response = client.get(url("/ready")).send().await.unwrap();
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            not_ready = Some(response.json::<Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let not_ready = not_ready.expect("/ready answers 503 at once after SIGTERM");
    assert_eq!(not_ready["status"], "not ready");
    assert!(not_ready["reason"].is_string(), "{not_ready}");
    // Still serving during the drain delay, each answer closing its connection.
    let health = client.get(url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.headers().get("connection").map(|v| v.to_str().unwrap()), Some("close"), "while draining");
    assert_eq!(client.get(url("/todos/3")).send().await.unwrap().status(), StatusCode::OK);
    assert!(signalled.elapsed() < Duration::from_secs(1), "the checks above ran inside the drain delay");

    let in_flight = in_flight.await.unwrap().expect("the in-flight request is answered");
    assert_eq!(in_flight.status(), StatusCode::OK, "the in-flight request finishes after the drain");
    let status = web.wait_exit(Duration::from_secs(8)).await;
    assert_eq!(status.code(), Some(0), "a graceful stop exits 0; stderr:\n{}", web.stderr.text());
    assert!(signalled.elapsed() < Duration::from_secs(5), "stopped promptly: {:?}", signalled.elapsed());

    // JSON access logs: one object a line, with path, status, latency and the
    // request span's id, method and route; probes not at info.
    let stdout = web.stdout.text();
    let lines: Vec<Value> =
        stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}"))).collect();
    let access = |path: &str| lines.iter().find(|l| l["message"] == "request" && l["path"] == path).cloned();
    let root = access("/").unwrap_or_else(|| panic!("no access log line for /:\n{stdout}"));
    assert_eq!(root["status"], 200);
    let span = &root["spans"][0];
    assert_eq!(span["name"], "request", "{root}");
    assert_eq!(span["method"], "GET", "{root}");
    assert!(span["request_id"].as_str().is_some_and(|id| !id.is_empty()), "{root}");
    assert!(span["route"].is_string(), "{root}");
    assert!(root["latency_ms"].is_number(), "{root}");
    assert_eq!(access("/api/v1/slow").map(|l| l["status"].clone()), Some(200.into()), "{stdout}");
    assert!(access("/ready").is_none(), "probes are logged at debug only:\n{stdout}");
}

/// An event stream never finishes by itself: draining ends it (its client
/// reconnects through another replica) instead of the shutdown timeout.
#[tokio::test(flavor = "multi_thread")]
async fn sigterm_ends_proxied_event_streams_without_waiting_for_the_shutdown_timeout() {
    let fixture = Fixture::new();
    let backend = StubBackend::start().await;
    let (mut web, port) = run_draining(&fixture, &backend, 20).await;
    let mut stream = http_client().get(format!("http://127.0.0.1:{port}/api/v1/stream")).send().await.unwrap();
    let first = tokio::time::timeout(Duration::from_secs(5), stream.chunk()).await.expect("the first event arrives");
    assert_eq!(first.unwrap().unwrap(), "data: first\n\n");
    let signalled = Instant::now();
    web.sigterm();
    let end = tokio::time::timeout(Duration::from_secs(2), stream.chunk()).await.expect("the stream ends when draining starts");
    assert!(end.map_or(true, |chunk| chunk.is_none()), "no more events");
    let status = web.wait_exit(Duration::from_secs(10)).await;
    assert_eq!(status.code(), Some(0), "stderr:\n{}", web.stderr.text());
    assert!(signalled.elapsed() < Duration::from_secs(5), "stopped after the drain delay: {:?}", signalled.elapsed());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_setting_exits_2_with_one_line_naming_it() {
    for (name, value) in [("WEB_PORT", "abc"), ("BACKEND_URL", "ftp://backend"), ("PROXY_TIMEOUT", "soon"), ("LOG_FORMAT", "xml")] {
        let mut web = run(&[], &[(name, value.to_owned())]);
        let status = web.wait_exit(Duration::from_secs(10)).await;
        assert_eq!(status.code(), Some(2), "{name}={value}");
        let stderr = web.stderr.text();
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line for {name}={value}:\n{stderr}");
        assert!(lines[0].starts_with("todo-web: configuration error:"), "{stderr}");
        assert!(lines[0].contains(name) && lines[0].contains(value), "{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn healthcheck_subcommand_probes_ready() {
    let fixture = Fixture::new();
    let backend = StubBackend::start().await;
    let web = TestWeb::with(&fixture, &backend).await;
    let empty = temp_dir("todo-web-empty");
    let unready = TestWeb::start(empty.path(), &backend.url(), &[]).await;

    let check = |args: Vec<String>, env: Vec<(&'static str, String)>| async move {
        let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = run(&arg_refs, &env);
        child.wait_exit(Duration::from_secs(10)).await.code()
    };
    let ready_url = web.url("/ready");
    assert_eq!(check(vec!["healthcheck".into(), "--url".into(), ready_url], vec![]).await, Some(0));
    assert_eq!(check(vec!["healthcheck".into()], vec![("WEB_PORT", web.port.to_string())]).await, Some(0), "default URL from WEB_PORT");
    assert_eq!(check(vec!["healthcheck".into(), "--url".into(), unready.url("/ready")], vec![]).await, Some(1), "503 is a failure");
    let nobody = format!("http://127.0.0.1:{}/ready", free_port());
    assert_eq!(check(vec!["healthcheck".into(), "--url".into(), nobody], vec![]).await, Some(1), "nothing listening");
}
