//! The LLM mode against a local fake of an OpenAI-compatible server: tool
//! calls drive the same engine as the rules, and timeouts, errors and
//! answers without a tool call fall back to the rules. The key is sent to
//! the model and appears in no log.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::helpers::{expect_json, spawn_app_with, start_server, Backend, TestApp};

const KEY: &str = "sk-test-7f3a9c1e5b";

/// A fake chat-completions endpoint. It answers by the user's message:
/// "bread" → too slow, "eggs" → 500, "plan" → add_task, "finish" →
/// complete_task of the first todo the system prompt lists, else plain text.
async fn fake_completions(State(requests): State<Requests>, headers: HeaderMap, Json(request): Json<Value>) -> (StatusCode, Json<Value>) {
    requests.lock().unwrap().push(request.clone());
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {KEY}")) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "bad key"})));
    }
    let messages = request["messages"].as_array().cloned().unwrap_or_default();
    let user = messages.iter().rev().find(|m| m["role"] == "user").and_then(|m| m["content"].as_str()).unwrap_or_default().to_owned();
    let system = messages.iter().find(|m| m["role"] == "system").and_then(|m| m["content"].as_str()).unwrap_or_default().to_owned();
    let tool = |name: &str, arguments: Value| {
        json!({"choices": [{"message": {"role": "assistant", "content": null,
            "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": arguments.to_string()}}]}}]})
    };
    if user.contains("bread") {
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    if user.contains("eggs") {
        return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": "boom"})));
    }
    if user.contains("plan") {
        return (
            StatusCode::OK,
            Json(tool("add_task", json!({"title": "Chosen by the model", "due_date": "2026-03-12", "priority": "high"}))),
        );
    }
    if user.contains("finish") {
        let id: i64 = system.split("task_id ").nth(1).and_then(|rest| rest.split(':').next()).and_then(|n| n.parse().ok()).unwrap_or(0);
        return (StatusCode::OK, Json(tool("complete_task", json!({"task_id": id}))));
    }
    (StatusCode::OK, Json(json!({"choices": [{"message": {"role": "assistant", "content": "Hello!"}}]})))
}

/// The request bodies the fake received, oldest first.
type Requests = Arc<Mutex<Vec<Value>>>;

/// Starts the fake on a free port; returns its base URL and what it receives.
async fn start_fake_llm() -> (String, Requests) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let requests = Requests::default();
    let app = Router::new().route("/v1/chat/completions", post(fake_completions)).with_state(requests.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}/v1"), requests)
}

async fn say(app: &TestApp, message: &str) -> Value {
    let body = json!({"message": message, "timezone": "UTC", "now": "2026-03-10T09:00:00Z"});
    expect_json(app.client.post(app.api("/chat")).json(&body).send().await.unwrap(), reqwest::StatusCode::OK).await
}

async fn tool_calls_drive_the_engine_and_failures_fall_back(backend: Backend) {
    let (llm, _) = start_fake_llm().await;
    let args = ["--llm-base-url", &llm, "--llm-api-key", KEY, "--llm-model", "fake", "--llm-timeout", "0.5"];
    let app = spawn_app_with(backend, &args).await;

    let added = say(&app, "please plan the offsite").await;
    assert_eq!(added["intent"], "add");
    let todos = app.list_json("").await;
    assert_eq!(todos[0]["title"], "Chosen by the model", "the model's tool call, not the rules' reading");
    assert_eq!(todos[0]["due_date"], "2026-03-12");
    assert_eq!(todos[0]["priority"], "high");

    let done = say(&app, "finish that one").await;
    assert_eq!(done["intent"], "complete");
    assert_eq!(app.list_json("status=completed").await.len(), 1);

    let started = Instant::now();
    let slow = say(&app, "add buy bread").await;
    assert!(started.elapsed() < Duration::from_secs(4), "the timeout cuts the model off");
    assert_eq!(slow["intent"], "add");
    let failed = say(&app, "add eggs").await;
    assert_eq!(failed["intent"], "add");
    let plain = say(&app, "add call mom").await;
    assert_eq!(plain["intent"], "add", "no tool call: the rules read it");
    let titles: Vec<String> = app.list_json("status=open").await.iter().map(|t| t["title"].as_str().unwrap().to_owned()).collect();
    assert_eq!(titles, ["Buy bread", "Eggs", "Call mom"]);
}

