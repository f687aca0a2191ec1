//! PATCH is a JSON merge patch: absent fields stay, `null` clears what can be
//! cleared and is refused for what cannot.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem_parts, assert_validation, expect_json, id_of, read, spawn_app, Backend, TestApp};

async fn full_todo(app: &TestApp) -> Value {
    app.create_todo(json!({
        "title": "Full",
        "notes": "some notes",
        "due_date": "2030-01-07",
        "due_time": "09:15",
        "priority": "urgent",
        "tags": ["work", "home"],
        "recurrence": "FREQ=WEEKLY;BYDAY=MO",
        "order": 3,
    }))
    .await
}

/// Everything but `updated_at`, which a PATCH may move.
fn without_updated_at(todo: &Value) -> Value {
    let mut todo = todo.clone();
    todo.as_object_mut().unwrap().remove("updated_at");
    todo
}

async fn absent_fields_are_unchanged(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app.patch_ok(id_of(&todo), json!({ "title": "Renamed" })).await;
    let mut expected = without_updated_at(&todo);
    expected["title"] = json!("Renamed");
    assert_eq!(without_updated_at(&patched), expected);
    let fetched = expect_json(app.get_todo(id_of(&todo)).await, StatusCode::OK).await;
    assert_eq!(without_updated_at(&fetched), expected);
}

async fn an_empty_patch_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app.patch_ok(id_of(&todo), json!({})).await;
    assert_eq!(without_updated_at(&patched), without_updated_at(&todo));
}

async fn unknown_fields_are_ignored(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app.patch_ok(id_of(&todo), json!({ "colour": "blue", "nested": {"a": [1, 2]} })).await;
    assert_eq!(without_updated_at(&patched), without_updated_at(&todo));
    assert!(patched.get("colour").is_none());
}

async fn every_field_can_be_changed(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app
        .patch_ok(
            id_of(&todo),
            json!({
                "title": "  Changed  ",
                "notes": "new notes",
                "due_date": "2031-02-03",
                "due_time": "18:00",
                "priority": "low",
                "tags": ["#Errands", "@Errands", "Garden"],
                "recurrence": "FREQ=DAILY",
                "order": 99,
            }),
        )
        .await;
    assert_eq!(patched["title"], "Changed");
    assert_eq!(patched["notes"], "new notes");
    assert_eq!(patched["due_date"], "2031-02-03");
    assert_eq!(patched["due_time"], "18:00");
    assert_eq!(patched["priority"], "low");
    assert_eq!(patched["tags"], json!(["errands", "garden"]));
    assert_eq!(patched["recurrence"], "FREQ=DAILY");
    assert_eq!(patched["order"], 99);
    let fetched = expect_json(app.get_todo(id_of(&todo)).await, StatusCode::OK).await;
    assert_eq!(fetched, patched);
}

async fn null_clears_notes(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app.patch_ok(id_of(&todo), json!({ "notes": null })).await;
    assert_eq!(patched["notes"], Value::Null);
    assert_eq!(patched["due_date"], "2030-01-07", "other fields untouched");
}

async fn null_due_date_clears_due_time_too(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app.patch_ok(id_of(&todo), json!({ "due_date": null })).await;
    assert_eq!(patched["due_date"], Value::Null);
    assert_eq!(patched["due_time"], Value::Null);
    let fetched = expect_json(app.get_todo(id_of(&todo)).await, StatusCode::OK).await;
    assert_eq!(fetched["due_date"], Value::Null);
    assert_eq!(fetched["due_time"], Value::Null);
}

async fn null_due_time_clears_only_the_time(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app.patch_ok(id_of(&todo), json!({ "due_time": null })).await;
    assert_eq!(patched["due_time"], Value::Null);
    assert_eq!(patched["due_date"], "2030-01-07");
}

async fn null_clears_recurrence(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app.patch_ok(id_of(&todo), json!({ "recurrence": null })).await;
    assert_eq!(patched["recurrence"], Value::Null);
    // No longer recurring: completing it now closes it.
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["completed"], true);
    assert_eq!(done["due_date"], "2030-01-07");
}

async fn null_priority_resets_to_none(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app.patch_ok(id_of(&todo), json!({ "priority": null })).await;
    assert_eq!(patched["priority"], "none");
}

