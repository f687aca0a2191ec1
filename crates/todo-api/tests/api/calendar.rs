//! The calendar feed, as a calendar app uses it: subscribed with the URL
//! alone, polled with If-None-Match, and checked with Python's `icalendar`.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, client_with_token, expect_json, http_client, id_of, read_with_python_icalendar, sign_up, spawn_app, today_in, ymd,
    Backend, TestApp,
};

/// Makes a feed for the client's user; its URL.
async fn create_feed(app: &TestApp, client: &reqwest::Client) -> String {
    let response = client.post(app.api("/calendar/feed")).send().await.unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = expect_json(response, StatusCode::CREATED).await;
    let url = body["url"].as_str().expect("url").to_owned();
    assert!(url.starts_with(&app.api("/calendar/tc_")) && url.ends_with(".ics"), "{url}");
    url
}

/// The feed as a calendar app gets it (no cookie, no token), as Python's
/// icalendar reads it, and its ETag.
async fn subscribe(url: &str) -> (Value, String) {
    let response = http_client().get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    (read_with_python_icalendar(&response.text().await.unwrap()), etag)
}

fn summaries(found: &Value) -> Vec<String> {
    let mut titles: Vec<String> =
        found["components"].as_array().unwrap().iter().map(|c| c["summary"].as_str().unwrap().to_owned()).collect();
    titles.sort();
    titles
}

fn component<'a>(found: &'a Value, summary: &str) -> &'a Value {
    found["components"].as_array().unwrap().iter().find(|c| c["summary"] == summary).unwrap_or_else(|| panic!("no {summary:?} in {found}"))
}

async fn the_feed_shows_open_dated_todos_to_anyone_with_its_url(backend: Backend) {
    let app = spawn_app(backend).await;
    let tomorrow = today_in("UTC").succ_opt().unwrap();
    let awkward = "Call mom, then; dad\\now";
    app.create_todo(json!({"title": awkward, "due_date": ymd(tomorrow), "due_time": "17:00", "tags": ["family", "phone"],
        "priority": "urgent", "notes": "line one\nline two; with, punctuation"}))
        .await;
    app.create_todo(json!({"title": "Pay rent", "due_date": ymd(tomorrow)})).await;
    app.create_todo(json!({"title": "Dentist", "due_date": ymd(tomorrow), "due_time": "10:00", "remind_before": 30})).await;
    app.create_todo(json!({"title": "Standup", "recurrence": "FREQ=WEEKLY;BYDAY=MO,WE"})).await;
    app.create_todo(json!({"title": "Someday"})).await;
    app.create_todo(json!({"title": "Done already", "due_date": ymd(tomorrow), "completed": true})).await;
    let url = create_feed(&app, &app.client).await;

    let (found, etag) = subscribe(&url).await;
    assert_eq!(found["version"], "2.0");
    assert_eq!(summaries(&found), vec![awkward, "Dentist", "Pay rent", "Standup"], "only open todos with a due date");
    let timed = component(&found, awkward);
    assert_eq!(timed["kind"], "VEVENT");
    assert_eq!(timed["start"], json!({"value": format!("{}T17:00:00", ymd(tomorrow)), "all_day": false, "floating": true}));
    assert_eq!(timed["end"]["value"], format!("{}T17:30:00", ymd(tomorrow)), "a timed todo lasts 30 minutes");
    assert_eq!(timed["description"], "line one\nline two; with, punctuation");
    assert_eq!(timed["categories"], json!(["family", "phone"]));
    assert_eq!(timed["priority"], 1);
    assert_eq!(timed["alarms"], json!([{"action": "DISPLAY", "trigger_seconds": 0.0}]), "the alarm rings at the due time");
    let reminded = component(&found, "Dentist");
    assert_eq!(reminded["alarms"], json!([{"action": "DISPLAY", "trigger_seconds": -1800.0}]), "the alarm rings at the reminder offset");
    let all_day = component(&found, "Pay rent");
    assert_eq!(all_day["start"], json!({"value": ymd(tomorrow), "all_day": true, "floating": true}));
    assert_eq!(all_day["end"]["value"], ymd(tomorrow.succ_opt().unwrap()), "all day: DTEND is the next day");
    assert_eq!(all_day["alarms"][0]["trigger_seconds"], 9.0 * 3600.0, "an all-day todo rings at 09:00");
    let recurring = component(&found, "Standup");
    assert_eq!(recurring["rrule"], "FREQ=WEEKLY;BYDAY=MO,WE");
    assert_eq!(recurring["start"]["all_day"], true);

    // Polling: the same feed again is 304 for the ETag it had.
    let unchanged = http_client().get(&url).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(unchanged.headers()["etag"].to_str().unwrap(), etag);

    // A change shows at the next poll, with a higher SEQUENCE and the same UID.
    let rent = app.list_json("q=rent").await;
    let uid = all_day["uid"].as_str().unwrap().to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.patch_ok(id_of(&rent[0]), json!({"title": "Pay the rent", "due_time": "09:30"})).await;
    let changed = http_client().get(&url).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(changed.status(), StatusCode::OK, "the ETag no longer matches");
    let found = read_with_python_icalendar(&changed.text().await.unwrap());
    let renamed = component(&found, "Pay the rent");
    assert_eq!(renamed["uid"], uid, "the UID stays, so the app replaces the event");
    assert!(renamed["sequence"].as_u64().unwrap() > 0, "{renamed}");
    assert_eq!(renamed["start"]["value"], format!("{}T09:30:00", ymd(tomorrow)));

    // Completing a todo takes it out of the feed.
    app.patch_ok(id_of(&rent[0]), json!({"completed": true})).await;
    assert_eq!(summaries(&subscribe(&url).await.0), vec![awkward, "Dentist", "Standup"]);
}

