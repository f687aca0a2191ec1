//! Nobody sees or changes another user's todos or conversations: not by id
//! guessing, bulk deletes, searches, chat references or undo (MCP: mcp.rs).
//! A property test drives random interleavings of two users.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, client_with_token, expect_json, sign_up, spawn_app, titles, Backend, TestApp};

backend_tests!(
    ids_of_another_users_todos_answer_404,
    bulk_deletes_and_searches_stay_within_the_user,
    chat_references_never_reach_another_users_todos,
    conversations_belong_to_their_user,
    random_interleavings_of_two_users_never_leak,
);

/// A second user of `app`, with a client of its own.
struct OtherUser {
    client: reqwest::Client,
}

impl OtherUser {
    async fn new(app: &TestApp, name: &str) -> Self {
        Self { client: client_with_token(&sign_up(&app.address, name).await) }
    }
}

async fn chat(client: &reqwest::Client, app: &TestApp, message: &str, conversation: Option<&str>) -> reqwest::Response {
    let body = json!({"message": message, "conversation_id": conversation, "timezone": "UTC"});
    client.post(app.api("/chat")).json(&body).send().await.expect("POST /chat")
}

async fn list_titles(client: &reqwest::Client, app: &TestApp, query: &str) -> Vec<String> {
    let response = client.get(format!("{}?{query}", app.api("/todos"))).send().await.expect("GET /todos");
    titles(expect_json(response, StatusCode::OK).await.as_array().expect("an array"))
}

async fn ids_of_another_users_todos_answer_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let secret = app.create_todo(json!({"title": "A's secret plan", "notes": "do not share"})).await;
    let id = secret["id"].as_i64().unwrap();
    let bob = OtherUser::new(&app, "bob").await;
    let url = app.api(&format!("/todos/{id}"));
    let missing = app.api("/todos/999999");
    let requests = [
        (bob.client.get(&url), bob.client.get(&missing)),
        (bob.client.patch(&url).json(&json!({"title": "hijacked"})), bob.client.patch(&missing).json(&json!({"title": "hijacked"}))),
        (bob.client.patch(&url).json(&json!({"completed": true})), bob.client.patch(&missing).json(&json!({"completed": true}))),
        (bob.client.delete(&url), bob.client.delete(&missing)),
    ];
    for (theirs, nobodys) in requests {
        // The same answer as for an id nobody has: no existence oracle.
        let theirs = assert_problem(theirs.send().await.unwrap(), 404, "not-found").await;
        let nobodys = assert_problem(nobodys.send().await.unwrap(), 404, "not-found").await;
        assert_eq!(
            theirs["detail"].as_str().unwrap().replace(&id.to_string(), "N"),
            nobodys["detail"].as_str().unwrap().replace("999999", "N")
        );
    }
    let unchanged = expect_json(app.get_todo(id).await, StatusCode::OK).await;
    assert_eq!(unchanged, secret);
}

