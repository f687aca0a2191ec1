//! Creating, reading, updating and deleting todos, field by field.

use reqwest::header::LOCATION;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{expect_json, id_of, read, spawn_app, spawn_app_with, timestamp, Backend};

const ALL_FIELDS: [&str; 14] = [
    "id",
    "title",
    "notes",
    "completed",
    "completed_at",
    "due_date",
    "due_time",
    "priority",
    "tags",
    "recurrence",
    "order",
    "url",
    "created_at",
    "updated_at",
];

async fn create_with_only_a_title_has_the_defaults(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = chrono::Utc::now() - chrono::Duration::seconds(5);

    let response = app.post_todo(&json!({ "title": "Buy milk" })).await;
    let location = response.headers().get(LOCATION).map(|v| v.to_str().unwrap().to_owned());
    let todo = expect_json(response, StatusCode::CREATED).await;

    for field in ALL_FIELDS {
        assert!(todo.get(field).is_some(), "field {field} missing from {todo}");
    }
    assert!(id_of(&todo) > 0);
    assert_eq!(todo["title"], "Buy milk");
    assert_eq!(todo["notes"], Value::Null);
    assert_eq!(todo["completed"], false);
    assert_eq!(todo["completed_at"], Value::Null);
    assert_eq!(todo["due_date"], Value::Null);
    assert_eq!(todo["due_time"], Value::Null);
    assert_eq!(todo["priority"], "none");
    assert_eq!(todo["tags"], json!([]));
    assert_eq!(todo["recurrence"], Value::Null);
    assert!(todo["order"].is_i64(), "order is an integer: {todo}");
    let url = format!("{}/api/v1/todos/{}", app.address, id_of(&todo));
    assert_eq!(todo["url"], url.as_str());
    assert_eq!(location.as_deref(), Some(url.as_str()), "Location is the todo's url");

    let created = timestamp(&todo, "created_at");
    let updated = timestamp(&todo, "updated_at");
    let after = chrono::Utc::now() + chrono::Duration::seconds(5);
    assert!(created >= before && created <= after, "created_at {created} is now");
    assert!(updated >= created, "updated_at {updated} is not before created_at {created}");

    let fetched = expect_json(app.get_todo(id_of(&todo)).await, StatusCode::OK).await;
    assert_eq!(fetched, todo, "GET returns what POST returned");
}

async fn create_with_every_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app
        .create_todo(json!({
            "title": "  Plan the trip  ",
            "notes": "Book flights\nand the hotel\t(cheap)",
            "due_date": "2030-05-17",
            "due_time": "17:30",
            "priority": "high",
            "tags": ["#Work", "@Home", "work", " Errands ", "TRAVEL"],
            "recurrence": "FREQ=WEEKLY;BYDAY=MO",
            "order": 42,
            "some_unknown_field": {"is": "ignored"},
        }))
        .await;

    assert_eq!(todo["title"], "Plan the trip", "title is trimmed");
    assert_eq!(todo["notes"], "Book flights\nand the hotel\t(cheap)");
    assert_eq!(todo["due_date"], "2030-05-17");
    assert_eq!(todo["due_time"], "17:30");
    assert_eq!(todo["priority"], "high");
    assert_eq!(todo["tags"], json!(["work", "home", "errands", "travel"]), "tags normalised, deduplicated, in order");
    assert_eq!(todo["recurrence"], "FREQ=WEEKLY;BYDAY=MO");
    assert_eq!(todo["order"], 42);
    assert_eq!(todo["completed"], false);
    assert!(todo.get("some_unknown_field").is_none());

    let fetched = expect_json(app.get_todo(id_of(&todo)).await, StatusCode::OK).await;
    assert_eq!(fetched, todo, "every field is stored as returned");
}

async fn every_priority_is_accepted(backend: Backend) {
    let app = spawn_app(backend).await;
    for priority in ["none", "low", "medium", "high", "urgent"] {
        let todo = app.create_todo(json!({ "title": priority, "priority": priority })).await;
        assert_eq!(todo["priority"], priority);
    }
}

async fn completing_sets_completed_at_and_reopening_clears_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("Water the plants").await;
    let id = id_of(&todo);

    let done = app.patch_ok(id, json!({ "completed": true })).await;
    assert_eq!(done["completed"], true);
    let completed_at = timestamp(&done, "completed_at");
    assert!(completed_at >= timestamp(&todo, "created_at"));
    assert!(timestamp(&done, "updated_at") >= timestamp(&todo, "updated_at"));

    let fetched = expect_json(app.get_todo(id).await, StatusCode::OK).await;
    assert_eq!(fetched["completed"], true);
    assert_eq!(fetched["completed_at"], done["completed_at"]);

    let reopened = app.patch_ok(id, json!({ "completed": false })).await;
    assert_eq!(reopened["completed"], false);
    assert_eq!(reopened["completed_at"], Value::Null);
    let fetched = expect_json(app.get_todo(id).await, StatusCode::OK).await;
    assert_eq!(fetched["completed_at"], Value::Null);
}

