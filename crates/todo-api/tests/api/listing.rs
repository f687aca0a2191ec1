//! `GET /todos` filters, sorts and pages; `DELETE /todos` removes what the
//! same filters select; `GET /todos/summary` counts what they select.

use chrono::{Duration, NaiveDate};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{expect_json, id_of, next_link, read, spawn_app, spawn_app_with, timestamp, titles, today_in, ymd, Backend, TestApp};

const KIRITIMATI: &str = "Pacific/Kiritimati"; // UTC+14
const PAGO_PAGO: &str = "Pacific/Pago_Pago"; // UTC-11: always a different date than Kiritimati

async fn status_filter(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("a").await;
    let b = app.create_titled("b").await;
    app.create_titled("c").await;
    app.patch_ok(id_of(&b), json!({ "completed": true })).await;

    assert_eq!(app.list_titles("status=open&sort=order").await, ["a", "c"]);
    assert_eq!(app.list_titles("status=completed&sort=order").await, ["b"]);
    assert_eq!(app.list_titles("status=all&sort=order").await, ["a", "b", "c"]);
    assert_eq!(app.list_titles("sort=order").await, ["a", "b", "c"], "default status is all");
}

/// Todos around `today`: one per `due=` bucket, plus a completed overdue one.
async fn seed_due_dates(app: &TestApp, today: NaiveDate) {
    let days = |n: i64| ymd(today + Duration::days(n));
    app.create_todo(json!({ "title": "overdue", "due_date": days(-1) })).await;
    let done = app.create_todo(json!({ "title": "overdue but done", "due_date": days(-2) })).await;
    app.patch_ok(id_of(&done), json!({ "completed": true })).await;
    app.create_todo(json!({ "title": "today", "due_date": days(0), "due_time": "23:59" })).await;
    app.create_todo(json!({ "title": "tomorrow", "due_date": days(1) })).await;
    app.create_todo(json!({ "title": "in six days", "due_date": days(6) })).await;
    app.create_todo(json!({ "title": "in seven days", "due_date": days(7) })).await;
    app.create_titled("no date").await;
}

/// Checks every `due=` bucket; `extra` is appended to each query (e.g. `&tz=…`).
async fn assert_due_buckets(app: &TestApp, extra: &str) {
    assert_eq!(app.list_titles(&format!("due=overdue&sort=due{extra}")).await, ["overdue"], "overdue: open and before today");
    assert_eq!(app.list_titles(&format!("due=today&sort=due{extra}")).await, ["today"]);
    assert_eq!(app.list_titles(&format!("due=tomorrow&sort=due{extra}")).await, ["tomorrow"]);
    assert_eq!(
        app.list_titles(&format!("due=week&sort=due{extra}")).await,
        ["today", "tomorrow", "in six days"],
        "week: the seven days starting today"
    );
    assert_eq!(app.list_titles(&format!("due=none&sort=due{extra}")).await, ["no date"]);
}

async fn due_filters_read_the_tz_parameter(backend: Backend) {
    let app = spawn_app(backend).await; // default zone UTC
    let today = today_in(KIRITIMATI);
    seed_due_dates(&app, today).await;
    assert_due_buckets(&app, &format!("&tz={KIRITIMATI}")).await;
    if today_in(KIRITIMATI) != today {
        eprintln!("the date changed in {KIRITIMATI} during the test; its result may be spurious");
    }
}

async fn due_filters_default_to_the_server_time_zone(backend: Backend) {
    let app = spawn_app_with(backend, &["--default-timezone", KIRITIMATI]).await;
    let today = today_in(KIRITIMATI);
    seed_due_dates(&app, today).await;
    assert_due_buckets(&app, "").await;
}

async fn the_tz_parameter_overrides_the_default_zone(backend: Backend) {
    let app = spawn_app_with(backend, &["--default-timezone", KIRITIMATI]).await;
    let far_east = today_in(KIRITIMATI);
    let far_west = today_in(PAGO_PAGO);
    assert_ne!(far_east, far_west);
    app.create_todo(json!({ "title": "east", "due_date": ymd(far_east) })).await;
    app.create_todo(json!({ "title": "west", "due_date": ymd(far_west) })).await;
    assert_eq!(app.list_titles("due=today").await, ["east"]);
    assert_eq!(app.list_titles(&format!("due=today&tz={PAGO_PAGO}")).await, ["west"]);
    assert_eq!(app.list_titles(&format!("due=overdue&tz={PAGO_PAGO}")).await, Vec::<String>::new());
    assert_eq!(app.list_titles("due=overdue").await, ["west"], "west's date is before today in Kiritimati");
}

