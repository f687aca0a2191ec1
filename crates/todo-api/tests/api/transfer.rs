//! Export and import through HTTP: a round trip into a fresh account, a
//! Todoist CSV made as Todoist documents its template, iCalendar files from
//! elsewhere, the same file twice, and every kind of bad file.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, client_with_token, expect_json, read, read_with_python_icalendar, sign_up, spawn_app, spawn_app_with, today_in, ymd,
    Backend, TestApp,
};

async fn import(app: &TestApp, client: &reqwest::Client, query: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
    client.post(format!("{}{query}", app.api("/import"))).body(body).send().await.unwrap()
}

async fn import_ok(app: &TestApp, client: &reqwest::Client, body: impl Into<reqwest::Body>) -> Value {
    expect_json(import(app, client, "", body).await, StatusCode::OK).await
}

async fn export(app: &TestApp, client: &reqwest::Client, query: &str) -> String {
    let response = client.get(format!("{}{query}", app.api("/export"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"todos-"), "{disposition}");
    response.text().await.unwrap()
}

async fn all_todos(app: &TestApp, client: &reqwest::Client) -> Vec<Value> {
    expect_json(client.get(app.api("/todos?limit=500")).send().await.unwrap(), StatusCode::OK).await.as_array().unwrap().clone()
}

/// A todo without what belongs to its account and server (id, url, when it was stored).
fn portable(todo: &Value) -> Value {
    let mut todo = todo.clone();
    for field in ["id", "url", "created_at", "updated_at"] {
        todo.as_object_mut().unwrap().remove(field);
    }
    todo
}

/// Todos of every kind, in the tester's account.
async fn varied_todos(app: &TestApp) {
    let tomorrow = ymd(today_in("UTC").succ_opt().unwrap());
    app.create_todo(json!({"title": "Call mom, then; dad", "due_date": tomorrow, "due_time": "17:00", "tags": ["family"],
        "priority": "urgent", "notes": "ring twice\nthen; wait, politely", "remind_before": 10}))
        .await;
    app.create_todo(json!({"title": "Standup", "recurrence": "FREQ=WEEKLY;BYDAY=MO", "priority": "low"})).await;
    app.create_todo(json!({"title": "Plain"})).await;
    app.create_todo(json!({"title": "Filed taxes", "due_date": tomorrow, "completed": true, "tags": ["admin", "money"]})).await;
    app.create_todo(json!({"title": "Ünïcödé ✓", "priority": "medium", "order": 50})).await;
}

async fn an_export_imported_into_a_fresh_account_gives_identical_todos(backend: Backend) {
    let app = spawn_app(backend).await;
    varied_todos(&app).await;
    let exported = export(&app, &app.client, "").await;
    let file: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!((file["format"].as_str(), file["version"].as_u64()), (Some("todo-chatbot-export"), Some(1)));

    let fresh = client_with_token(&sign_up(&app.address, "fresh").await);
    let report = import_ok(&app, &fresh, exported.clone()).await;
    assert_eq!(report["format"], "todo-chatbot-export");
    assert_eq!(report["created"].as_array().unwrap().len(), 5, "{report}");
    let before: Vec<Value> = all_todos(&app, &app.client).await.iter().map(portable).collect();
    let after: Vec<Value> = all_todos(&app, &fresh).await.iter().map(portable).collect();
    assert_eq!(after, before, "every field but id, url and the store's timestamps comes back");

    // The iCalendar export reads in Python's icalendar and imports back the same todos (but their order).
    let ics = export(&app, &app.client, "?format=ics").await;
    let found = read_with_python_icalendar(&ics);
    let kinds: Vec<&str> = found["components"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["VTODO"; 5]);
    let third = client_with_token(&sign_up(&app.address, "third").await);
    let report = import_ok(&app, &third, ics).await;
    assert_eq!(report["format"], "icalendar");
    let without_order = |todos: Vec<Value>| -> Vec<Value> {
        todos
            .iter()
            .map(|t| {
                let mut t = portable(t);
                // A VTODO has no manual position.
                t.as_object_mut().unwrap().remove("order");
                // iCalendar keeps whole seconds.
                if let Some(at) = t["completed_at"].as_str().map(|at| format!("{}Z", &at[..19])) {
                    t["completed_at"] = json!(at);
                }
                t
            })
            .collect()
    };
    let mut from_ics = without_order(all_todos(&app, &third).await);
    let mut original = without_order(all_todos(&app, &app.client).await);
    let by_title = |a: &Value, b: &Value| a["title"].as_str().cmp(&b["title"].as_str());
    from_ics.sort_by(by_title);
    original.sort_by(by_title);
    assert_eq!(from_ics, original);
}

async fn importing_the_same_file_twice_creates_nothing_new(backend: Backend) {
    let app = spawn_app(backend).await;
    varied_todos(&app).await;
    let exported = export(&app, &app.client, "").await;
    let fresh = client_with_token(&sign_up(&app.address, "fresh").await);
    import_ok(&app, &fresh, exported.clone()).await;
    let again = import_ok(&app, &fresh, exported).await;
    assert_eq!(again["created"], json!([]));
    let reasons: Vec<&str> = again["skipped"].as_array().unwrap().iter().map(|s| s["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, vec!["already imported"; 5]);
    assert_eq!(all_todos(&app, &fresh).await.len(), 5);
}

/// A file made the way Todoist's CSV template documents it.
const TODOIST_CSV: &str = "TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE\r\n\
task,Buy milk,\"Semi-skimmed, two litres\",1,1,Ann (12345),,every monday,en,Europe/London\r\n\
note,\"Ask for the \"\"organic\"\" one\",,,,Ann (12345),,,,\r\n\
,,,,,,,,,\r\n\
section,Work,,,,,,,,\r\n\
task,Write report,,2,1,Ann (12345),,tomorrow at 5pm,en,UTC\r\n\
task,Book flights,,3,2,Ann (12345),,,,\r\n\
task,Water plants,,4,1,Ann (12345),,every day,en,\r\n\
task,Buy milk,,4,1,Ann (12345),,,,\r\n\
meta,view_style=list,,,,,,,,\r\n";

async fn a_todoist_csv_imports_as_its_template_says(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = import_ok(&app, &app.client, TODOIST_CSV).await;
    assert_eq!(report["format"], "todoist-csv");
    let created: Vec<&str> = report["created"].as_array().unwrap().iter().map(|c| c["item"].as_str().unwrap()).collect();
    assert_eq!(created, vec!["line 2", "line 6", "line 7", "line 8", "line 9"]);
    assert_eq!(
        report["skipped"],
        json!([
            {"item": "line 5", "reason": "a section creates no todo"},
            {"item": "line 10", "reason": "a Todoist view setting creates no todo"},
        ])
    );

    let todos = all_todos(&app, &app.client).await;
    let get = |title: &str, nth: usize| todos.iter().filter(|t| t["title"] == title).nth(nth).cloned().unwrap();
    let milk = get("Buy milk", 0);
    assert_eq!(milk["notes"], "Semi-skimmed, two litres\n\nAsk for the \"organic\" one", "the note row joins its task");
    assert_eq!(milk["priority"], "urgent", "p1 is Todoist's highest");
    assert_eq!(milk["recurrence"], "FREQ=WEEKLY;BYDAY=MO");
    let due = chrono::NaiveDate::parse_from_str(milk["due_date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert_eq!(chrono::Datelike::weekday(&due), chrono::Weekday::Mon);
    let report = get("Write report", 0);
    assert_eq!(report["priority"], "high");
    assert_eq!(
        (report["due_date"].as_str().unwrap(), report["due_time"].as_str()),
        (ymd(today_in("UTC").succ_opt().unwrap()).as_str(), Some("17:00"))
    );
    assert_eq!(get("Book flights", 0)["priority"], "medium");
    assert_eq!(get("Book flights", 0)["due_date"], Value::Null);
    assert_eq!(
        (get("Water plants", 0)["priority"].as_str(), get("Water plants", 0)["recurrence"].as_str()),
        (Some("none"), Some("FREQ=DAILY"))
    );
    assert_eq!(get("Buy milk", 1)["notes"], Value::Null, "two tasks of the same title are two todos");

    let again = import_ok(&app, &app.client, TODOIST_CSV).await;
    assert_eq!(again["created"], json!([]));
    assert_eq!(all_todos(&app, &app.client).await.len(), 5);
}

async fn icalendar_files_from_elsewhere_import_with_their_zones(backend: Backend) {
    let app = spawn_app(backend).await;
    let file = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Elsewhere//EN\r\n\
BEGIN:VTODO\r\nUID:a@elsewhere\r\nSUMMARY:Renew passport\\, soon\r\nDESCRIPTION:Form A\\nand photos\r\nDUE;VALUE=DATE:20270115\r\n\
PRIORITY:2\r\nCATEGORIES:Admin,Travel\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER;RELATED=END:-PT30M\r\nEND:VALARM\r\nEND:VTODO\r\n\
BEGIN:VTODO\r\nUID:b@elsewhere\r\nSUMMARY:Old thing\r\nSTATUS:COMPLETED\r\nCOMPLETED:20260101T100000Z\r\nEND:VTODO\r\n\
BEGIN:VEVENT\r\nUID:c@elsewhere\r\nSUMMARY:Dentist\r\nDTSTART;TZID=Europe/Paris:20270110T170000\r\nDTEND;TZID=Europe/Paris:20270110T173000\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Dentist\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:d@elsewhere\r\nSUMMARY:Call\r\nDTSTART:20270110T170000Z\r\nRRULE:FREQ=MONTHLY\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER;VALUE=DATE-TIME:20270110T160000Z\r\nEND:VALARM\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER;RELATED=END:-PT5M\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VTODO\r\nUID:e@elsewhere\r\nSUMMARY:Pay rent\r\nDUE:20270201T090000\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:PT10M\r\nEND:VALARM\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER;RELATED=END:-P1D\r\nEND:VALARM\r\nEND:VTODO\r\n\
END:VCALENDAR\r\n";
    let report = expect_json(import(&app, &app.client, "?tz=America/New_York", file).await, StatusCode::OK).await;
    assert_eq!(report["created"].as_array().unwrap().len(), 5, "{report}");
    let todos = all_todos(&app, &app.client).await;
    let get = |title: &str| todos.iter().find(|t| t["title"] == title).cloned().unwrap_or_else(|| panic!("{title}: {todos:?}"));
    let passport = get("Renew passport, soon");
    assert_eq!(passport["notes"], "Form A\nand photos");
    assert_eq!((passport["due_date"].as_str(), passport["due_time"].as_str()), (Some("2027-01-15"), None));
    assert_eq!(passport["priority"], "high");
    assert_eq!(passport["tags"], json!(["admin", "travel"]));
    let old = get("Old thing");
    assert_eq!((old["completed"].as_bool(), old["completed_at"].as_str()), (Some(true), Some("2026-01-01T10:00:00Z")));
    let dentist = get("Dentist");
    assert_eq!(
        (dentist["due_date"].as_str(), dentist["due_time"].as_str()),
        (Some("2027-01-10"), Some("11:00")),
        "17:00 Paris is 11:00 New York"
    );
    let call = get("Call");
    assert_eq!((call["due_time"].as_str(), call["recurrence"].as_str()), (Some("12:00"), Some("FREQ=MONTHLY")));
    // Alarms before the due time become the reminder offset: relative to an
    // event's start, or to a VTODO's DUE (RELATED=END), in whole minutes.
    assert_eq!(dentist["remind_before"], 15);
    assert_eq!(get("Pay rent")["remind_before"], 24 * 60, "the alarm after DUE starts nothing; the one a day before does");
    assert_eq!(call["remind_before"], Value::Null, "a fixed-time alarm and one before an event's end have no offset");
    assert_eq!(passport["remind_before"], Value::Null, "an all-day todo has no due time to remind before");
}

async fn bad_files_get_clear_problems_and_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_todo(json!({"title": "Keep me"})).await;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not UTF-8", vec![b'T', 0xff, 0xfe, b'\n'], "not UTF-8"),
        ("empty", Vec::new(), "empty"),
        ("unknown format", b"hello, world\n".to_vec(), "unknown format"),
        ("broken quoting", b"TYPE,CONTENT,DATE\ntask,\"unclosed,tomorrow\ntask,next,\n".to_vec(), "broken CSV"),
        ("unreadable date", b"TYPE,CONTENT,DATE\ntask,Fine,tomorrow\ntask,Odd,the 45th of Smarch\n".to_vec(), "cannot be read"),
        ("foreign date language", b"TYPE,CONTENT,DATE,DATE_LANG\ntask,Demain,demain,fr\n".to_vec(), "only English"),
        ("unknown row type", b"TYPE,CONTENT\nproject,Home\n".to_vec(), "must be task, note, section or meta"),
        ("bad priority", b"TYPE,CONTENT,PRIORITY\ntask,x,7\n".to_vec(), "PRIORITY"),
        ("no CONTENT column", b"TYPE,TITLE\ntask,x\n".to_vec(), "unknown format"),
        ("empty title", b"TYPE,CONTENT\ntask,   \n".to_vec(), "title"),
        ("JSON of another kind", br#"{"todos": []}"#.to_vec(), "not a todo-chatbot export"),
        ("a later export version", br#"{"format":"todo-chatbot-export","version":2,"todos":[]}"#.to_vec(), "version 2"),
        ("a bad todo in an export", br#"{"format":"todo-chatbot-export","version":1,"todos":[{"id":1}]}"#.to_vec(), "todos[0]"),
        ("malformed iCalendar", b"BEGIN:VCALENDAR\r\nthis is not a line\r\n".to_vec(), "not a readable iCalendar"),
        ("VTODO without SUMMARY", b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n".to_vec(), "SUMMARY"),
        ("unreadable DUE", b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\nDUE:tomorrow\r\nEND:VTODO\r\nEND:VCALENDAR\r\n".to_vec(), "DUE"),
        ("hourly RRULE", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART:20270101T100000Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".to_vec(), "recurrence"),
    ];
    for (what, body, detail) in cases {
        let (status, headers, text) = read(import(&app, &app.client, "", body).await).await;
        let problem = crate::helpers::assert_problem_parts(what, status.as_u16(), &headers, &text, 422, "bad-import");
        assert!(problem["detail"].as_str().unwrap().contains(detail) || text.contains(detail), "{what}: {text}");
        assert!(!problem["errors"].as_array().unwrap().is_empty(), "{what}: every bad item is named: {text}");
    }
    // One bad row refuses the file: the good row before it was not created either.
    assert_eq!(all_todos(&app, &app.client).await.len(), 1);

    let over = vec![b'x'; 5 * 1024 * 1024 + 1];
    assert_problem(import(&app, &app.client, "", over).await, 413, "body-too-large").await;
    assert_problem(import(&app, &app.client, "?tz=Mars/Base", TODOIST_CSV).await, 400, "invalid-query").await;
    assert_problem(app.client.get(app.api("/export?format=xml")).send().await.unwrap(), 400, "invalid-query").await;
    assert_problem(reqwest::Client::new().post(app.api("/import")).body(TODOIST_CSV).send().await.unwrap(), 401, "unauthorized").await;
    assert_eq!(all_todos(&app, &app.client).await.len(), 1);
}

async fn an_import_past_the_todo_limit_creates_nothing(backend: Backend) {
    let app = spawn_app_with(backend, &["--max-todos-per-user", "4"]).await;
    app.create_todo(json!({"title": "Already here"})).await;
    assert_problem(import(&app, &app.client, "", TODOIST_CSV).await, 409, "todo-limit").await;
    assert_eq!(all_todos(&app, &app.client).await.len(), 1, "nothing half-done");
}

async fn a_large_file_under_5_mib_imports(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut csv = String::from("TYPE,CONTENT,DESCRIPTION\n");
    let notes = "n".repeat(1000);
    for i in 0..1500 {
        csv.push_str(&format!("task,Item {i},{notes}\n"));
    }
    assert!(csv.len() > 1024 * 1024 && csv.len() < 5 * 1024 * 1024);
    let report = import_ok(&app, &app.client, csv).await;
    assert_eq!(report["created"].as_array().unwrap().len(), 1500);
}

backend_tests!(
    an_export_imported_into_a_fresh_account_gives_identical_todos,
    importing_the_same_file_twice_creates_nothing_new,
    a_todoist_csv_imports_as_its_template_says,
    icalendar_files_from_elsewhere_import_with_their_zones,
    bad_files_get_clear_problems_and_change_nothing,
    an_import_past_the_todo_limit_creates_nothing,
    a_large_file_under_5_mib_imports,
);
