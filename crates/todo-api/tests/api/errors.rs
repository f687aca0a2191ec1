//! Every way a request can be wrong gets a problem document (RFC 9457) with
//! the documented status and type, never a 500.

use std::time::Duration;

use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_field_error, assert_problem, assert_problem_parts, assert_validation, expect_json, id_of, raw_exchange, read, spawn_app,
    spawn_app_with, Backend, TestApp,
};

/// POSTs `body` as-is with `Content-Type: application/json`.
async fn post_raw(app: &TestApp, body: impl Into<reqwest::Body>) -> reqwest::Response {
    app.client.post(app.api("/todos")).header(CONTENT_TYPE, "application/json").body(body).send().await.unwrap()
}

async fn malformed_json_is_400(backend: Backend) {
    let app = spawn_app(backend).await;
    for body in [r#"{"title": }"#, "{title: 'x'}", "not json at all", r#"{"title": "a",}"#] {
        assert_problem(post_raw(&app, body).await, 400, "malformed-json").await;
    }
    let todo = app.create_titled("exists").await;
    let response = app
        .client
        .patch(app.api(&format!("/todos/{}", id_of(&todo))))
        .header(CONTENT_TYPE, "application/json")
        .body("{]")
        .send()
        .await
        .unwrap();
    assert_problem(response, 400, "malformed-json").await;
}

async fn truncated_json_is_400(backend: Backend) {
    let app = spawn_app(backend).await;
    for body in [r#"{"title": "abc""#, r#"{"title": "ab"#, "{", ""] {
        assert_problem(post_raw(&app, body).await, 400, "malformed-json").await;
    }
}

async fn invalid_utf8_is_400(backend: Backend) {
    let app = spawn_app(backend).await;
    let body: Vec<u8> = [b"{\"title\": \"caf".as_slice(), &[0xC3, 0x28, 0xFF], b"\"}"].concat();
    assert_problem(post_raw(&app, body).await, 400, "malformed-json").await;
}