async fn new_todos_go_last(backend: Backend) {
    let app = spawn_app(backend).await;
    let a = app.create_titled("a").await;
    let b = app.create_titled("b").await;
    assert!(b["order"].as_i64() > a["order"].as_i64(), "{a} then {b}");

    let placed = app.create_todo(json!({ "title": "placed", "order": 1000 })).await;
    assert_eq!(placed["order"], 1000);
    let c = app.create_titled("c").await;
    assert!(c["order"].as_i64().unwrap() > 1000, "a new todo goes after every existing one: {c}");

    let titles = app.list_titles("sort=order").await;
    assert_eq!(titles, ["a", "b", "placed", "c"]);
}

async fn order_can_be_set_on_create_and_patched(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_todo(json!({ "title": "first", "order": -5 })).await;
    assert_eq!(todo["order"], -5);
    let moved = app.patch_ok(id_of(&todo), json!({ "order": 7 })).await;
    assert_eq!(moved["order"], 7);
    let fetched = expect_json(app.get_todo(id_of(&todo)).await, StatusCode::OK).await;
    assert_eq!(fetched["order"], 7);
}

async fn large_order_values_never_cause_a_server_error(backend: Backend) {
    let app = spawn_app(backend).await;
    // Beyond 32 bits: either kept exactly or refused as invalid, never a 500.
    let (status, _, text) = read(app.post_todo(&json!({ "title": "far", "order": 3_000_000_000i64 })).await).await;
    match status {
        StatusCode::CREATED => {
            let todo: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(todo["order"], 3_000_000_000i64, "a large order is kept exactly");
        }
        StatusCode::UNPROCESSABLE_ENTITY => {}
        other => panic!("order 3000000000: expected 201 or 422, got {other}: {text}"),
    }
    let (status, _, text) = read(app.post_todo(&json!({ "title": "max", "order": i64::MAX })).await).await;
    assert!(status == StatusCode::CREATED || status == StatusCode::UNPROCESSABLE_ENTITY, "order i64::MAX: {status} {text}");
    // The next todo "goes last", after the largest order: no server error,
    // and the list stays readable afterwards.
    let response = app.post_todo(&json!({ "title": "after" })).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    let listed = app.list("").await.status();
    assert!(
        status == StatusCode::CREATED || status.is_client_error(),
        "POST a todo without order after one with order i64::MAX: {status} {text} (GET /todos then answers {listed})"
    );
    assert_eq!(listed, StatusCode::OK);
}

async fn ids_are_positive_increasing_and_never_reused(backend: Backend) {
    let app = spawn_app(backend).await;
    let a = id_of(&app.create_titled("a").await);
    let b = id_of(&app.create_titled("b").await);
    assert!(a > 0 && b > a);

    // Deleting the newest todo must not free its id.
    assert_eq!(app.delete_todo(b).await.status(), StatusCode::NO_CONTENT);
    let c = id_of(&app.create_titled("c").await);
    assert!(c > b, "id {b} was reused (got {c})");

    // Nor does emptying the whole list.
    assert_eq!(app.delete_todos("").await.status(), StatusCode::NO_CONTENT);
    let d = id_of(&app.create_titled("d").await);
    assert!(d > c, "id reused after deleting everything: {d} after {c}");
}

async fn get_patch_delete_one_todo(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("Read a book").await;
    let id = id_of(&todo);

    let patched = app.patch_ok(id, json!({ "title": "Read two books", "notes": "fiction" })).await;
    assert_eq!(patched["id"], id);
    assert_eq!(patched["title"], "Read two books");
    assert_eq!(patched["notes"], "fiction");
    assert_eq!(patched["created_at"], todo["created_at"], "created_at never changes");
    assert!(timestamp(&patched, "updated_at") >= timestamp(&todo, "updated_at"));

    let response = app.delete_todo(id).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.text().await.unwrap().is_empty(), "204 has no body");
    assert_eq!(app.get_todo(id).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.delete_todo(id).await.status(), StatusCode::NOT_FOUND, "a second DELETE finds nothing");
}

async fn url_follows_the_host_header(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .client
        .post(app.api("/todos"))
        .header("Host", "todos.example.test:8443")
        .json(&json!({ "title": "hosted" }))
        .send()
        .await
        .unwrap();
    let location = response.headers().get(LOCATION).map(|v| v.to_str().unwrap().to_owned());
    let todo = expect_json(response, StatusCode::CREATED).await;
    let expected = format!("http://todos.example.test:8443/api/v1/todos/{}", id_of(&todo));
    assert_eq!(todo["url"], expected.as_str());
    assert_eq!(location.as_deref(), Some(expected.as_str()));

    // The same todo read through another Host shows that host.
    let fetched = app.client.get(app.api(&format!("/todos/{}", id_of(&todo)))).header("Host", "other.test").send().await.unwrap();
    let fetched = expect_json(fetched, StatusCode::OK).await;
    assert_eq!(fetched["url"], format!("http://other.test/api/v1/todos/{}", id_of(&todo)).as_str());
}