async fn a_rotated_or_revoked_feed_url_answers_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let status = expect_json(app.client.get(app.api("/calendar/feed")).send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(status, json!({"exists": false, "created_at": null}));
    let first = create_feed(&app, &app.client).await;
    subscribe(&first).await;
    let second = create_feed(&app, &app.client).await;
    assert_ne!(first, second);
    assert_problem(http_client().get(&first).send().await.unwrap(), 404, "not-found").await;
    subscribe(&second).await;

    let status = app.client.get(app.api("/calendar/feed")).send().await.unwrap().text().await.unwrap();
    let token = second.rsplit('/').next().unwrap().trim_end_matches(".ics");
    assert!(!status.contains(token), "the secret is shown once only: {status}");
    let status: Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["exists"], true);
    assert!(status["created_at"].is_string());

    let revoked = app.client.delete(app.api("/calendar/feed")).send().await.unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_problem(http_client().get(&second).send().await.unwrap(), 404, "not-found").await;
    assert_problem(app.client.delete(app.api("/calendar/feed")).send().await.unwrap(), 404, "not-found").await;
    assert_problem(http_client().get(app.api("/calendar/tc_made_up.ics")).send().await.unwrap(), 404, "not-found").await;
    assert_problem(http_client().get(app.api("/calendar/feed.txt")).send().await.unwrap(), 404, "not-found").await;
    // Managing the feed needs a login.
    assert_problem(http_client().post(app.api("/calendar/feed")).send().await.unwrap(), 401, "unauthorized").await;
}

async fn a_feed_shows_only_its_owners_todos(backend: Backend) {
    let app = spawn_app(backend).await;
    let other = client_with_token(&sign_up(&app.address, "other").await);
    let tomorrow = ymd(today_in("UTC").succ_opt().unwrap());
    app.create_todo(json!({"title": "Tester's secret", "due_date": tomorrow})).await;
    let response = other.post(app.api("/todos")).json(&json!({"title": "Other's plan", "due_date": tomorrow})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let mine = create_feed(&app, &app.client).await;
    let theirs = create_feed(&app, &other).await;
    assert_eq!(summaries(&subscribe(&theirs).await.0), vec!["Other's plan"]);
    assert_eq!(summaries(&subscribe(&mine).await.0), vec!["Tester's secret"]);
    // Revoking one's feed leaves the other's working.
    other.delete(app.api("/calendar/feed")).send().await.unwrap();
    subscribe(&mine).await;
}

async fn the_feed_is_rate_limited_per_address(backend: Backend) {
    let app = spawn_app(backend).await;
    let url = create_feed(&app, &app.client).await;
    let mut statuses = Vec::new();
    for _ in 0..61 {
        statuses.push(http_client().get(&url).send().await.unwrap().status());
    }
    assert!(statuses[..60].iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    let limited = http_client().get(&url).send().await.unwrap();
    assert!(limited.headers().contains_key("retry-after"));
    assert_problem(limited, 429, "too-many-requests").await;
}

backend_tests!(
    the_feed_shows_open_dated_todos_to_anyone_with_its_url,
    a_rotated_or_revoked_feed_url_answers_404,
    a_feed_shows_only_its_owners_todos,
    the_feed_is_rate_limited_per_address,
);