async fn deeply_nested_json_is_refused_cleanly(backend: Backend) {
    let app = spawn_app(backend).await;
    let depth = 20_000;
    let body = format!(r#"{{"title": "deep", "extra": {}{}}}"#, "[".repeat(depth), "]".repeat(depth));
    let (status, headers, text) = read(post_raw(&app, body).await).await;
    // Ignoring the unknown field is as good as refusing it; a crash or a 500 is not.
    match status {
        StatusCode::CREATED => {}
        StatusCode::BAD_REQUEST => {
            assert_problem_parts("deep JSON", 400, &headers, &text, 400, "malformed-json");
        }
        StatusCode::UNPROCESSABLE_ENTITY => {
            assert_problem_parts("deep JSON", 422, &headers, &text, 422, "invalid-body");
        }
        other => panic!("deeply nested JSON: {other} {text}"),
    }
    // The server survived.
    app.create_titled("still alive").await;
}

async fn wrong_types_are_422_invalid_body(backend: Backend) {
    let app = spawn_app(backend).await;
    for body in [
        json!({ "title": 5 }),
        json!({ "title": ["a"] }),
        json!({ "title": "ok", "completed": "yes" }),
        json!({ "title": "ok", "tags": "work" }),
        json!({ "title": "ok", "order": "first" }),
        json!({ "title": "ok", "order": 1.5 }),
        json!({ "title": "ok", "notes": 12 }),
        json!({ "title": "ok", "due_date": 20300101 }),
        json!({ "title": "ok", "tags": [1, 2] }),
    ] {
        let response = app.post_todo(&body).await;
        let problem = assert_problem(response, 422, "invalid-body").await;
        assert!(!problem["detail"].as_str().unwrap().is_empty(), "{body}: detail says what is wrong");
    }
    let todo = app.create_titled("patch me").await;
    let response = app.patch_todo(id_of(&todo), &json!({ "completed": "yes" })).await;
    assert_problem(response, 422, "invalid-body").await;
    let response = app.patch_todo(id_of(&todo), &json!({ "title": 5 })).await;
    assert_problem(response, 422, "invalid-body").await;
}

async fn a_body_that_is_not_an_object_is_422(backend: Backend) {
    let app = spawn_app(backend).await;
    for body in ["[]", r#""a title""#, "42", "null", "true"] {
        assert_problem(post_raw(&app, body).await, 422, "invalid-body").await;
    }
}

async fn missing_title_is_422(backend: Backend) {
    let app = spawn_app(backend).await;
    for body in [json!({}), json!({ "notes": "no title" })] {
        let problem = assert_problem(app.post_todo(&body).await, 422, "invalid-body").await;
        assert!(problem["detail"].as_str().unwrap().contains("title"), "the detail names the missing field: {problem}");
    }
}

async fn empty_or_blank_title_is_422(backend: Backend) {
    let app = spawn_app(backend).await;
    for title in ["", "   ", "\t \n"] {
        assert_validation(app.post_todo(&json!({ "title": title })).await, "title").await;
    }
    let todo = app.create_titled("exists").await;
    assert_validation(app.patch_todo(id_of(&todo), &json!({ "title": "  " })).await, "title").await;
}

async fn title_length_is_counted_in_characters(backend: Backend) {
    let app = spawn_app(backend).await;
    let at_limit = "é".repeat(500);
    let todo = app.create_todo(json!({ "title": at_limit })).await;
    assert_eq!(todo["title"], at_limit.as_str(), "500 characters (1000 bytes) is fine");
    let padded = app.create_todo(json!({ "title": format!("  {}  ", "a".repeat(500)) })).await;
    assert_eq!(padded["title"].as_str().unwrap().len(), 500, "trimmed before counting");
    assert_validation(app.post_todo(&json!({ "title": "é".repeat(501) })).await, "title").await;
    assert_validation(app.post_todo(&json!({ "title": "a".repeat(501) })).await, "title").await;
    assert_validation(app.patch_todo(id_of(&todo), &json!({ "title": "x".repeat(501) })).await, "title").await;
}

async fn control_characters_in_the_title_are_422(backend: Backend) {
    let app = spawn_app(backend).await;
    for title in ["line\nbreak", "bell\u{7}", "esc\u{1b}[31m"] {
        assert_validation(app.post_todo(&json!({ "title": title })).await, "title").await;
    }
}

async fn nul_bytes_are_422_never_500(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_validation(app.post_todo(&json!({ "title": "nul\u{0}byte" })).await, "title").await;
    assert_validation(app.post_todo(&json!({ "title": "ok", "notes": "nul\u{0}byte" })).await, "notes").await;
    assert_validation(app.post_todo(&json!({ "title": "ok", "tags": ["nul\u{0}"] })).await, "tags").await;
    let todo = app.create_titled("clean").await;
    assert_validation(app.patch_todo(id_of(&todo), &json!({ "notes": "\u{0}" })).await, "notes").await;
    assert_validation(app.patch_todo(id_of(&todo), &json!({ "title": "\u{0}" })).await, "title").await;
    // In a query: refused or harmless, never a server error.
    for query in ["q=%00", "tag=%00", "q=a%00b", "tz=%00", "priority=%00"] {
        let (status, _, text) = read(app.list(query).await).await;
        assert!(status == StatusCode::OK || status == StatusCode::BAD_REQUEST, "GET ?{query}: {status} {text}");
    }
    assert_eq!(app.list_json("").await.len(), 1);
}

async fn notes_length_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_todo(json!({ "title": "long notes", "notes": "n".repeat(10_000) })).await;
    assert_eq!(todo["notes"].as_str().unwrap().chars().count(), 10_000);
    assert_validation(app.post_todo(&json!({ "title": "too long", "notes": "n".repeat(10_001) })).await, "notes").await;
    assert_validation(app.patch_todo(id_of(&todo), &json!({ "notes": "ü".repeat(10_001) })).await, "notes").await;
}

async fn invalid_due_dates_are_422(backend: Backend) {
    let app = spawn_app(backend).await;
    for due_date in ["2026-02-30", "tomorrow", "2026-3-15", "15/03/2026", "2026-13-01", "0000-01-01", "2026-03-15T10:00:00Z", ""] {
        let response = app.post_todo(&json!({ "title": "dated", "due_date": due_date })).await;
        assert_validation(response, "due_date").await;
    }
    let todo = app.create_titled("exists").await;
    assert_validation(app.patch_todo(id_of(&todo), &json!({ "due_date": "2026-02-29" })).await, "due_date").await;
    // Leap days that exist are fine.
    let leap = app.patch_ok(id_of(&todo), json!({ "due_date": "2028-02-29" })).await;
    assert_eq!(leap["due_date"], "2028-02-29");
}

async fn invalid_due_times_are_422(backend: Backend) {
    let app = spawn_app(backend).await;
    for due_time in ["25:00", "5pm", "17:05:00", "1705", "24:00", "9:30", ""] {
        let response = app.post_todo(&json!({ "title": "timed", "due_date": "2030-01-01", "due_time": due_time })).await;
        assert_validation(response, "due_time").await;
    }
    let ok = app.create_todo(json!({ "title": "edge", "due_date": "2030-01-01", "due_time": "00:00" })).await;
    assert_eq!(ok["due_time"], "00:00");
    let ok = app.create_todo(json!({ "title": "edge", "due_date": "2030-01-01", "due_time": "23:59" })).await;
    assert_eq!(ok["due_time"], "23:59");
}

