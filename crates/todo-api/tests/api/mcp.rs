//! The MCP endpoint `/mcp`, driven by rmcp's own Streamable HTTP client; what
//! the tools change is checked through the REST API.

use std::time::Duration;

use reqwest::StatusCode;
use rmcp::model::{CallToolRequestParams, CallToolResult, ClientConfig, Tool};
use rmcp::service::RunningService;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{json, Value};

use crate::helpers::{expect_json, http_client, raw_exchange, sign_up, spawn_app, spawn_app_with, Backend, TestApp};

backend_tests!(
    tools_are_listed_with_their_schemas,
    tool_calls_change_the_todos_that_rest_shows,
    list_tasks_filters_by_status_and_text,
    list_tasks_filters_by_due_date_priority_and_tag,
    completing_a_recurring_task_moves_it_on,
    bad_input_is_a_tool_error,
    add_task_past_the_todo_limit_is_a_tool_error,
    only_allowed_hosts_are_answered,
    mcp_needs_a_bearer_token_and_sees_only_its_users_tasks,
);

pub type McpClient = RunningService<RoleClient, ClientConfig>;

/// An MCP client of `url` sending `token` as its Bearer token, as agents do in accounts mode.
async fn connect(url: String, token: &str) -> McpClient {
    let config = StreamableHttpClientTransportConfig::with_uri(url).auth_header(token);
    let transport = StreamableHttpClientTransport::from_config(config);
    ClientConfig::default().serve(transport).await.expect("MCP initialize")
}

pub async fn mcp_client(app: &TestApp) -> McpClient {
    connect(app.url("/mcp"), &app.token).await
}

/// Calls a tool; a protocol-level failure fails the test.
pub async fn call(client: &McpClient, tool: &'static str, arguments: Value) -> CallToolResult {
    let Value::Object(arguments) = arguments else { panic!("tool arguments must be an object") };
    client
        .call_tool(CallToolRequestParams::new(tool).with_arguments(arguments))
        .await
        .unwrap_or_else(|e| panic!("{tool} failed at the protocol level: {e}"))
}

/// The structured result of a successful tool call, which its text content repeats.
pub async fn call_ok(client: &McpClient, tool: &'static str, arguments: Value) -> Value {
    let result = call(client, tool, arguments.clone()).await;
    assert_ne!(result.is_error, Some(true), "{tool}({arguments}) is a tool error: {}", text(&result));
    let structured = result.structured_content.clone().unwrap_or_else(|| panic!("{tool} answered no structuredContent: {result:?}"));
    assert!(structured.is_object(), "{tool}: structuredContent must be an object: {structured}");
    let repeated: Value =
        serde_json::from_str(&text(&result)).unwrap_or_else(|e| panic!("{tool}'s text is not JSON ({e}): {}", text(&result)));
    assert_eq!(repeated, structured, "{tool}: the text content repeats the structured result");
    structured
}

/// The tasks a `list_tasks` result holds.
pub fn tasks(listed: &Value) -> &Vec<Value> {
    listed["tasks"].as_array().unwrap_or_else(|| panic!("not a task list: {listed}"))
}

/// The ids of the tasks a `list_tasks` result holds.
pub fn task_ids(listed: &Value) -> Vec<i64> {
    tasks(listed).iter().map(|t| t["task_id"].as_i64().unwrap_or_else(|| panic!("no task_id: {t}"))).collect()
}

/// The error text of a call that must fail as a tool error.
pub async fn call_err(client: &McpClient, tool: &'static str, arguments: Value) -> String {
    let result = call(client, tool, arguments.clone()).await;
    assert_eq!(result.is_error, Some(true), "{tool}({arguments}) should be a tool error, got {result:?}");
    text(&result)
}

pub fn text(result: &CallToolResult) -> String {
    result.content.iter().filter_map(|c| c.as_text()).map(|t| t.text.as_str()).collect::<Vec<_>>().join("\n")
}

fn tool<'a>(tools: &'a [Tool], name: &str) -> &'a Tool {
    tools.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no tool {name}"))
}

fn required(tool: &Tool) -> Vec<&str> {
    tool.input_schema.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

fn property<'a>(tool: &'a Tool, name: &str) -> &'a Value {
    tool.input_schema
        .get("properties")
        .and_then(|p| p.get(name))
        .unwrap_or_else(|| panic!("{} has no input property {name}: {:?}", tool.name, tool.input_schema))
}

