//! What a conversation's history costs is bounded: a stored message (a
//! listing of todos with long notes), a conversation (its oldest turns are
//! dropped), an owner's conversations (the oldest is dropped, a new one is
//! never refused), and a read of it (pages of at most 100 messages and about
//! 256 KiB, `Link` to earlier).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::chat::{action, Conversation};
use crate::helpers::{assert_problem, expect_json, link, read, spawn_app, spawn_app_with, Backend, TestApp};

async fn history(app: &TestApp, url: &str) -> (Vec<Value>, Option<String>) {
    let (status, headers, text) = read(app.client.get(url).send().await.expect("GET messages")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let earlier = link(&headers, &app.address, "prev");
    (serde_json::from_str(&text).expect("a JSON array"), earlier)
}

fn messages_url(app: &TestApp, conversation: &Conversation<'_>) -> String {
    app.api(&format!("/conversations/{}/messages", conversation.id.as_deref().expect("a conversation")))
}

async fn a_listing_of_long_notes_is_stored_small(backend: Backend) {
    let app = spawn_app(backend).await;
    for i in 0..50 {
        app.create_todo(json!({"title": format!("Read report {i}"), "notes": "n".repeat(10_000)})).await;
    }
    let mut chat = Conversation::new(&app);
    let answer = chat.say("show my todos").await;
    let listed = action(&answer, "listed").expect("a listing");
    assert_eq!(listed.len(), 50);
    assert_eq!(listed[0]["notes"].as_str().unwrap().len(), 10_000, "the answer itself has the notes whole");

    let (status, _, text) = read(app.client.get(messages_url(&app, &chat)).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    // Stored whole, this message was over 500 KB.
    assert!(text.len() < 64 * 1024, "the history of one listing turn is {} bytes", text.len());
    let messages: Vec<Value> = serde_json::from_str(&text).unwrap();
    let kept = messages[1]["actions"][0]["todos"].as_array().unwrap();
    assert!(!kept.is_empty());
    assert_eq!(kept[0]["title"], "Read report 0", "the first todos shown are kept");
    assert_eq!(kept[0]["notes"].as_str().unwrap().chars().count(), 200, "notes are cut");
}

async fn history_keeps_the_latest_turns_and_pages_back(backend: Backend) {
    // 105 turns in a moment: more than the default chat rate limit allows.
    let app = spawn_app_with(backend, &["--chat-rate-limit", "0"]).await;
    let mut chat = Conversation::new(&app);
    for turn in 1..=105 {
        chat.say(&format!("hello {turn}")).await;
    }
    let url = messages_url(&app, &chat);
    let (latest, earlier) = history(&app, &url).await;
    assert_eq!(latest.len(), 100, "without a limit, the latest 100 messages");
    assert_eq!(latest[0]["text"], "hello 56");
    assert_eq!(latest[99]["role"], "assistant");
    let earlier = earlier.expect("a Link rel=prev to earlier messages");

    let (older, further) = history(&app, &earlier).await;
    assert_eq!(older.len(), 100);
    // 105 turns are 210 messages; the conversation keeps the latest 200.
    assert_eq!(older[0]["text"], "hello 6", "the oldest turns were dropped");
    assert_eq!(older[99]["id"].as_i64().unwrap() + 1, latest[0]["id"].as_i64().unwrap());
    assert!(further.is_none(), "nothing is left before the oldest kept message");

    let (small, more) = history(&app, &format!("{url}?limit=2")).await;
    assert_eq!(small.len(), 2);
    assert_eq!(small[1]["id"], latest[99]["id"]);
    assert!(more.unwrap().contains("limit=2"), "the link keeps the page size");
    let (none, _) = history(&app, &format!("{url}?before={}", older[0]["id"])).await;
    assert!(none.is_empty());
    for bad in ["limit=0", "limit=101", "before=x"] {
        assert_problem(app.client.get(format!("{url}?{bad}")).send().await.unwrap(), 400, "invalid-query").await;
    }
}

async fn a_page_of_long_listings_is_cut_short_and_links_to_the_rest(backend: Backend) {
    // Issue 16's isolation bench: a full page of listings was 1.3 MB, and the
    // history loops raised another user's p99 up to 10.8x on PostgreSQL.
    let app = spawn_app_with(backend, &["--chat-rate-limit", "0"]).await;
    for i in 0..50 {
        app.create_todo(json!({"title": format!("Read report {i}"), "notes": "n".repeat(1_000)})).await;
    }
    let mut chat = Conversation::new(&app);
    for _ in 0..30 {
        chat.say("show my todos").await;
    }
    let url = messages_url(&app, &chat);
    let (status, headers, text) = read(app.client.get(&url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.len() < 300 * 1024, "a page is {} bytes", text.len());
    let page: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(page.len() < 60, "{} of the 60 messages in one page", page.len());
    let mut seen = page.len();
    let mut earlier = link(&headers, &app.address, "prev");
    while let Some(url) = earlier {
        let (older, further) = history(&app, &url).await;
        assert!(!older.is_empty());
        seen += older.len();
        earlier = further;
    }
    assert_eq!(seen, 60, "the links lead to every message once");
}

async fn starting_a_conversation_past_the_cap_drops_the_oldest(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut urls = Vec::new();
    for turn in 0..21 {
        let mut chat = Conversation::new(&app);
        chat.say(&format!("hi {turn}")).await;
        urls.push(messages_url(&app, &chat));
    }
    assert_problem(app.client.get(&urls[0]).send().await.unwrap(), 404, "not-found").await;
    for url in &urls[1..] {
        let response = app.client.get(url).send().await.unwrap();
        assert_eq!(expect_json(response, StatusCode::OK).await.as_array().unwrap().len(), 2);
    }
}

backend_tests!(
    a_listing_of_long_notes_is_stored_small,
    history_keeps_the_latest_turns_and_pages_back,
    a_page_of_long_listings_is_cut_short_and_links_to_the_rest,
    starting_a_conversation_past_the_cap_drops_the_oldest,
);