async fn due_time_without_due_date_is_422(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_validation(app.post_todo(&json!({ "title": "timed", "due_time": "10:00" })).await, "due_time").await;
    assert_validation(app.post_todo(&json!({ "title": "timed", "due_date": null, "due_time": "10:00" })).await, "due_time").await;
}

async fn unknown_priority_is_422(backend: Backend) {
    let app = spawn_app(backend).await;
    for priority in ["critical", "p1", ""] {
        assert_validation(app.post_todo(&json!({ "title": "p", "priority": priority })).await, "priority").await;
    }
}

async fn tag_rules_are_enforced(backend: Backend) {
    let app = spawn_app(backend).await;
    let twenty: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
    let todo = app.create_todo(json!({ "title": "twenty tags", "tags": twenty })).await;
    assert_eq!(todo["tags"].as_array().unwrap().len(), 20);
    let twenty_one: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    assert_validation(app.post_todo(&json!({ "title": "21 tags", "tags": twenty_one })).await, "tags").await;

    let fifty = "x".repeat(50);
    let todo = app.create_todo(json!({ "title": "long tag", "tags": [format!("#{fifty}")] })).await;
    assert_eq!(todo["tags"], json!([fifty]), "50 characters after dropping the #");
    assert_validation(app.post_todo(&json!({ "title": "51", "tags": ["y".repeat(51)] })).await, "tags").await;

    for bad in ["two words", "#", "", "a,b"] {
        assert_validation(app.post_todo(&json!({ "title": "bad tag", "tags": [bad] })).await, "tags").await;
    }
}

async fn every_broken_rule_is_reported_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.post_todo(&json!({ "title": " ", "priority": "critical", "due_date": "2026-02-30", "tags": ["a b"] })).await;
    let problem = assert_problem(response, 422, "validation").await;
    for field in ["title", "priority", "due_date", "tags"] {
        assert_field_error(&problem, field);
    }
    assert!(app.list_json("").await.is_empty());
}

async fn unknown_ids_are_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("the only one").await;
    let missing = id_of(&todo) + 1000;
    assert_problem(app.get_todo(missing).await, 404, "not-found").await;
    assert_problem(app.patch_todo(missing, &json!({ "title": "x" })).await, 404, "not-found").await;
    assert_problem(app.delete_todo(missing).await, 404, "not-found").await;
}

async fn ids_that_are_not_positive_integers_are_404(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("one").await;
    for id in ["abc", "0", "-1", "1.5", "1e3", "99999999999999999999999", "%00", "1%20", "0x1"] {
        let url = app.api(&format!("/todos/{id}"));
        assert_problem(app.client.get(&url).send().await.unwrap(), 404, "not-found").await;
        let patch = app.client.patch(&url).json(&json!({ "title": "x" })).send().await.unwrap();
        assert_problem(patch, 404, "not-found").await;
        assert_problem(app.client.delete(&url).send().await.unwrap(), 404, "not-found").await;
    }
    assert_eq!(app.list_json("").await.len(), 1);
}

const BAD_QUERIES: [&str; 14] = [
    "status=maybe",
    "limit=0",
    "limit=501",
    "limit=abc",
    "limit=-1",
    "limit=99999999999999999999",
    "offset=-1",
    "offset=abc",
    "due=soon",
    "sort=random",
    "priority=huge",
    "tz=Mars/Base",
    "tz=UTC%2B99",
    "due=today&tz=Nowhere",
];

async fn bad_query_values_are_400(backend: Backend) {
    let app = spawn_app(backend).await;
    for query in BAD_QUERIES {
        let problem = assert_problem(app.list(query).await, 400, "invalid-query").await;
        let detail = problem["detail"].as_str().unwrap().to_owned() + &problem.to_string();
        let name = query.split('=').next().unwrap();
        let named = query.split('&').map(|kv| kv.split('=').next().unwrap()).any(|n| detail.contains(n));
        assert!(named, "the problem for ?{query} should name the parameter {name:?}: {problem}");
    }
}