async fn tools_are_listed_with_their_schemas(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = mcp_client(&app).await;
    let info = client.peer_info().expect("the server introduced itself");
    assert_eq!(info.server_info.as_ref().map(|i| i.name.as_str()), Some("todo-chatbot"));

    let tools = client.list_all_tools().await.expect("tools/list");
    let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    names.sort_unstable();
    assert_eq!(names, ["add_task", "complete_task", "delete_task", "list_tasks", "update_task"]);
    for t in &tools {
        assert_eq!(t.input_schema.get("type"), Some(&json!("object")), "{}", t.name);
        assert!(t.input_schema.get("title").is_none(), "{} names its Rust struct: {:?}", t.name, t.input_schema);
        assert!(t.description.as_deref().is_some_and(|d| !d.is_empty()), "{} has no description", t.name);
        let output = t.output_schema.as_ref().unwrap_or_else(|| panic!("{} declares no output schema", t.name));
        assert_eq!(output.get("type"), Some(&json!("object")), "{}", t.name);
        for schema in [&t.input_schema, output] {
            let text = serde_json::to_string(schema).unwrap();
            assert!(!text.contains("$ref"), "{} has a $ref: {text}", t.name);
            // Doc comments written for rustdoc, not for agents.
            assert!(!text.contains("[`") && !text.contains("\\n"), "{} has rustdoc text: {text}", t.name);
        }
        // Optional means left out: no "T or null" that a client must send,
        // and no default of null that the property's own schema refuses.
        let Some(Value::Object(properties)) = t.input_schema.get("properties") else { panic!("{} has no properties", t.name) };
        for (name, property) in properties {
            let text = serde_json::to_string(property).unwrap();
            assert!(!text.contains("null") && !text.contains("anyOf"), "{}.{name} is nullable: {text}", t.name);
            assert!(property["type"].is_string(), "{}.{name} has one type: {text}", t.name);
            assert!(property["description"].as_str().is_some_and(|d| !d.is_empty()), "{}.{name} is undescribed", t.name);
            if let (Some(default), Some(values)) = (property.get("default"), property["enum"].as_array()) {
                assert!(values.contains(default), "{}.{name}: the default is not one of the values: {text}", t.name);
            }
        }
    }

    let add = tool(&tools, "add_task");
    assert_eq!(required(add), ["title"]);
    for field in ["title", "due_date", "due_time", "priority", "tags", "recurrence", "notes"] {
        property(add, field);
    }
    assert_eq!(property(add, "priority")["enum"], json!(["none", "low", "medium", "high", "urgent"]));
    let output = add.output_schema.as_ref().expect("add_task declares its output");
    for field in ["task_id", "status", "title"] {
        assert!(output["properties"].get(field).is_some(), "add_task output lacks {field}: {output:?}");
    }

    for name in ["complete_task", "delete_task"] {
        let t = tool(&tools, name);
        assert_eq!(required(t), ["task_id"], "{name}");
        assert_eq!(property(t, "task_id")["type"], json!("integer"), "{name}");
    }
    let update = tool(&tools, "update_task");
    assert_eq!(required(update), ["task_id"]);
    for field in ["title", "due_date", "due_time", "priority", "tags", "notes", "remind_before"] {
        property(update, field);
    }
    let list = tool(&tools, "list_tasks");
    assert!(required(list).is_empty());
    property(list, "q");
    let status = serde_json::to_string(property(list, "status")).unwrap();
    for value in ["open", "completed", "all"] {
        assert!(status.contains(&format!("\"{value}\"")), "status schema lacks {value}: {status}");
    }
    assert_eq!(list.annotations.as_ref().and_then(|a| a.read_only_hint), Some(true));
    for field in ["due", "priority", "tag", "limit"] {
        property(list, field);
    }
    // The bounds the server holds to.
    let limit = property(list, "limit");
    assert_eq!(
        (&limit["type"], &limit["minimum"], &limit["maximum"], &limit["default"]),
        (&json!("integer"), &json!(1), &json!(500), &json!(100))
    );
    assert_eq!(property(list, "status")["default"], "all");
    assert_eq!(property(add, "priority")["default"], "none");
    assert!(property(add, "due_date")["examples"].is_array(), "examples help agents: {:?}", property(add, "due_date"));
    // list_tasks answers its tasks in the shape every other tool answers one.
    let list_output = list.output_schema.as_ref().expect("list_tasks declares its output");
    assert_eq!(list_output["required"], json!(["tasks"]));
    let item = &list_output["properties"]["tasks"]["items"];
    assert_eq!(item["properties"], output["properties"], "a listed task is shaped like add_task's");
    assert_eq!(item["required"], output["required"]);

    // One definition per operation, shared with the LLM mode.
    for shared in todo_api::tools::ALL {
        let served = tool(&tools, shared.name);
        assert_eq!(served.description.as_deref(), Some(shared.description), "{}", shared.name);
        assert_eq!(served.input_schema, (shared.parameters)(), "{}", shared.name);
    }
    client.cancel().await.expect("close the client");
}

