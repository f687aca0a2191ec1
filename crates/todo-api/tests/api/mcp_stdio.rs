//! `todo-api mcp`: the tools over stdin and stdout, as a desktop client
//! runs them. rmcp's client drives the binary through its pipes; what the
//! tools change is checked through the REST API of a server on the same
//! database (local mode) or behind the bridge (`--url`). Bad input goes in
//! raw, and stdout must hold nothing but protocol messages.

use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use rmcp::model::{CallToolRequestParams, ClientConfig};
use rmcp::ServiceExt;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{ChildStdin, ChildStdout};

use crate::helpers::{expect_json, free_port, sign_up, spawn_app, spawn_app_with, titles, Backend, Captured, TempDir, TestApp, BINARY};
use crate::mcp::{call_err, call_ok, task_ids, McpClient};

backend_tests!(local_mode_serves_the_todos_of_single_user_mode);

/// `todo-api mcp` with `args`, and exactly `env` (plus PATH and JSON logs);
/// killed when dropped.
struct McpProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Option<ChildStdout>,
    stderr: Captured,
}

impl McpProcess {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(BINARY);
        command.arg("mcp").args(args).env_clear().stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        if let Ok(path) = std::env::var("PATH") {
            command.env("PATH", path);
        }
        command.envs([("LOG_FORMAT", "json"), ("LOG_LEVEL", "info")]).envs(env.iter().copied());
        let mut child = command.spawn().expect("spawn todo-api mcp");
        let stdin = ChildStdin::from_std(child.stdin.take().expect("stdin piped")).expect("async stdin");
        let stdout = ChildStdout::from_std(child.stdout.take().expect("stdout piped")).expect("async stdout");
        let stderr = Captured::default();
        stderr.spawn_reader(child.stderr.take().expect("stderr piped"));
        Self { child, stdin: Some(stdin), stdout: Some(stdout), stderr }
    }

    /// Local mode on `database_url`.
    fn local(database_url: &str) -> Self {
        Self::start(&[], &[("DATABASE_URL", database_url)])
    }

    /// rmcp's client on the process's stdin and stdout: the handshake done.
    async fn client(&mut self) -> McpClient {
        let transport = (self.stdout.take().expect("stdout not taken yet"), self.stdin.take().expect("stdin not taken yet"));
        match ClientConfig::default().serve(transport).await {
            Ok(client) => client,
            Err(e) => panic!("MCP initialize over stdio: {e}; stderr:\n{}", self.stderr.text()),
        }
    }

    /// Waits for the exit (after stdin was closed); its status and stderr.
    async fn exit(&mut self) -> (ExitStatus, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "todo-api mcp did not exit within 10 s; stderr:\n{}", self.stderr.text());
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        self.stderr.wait_closed(Duration::from_secs(2)).await;
        let stderr = self.stderr.text();
        assert!(!stderr.contains("panicked"), "no panic:\n{stderr}");
        (status, stderr)
    }
}

impl Drop for McpProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The same tools and schemas as `/mcp` serves, from the shared definitions.
async fn assert_the_shared_tools(client: &McpClient) {
    let tools = client.list_all_tools().await.expect("tools/list");
    assert_eq!(tools.len(), todo_api::tools::ALL.len());
    for shared in todo_api::tools::ALL {
        let served = tools.iter().find(|t| t.name == shared.name).unwrap_or_else(|| panic!("no tool {}", shared.name));
        assert_eq!(served.input_schema, (shared.parameters)(), "{}", shared.name);
        assert!(served.output_schema.is_some(), "{} declares its output", shared.name);
    }
}