async fn url_follows_forwarded_host_and_proto(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .client
        .post(app.api("/todos"))
        .header("X-Forwarded-Host", "todo.example.com")
        .header("X-Forwarded-Proto", "https")
        .json(&json!({ "title": "proxied" }))
        .send()
        .await
        .unwrap();
    let location = response.headers().get(LOCATION).map(|v| v.to_str().unwrap().to_owned());
    let todo = expect_json(response, StatusCode::CREATED).await;
    let expected = format!("https://todo.example.com/api/v1/todos/{}", id_of(&todo));
    assert_eq!(todo["url"], expected.as_str());
    assert_eq!(location.as_deref(), Some(expected.as_str()));

    let listed = app
        .client
        .get(app.api("/todos"))
        .header("X-Forwarded-Host", "todo.example.com")
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .unwrap();
    let listed = expect_json(listed, StatusCode::OK).await;
    assert_eq!(listed[0]["url"], expected.as_str(), "listings build urls the same way");
}

async fn url_uses_public_url_when_set(backend: Backend) {
    let app = spawn_app_with(backend, &["--public-url", "https://todos.example.org"]).await;
    let response = app
        .client
        .post(app.api("/todos"))
        .header("X-Forwarded-Host", "proxy.internal")
        .header("X-Forwarded-Proto", "http")
        .json(&json!({ "title": "public" }))
        .send()
        .await
        .unwrap();
    let location = response.headers().get(LOCATION).map(|v| v.to_str().unwrap().to_owned());
    let todo = expect_json(response, StatusCode::CREATED).await;
    let expected = format!("https://todos.example.org/api/v1/todos/{}", id_of(&todo));
    assert_eq!(todo["url"], expected.as_str(), "PUBLIC_URL wins over the request's host");
    assert_eq!(location.as_deref(), Some(expected.as_str()));
}

async fn public_url_with_a_trailing_slash_makes_clean_urls(backend: Backend) {
    let app = spawn_app_with(backend, &["--public-url", "https://todos.example.org/"]).await;
    let todo = app.create_titled("slash").await;
    assert_eq!(todo["url"], format!("https://todos.example.org/api/v1/todos/{}", id_of(&todo)).as_str());
}

async fn hostile_strings_round_trip_unchanged(backend: Backend) {
    let app = spawn_app(backend).await;
    let hostile = [
        "<img src=x onerror=alert(1)>",
        "'; DROP TABLE todos; --",
        "Robert\"); DELETE FROM todos; --",
        "📝 Write ✅ 👩‍👩‍👧‍👦 family 🇯🇵",
        "مرحبا بالعالم — שלום עולם",
        "e\u{301}cole cafe\u{301} (combining acute, not precomposed)",
        "\u{202E}reversed\u{202C} and zero\u{200B}width",
        "%s %d {0} ${HOME} $(rm -rf /) `id` \\ \\\\",
    ];
    for text in hostile {
        let todo = app.create_todo(json!({ "title": text, "notes": text })).await;
        assert_eq!(todo["title"], text, "title round trip");
        assert_eq!(todo["notes"], text, "notes round trip");
        let fetched = expect_json(app.get_todo(id_of(&todo)).await, StatusCode::OK).await;
        assert_eq!(fetched["title"], text);
        assert_eq!(fetched["notes"], text);
    }
    let listed = app.list_titles("sort=created").await;
    assert_eq!(listed, hostile, "the list has them all, unchanged (and the table still exists)");

    let q = url::form_urlencoded::byte_serialize("'; DROP TABLE todos; --".as_bytes()).collect::<String>();
    assert_eq!(app.list_titles(&format!("q={q}")).await, ["'; DROP TABLE todos; --"]);
}

backend_tests!(
    create_with_only_a_title_has_the_defaults,
    create_with_every_field,
    every_priority_is_accepted,
    completing_sets_completed_at_and_reopening_clears_it,
    new_todos_go_last,
    order_can_be_set_on_create_and_patched,
    large_order_values_never_cause_a_server_error,
    ids_are_positive_increasing_and_never_reused,
    get_patch_delete_one_todo,
    url_follows_the_host_header,
    url_follows_forwarded_host_and_proto,
    url_uses_public_url_when_set,
    public_url_with_a_trailing_slash_makes_clean_urls,
    hostile_strings_round_trip_unchanged,
);
