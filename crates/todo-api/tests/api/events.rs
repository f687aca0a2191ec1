//! `GET /api/v1/events`: the caller's changes, whichever path made them
//! (REST, chat with its undo and bulk changes, MCP), in order, resumable
//! without loss or repeat, never another user's; caps answer 429; a change
//! on one server process reaches a stream held by another on the same
//! PostgreSQL; draining ends streams, and so does logging out or revoking
//! the credential a stream was opened with.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, client_with_token, expect_json, fresh_database, http_client, sign_up, spawn_app, spawn_app_with, start_server, Backend,
    TestApp, TEST_PASSWORD,
};
use crate::mcp::{call_ok, mcp_client};

backend_tests!(
    rest_chat_and_mcp_changes_arrive_in_order,
    a_resumed_stream_loses_and_repeats_nothing,
    a_resume_from_beyond_the_window_is_told_to_reload,
    another_users_changes_never_arrive,
    streams_over_a_cap_are_refused_with_429,
    a_stream_ends_with_its_session_or_token,
);

/// An open event stream, read event by event.
pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

impl EventStream {
    /// Opens the stream of `client`'s user, resuming after `last_event_id` when given.
    pub async fn open(client: &reqwest::Client, address: &str, last_event_id: Option<i64>) -> Self {
        let response = Self::request(client, address, last_event_id).await;
        assert_eq!(response.status(), StatusCode::OK, "GET /api/v1/events");
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Self { response, buffer: String::new() }
    }

    pub async fn request(client: &reqwest::Client, address: &str, last_event_id: Option<i64>) -> reqwest::Response {
        let mut request = client.get(format!("{address}/api/v1/events")).timeout(Duration::from_secs(120));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        request.send().await.expect("GET /api/v1/events")
    }

    /// The next event's data; `None` when none comes within `limit` or the stream ended.
    pub async fn next_within(&mut self, limit: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let data: Vec<&str> = block.lines().filter_map(|line| line.strip_prefix("data: ")).collect();
                if !data.is_empty() {
                    return Some(serde_json::from_str(&data.join("\n")).expect("event data is JSON"));
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await.ok()?.expect("read the stream")?;
            self.buffer.push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
        }
    }

    pub async fn next(&mut self) -> Value {
        self.next_within(Duration::from_secs(5)).await.expect("an event within 5 s")
    }

    /// The next `count` events, as (type, todo title or ids).
    pub async fn take(&mut self, count: usize) -> Vec<Value> {
        let mut events = Vec::with_capacity(count);
        for _ in 0..count {
            events.push(self.next().await);
        }
        events
    }

    /// Whether the stream ended (the server closed it) within `limit`.
    pub async fn ends_within(&mut self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return false,
                Ok(Ok(None) | Err(_)) => return true,
                Ok(Ok(Some(_))) => {}
            }
        }
    }
}

fn kinds(events: &[Value]) -> Vec<String> {
    events.iter().map(|e| e["type"].as_str().unwrap().to_owned()).collect()
}

