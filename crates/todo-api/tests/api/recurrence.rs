//! Completing a recurring todo moves it to its next occurrence instead of
//! closing it (read with the server's clock in DEFAULT_TIMEZONE).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde_json::{json, Value};

use crate::helpers::{assert_validation, id_of, spawn_app, spawn_app_with, timestamp, today_in, ymd, Backend};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn completing_a_weekly_todo_moves_it_a_week_on(backend: Backend) {
    let app = spawn_app(backend).await;
    let monday = date(2030, 1, 7);
    assert_eq!(monday.weekday(), Weekday::Mon);
    let todo = app
        .create_todo(json!({
            "title": "Team meeting", "due_date": ymd(monday), "due_time": "10:00", "recurrence": "FREQ=WEEKLY;BYDAY=MO",
        }))
        .await;
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["due_date"], "2030-01-14", "next Monday");
    assert_eq!(done["due_time"], "10:00", "the time of day stays");
    assert_eq!(done["completed"], false, "a recurring todo stays open");
    assert!(!done["completed_at"].is_null(), "the completion is recorded: {done}");
    timestamp(&done, "completed_at");
    assert_eq!(done["recurrence"], "FREQ=WEEKLY;BYDAY=MO");

    // And again: another week.
    let again = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(again["due_date"], "2030-01-21");
    assert_eq!(again["completed"], false);
}

async fn completing_a_multi_day_weekly_todo_goes_to_the_next_listed_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_todo(json!({ "title": "Gym", "due_date": "2030-01-07", "recurrence": "FREQ=WEEKLY;BYDAY=MO,WE,FR" })).await;
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["due_date"], "2030-01-09", "Monday → Wednesday");
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["due_date"], "2030-01-11", "Wednesday → Friday");
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["due_date"], "2030-01-14", "Friday → Monday");
}

async fn monthly_on_the_31st_skips_short_months(backend: Backend) {
    let app = spawn_app(backend).await;
    // RFC 5545: occurrences on days a month does not have are skipped.
    let todo = app.create_todo(json!({ "title": "Rent", "due_date": "2030-01-31", "recurrence": "FREQ=MONTHLY" })).await;
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["due_date"], "2030-03-31");
}

async fn completing_an_overdue_daily_todo_moves_it_after_today(backend: Backend) {
    // A zone far from UTC, so that "today" read in UTC would often be wrong.
    let zone = "Pacific/Kiritimati";
    let app = spawn_app_with(backend, &["--default-timezone", zone]).await;
    let before = today_in(zone);
    let todo =
        app.create_todo(json!({ "title": "Vitamins", "due_date": ymd(before - Duration::days(3)), "recurrence": "FREQ=DAILY" })).await;
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    let after = today_in(zone);
    let due = done["due_date"].as_str().unwrap().to_owned();
    // The next occurrence after today (in the server's zone), i.e. tomorrow.
    let expected: Vec<String> = [before, after].iter().map(|d| ymd(*d + Duration::days(1))).collect();
    assert!(expected.contains(&due), "due_date {due}, expected {expected:?} (today in {zone} is {before})");
    assert_eq!(done["completed"], false);
    assert!(!done["completed_at"].is_null());
}

async fn completing_an_overdue_weekly_todo_keeps_its_weekday(backend: Backend) {
    let zone = "UTC";
    let app = spawn_app_with(backend, &["--default-timezone", zone]).await;
    let today = today_in(zone);
    // A Monday at least two weeks ago.
    let days_since_monday = i64::from(today.weekday().num_days_from_monday());
    let old_monday = today - Duration::days(days_since_monday + 14);
    let todo = app.create_todo(json!({ "title": "Bins", "due_date": ymd(old_monday), "recurrence": "FREQ=WEEKLY;BYDAY=MO" })).await;
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    let due = NaiveDate::parse_from_str(done["due_date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert_eq!(due.weekday(), Weekday::Mon, "still on Mondays: {due}");
    assert!(due > today && due <= today + Duration::days(7), "the first Monday after today ({today}), got {due}");
}

async fn count_one_completes_for_good(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_todo(json!({ "title": "Once only", "due_date": "2030-01-07", "recurrence": "FREQ=DAILY;COUNT=1" })).await;
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["completed"], true, "no further occurrence: completed for good");
    assert!(!done["completed_at"].is_null());
    assert_eq!(done["due_date"], "2030-01-07", "the due date stays");
}

async fn until_exhausted_completes_for_good(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo =
        app.create_todo(json!({ "title": "Course", "due_date": "2030-01-07", "recurrence": "FREQ=WEEKLY;UNTIL=20300115T000000Z" })).await;
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["due_date"], "2030-01-14");
    assert_eq!(done["completed"], false);
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["completed"], true, "UNTIL passed: completed for good");
}