async fn bad_query_values_on_delete_delete_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("keep me").await;
    for query in BAD_QUERIES {
        assert_problem(app.delete_todos(query).await, 400, "invalid-query").await;
    }
    // Paging, sorting and misspelt filters could only widen a deletion: refused.
    for query in ["status=open&limit=10", "sort=due", "offset=0", "stauts=completed", "tags=work"] {
        assert_problem(app.delete_todos(query).await, 400, "invalid-query").await;
    }
    assert_eq!(app.list_titles("").await, ["keep me"]);
}

/// A JSON body of exactly `len` bytes that creates a valid todo (padding in an unknown field).
fn body_of_len(len: usize) -> String {
    let head = r#"{"title":"big","padding":""#;
    let tail = r#""}"#;
    let pad = len - head.len() - tail.len();
    format!("{head}{}{tail}", "p".repeat(pad))
}

async fn a_body_of_exactly_64_kib_is_accepted(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = body_of_len(64 * 1024);
    assert_eq!(body.len(), 65_536);
    let todo = expect_json(post_raw(&app, body).await, StatusCode::CREATED).await;
    assert_eq!(todo["title"], "big");
}

fn request_head(app: &TestApp, path: &str, extra: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nConnection: close\r\n{}{extra}\r\n",
        app.port,
        app.auth_header_line()
    )
}

async fn a_body_over_64_kib_with_content_length_is_413(backend: Backend) {
    let app = spawn_app(backend).await;
    for len in [64 * 1024 + 1, 200 * 1024] {
        let body = body_of_len(len);
        let head = request_head(&app, "/api/v1/todos", &format!("Content-Length: {}\r\n", body.len()));
        let response = raw_exchange(app.port, vec![head.into_bytes(), body.into_bytes()], Duration::ZERO, Duration::from_secs(10)).await;
        assert_problem_parts("oversize body", response.status, &response.header_map(), &response.body, 413, "body-too-large");
    }
    assert!(app.list_json("").await.is_empty());
}

async fn a_chunked_body_over_64_kib_is_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = body_of_len(80 * 1024);
    let mut parts = vec![request_head(&app, "/api/v1/todos", "Transfer-Encoding: chunked\r\n").into_bytes()];
    for chunk in body.as_bytes().chunks(8 * 1024) {
        let mut part = format!("{:x}\r\n", chunk.len()).into_bytes();
        part.extend_from_slice(chunk);
        part.extend_from_slice(b"\r\n");
        parts.push(part);
    }
    parts.push(b"0\r\n\r\n".to_vec());
    let response = raw_exchange(app.port, parts, Duration::ZERO, Duration::from_secs(10)).await;
    assert_problem_parts("oversize body", response.status, &response.header_map(), &response.body, 413, "body-too-large");
    assert!(app.list_json("").await.is_empty());

    // A small chunked body is fine.
    let small = r#"{"title":"chunked"}"#;
    let parts = vec![
        request_head(&app, "/api/v1/todos", "Transfer-Encoding: chunked\r\n").into_bytes(),
        format!("{:x}\r\n{small}\r\n0\r\n\r\n", small.len()).into_bytes(),
    ];
    let response = raw_exchange(app.port, parts, Duration::ZERO, Duration::from_secs(10)).await;
    assert_eq!(response.status, 201, "{}", response.body);
}

async fn a_patch_body_over_64_kib_is_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("patch target").await;
    let body = body_of_len(100 * 1024);
    let head = format!(
        "PATCH /api/v1/todos/{} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n{}Content-Length: {}\r\n\r\n",
        id_of(&todo),
        app.auth_header_line(),
        body.len()
    );
    let response = raw_exchange(app.port, vec![head.into_bytes(), body.into_bytes()], Duration::ZERO, Duration::from_secs(10)).await;
    assert_problem_parts("oversize body", response.status, &response.header_map(), &response.body, 413, "body-too-large");
}

async fn a_body_without_json_content_type_is_415(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = r#"{"title": "no content type"}"#;
    let response = app.client.post(app.api("/todos")).body(body).send().await.unwrap();
    assert_problem(response, 415, "unsupported-media-type").await;
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        let response = app.client.post(app.api("/todos")).header(CONTENT_TYPE, content_type).body(body).send().await.unwrap();
        assert_problem(response, 415, "unsupported-media-type").await;
    }
    let todo = app.create_titled("exists").await;
    let response = app.client.patch(app.api(&format!("/todos/{}", id_of(&todo)))).body(r#"{"title":"x"}"#).send().await.unwrap();
    assert_problem(response, 415, "unsupported-media-type").await;
    // With parameters the media type is still JSON.
    let response =
        app.client.post(app.api("/todos")).header(CONTENT_TYPE, "application/json; charset=utf-8").body(body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
}

async fn unknown_routes_are_404_problems(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/api/v1/nope", "/nope", "/api/v2/todos", "/api/v1/todos/1/extra", "/api/v1/"] {
        assert_problem(app.client.get(app.url(path)).send().await.unwrap(), 404, "not-found").await;
    }
    let response = app.client.post(app.url("/api/v1/nope")).json(&json!({})).send().await.unwrap();
    assert_problem(response, 404, "not-found").await;
}