async fn tool_calls_change_the_todos_that_rest_shows(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = mcp_client(&app).await;

    let added = call_ok(
        &client,
        "add_task",
        json!({"title": "Call mom", "due_date": "2030-03-11", "due_time": "17:00", "priority": "high",
               "tags": ["Family"], "notes": "about the trip", "recurrence": null, "remind_before": 30}),
    )
    .await;
    assert_eq!(added["status"], "created");
    assert_eq!(added["title"], "Call mom");
    let id = added["task_id"].as_i64().expect("task_id is an integer");

    let rest = app.list_json("").await;
    assert_eq!(rest.len(), 1);
    let todo = &rest[0];
    assert_eq!(todo["id"], id);
    assert_eq!(todo["title"], "Call mom");
    assert_eq!(todo["due_date"], "2030-03-11");
    assert_eq!(todo["due_time"], "17:00");
    assert_eq!(todo["priority"], "high");
    assert_eq!(todo["tags"], json!(["family"]));
    assert_eq!(todo["notes"], "about the trip");
    assert_eq!(todo["remind_before"], 30);
    assert_eq!(todo["completed"], false);

    let listed = call_ok(&client, "list_tasks", json!({})).await;
    assert_eq!(
        listed,
        json!({"tasks": [{"task_id": id, "status": "open", "title": "Call mom", "completed": false, "due_date": "2030-03-11",
                "due_time": "17:00", "priority": "high", "tags": ["family"], "recurrence": null, "remind_before": 30,
                "notes": "about the trip"}]})
    );

    let completed = call_ok(&client, "complete_task", json!({"task_id": id})).await;
    assert_eq!((completed["task_id"].as_i64(), completed["status"].as_str()), (Some(id), Some("completed")));
    assert_eq!(completed["completed"], true);
    let todo = expect_json(app.get_todo(id).await, StatusCode::OK).await;
    assert_eq!(todo["completed"], true);
    assert!(todo["completed_at"].is_string(), "{todo}");

    let updated = call_ok(
        &client,
        "update_task",
        json!({"task_id": id, "title": "Call mom and dad", "due_date": "", "priority": "low", "tags": [], "notes": null, "remind_before": 0}),
    )
    .await;
    assert_eq!((updated["status"].as_str(), updated["title"].as_str()), (Some("updated"), Some("Call mom and dad")));
    let todo = expect_json(app.get_todo(id).await, StatusCode::OK).await;
    assert_eq!(todo["title"], "Call mom and dad");
    assert_eq!(todo["due_date"], Value::Null, "an empty due_date clears it: {todo}");
    assert_eq!(todo["due_time"], Value::Null, "and its time: {todo}");
    assert_eq!(todo["priority"], "low");
    assert_eq!(todo["tags"], json!([]));
    assert_eq!(todo["notes"], "about the trip", "a null field stays as it is");
    assert_eq!(todo["remind_before"], 0);
    assert_eq!(todo["completed"], true, "an update leaves completion alone");

    let deleted = call_ok(&client, "delete_task", json!({"task_id": id})).await;
    assert_eq!(deleted["task_id"], id);
    assert_eq!(deleted["status"], "deleted");
    assert_eq!(deleted["title"], "Call mom and dad");
    assert_eq!(app.get_todo(id).await.status(), StatusCode::NOT_FOUND);
    assert!(app.list_json("").await.is_empty());
    assert_eq!(call_ok(&client, "list_tasks", json!({"status": "all"})).await, json!({"tasks": []}));
    client.cancel().await.expect("close the client");
}