async fn reopening_a_completed_recurring_todo_clears_completed_at(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_todo(json!({ "title": "Twice", "due_date": "2030-01-07", "recurrence": "FREQ=DAILY;COUNT=1" })).await;
    app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    let reopened = app.patch_ok(id_of(&todo), json!({ "completed": false })).await;
    assert_eq!(reopened["completed"], false);
    assert_eq!(reopened["completed_at"], Value::Null);
}

async fn invalid_rrules_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for rule in ["FREQ=SOMETIMES", "every monday", "FREQ=WEEKLY;BYDAY=XX", "FREQ=DAILY;COUNT=abc", "FREQ=DAILY;INTERVAL=0"] {
        let response = app.post_todo(&json!({ "title": "bad rule", "recurrence": rule, "due_date": "2030-01-07" })).await;
        assert_validation(response, "recurrence").await;
    }
    let todo = app.create_titled("good").await;
    let response = app.patch_todo(id_of(&todo), &json!({ "recurrence": "FREQ=NEVER" })).await;
    assert_validation(response, "recurrence").await;
    assert!(app.list_json("").await.len() == 1, "nothing was created by the refused requests");
}

/// Issue 16: an RRULE expanding to 86,400 occurrences a day, completed with
/// an old due date, held the server for minutes. Such rules are refused, and
/// a plain daily rule due in year 1 completes at once.
async fn the_work_a_rule_costs_is_bounded(backend: Backend) {
    let app = spawn_app(backend).await;
    let sixty = (0..60).map(|n| n.to_string()).collect::<Vec<_>>().join(",");
    let bomb =
        format!("FREQ=DAILY;BYHOUR={};BYMINUTE={sixty};BYSECOND={sixty}", (0..24).map(|n| n.to_string()).collect::<Vec<_>>().join(","));
    let response = app.post_todo(&json!({ "title": "bomb", "recurrence": bomb, "due_date": "2000-01-01" })).await;
    assert_validation(response, "recurrence").await;
    let todo = app.create_todo(json!({ "title": "ancient", "due_date": "0001-01-01", "recurrence": "FREQ=DAILY" })).await;
    assert_validation(app.patch_todo(id_of(&todo), &json!({ "recurrence": bomb })).await, "recurrence").await;

    let started = std::time::Instant::now();
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    let took = started.elapsed();
    let today = today_in("UTC");
    assert!(done["due_date"] == ymd(today + Duration::days(1)) || done["due_date"] == ymd(today + Duration::days(2)), "{done}");
    assert!(took < std::time::Duration::from_secs(1), "completing took {took:?}");
}

async fn an_rrule_prefix_is_accepted(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_todo(json!({ "title": "prefixed", "due_date": "2030-01-07", "recurrence": "RRULE:FREQ=DAILY" })).await;
    assert!(todo["recurrence"].as_str().is_some_and(|r| r.contains("FREQ=DAILY")), "{todo}");
    let done = app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
    assert_eq!(done["due_date"], "2030-01-08");
}

backend_tests!(
    the_work_a_rule_costs_is_bounded,
    completing_a_weekly_todo_moves_it_a_week_on,
    completing_a_multi_day_weekly_todo_goes_to_the_next_listed_day,
    monthly_on_the_31st_skips_short_months,
    completing_an_overdue_daily_todo_moves_it_after_today,
    completing_an_overdue_weekly_todo_keeps_its_weekday,
    count_one_completes_for_good,
    until_exhausted_completes_for_good,
    reopening_a_completed_recurring_todo_clears_completed_at,
    invalid_rrules_are_refused,
    an_rrule_prefix_is_accepted,
);