fn ids(events: &[Value]) -> Vec<i64> {
    events.iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

async fn chat(app: &TestApp, message: &str, conversation: &Value) -> Value {
    let response = app
        .client
        .post(app.api("/chat"))
        .json(&json!({"message": message, "conversation_id": conversation, "timezone": "UTC"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "chat {message:?}");
    response.json().await.unwrap()
}

async fn rest_chat_and_mcp_changes_arrive_in_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut stream = EventStream::open(&app.client, &app.address, None).await;
    let ready = stream.next().await;
    assert_eq!(ready, json!({"id": 0, "type": "ready"}));

    let milk = app.create_titled("Buy milk").await;
    let created = stream.next().await;
    assert_eq!((created["id"].as_i64(), created["type"].as_str()), (Some(1), Some("created")));
    assert_eq!(created["todo"]["title"], "Buy milk");
    assert_eq!(created["todo"]["url"], milk["url"], "the todo as REST shows it");
    app.patch_ok(milk["id"].as_i64().unwrap(), json!({"completed": true})).await;
    app.patch_ok(milk["id"].as_i64().unwrap(), json!({"title": "Buy oat milk"})).await;

    let turn = chat(&app, "add call mom and walk the dog", &Value::Null).await;
    let conversation = turn["conversation_id"].clone();
    chat(&app, "undo", &conversation).await;
    chat(&app, "mark everything done", &conversation).await;
    chat(&app, "yes", &conversation).await;

    let mcp = mcp_client(&app).await;
    let added = call_ok(&mcp, "add_task", json!({"title": "From an agent"})).await;
    call_ok(&mcp, "delete_task", json!({"task_id": added["task_id"]})).await;
    app.create_titled("Water plants").await;
    assert_eq!(app.delete_todos("").await.status(), StatusCode::NO_CONTENT);

    let events = stream.take(10).await;
    assert_eq!(
        kinds(&events),
        ["completed", "updated", "created", "created", "deleted", "deleted", "created", "deleted", "created", "cleared"],
        "{events:#?}"
    );
    assert_eq!(ids(&events), (2..=11).collect::<Vec<_>>(), "one more each time");
    assert_eq!(events[2]["todo"]["title"], "Call mom");
    assert_eq!(events[6]["todo"]["title"], "From an agent");
    assert_eq!(events[9]["ids"].as_array().unwrap().len(), 2, "the cleared event names what went: {}", events[9]);
    // "mark everything done" found only "Buy oat milk", done already: nothing
    // to confirm, nothing changed, no event.
    assert_eq!(stream.next_within(Duration::from_millis(500)).await, None);
}

async fn a_resumed_stream_loses_and_repeats_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut stream = EventStream::open(&app.client, &app.address, None).await;
    stream.next().await;
    for title in ["One", "Two", "Three"] {
        app.create_titled(title).await;
    }
    let first = stream.next().await;
    assert_eq!(first["todo"]["title"], "One");
    drop(stream); // a forced disconnect, two events unread
    for title in ["Four", "Five"] {
        app.create_titled(title).await;
    }
    let mut resumed = EventStream::open(&app.client, &app.address, first["id"].as_i64()).await;
    let events = resumed.take(4).await;
    let titles: Vec<&str> = events.iter().map(|e| e["todo"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Two", "Three", "Four", "Five"]);
    assert_eq!(resumed.next_within(Duration::from_millis(300)).await, None, "nothing repeated");
    // The query parameter, for clients that cannot send the header.
    let url = format!("{}/api/v1/events?last_event_id=4", app.address);
    let mut by_query = app.client.get(url).send().await.unwrap();
    let chunk = tokio::time::timeout(Duration::from_secs(5), by_query.chunk()).await.unwrap().unwrap().unwrap();
    assert!(String::from_utf8_lossy(&chunk).contains("\"title\":\"Five\""), "{chunk:?}");
    // A bad id is a clear 400.
    let bad = app.client.get(app.api("/events")).header("Last-Event-ID", "yesterday").send().await.unwrap();
    assert_problem(bad, 400, "invalid-query").await;
}

async fn a_resume_from_beyond_the_window_is_told_to_reload(backend: Backend) {
    use sqlx::{Connection, Executor};
    let app = spawn_app(backend).await;
    for title in ["One", "Two", "Three"] {
        app.create_titled(title).await;
    }
    // What the retention window does to old events.
    let prune = "DELETE FROM todo_events WHERE id <= 2";
    match backend {
        Backend::Sqlite => sqlx::SqliteConnection::connect(&app.database_url).await.unwrap().execute(prune).await.map(drop),
        Backend::Postgres => sqlx::PgConnection::connect(&app.database_url).await.unwrap().execute(prune).await.map(drop),
    }
    .unwrap();
    let mut stream = EventStream::open(&app.client, &app.address, Some(1)).await;
    assert_eq!(stream.next().await, json!({"id": 3, "type": "reload"}));
    app.create_titled("Four").await;
    assert_eq!(stream.next().await["todo"]["title"], "Four", "and it goes on after the reload");
}

async fn another_users_changes_never_arrive(backend: Backend) {
    let app = spawn_app(backend).await;
    let other = client_with_token(&sign_up(&app.address, "someone-else").await);
    let mut mine = EventStream::open(&app.client, &app.address, None).await;
    let mut theirs = EventStream::open(&other, &app.address, None).await;
    mine.next().await;
    theirs.next().await;
    let response = other.post(app.api("/todos")).json(&json!({"title": "Their secret"})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    app.create_titled("Mine").await;
    assert_eq!(theirs.next().await["todo"]["title"], "Their secret");
    let event = mine.next().await;
    assert_eq!((event["id"].as_i64(), event["todo"]["title"].as_str()), (Some(1), Some("Mine")));
    assert_eq!(mine.next_within(Duration::from_millis(300)).await, None);
    // Without credentials: 401, as every other route.
    let anonymous = crate::helpers::http_client().get(app.api("/events")).send().await.unwrap();
    assert_problem(anonymous, 401, "unauthorized").await;
}

async fn streams_over_a_cap_are_refused_with_429(backend: Backend) {
    let app = spawn_app_with(backend, &["--event-streams-per-user", "2", "--event-streams-max", "3"]).await;
    let _first = EventStream::open(&app.client, &app.address, None).await;
    let _second = EventStream::open(&app.client, &app.address, None).await;
    let third = EventStream::request(&app.client, &app.address, None).await;
    assert!(third.headers().contains_key("retry-after"));
    let problem = assert_problem(third, 429, "too-many-streams").await;
    assert!(problem["detail"].as_str().unwrap().contains("2 event streams open"), "{problem}");
    let other = client_with_token(&sign_up(&app.address, "another").await);
    let _theirs = EventStream::open(&other, &app.address, None).await;
    let yet_another = client_with_token(&sign_up(&app.address, "yet-another").await);
    let refused = EventStream::request(&yet_another, &app.address, None).await;
    let problem = assert_problem(refused, 429, "too-many-streams").await;
    assert!(problem["detail"].as_str().unwrap().contains("this server has 3"), "{problem}");
}

/// A new login of the tester's: a client sending its token.
async fn log_in(app: &TestApp) -> reqwest::Client {
    let response = http_client().post(app.api("/auth/login")).json(&json!({"username": "tester", "password": TEST_PASSWORD})).send().await;
    let session = expect_json(response.unwrap(), StatusCode::OK).await;
    client_with_token(session["token"].as_str().unwrap())
}

async fn a_stream_ends_with_its_session_or_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let (leaving, staying) = (log_in(&app).await, log_in(&app).await);
    let mut ending = EventStream::open(&leaving, &app.address, None).await;
    let mut going_on = EventStream::open(&staying, &app.address, None).await;
    ending.next().await;
    going_on.next().await;
    let response = leaving.post(app.api("/auth/logout")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(ending.ends_within(Duration::from_secs(2)).await, "logging out ends the session's stream");
    app.create_titled("Still here").await;
    assert_eq!(going_on.next().await["todo"]["title"], "Still here", "another session's stream goes on");

    let response = staying.post(app.api("/tokens")).json(&json!({"name": "script"})).send().await.unwrap();
    let token = expect_json(response, StatusCode::CREATED).await;
    let mut by_token = EventStream::open(&client_with_token(token["token"].as_str().unwrap()), &app.address, None).await;
    by_token.next().await;
    let revoked = staying.delete(app.api(&format!("/tokens/{}", token["id"]))).send().await.unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert!(by_token.ends_within(Duration::from_secs(2)).await, "revoking the token ends its stream");
    assert!(!going_on.ends_within(Duration::from_millis(300)).await, "the session's stream goes on");
}

/// Two `todo-api` processes on one PostgreSQL, as two replicas: a change made
/// on one reaches a stream held by the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_one_process_reaches_a_stream_on_another() {
    let (database_url, _database) = fresh_database(Backend::Postgres).await;
    let env = [("DATABASE_URL", Some(database_url.as_str())), ("LOG_LEVEL", Some("warn"))];
    let mut streaming = start_server(&env, None);
    let mut changing = start_server(&env, None);
    streaming.wait_ready(Duration::from_secs(30)).await;
    changing.wait_ready(Duration::from_secs(30)).await;
    let client = crate::helpers::http_client();
    let mut stream = EventStream::open(&client, &streaming.address, None).await;
    stream.next().await;
    let started = std::time::Instant::now();
    let response = client
        .post(changing.url("/api/v1/todos"))
        .header("Origin", &changing.address)
        .json(&json!({"title": "Made on the other replica"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let event = stream.next_within(Duration::from_secs(5)).await.expect("the change reaches the other process's stream");
    assert_eq!(event["todo"]["title"], "Made on the other replica");
    assert!(started.elapsed() < Duration::from_secs(1), "within a second: {:?}", started.elapsed());
}

/// SIGTERM ends the open streams at once (their clients reconnect to another
/// replica), and the server exits without waiting for its shutdown timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draining_ends_streams_and_refuses_new_ones() {
    let mut server = start_server(&[("DRAIN_DELAY", Some("2")), ("SHUTDOWN_TIMEOUT", Some("20"))], None);
    server.wait_ready(Duration::from_secs(30)).await;
    let client = crate::helpers::http_client();
    let mut stream = EventStream::open(&client, &server.address, None).await;
    stream.next().await;
    let started = std::time::Instant::now();
    server.sigterm();
    assert!(stream.ends_within(Duration::from_secs(2)).await, "the stream ends when draining starts");
    let refused = EventStream::request(&client, &server.address, None).await;
    assert_problem(refused, 503, "shutting-down").await;
    let status = server.wait_exit(Duration::from_secs(15)).await;
    assert!(status.success(), "{status}");
    assert!(started.elapsed() < Duration::from_secs(10), "no wait for the shutdown timeout: {:?}", started.elapsed());
}