async fn list_tasks_filters_by_status_and_text(backend: Backend) {
    let app = spawn_app(backend).await;
    // Todos made over REST are the same todos MCP sees.
    let milk = app.create_titled("Buy milk").await["id"].as_i64().unwrap();
    let report = app.create_todo(json!({"title": "Write the report", "notes": "quarterly MILK figures"})).await["id"].as_i64().unwrap();
    let done = app.create_todo(json!({"title": "Pay rent", "completed": true})).await["id"].as_i64().unwrap();
    let client = mcp_client(&app).await;

    let ids = |listed: Value| task_ids(&listed);
    assert_eq!(ids(call_ok(&client, "list_tasks", json!({})).await), [milk, report, done]);
    assert_eq!(ids(call_ok(&client, "list_tasks", json!({"status": "open"})).await), [milk, report]);
    let completed = call_ok(&client, "list_tasks", json!({"status": "completed"})).await;
    assert_eq!(tasks(&completed)[0]["status"], "completed");
    assert_eq!(ids(completed), [done]);
    assert_eq!(ids(call_ok(&client, "list_tasks", json!({"q": "milk"})).await), [milk, report]);
    assert_eq!(ids(call_ok(&client, "list_tasks", json!({"q": "milk", "limit": 1})).await), [milk]);
    client.cancel().await.expect("close the client");
}