async fn null_tags_resets_to_empty(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    let patched = app.patch_ok(id_of(&todo), json!({ "tags": null })).await;
    assert_eq!(patched["tags"], json!([]));
    let patched = app.patch_ok(id_of(&todo), json!({ "tags": ["a"] })).await;
    assert_eq!(patched["tags"], json!(["a"]));
    let patched = app.patch_ok(id_of(&todo), json!({ "tags": [] })).await;
    assert_eq!(patched["tags"], json!([]));
}

async fn null_title_completed_or_order_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    for field in ["title", "completed", "order"] {
        let response = app.patch_todo(id_of(&todo), &json!({ field: null })).await;
        assert_validation(response, field).await;
    }
    let fetched = expect_json(app.get_todo(id_of(&todo)).await, StatusCode::OK).await;
    assert_eq!(fetched, todo, "a refused PATCH changes nothing");
}

async fn a_refused_patch_changes_nothing_at_all(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = full_todo(&app).await;
    // One good field and one bad: all or nothing.
    let response = app.patch_todo(id_of(&todo), &json!({ "title": "Would change", "priority": "critical" })).await;
    assert_validation(response, "priority").await;
    let fetched = expect_json(app.get_todo(id_of(&todo)).await, StatusCode::OK).await;
    assert_eq!(fetched, todo);
}

async fn due_time_needs_a_due_date_on_patch(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("no date").await;
    let response = app.patch_todo(id_of(&todo), &json!({ "due_time": "10:00" })).await;
    assert_validation(response, "due_time").await;
    // Setting both at once is fine; clearing the date with a new time is not.
    let both = app.patch_ok(id_of(&todo), json!({ "due_date": "2030-03-03", "due_time": "10:00" })).await;
    assert_eq!(both["due_time"], "10:00");
    let response = app.patch_todo(id_of(&todo), &json!({ "due_date": null, "due_time": "11:00" })).await;
    assert_validation(response, "due_time").await;
}

async fn merge_patch_content_type_is_accepted(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("merge").await;
    let response = app
        .client
        .patch(app.api(&format!("/todos/{}", id_of(&todo))))
        .header("Content-Type", "application/merge-patch+json")
        .body(r#"{"notes": "via merge-patch"}"#)
        .send()
        .await
        .unwrap();
    let patched = expect_json(response, StatusCode::OK).await;
    assert_eq!(patched["notes"], "via merge-patch");
}

async fn a_patch_body_must_be_an_object(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("shape").await;
    for body in [json!([]), json!(["x"]), json!("title"), json!(5), json!(null)] {
        let (status, headers, text) = read(app.patch_todo(id_of(&todo), &body).await).await;
        assert_problem_parts(&format!("PATCH body {body}"), status.as_u16(), &headers, &text, 422, "invalid-body");
    }
}

/// A reminder offset is set on creation, changed and cleared by PATCH, and
/// checked: whole minutes from 0 to a week.
async fn the_reminder_offset_is_set_changed_and_cleared(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_todo(json!({"title": "Dentist", "due_date": "2030-03-11", "due_time": "15:00", "remind_before": 30})).await;
    assert_eq!(todo["remind_before"], 30);
    assert_eq!(app.create_titled("No reminder").await["remind_before"], Value::Null, "present, null, when unset");
    let id = id_of(&todo);
    assert_eq!(app.patch_ok(id, json!({"remind_before": 10})).await["remind_before"], 10);
    assert_eq!(app.patch_ok(id, json!({"title": "Dentist at 3"})).await["remind_before"], 10, "absent: unchanged");
    assert_eq!(app.patch_ok(id, json!({"remind_before": null})).await["remind_before"], Value::Null);
    for bad in [json!(-1), json!(10081), json!("30")] {
        let response = app.patch_todo(id, &json!({"remind_before": bad})).await;
        assert_ne!(response.status(), StatusCode::OK, "{bad}");
    }
    assert_validation(app.post_todo(&json!({"title": "x", "remind_before": 99999})).await, "remind_before").await;
}

backend_tests!(
    the_reminder_offset_is_set_changed_and_cleared,
    absent_fields_are_unchanged,
    an_empty_patch_changes_nothing,
    unknown_fields_are_ignored,
    every_field_can_be_changed,
    null_clears_notes,
    null_due_date_clears_due_time_too,
    null_due_time_clears_only_the_time,
    null_clears_recurrence,
    null_priority_resets_to_none,
    null_tags_resets_to_empty,
    null_title_completed_or_order_is_refused,
    a_refused_patch_changes_nothing_at_all,
    due_time_needs_a_due_date_on_patch,
    merge_patch_content_type_is_accepted,
    a_patch_body_must_be_an_object,
);