async fn tag_filter(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_todo(json!({ "title": "w1", "tags": ["work"] })).await;
    app.create_todo(json!({ "title": "w2", "tags": ["home", "#Work"] })).await;
    app.create_todo(json!({ "title": "h", "tags": ["home"] })).await;
    app.create_todo(json!({ "title": "homework", "tags": ["homework"] })).await;
    app.create_titled("untagged").await;
    assert_eq!(app.list_titles("tag=work&sort=order").await, ["w1", "w2"]);
    assert_eq!(app.list_titles("tag=home&sort=order").await, ["w2", "h"], "a tag matches whole tags only");
    assert_eq!(app.list_titles("tag=nothing").await, Vec::<String>::new());
}

async fn priority_filter(backend: Backend) {
    let app = spawn_app(backend).await;
    for (title, priority) in [("h1", "high"), ("u", "urgent"), ("h2", "high"), ("n", "none"), ("l", "low")] {
        app.create_todo(json!({ "title": title, "priority": priority })).await;
    }
    assert_eq!(app.list_titles("priority=high&sort=order").await, ["h1", "h2"]);
    assert_eq!(app.list_titles("priority=urgent").await, ["u"]);
    assert_eq!(app.list_titles("priority=none").await, ["n"]);
    assert_eq!(app.list_titles("priority=medium").await, Vec::<String>::new());
}

async fn q_searches_title_and_notes_case_insensitively(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("Buy MILK").await;
    app.create_todo(json!({ "title": "Call mom", "notes": "ask about milk prices" })).await;
    app.create_todo(json!({ "title": "Other", "notes": "nothing here" })).await;
    assert_eq!(app.list_titles("q=milk&sort=order").await, ["Buy MILK", "Call mom"]);
    assert_eq!(app.list_titles("q=MiLk&sort=order").await, ["Buy MILK", "Call mom"]);
    assert_eq!(app.list_titles("q=about%20milk").await, ["Call mom"]);
    assert_eq!(app.list_titles("q=zzz").await, Vec::<String>::new());
}

async fn q_treats_wildcard_characters_literally(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("100% done").await;
    app.create_titled("snake_case name").await;
    app.create_titled("back\\slash").await;
    app.create_titled("plain words").await;
    assert_eq!(app.list_titles("q=%25").await, ["100% done"], "% is not a wildcard");
    assert_eq!(app.list_titles("q=_").await, ["snake_case name"], "_ is not a wildcard");
    assert_eq!(app.list_titles("q=%5C").await, ["back\\slash"], "a backslash is matched literally");
}

async fn q_is_case_insensitive_beyond_ascii(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("Réunion à l'ÉCOLE").await;
    let q = |s: &str| format!("q={}", url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>());
    assert_eq!(app.list_titles(&q("école")).await, ["Réunion à l'ÉCOLE"]);
    assert_eq!(app.list_titles(&q("RÉUNION")).await, ["Réunion à l'ÉCOLE"]);
}

async fn filters_combine(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_todo(json!({ "title": "report", "tags": ["work"], "priority": "high" })).await;
    let done = app.create_todo(json!({ "title": "old report", "tags": ["work"], "priority": "high" })).await;
    app.patch_ok(id_of(&done), json!({ "completed": true })).await;
    app.create_todo(json!({ "title": "report card", "tags": ["school"], "priority": "high" })).await;
    app.create_todo(json!({ "title": "memo", "tags": ["work"], "priority": "high" })).await;
    assert_eq!(app.list_titles("status=open&tag=work&priority=high&q=report").await, ["report"]);
}

async fn sort_by_order(backend: Backend) {
    let app = spawn_app(backend).await;
    for (title, order) in [("third", 30), ("first", 10), ("second", 20)] {
        app.create_todo(json!({ "title": title, "order": order })).await;
    }
    assert_eq!(app.list_titles("sort=order").await, ["first", "second", "third"]);
}

async fn sort_by_due_puts_undated_last(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_todo(json!({ "title": "march", "due_date": "2030-03-01" })).await;
    app.create_titled("undated").await;
    app.create_todo(json!({ "title": "january", "due_date": "2030-01-01" })).await;
    app.create_todo(json!({ "title": "last year", "due_date": "2029-12-31" })).await;
    app.create_todo(json!({ "title": "february", "due_date": "2030-02-01" })).await;
    assert_eq!(app.list_titles("sort=due").await, ["last year", "january", "february", "march", "undated"]);
}