async fn list_tasks_filters_by_due_date_priority_and_tag(backend: Backend) {
    let app = spawn_app(backend).await;
    // The server's default time zone is UTC, and its clock is real: dates relative to today.
    let today = chrono::Utc::now().date_naive();
    let day = |offset: i64| (today + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string();
    let overdue = app.create_todo(json!({"title": "Overdue", "due_date": day(-2), "priority": "urgent", "tags": ["work"]})).await;
    let due_today = app.create_todo(json!({"title": "Today", "due_date": day(0), "priority": "high", "tags": ["home"]})).await;
    let tomorrow = app.create_todo(json!({"title": "Tomorrow", "due_date": day(1), "tags": ["work"]})).await;
    let undated = app.create_todo(json!({"title": "Someday", "priority": "high"})).await;
    let [overdue, due_today, tomorrow, undated] = [overdue, due_today, tomorrow, undated].map(|t| t["id"].as_i64().unwrap());
    let client = mcp_client(&app).await;

    let ids = |listed: Value| task_ids(&listed);
    let list = |arguments: Value| call_ok(&client, "list_tasks", arguments);
    assert_eq!(ids(list(json!({"due": "overdue"})).await), [overdue]);
    assert_eq!(ids(list(json!({"due": "today"})).await), [due_today]);
    assert_eq!(ids(list(json!({"due": "tomorrow"})).await), [tomorrow]);
    assert_eq!(ids(list(json!({"due": "week"})).await), [due_today, tomorrow]);
    assert_eq!(ids(list(json!({"due": "none"})).await), [undated]);
    assert_eq!(ids(list(json!({"priority": "high"})).await), [due_today, undated]);
    assert_eq!(ids(list(json!({"tag": "work"})).await), [overdue, tomorrow]);
    assert_eq!(ids(list(json!({"tag": "#Work", "priority": "urgent"})).await), [overdue]);

    for (arguments, field) in
        [(json!({"tag": "two words"}), "tag"), (json!({"due": "someday"}), "due"), (json!({"priority": "extreme"}), "priority")]
    {
        let error = call_err(&client, "list_tasks", arguments.clone()).await;
        assert!(error.contains(field), "list_tasks({arguments}): {error}");
    }
    client.cancel().await.expect("close the client");
}

async fn completing_a_recurring_task_moves_it_on(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = mcp_client(&app).await;
    let added =
        call_ok(&client, "add_task", json!({"title": "Standup", "due_date": "2030-01-07", "recurrence": "FREQ=WEEKLY;BYDAY=MO"})).await;
    let id = added["task_id"].as_i64().unwrap();
    assert_eq!(added["recurrence"], "FREQ=WEEKLY;BYDAY=MO");

    let completed = call_ok(&client, "complete_task", json!({"task_id": id})).await;
    assert_eq!(completed["status"], "completed");
    assert_eq!(completed["completed"], false, "a recurring task stays open");
    assert_eq!(completed["due_date"], "2030-01-14");
    let todo = expect_json(app.get_todo(id).await, StatusCode::OK).await;
    assert_eq!((todo["due_date"].as_str(), todo["completed"].as_bool()), (Some("2030-01-14"), Some(false)));
    client.cancel().await.expect("close the client");
}

async fn bad_input_is_a_tool_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = mcp_client(&app).await;
    let id = app.create_titled("Keep me").await["id"].as_i64().unwrap();
    let missing = id + 1000;

    for tool in ["complete_task", "delete_task"] {
        let error = call_err(&client, tool, json!({"task_id": missing})).await;
        assert!(error.contains(&missing.to_string()), "{tool}: {error}");
    }
    let error = call_err(&client, "update_task", json!({"task_id": missing, "title": "Other"})).await;
    assert!(error.contains(&missing.to_string()), "{error}");

    for (tool, arguments, field) in [
        ("add_task", json!({"title": ""}), "title"),
        ("add_task", json!({"title": "   "}), "title"),
        ("add_task", json!({"title": "x".repeat(501)}), "title"),
        ("add_task", json!({"title": "Dentist", "due_date": "2026-02-30"}), "due_date"),
        ("add_task", json!({"title": "Dentist", "due_date": "next friday"}), "due_date"),
        ("add_task", json!({"title": "Dentist", "due_time": "25:00", "due_date": "2026-03-01"}), "due_time"),
        ("add_task", json!({"title": "Dentist", "due_time": "09:00"}), "due_time"),
        ("add_task", json!({"title": "Dentist", "priority": "extreme"}), "priority"),
        ("add_task", json!({"title": "Dentist", "tags": ["a b"]}), "tags"),
        ("add_task", json!({"title": "Dentist", "recurrence": "FREQ=HOURLY"}), "recurrence"),
        ("add_task", json!({"title": "Dentist", "remind_before": 10081}), "remind_before"),
        ("update_task", json!({"task_id": id, "title": ""}), "title"),
        ("update_task", json!({"task_id": id, "due_date": "2026-13-01"}), "due_date"),
        ("update_task", json!({"task_id": id, "due_time": "17:00"}), "due_time"),
        ("list_tasks", json!({"limit": 0}), "limit"),
        ("list_tasks", json!({"limit": 501}), "limit"),
        ("list_tasks", json!({"q": "a\u{0}b"}), "q"),
        // Arguments the schema rules out are tool errors too, naming the
        // argument, so that the agent can correct its call.
        ("add_task", json!({}), "title"),
        ("add_task", json!({"title": 7}), "title"),
        ("add_task", json!({"title": "Dentist", "tags": "work"}), "tags"),
        ("complete_task", json!({"task_id": "seven"}), "task_id"),
        ("delete_task", json!({}), "task_id"),
        ("update_task", json!({"title": "no id"}), "task_id"),
        ("list_tasks", json!({"status": "someday"}), "status"),
        ("list_tasks", json!({"limit": "5"}), "limit"),
    ] {
        let error = call_err(&client, tool, arguments.clone()).await;
        assert!(error.contains(field), "{tool}({arguments}): the error should name {field}: {error}");
    }
    // The largest page the schema allows is served.
    assert_eq!(task_ids(&call_ok(&client, "list_tasks", json!({"limit": 500})).await), [id]);
    // An unknown tool is a protocol error; the server goes on serving.
    let unknown = client.call_tool(CallToolRequestParams::new("format_disk").with_arguments(serde_json::Map::new())).await;
    assert!(unknown.is_err(), "{unknown:?}");

    assert_eq!(crate::helpers::titles(&app.list_json("").await), ["Keep me"], "nothing changed");
    let todo = expect_json(app.get_todo(id).await, StatusCode::OK).await;
    assert_eq!((todo["due_date"].as_str(), todo["title"].as_str()), (None, Some("Keep me")));
    client.cancel().await.expect("close the client");
}

/// An `initialize` POST with a chosen Host header, over a raw socket, as `app`'s user.
/// The per-user cap holds through MCP too, and says what to do about it.
async fn add_task_past_the_todo_limit_is_a_tool_error(backend: Backend) {
    let app = spawn_app_with(backend, &["--max-todos-per-user", "2"]).await;
    let client = mcp_client(&app).await;
    let first = call_ok(&client, "add_task", json!({"title": "One"})).await["task_id"].as_i64().unwrap();
    call_ok(&client, "add_task", json!({"title": "Two"})).await;
    let error = call_err(&client, "add_task", json!({"title": "Three"})).await;
    assert!(error.contains("at most 2 tasks"), "{error}");
    assert_eq!(app.list_titles("").await, ["One", "Two"]);
    call_ok(&client, "delete_task", json!({"task_id": first})).await;
    call_ok(&client, "add_task", json!({"title": "Three"})).await;
    assert_eq!(app.list_titles("").await, ["Two", "Three"]);
}