async fn wrong_methods_are_405_problems(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("one").await;
    let one = app.api(&format!("/todos/{}", id_of(&todo)));
    let cases = [
        (reqwest::Method::PUT, one.clone()),
        (reqwest::Method::POST, one.clone()),
        (reqwest::Method::PUT, app.api("/todos")),
        (reqwest::Method::PATCH, app.api("/todos")),
        (reqwest::Method::POST, app.url("/health")),
        (reqwest::Method::DELETE, app.url("/ready")),
    ];
    for (method, url) in cases {
        let response = app.client.request(method.clone(), &url).json(&json!({ "title": "x" })).send().await.unwrap();
        assert_problem(response, 405, "method-not-allowed").await;
    }
}

async fn method_not_allowed_says_which_are_allowed(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.client.put(app.api("/todos")).json(&json!({})).send().await.unwrap();
    let allow = response.headers().get("allow").map(|v| v.to_str().unwrap().to_uppercase());
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = allow.expect("a 405 carries an Allow header (RFC 9110 §15.5.6)");
    for method in ["GET", "POST", "DELETE"] {
        assert!(allow.contains(method), "Allow {allow:?} lacks {method}");
    }
}

async fn the_server_survives_a_storm_of_bad_requests(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let client = app.client.clone();
        let url = app.api("/todos");
        tasks.push(tokio::spawn(async move {
            let body: Value = match i % 4 {
                0 => json!({ "title": "" }),
                1 => json!({ "title": 5 }),
                2 => json!({ "title": format!("ok {i}") }),
                _ => json!({ "title": "x", "due_date": "nope" }),
            };
            client.post(&url).json(&body).send().await.unwrap().status()
        }));
    }
    for task in tasks {
        let status = task.await.unwrap();
        assert!(status == StatusCode::CREATED || status == StatusCode::UNPROCESSABLE_ENTITY, "{status}");
    }
    assert_eq!(app.list_json("limit=500").await.len(), 10);
}

async fn a_request_slower_than_request_timeout_is_408(backend: Backend) {
    let app = spawn_app_with(backend, &["--request-timeout", "1"]).await;
    // A client that sends half its body and then stalls.
    let head = request_head(&app, "/api/v1/todos", "Content-Length: 100\r\n");
    let started = std::time::Instant::now();
    let response =
        raw_exchange(app.port, vec![head.into_bytes(), br#"{"title": "stalled"#.to_vec()], Duration::ZERO, Duration::from_secs(10)).await;
    let took = started.elapsed();
    assert_problem_parts("stalled POST", response.status, &response.header_map(), &response.body, 408, "timeout");
    assert!(took < Duration::from_secs(5), "the timeout took {took:?}");
    // Normal requests are unaffected.
    app.create_titled("quick").await;
}

backend_tests!(
    malformed_json_is_400,
    truncated_json_is_400,
    invalid_utf8_is_400,
    deeply_nested_json_is_refused_cleanly,
    wrong_types_are_422_invalid_body,
    a_body_that_is_not_an_object_is_422,
    missing_title_is_422,
    empty_or_blank_title_is_422,
    title_length_is_counted_in_characters,
    control_characters_in_the_title_are_422,
    nul_bytes_are_422_never_500,
    notes_length_limit,
    invalid_due_dates_are_422,
    invalid_due_times_are_422,
    due_time_without_due_date_is_422,
    unknown_priority_is_422,
    tag_rules_are_enforced,
    every_broken_rule_is_reported_at_once,
    unknown_ids_are_404,
    ids_that_are_not_positive_integers_are_404,
    bad_query_values_are_400,
    bad_query_values_on_delete_delete_nothing,
    a_body_of_exactly_64_kib_is_accepted,
    a_body_over_64_kib_with_content_length_is_413,
    a_chunked_body_over_64_kib_is_413,
    a_patch_body_over_64_kib_is_413,
    a_body_without_json_content_type_is_415,
    unknown_routes_are_404_problems,
    wrong_methods_are_405_problems,
    method_not_allowed_says_which_are_allowed,
    the_server_survives_a_storm_of_bad_requests,
    a_request_slower_than_request_timeout_is_408,
);