async fn bulk_deletes_and_searches_stay_within_the_user(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_todo(json!({"title": "Buy milk", "tags": ["shop"], "priority": "high"})).await;
    let bob = OtherUser::new(&app, "bob").await;
    assert!(list_titles(&bob.client, &app, "").await.is_empty());
    for query in ["q=milk", "tag=shop", "priority=high", "status=all", "sort=created"] {
        assert!(list_titles(&bob.client, &app, query).await.is_empty(), "{query}");
    }
    let summary = expect_json(bob.client.get(app.api("/todos/summary")).send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(summary, json!({"open": 0, "today": 0, "overdue": 0, "completed": 0, "tags": []}), "counts and tags are the user's own");
    let response = bob.client.post(app.api("/todos")).json(&json!({"title": "Bob's milk"})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    for query in ["", "?q=milk", "?tag=shop"] {
        let response = bob.client.delete(format!("{}{query}", app.api("/todos"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    assert!(list_titles(&bob.client, &app, "").await.is_empty());
    assert_eq!(app.list_titles("").await, ["Buy milk"]);
}

async fn chat_references_never_reach_another_users_todos(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("Write the report").await;
    app.create_titled("Call the bank").await;
    let bob = OtherUser::new(&app, "bob").await;
    for message in ["finished writing the report", "delete call the bank", "complete 1", "move the report to friday", "what's open?"] {
        let answer = expect_json(chat(&bob.client, &app, message, None).await, StatusCode::OK).await;
        let shown = answer.to_string();
        assert!(!shown.contains("Write the report") && !shown.contains("Call the bank"), "{message}: {answer}");
    }
    // Bob's undo undoes nothing of Alice's.
    let answer = expect_json(chat(&bob.client, &app, "undo", None).await, StatusCode::OK).await;
    assert!(!answer.to_string().contains("report"), "{answer}");
    let todos = app.list_json("").await;
    assert_eq!(titles(&todos), ["Write the report", "Call the bank"]);
    assert!(todos.iter().all(|t| t["completed"] == false && t["due_date"].is_null()));
}

async fn conversations_belong_to_their_user(backend: Backend) {
    let app = spawn_app(backend).await;
    let answer = expect_json(chat(&app.client, &app, "add buy milk", None).await, StatusCode::OK).await;
    let conversation = answer["conversation_id"].as_str().unwrap().to_owned();
    let bob = OtherUser::new(&app, "bob").await;
    let history = bob.client.get(app.api(&format!("/conversations/{conversation}/messages"))).send().await.unwrap();
    assert_problem(history, 404, "not-found").await;
    // Continuing Alice's conversation (to "undo" her add) is refused as unknown.
    assert_problem(chat(&bob.client, &app, "undo", Some(&conversation)).await, 404, "not-found").await;
    assert_eq!(app.list_titles("").await, ["Buy milk"]);
    let history =
        expect_json(app.client.get(app.api(&format!("/conversations/{conversation}/messages"))).send().await.unwrap(), StatusCode::OK)
            .await;
    assert_eq!(history.as_array().unwrap().len(), 2, "Bob's attempt left no message in Alice's conversation");
}

// ---------------------------------------------------------------------------
// The property: whatever two users do, in any order, each sees exactly their own todos.

/// One distinct word per todo, so a chat reference matches its todo and
/// nothing else (a shared word could make a partial match).
const WORDS: [&str; 24] = [
    "apples",
    "bread",
    "candles",
    "dishes",
    "envelopes",
    "fence",
    "garage",
    "hammock",
    "invoices",
    "jacket",
    "kettle",
    "lamp",
    "mailbox",
    "notebook",
    "oven",
    "piano",
    "quilt",
    "radio",
    "stamps",
    "tickets",
    "umbrella",
    "vase",
    "window",
    "yarn",
];

#[derive(Debug, Clone)]
enum Op {
    /// `user` creates a todo (over REST, or by chat).
    Create {
        user: usize,
        by_chat: bool,
    },
    /// `user` reads, completes or deletes the `target`-th todo made so far (anyone's).
    Read {
        user: usize,
        target: usize,
    },
    Complete {
        user: usize,
        target: usize,
    },
    Delete {
        user: usize,
        target: usize,
    },
    /// `user` tells the chat to complete the `target`-th todo by its title.
    ChatComplete {
        user: usize,
        target: usize,
    },
    /// `user` deletes all of their completed todos.
    ClearCompleted {
        user: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let user = 0..2usize;
    let target = 0..WORDS.len();
    prop_oneof![
        3 => (user.clone(), any::<bool>()).prop_map(|(user, by_chat)| Op::Create { user, by_chat }),
        1 => (user.clone(), target.clone()).prop_map(|(user, target)| Op::Read { user, target }),
        1 => (user.clone(), target.clone()).prop_map(|(user, target)| Op::Complete { user, target }),
        1 => (user.clone(), target.clone()).prop_map(|(user, target)| Op::Delete { user, target }),
        1 => (user.clone(), target).prop_map(|(user, target)| Op::ChatComplete { user, target }),
        1 => user.prop_map(|user| Op::ClearCompleted { user }),
    ]
}

/// What the model says exists: made-so-far todos, by index.
#[derive(Debug, Clone)]
struct ModelTodo {
    id: i64,
    owner: usize,
    title: String,
    completed: bool,
    deleted: bool,
}

async fn random_interleavings_of_two_users_never_leak(backend: Backend) {
    // Sequences are drawn from proptest strategies up front (the server calls
    // are async, so there is no shrinking); a failure prints the sequence.
    let mut runner = TestRunner::default();
    let sequences: Vec<Vec<Op>> =
        (0..6).map(|_| proptest::collection::vec(op(), 20..40).new_tree(&mut runner).expect("a sequence").current()).collect();
    for ops in sequences {
        run_sequence(backend, &ops).await;
    }
}

async fn run_sequence(backend: Backend, ops: &[Op]) {
    let app = spawn_app(backend).await;
    let clients = [app.client.clone(), client_with_token(&sign_up(&app.address, "second-user").await)];
    let mut made: Vec<ModelTodo> = Vec::new();
    for (step, op) in ops.iter().enumerate() {
        let context = format!("step {step} ({op:?}) of {ops:?}");
        match *op {
            Op::Create { user, by_chat } => {
                let Some(word) = WORDS.get(made.len()) else { continue };
                let title = (*word).to_owned();
                let id = if by_chat {
                    let answer = expect_json(chat(&clients[user], &app, &format!("add {title}"), None).await, StatusCode::OK).await;
                    answer["actions"][0]["todos"][0]["id"].as_i64().unwrap_or_else(|| panic!("{context}: no created todo in {answer}"))
                } else {
                    let response = clients[user].post(app.api("/todos")).json(&json!({ "title": title })).send().await.unwrap();
                    expect_json(response, StatusCode::CREATED).await["id"].as_i64().unwrap()
                };
                made.push(ModelTodo { id, owner: user, title, completed: false, deleted: false });
            }
            Op::Read { user, target } | Op::Complete { user, target } | Op::Delete { user, target } => {
                let Some(todo) = made.get_mut(target) else { continue };
                let url = app.api(&format!("/todos/{}", todo.id));
                let request = match op {
                    Op::Read { .. } => clients[user].get(&url),
                    Op::Complete { .. } => clients[user].patch(&url).json(&json!({"completed": true})),
                    _ => clients[user].delete(&url),
                };
                let status = request.send().await.unwrap().status();
                if todo.owner != user || todo.deleted {
                    assert_eq!(status, StatusCode::NOT_FOUND, "{context}");
                } else {
                    assert!(status.is_success(), "{context}: {status}");
                    match op {
                        Op::Complete { .. } => todo.completed = true,
                        Op::Delete { .. } => todo.deleted = true,
                        _ => {}
                    }
                }
            }
            Op::ChatComplete { user, target } => {
                let Some(todo) = made.get_mut(target) else { continue };
                let answer = expect_json(chat(&clients[user], &app, &format!("complete {}", todo.title), None).await, StatusCode::OK).await;
                let mine = todo.owner == user && !todo.deleted;
                if mine && !todo.completed {
                    assert_eq!(answer["intent"], "complete", "{context}: {answer}");
                    todo.completed = true;
                } else if !mine {
                    // The reply may echo the user's own words, but shows no todo of the other user.
                    let shown: Vec<i64> = answer["actions"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .flat_map(|a| a["todos"].as_array().cloned().unwrap_or_default())
                        .filter_map(|t| t["id"].as_i64())
                        .collect();
                    assert!(!shown.contains(&todo.id), "{context}: another user's todo is shown: {answer}");
                }
            }
            Op::ClearCompleted { user } => {
                let response = clients[user].delete(format!("{}?status=completed", app.api("/todos"))).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::NO_CONTENT, "{context}");
                made.iter_mut().filter(|t| t.owner == user && t.completed).for_each(|t| t.deleted = true);
            }
        }
        for (user, client) in clients.iter().enumerate() {
            let listed: Vec<(i64, bool)> = {
                let response = client.get(app.api("/todos?sort=created")).send().await.unwrap();
                let todos: Value = expect_json(response, StatusCode::OK).await;
                todos.as_array().unwrap().iter().map(|t| (t["id"].as_i64().unwrap(), t["completed"] == true)).collect()
            };
            let expected: Vec<(i64, bool)> = made.iter().filter(|t| t.owner == user && !t.deleted).map(|t| (t.id, t.completed)).collect();
            assert_eq!(listed, expected, "user {user} after {context}");
        }
    }
}