async fn local_mode_serves_the_todos_of_single_user_mode(backend: Backend) {
    // The server of `make run`, and a desktop client's `todo-api mcp`, on one database.
    let app = spawn_app_with(backend, &["--auth-mode", "single-user"]).await;
    let browser = app.create_titled("Made in the browser").await["id"].as_i64().unwrap();
    let mut process = McpProcess::local(&app.database_url);
    let client = process.client().await;
    let info = client.peer_info().expect("the server introduced itself");
    assert_eq!(info.server_info.as_ref().map(|i| i.name.as_str()), Some("todo-chatbot"));
    assert_the_shared_tools(&client).await;

    assert_eq!(task_ids(&call_ok(&client, "list_tasks", json!({})).await), [browser]);
    let added = call_ok(&client, "add_task", json!({"title": "Made on the desktop", "due_date": "2030-05-01", "priority": "high"})).await;
    let desktop = added["task_id"].as_i64().expect("task_id");
    assert_eq!(added["status"], "created");
    assert_eq!(titles(&app.list_json("").await), ["Made in the browser", "Made on the desktop"]);

    call_ok(&client, "complete_task", json!({"task_id": browser})).await;
    assert_eq!(expect_json(app.get_todo(browser).await, StatusCode::OK).await["completed"], true);
    call_ok(&client, "update_task", json!({"task_id": desktop, "title": "Renamed on the desktop", "due_date": ""})).await;
    let todo = expect_json(app.get_todo(desktop).await, StatusCode::OK).await;
    assert_eq!((todo["title"].as_str(), &todo["due_date"]), (Some("Renamed on the desktop"), &Value::Null));
    // A change made over REST meanwhile is seen at once.
    app.patch_ok(desktop, json!({"title": "Renamed in the browser"})).await;
    assert_eq!(tasks_titled(&call_ok(&client, "list_tasks", json!({"status": "open"})).await), ["Renamed in the browser"]);
    call_ok(&client, "delete_task", json!({"task_id": browser})).await;
    assert_eq!(app.get_todo(browser).await.status(), StatusCode::NOT_FOUND);
    let error = call_err(&client, "complete_task", json!({"task_id": browser})).await;
    assert!(error.contains("no task"), "{error}");
    let error = call_err(&client, "add_task", json!({"title": "Dentist", "due_date": "next friday"})).await;
    assert!(error.contains("due_date"), "{error}");

    // The client leaves: its end of stdin closes, and the process ends cleanly.
    client.cancel().await.expect("close the client");
    let (status, stderr) = process.exit().await;
    assert!(status.success(), "{status}\n{stderr}");
    assert!(stderr.lines().any(|l| l.contains("stdin closed; stopping")), "{stderr}");
}

fn tasks_titled(listed: &Value) -> Vec<String> {
    crate::mcp::tasks(listed).iter().map(|t| t["title"].as_str().unwrap_or_default().to_owned()).collect()
}

/// One JSON-RPC line.
fn request(id: u64, method: &str, params: Value) -> String {
    format!("{}\n", json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
}

fn initialize() -> String {
    request(1, "initialize", json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}))
}

/// Reads stdout lines, each of which must be a JSON-RPC 2.0 message, until
/// the answers to `ids` have all come; returns every message read.
async fn read_until_answered(stdout: &mut tokio::io::Lines<BufReader<ChildStdout>>, ids: &[u64]) -> Vec<Value> {
    let mut messages = Vec::new();
    let answered = |messages: &[Value]| ids.iter().all(|id| messages.iter().any(|m| m["id"] == *id));
    while !answered(&messages) {
        let line = tokio::time::timeout(Duration::from_secs(10), stdout.next_line())
            .await
            .unwrap_or_else(|_| panic!("no answer to {ids:?} within 10 s; read {messages:?}"))
            .expect("read stdout")
            .unwrap_or_else(|| panic!("stdout ended before answering {ids:?}; read {messages:?}"));
        messages.push(protocol_message(&line));
    }
    messages
}

/// A stdout line: a JSON-RPC 2.0 message and nothing else.
fn protocol_message(line: &str) -> Value {
    let message: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("stdout carries a line that is not JSON ({e}): {line}"));
    assert_eq!(message["jsonrpc"], "2.0", "stdout carries something other than JSON-RPC: {line}");
    message
}

fn answer(messages: &[Value], id: u64) -> &Value {
    messages.iter().find(|m| m["id"] == id).unwrap_or_else(|| panic!("no answer to {id} in {messages:?}"))
}

/// Process behaviour, the same on either store: on SQLite only.
mod sqlite_only {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bad_input_on_stdin_is_logged_and_skipped() {
        let dir = TempDir::new("todo-api-mcp");
        let mut process = McpProcess::local(&format!("sqlite://{}", dir.path().join("todos.db").display()));
        let mut stdin = process.stdin.take().unwrap();
        let mut stdout = BufReader::new(process.stdout.take().unwrap()).lines();