async fn sort_by_priority_puts_urgent_first(backend: Backend) {
    let app = spawn_app(backend).await;
    for p in ["none", "low", "urgent", "medium", "high"] {
        app.create_todo(json!({ "title": p, "priority": p })).await;
    }
    assert_eq!(app.list_titles("sort=priority").await, ["urgent", "high", "medium", "low", "none"]);
}

async fn sort_ties_are_broken_by_order_then_id(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_todo(json!({ "title": "x", "priority": "high", "order": 5 })).await;
    app.create_todo(json!({ "title": "y", "priority": "high", "order": 1 })).await;
    app.create_todo(json!({ "title": "z", "priority": "high", "order": 1 })).await;
    app.create_todo(json!({ "title": "u", "priority": "urgent", "order": 9 })).await;
    assert_eq!(app.list_titles("sort=priority").await, ["u", "y", "z", "x"]);
}

async fn sort_by_created(backend: Backend) {
    let app = spawn_app(backend).await;
    // Orders run against creation, so a sort by order would be the reverse.
    for (title, order) in [("a", 3), ("b", 2), ("c", 1)] {
        app.create_todo(json!({ "title": title, "order": order })).await;
    }
    let todos = app.list_json("sort=created").await;
    let keys: Vec<_> = todos.iter().map(|t| (timestamp(t, "created_at"), t["order"].as_i64().unwrap(), id_of(t))).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted by created_at, then order, then id: {todos:?}");
    let distinct = keys.windows(2).all(|w| w[0].0 != w[1].0);
    if distinct {
        assert_eq!(titles(&todos), ["a", "b", "c"]);
    }
}

/// Follows `Link: rel="next"` from `first`, returning the pages' titles.
async fn pages(app: &TestApp, first: &str) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut next = Some(app.api(&format!("/todos?{first}")));
    while let Some(url) = next {
        assert!(pages.len() < 20, "too many pages");
        let (status, headers, text) = read(app.client.get(&url).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{url}: {text}");
        let page: Vec<Value> = serde_json::from_str(&text).unwrap();
        pages.push(titles(&page));
        next = next_link(&headers, &url);
    }
    pages
}

async fn limit_offset_and_link_next(backend: Backend) {
    let app = spawn_app(backend).await;
    for i in 1..=5 {
        app.create_titled(&format!("t{i}")).await;
    }
    assert_eq!(pages(&app, "sort=order&limit=2").await, [vec!["t1", "t2"], vec!["t3", "t4"], vec!["t5"]]);
    assert_eq!(pages(&app, "sort=order&limit=5").await, [vec!["t1", "t2", "t3", "t4", "t5"]], "no Link when nothing remains");
    assert_eq!(pages(&app, "sort=order&limit=4").await, [vec!["t1", "t2", "t3", "t4"], vec!["t5"]]);
    assert_eq!(pages(&app, "sort=order&limit=2&offset=3").await, [vec!["t4", "t5"]]);
    assert_eq!(pages(&app, "sort=order&offset=10").await, [Vec::<String>::new()]);
    let (_, headers, _) = read(app.list("sort=order&limit=2").await).await;
    assert!(next_link(&headers, &app.address).is_some());
    let (_, headers, _) = read(app.list("sort=order&limit=2&offset=4").await).await;
    assert!(next_link(&headers, &app.address).is_none(), "no Link on the last page");
}

async fn link_next_keeps_the_filters(backend: Backend) {
    let app = spawn_app(backend).await;
    for i in 1..=6 {
        let todo = app.create_todo(json!({ "title": format!("t{i}"), "tags": ["x"] })).await;
        if i % 2 == 0 {
            app.patch_ok(id_of(&todo), json!({ "completed": true })).await;
        }
    }
    app.create_titled("untagged").await;
    assert_eq!(pages(&app, "status=open&tag=x&sort=order&limit=2").await, [vec!["t1", "t3"], vec!["t5"]]);
    assert_eq!(pages(&app, "status=completed&tag=x&sort=priority&limit=1").await, [vec!["t2"], vec!["t4"], vec!["t6"]]);
}