async fn initialize_with_host(app: &TestApp, host: &str) -> u16 {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}})
    .to_string();
    let request = format!(
        "POST /mcp HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n\
         {}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        app.auth_header_line(),
        body.len()
    );
    raw_exchange(app.port, vec![request.into_bytes()], Duration::ZERO, Duration::from_secs(10)).await.status
}

async fn only_allowed_hosts_are_answered(backend: Backend) {
    // Single-user mode: loopback names only, with any port.
    let app = spawn_app_with(backend, &["--auth-mode", "single-user"]).await;
    assert_eq!(initialize_with_host(&app, &format!("127.0.0.1:{}", app.port)).await, 200);
    assert_eq!(initialize_with_host(&app, &format!("localhost:{}", app.port)).await, 200);
    for host in ["evil.example", "evil.example:80", "127.0.0.1.evil.example"] {
        assert_eq!(initialize_with_host(&app, host).await, 403, "Host: {host}");
    }
    // rmcp's client through the name "localhost" works too.
    let client = connect(format!("http://localhost:{}/mcp", app.port), &app.token).await;
    client.list_all_tools().await.expect("tools/list through localhost");
    client.cancel().await.expect("close the client");

    // Accounts mode with ALLOWED_HOSTS: those names and loopback ones.
    let app = spawn_app_with(backend, &["--allowed-hosts", "todo.example.com,backend:8080"]).await;
    assert_eq!(initialize_with_host(&app, "todo.example.com").await, 200);
    assert_eq!(initialize_with_host(&app, "backend:8080").await, 200);
    assert_eq!(initialize_with_host(&app, "backend:9090").await, 403);
    assert_eq!(initialize_with_host(&app, "evil.example").await, 403);
    assert_eq!(initialize_with_host(&app, &format!("127.0.0.1:{}", app.port)).await, 200);

    // Accounts mode without it: any Host (a rebinding page has no token).
    let app = spawn_app(backend).await;
    assert_eq!(initialize_with_host(&app, "anything.example").await, 200);
}

async fn mcp_needs_a_bearer_token_and_sees_only_its_users_tasks(backend: Backend) {
    let app = spawn_app(backend).await;
    let alices = app.create_titled("Alice's task").await;
    let alices_id = alices["id"].as_i64().unwrap();
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}});
    let post = |token: Option<&str>| {
        let mut request = http_client().post(app.url("/mcp")).header("accept", "application/json, text/event-stream").json(&initialize);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(post(None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(post(Some("tc_forged")).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    // A browser session cookie is not enough: MCP clients are not browsers.
    let session = http_client()
        .post(app.api("/auth/login"))
        .json(&json!({"username": "tester", "password": crate::helpers::TEST_PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = session.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let by_cookie = http_client()
        .post(app.url("/mcp"))
        .header("cookie", cookie)
        .header("accept", "application/json, text/event-stream")
        .json(&initialize)
        .send()
        .await
        .unwrap();
    assert_eq!(by_cookie.status(), StatusCode::UNAUTHORIZED);

    // Bob, with his own token, sees and changes nothing of Alice's.
    let bob = connect(app.url("/mcp"), &sign_up(&app.address, "bob").await).await;
    assert_eq!(call_ok(&bob, "list_tasks", json!({"status": "all"})).await, json!({"tasks": []}));
    for tool in ["complete_task", "delete_task"] {
        let error = call_err(&bob, tool, json!({ "task_id": alices_id })).await;
        assert!(error.contains("no task"), "{tool}: {error}");
    }
    call_err(&bob, "update_task", json!({ "task_id": alices_id, "title": "hijacked" })).await;
    call_ok(&bob, "add_task", json!({"title": "Bob's task"})).await;
    bob.cancel().await.expect("close the client");
    let todo = expect_json(app.get_todo(alices_id).await, StatusCode::OK).await;
    assert_eq!(todo, alices, "Alice's task is untouched");
    assert_eq!(crate::helpers::titles(&app.list_json("").await), ["Alice's task"]);
}