        stdin.write_all(initialize().as_bytes()).await.unwrap();
        stdin.write_all(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n").await.unwrap();
        stdin.write_all(b"this is not JSON\n").await.unwrap();
        stdin.write_all(b"{\"hello\": \"world\"}\n").await.unwrap();
        // A megabyte on one line: over the 64 KiB a POST to /mcp may carry.
        let huge = request(5, "tools/call", json!({"name": "add_task", "arguments": {"title": "x".repeat(1 << 20)}}));
        stdin.write_all(huge.as_bytes()).await.unwrap();
        stdin.write_all(request(6, "tasks/frobnicate", json!({})).as_bytes()).await.unwrap();
        stdin
            .write_all(request(7, "tools/call", json!({"name": "add_task", "arguments": {"title": "After the noise"}})).as_bytes())
            .await
            .unwrap();
        stdin.flush().await.unwrap();
        let mut messages = read_until_answered(&mut stdout, &[1, 6, 7]).await;
        stdin.write_all(request(8, "tools/call", json!({"name": "list_tasks", "arguments": {}})).as_bytes()).await.unwrap();
        messages.extend(read_until_answered(&mut stdout, &[8]).await);

        assert_eq!(answer(&messages, 1)["result"]["serverInfo"]["name"], "todo-chatbot");
        assert!(answer(&messages, 6)["error"]["code"].is_i64(), "an unknown method is an error: {messages:?}");
        assert_eq!(answer(&messages, 7)["result"]["structuredContent"]["title"], "After the noise");
        let listed = &answer(&messages, 8)["result"]["structuredContent"];
        assert_eq!(tasks_titled(listed), ["After the noise"], "the huge message was discarded, not half-read");
        assert!(messages.iter().all(|m| m["id"] != 5), "the huge message is not answered: {messages:?}");
        assert!(
            messages.iter().any(|m| m["error"]["code"] == -32600 && m.get("id").is_none_or(Value::is_null)),
            "well-formed JSON that is no message is answered Invalid Request: {messages:?}"
        );

        // The client closes stdin: the process ends at once, cleanly.
        drop(stdin);
        let (status, stderr) = process.exit().await;
        assert!(status.success(), "{status}\n{stderr}");
        while let Some(line) = stdout.next_line().await.expect("read stdout") {
            protocol_message(&line);
        }
        for expected in ["Ignoring unparsable incoming message", "exceeded the maximum line length", "stdin closed; stopping"] {
            assert!(stderr.contains(expected), "stderr should say {expected:?}:\n{stderr}");
        }
        for line in stderr.lines() {
            let log: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("a log line that is not JSON ({e}): {line}"));
            assert!(log["level"].is_string(), "{line}");
            assert!(line.len() < 2_000, "a log line does not echo the huge message: {} bytes", line.len());
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_closed_stdin_or_a_signal_ends_the_process_cleanly() {
        let dir = TempDir::new("todo-api-mcp");
        let database_url = format!("sqlite://{}", dir.path().join("todos.db").display());

        // A client that goes away before the handshake.
        let mut process = McpProcess::local(&database_url);
        drop(process.stdin.take());
        let (status, stderr) = process.exit().await;
        assert!(status.success(), "{status}\n{stderr}");
        assert!(stderr.contains("stdin closed before the client initialized"), "{stderr}");

        // SIGTERM in a session (what a client sends when closing does not end it).
        let mut process = McpProcess::local(&database_url);
        let mut stdin = process.stdin.take().unwrap();
        let mut stdout = BufReader::new(process.stdout.take().unwrap()).lines();
        stdin.write_all(initialize().as_bytes()).await.unwrap();
        read_until_answered(&mut stdout, &[1]).await;
        let killed = Command::new("kill").args(["-TERM", &process.child.id().to_string()]).status().expect("run kill");
        assert!(killed.success());
        let (status, stderr) = process.exit().await;
        assert!(status.success(), "{status}\n{stderr}");
        assert!(stderr.contains("stopping on a signal"), "{stderr}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_bridge_serves_a_running_servers_tools_to_the_tokens_owner() {
        let app: TestApp = spawn_app(Backend::Sqlite).await;
        let alices = app.create_titled("Alice's task").await["id"].as_i64().unwrap();
        let mut bridge = McpProcess::start(&["--url", &app.address], &[("TODO_API_TOKEN", &app.token)]);
        let client = bridge.client().await;
        assert_the_shared_tools(&client).await;
        assert_eq!(task_ids(&call_ok(&client, "list_tasks", json!({})).await), [alices]);
        let added = call_ok(&client, "add_task", json!({"title": "Through the bridge", "tags": ["desk"]})).await;
        assert_eq!((added["status"].as_str(), added["tags"].clone()), (Some("created"), json!(["desk"])));
        assert_eq!(titles(&app.list_json("").await), ["Alice's task", "Through the bridge"]);
        // The server's own errors come through as they are.
        let error = call_err(&client, "add_task", json!({"title": ""})).await;
        assert!(error.contains("title"), "{error}");
        let unknown = client.call_tool(CallToolRequestParams::new("format_disk").with_arguments(serde_json::Map::new())).await;
        assert!(unknown.is_err(), "an unknown tool stays a protocol error: {unknown:?}");
        client.cancel().await.expect("close the client");
        let (status, stderr) = bridge.exit().await;
        assert!(status.success(), "{status}\n{stderr}");
        assert!(!stderr.contains(&app.token), "the token is never logged:\n{stderr}");

        // Bob's bridge (given the endpoint itself) sees none of Alice's tasks.
        let bob = sign_up(&app.address, "bob").await;
        let mut bridge = McpProcess::start(&["--url", &format!("{}/mcp", app.address)], &[("TODO_API_TOKEN", &bob)]);
        let client = bridge.client().await;
        assert_eq!(call_ok(&client, "list_tasks", json!({})).await, json!({"tasks": []}));
        for tool in ["complete_task", "delete_task"] {
            let error = call_err(&client, tool, json!({"task_id": alices})).await;
            assert!(error.contains("no task"), "{tool}: {error}");
        }
        client.cancel().await.expect("close the client");
        assert_eq!(titles(&app.list_json("").await), ["Alice's task", "Through the bridge"]);

        // A token the server refuses: the call is a tool error that says why.
        let mut bridge = McpProcess::start(&["--url", &app.address, "--token-env", "MY_TODO_TOKEN"], &[("MY_TODO_TOKEN", "tc_forged")]);
        let client = bridge.client().await;
        let error = call_err(&client, "list_tasks", json!({})).await;
        assert!(error.contains("401") && error.contains("MY_TODO_TOKEN"), "{error}");
        assert!(client.list_all_tools().await.is_err(), "tools/list fails as a protocol error");
        client.cancel().await.expect("close the client");
        let (_, stderr) = bridge.exit().await;
        assert!(stderr.contains("401") && !stderr.contains("tc_forged"), "logged, without the token:\n{stderr}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_bridge_takes_its_token_from_the_environment_only() {
        let url = format!("http://127.0.0.1:{}", free_port());
        for (args, needs) in [(vec!["--url", url.as_str()], "TODO_API_TOKEN"), (vec!["--url", url.as_str(), "--token-env", "MINE"], "MINE")]
        {
            let mut bridge = McpProcess::start(&args, &[]);
            let (status, stderr) = bridge.exit().await;
            assert_eq!(status.code(), Some(1), "{stderr}");
            assert!(stderr.contains(needs) && stderr.contains("environment"), "{stderr}");
        }
        // No flag takes the token itself: command lines are visible to every user.
        let mut bridge = McpProcess::start(&["--url", &url, "--token", "tc_secret"], &[]);
        let (status, stderr) = bridge.exit().await;
        assert_eq!(status.code(), Some(2), "{stderr}");

        // A server that is not there: the call says so.
        let mut bridge = McpProcess::start(&["--url", &url], &[("TODO_API_TOKEN", "tc_anything")]);
        let client = bridge.client().await;
        let error = call_err(&client, "list_tasks", json!({})).await;
        assert!(error.contains("cannot reach"), "{error}");
        client.cancel().await.expect("close the client");
    }
}