async fn default_limit_is_100_and_500_is_allowed(backend: Backend) {
    let app = spawn_app(backend).await;
    for i in 0..101 {
        app.create_titled(&format!("todo {i:03}")).await;
    }
    let (status, headers, text) = read(app.list("sort=order").await).await;
    assert_eq!(status, StatusCode::OK);
    let page: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(page.len(), 100, "default limit");
    let next = next_link(&headers, &app.api("/todos?sort=order")).expect("Link rel=next after 100 of 101");
    let rest = expect_json(app.client.get(&next).send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(titles(rest.as_array().unwrap()), ["todo 100"]);
    assert_eq!(app.list_json("limit=500").await.len(), 101);
    assert_eq!(app.list_json("limit=1").await.len(), 1);
}

async fn delete_with_filters_removes_only_the_selected(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("open").await;
    let done = app.create_titled("done").await;
    app.patch_ok(id_of(&done), json!({ "completed": true })).await;
    app.create_todo(json!({ "title": "tagged open", "tags": ["x"] })).await;
    let tagged_done = app.create_todo(json!({ "title": "tagged done", "tags": ["x"] })).await;
    app.patch_ok(id_of(&tagged_done), json!({ "completed": true })).await;
    app.create_todo(json!({ "title": "urgent", "priority": "urgent" })).await;

    let response = app.delete_todos("status=completed").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.list_titles("sort=order").await, ["open", "tagged open", "urgent"]);

    assert_eq!(app.delete_todos("tag=x").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.list_titles("sort=order").await, ["open", "urgent"]);

    assert_eq!(app.delete_todos("priority=urgent").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.list_titles("sort=order").await, ["open"]);

    assert_eq!(app.delete_todos("q=nothing-matches").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.list_titles("").await, ["open"]);

    assert_eq!(app.delete_todos("").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.list_titles("").await, Vec::<String>::new());
}

async fn delete_overdue_reads_the_tz(backend: Backend) {
    let app = spawn_app(backend).await;
    let today = today_in(KIRITIMATI);
    seed_due_dates(&app, today).await;
    assert_eq!(app.delete_todos(&format!("due=overdue&tz={KIRITIMATI}")).await.status(), StatusCode::NO_CONTENT);
    let left = app.list_titles("sort=due").await;
    assert!(!left.contains(&"overdue".to_owned()), "{left:?}");
    assert_eq!(left.len(), 6, "only the open overdue todo went: {left:?}");
}

/// The summary counts what the listings of the same views return, in the caller's zone.
async fn summary_counts_each_view_and_lists_the_tags(backend: Backend) {
    let app = spawn_app(backend).await;
    let today = today_in(KIRITIMATI);
    seed_due_dates(&app, today).await;
    app.create_todo(json!({ "title": "tagged", "tags": ["work", "home"] })).await;
    app.create_todo(json!({ "title": "tagged again", "tags": ["#Work"] })).await;

    let response = app.client.get(app.api(&format!("/todos/summary?tz={KIRITIMATI}"))).send().await.unwrap();
    let summary = expect_json(response, StatusCode::OK).await;
    let app = &app;
    let listed = |query: &str| {
        let query = format!("{query}&tz={KIRITIMATI}&limit=500");
        async move { app.list_json(&query).await.len() as u64 }
    };
    assert_eq!(summary["open"], listed("status=open").await);
    assert_eq!(summary["today"], listed("status=open&due=today").await);
    assert_eq!(summary["overdue"], listed("due=overdue").await);
    assert_eq!(summary["completed"], listed("status=completed").await);
    assert_eq!(summary, json!({ "open": 8, "today": 1, "overdue": 1, "completed": 1, "tags": ["home", "work"] }));

    let (status, _, body) = read(app.client.get(app.api("/todos/summary?tz=Mars/Olympus")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    if today_in(KIRITIMATI) != today {
        eprintln!("the date changed in {KIRITIMATI} during the test; its result may be spurious");
    }
}

backend_tests!(
    status_filter,
    due_filters_read_the_tz_parameter,
    due_filters_default_to_the_server_time_zone,
    the_tz_parameter_overrides_the_default_zone,
    tag_filter,
    priority_filter,
    q_searches_title_and_notes_case_insensitively,
    q_treats_wildcard_characters_literally,
    q_is_case_insensitive_beyond_ascii,
    filters_combine,
    sort_by_order,
    sort_by_due_puts_undated_last,
    sort_by_priority_puts_urgent_first,
    sort_ties_are_broken_by_order_then_id,
    sort_by_created,
    limit_offset_and_link_next,
    link_next_keeps_the_filters,
    default_limit_is_100_and_500_is_allowed,
    delete_with_filters_removes_only_the_selected,
    delete_overdue_reads_the_tz,
    summary_counts_each_view_and_lists_the_tags,
);