/// What the model is offered: the five tools, each with the parameter schema
/// the MCP endpoint serves (`todo_api::tools`), minus the dialect URI.
async fn the_request_offers_the_shared_tool_schemas(backend: Backend) {
    let (llm, requests) = start_fake_llm().await;
    let args = ["--llm-base-url", &llm, "--llm-api-key", KEY, "--llm-model", "fake"];
    let app = spawn_app_with(backend, &args).await;
    say(&app, "please plan the offsite").await;

    let request = requests.lock().unwrap().last().cloned().expect("the model was asked");
    let offered = request["tools"].as_array().expect("tools");
    let names: Vec<&str> = offered.iter().map(|t| t["function"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["add_task", "list_tasks", "complete_task", "update_task", "delete_task"]);
    let required = |name: &str| -> Value {
        let tool = offered.iter().find(|t| t["function"]["name"] == name).unwrap();
        tool["function"]["parameters"].get("required").cloned().unwrap_or(json!([]))
    };
    assert_eq!(required("add_task"), json!(["title"]));
    assert_eq!(required("list_tasks"), json!([]));
    for name in ["complete_task", "update_task", "delete_task"] {
        assert_eq!(required(name), json!(["task_id"]), "{name}");
    }
    for (tool, shared) in offered.iter().zip(todo_api::tools::ALL) {
        assert_eq!(tool["type"], "function");
        assert_eq!(tool["function"]["description"], shared.description);
        let parameters = &tool["function"]["parameters"];
        assert_eq!(parameters["type"], "object", "{parameters}");
        assert!(parameters.get("$schema").is_none(), "{parameters}");
        let mut expected = (shared.parameters)().as_ref().clone();
        expected.remove("$schema");
        assert_eq!(parameters, &Value::Object(expected), "{}", shared.name);
    }
    let list = &offered[1]["function"]["parameters"]["properties"];
    for field in ["status", "due", "priority", "tag", "q", "limit"] {
        assert!(list.get(field).is_some(), "list_tasks lacks {field}: {list}");
    }
}

backend_tests!(tool_calls_drive_the_engine_and_failures_fall_back, the_request_offers_the_shared_tool_schemas);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_key_is_never_logged() {
    let (llm, _) = start_fake_llm().await;
    let mut server = start_server(
        &[("LLM_BASE_URL", Some(&llm)), ("LLM_API_KEY", Some(KEY)), ("LLM_MODEL", Some("fake")), ("LOG_LEVEL", Some("trace"))],
        None,
    );
    server.wait_ready(Duration::from_secs(10)).await;
    for message in ["please plan the offsite", "add eggs", "hello"] {
        let body = json!({"message": message});
        let response = server.client.post(server.url("/api/v1/chat")).json(&body).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK);
    }
    server.sigterm();
    server.stdout.wait_closed(Duration::from_secs(10)).await;
    let logs = format!("{}{}", server.stdout.text(), server.stderr.text());
    assert!(logs.contains("LLM mode"), "the logs were captured");
    assert!(!logs.contains(KEY), "the key leaked into the logs");
}

/// A line a handler logs carries the request's span: the LLM mode's fallback
/// warning, with the model unreachable, names the request id and route.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_logged_inside_a_handler_carries_the_request_id_and_route() {
    // Nothing listens on port 1: the model call fails at once.
    let mut server =
        start_server(&[("LLM_BASE_URL", Some("http://127.0.0.1:1/v1")), ("LLM_API_KEY", Some(KEY)), ("LLM_MODEL", Some("fake"))], None);
    server.wait_ready(Duration::from_secs(10)).await;
    let response = server
        .client
        .post(server.url("/api/v1/chat"))
        .header("x-request-id", "span-check-7")
        .json(&json!({"message": "add buy milk"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    server.sigterm();
    server.stdout.wait_closed(Duration::from_secs(10)).await;
    let stdout = server.stdout.text();
    let warning: Value = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["message"] == "LLM mode failed; the rule engine answers")
        .unwrap_or_else(|| panic!("no fallback warning:\n{stdout}"));
    let request = &warning["spans"][0];
    assert_eq!(request["name"], "request", "{warning}");
    assert_eq!(request["request_id"], "span-check-7", "{warning}");
    assert_eq!(request["route"], "/api/v1/chat", "{warning}");
    assert_eq!(request["method"], "POST", "{warning}");
}
