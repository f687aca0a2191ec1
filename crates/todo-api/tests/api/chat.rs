//! The chat through HTTP: turns, conversation state across turns (kept in
//! storage), undo, clarification, the turn's own clock and time zone, history,
//! and bad input.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, assert_validation, expect_json, id_of, spawn_app, Backend, TestApp};

/// The clock of these conversations: Tuesday 2026-03-10, 09:00 in New York.
const NOW: &str = "2026-03-10T09:00:00-04:00";
const TZ: &str = "America/New_York";

pub(crate) struct Conversation<'a> {
    app: &'a TestApp,
    pub(crate) id: Option<String>,
    now: &'a str,
    tz: &'a str,
}

impl<'a> Conversation<'a> {
    pub(crate) fn new(app: &'a TestApp) -> Self {
        Self { app, id: None, now: NOW, tz: TZ }
    }

    fn at(app: &'a TestApp, now: &'a str, tz: &'a str) -> Self {
        Self { app, id: None, now, tz }
    }

    /// Sends one message, asserting 200, and keeps the conversation id.
    pub(crate) async fn say(&mut self, message: &str) -> Value {
        let body = json!({"message": message, "conversation_id": self.id, "timezone": self.tz, "now": self.now});
        let response = self.app.client.post(self.app.api("/chat")).json(&body).send().await.expect("POST /chat");
        let answer = expect_json(response, StatusCode::OK).await;
        let id = answer["conversation_id"].as_str().expect("conversation_id").to_owned();
        if let Some(previous) = &self.id {
            assert_eq!(previous, &id, "the conversation id stays the same");
        }
        self.id = Some(id);
        answer
    }
}

pub(crate) fn action<'v>(answer: &'v Value, kind: &str) -> Option<&'v Vec<Value>> {
    answer["actions"].as_array()?.iter().find(|a| a["type"] == kind)?["todos"].as_array()
}

fn titles(todos: &[Value]) -> Vec<String> {
    todos.iter().map(|t| t["title"].as_str().unwrap_or_default().to_owned()).collect()
}

async fn add_then_list_and_complete_by_position(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut chat = Conversation::new(&app);
    let added = chat.say("remind me to call mom tomorrow at 5pm").await;
    assert_eq!(added["intent"], "add");
    let created = &action(&added, "created").expect("a created action")[0];
    assert_eq!(created["due_date"], "2026-03-11");
    assert_eq!(created["due_time"], "17:00");
    assert!(created["url"].as_str().unwrap().ends_with(&format!("/api/v1/todos/{}", id_of(created))));
    let reply = added["reply"].as_str().unwrap();
    assert!(reply.contains("Call mom") && reply.contains("tomorrow (Wed, Mar 11) at 17:00"), "{reply}");
    assert!(!added["suggestions"].as_array().unwrap().is_empty());

    chat.say("add pay rent today").await;
    let listed = chat.say("show my todos").await;
    assert_eq!(listed["intent"], "list");
    assert_eq!(titles(action(&listed, "listed").unwrap()), ["Call mom", "Pay rent"]);
    let done = chat.say("done 2").await;
    assert_eq!(done["intent"], "complete");
    assert_eq!(titles(action(&done, "completed").unwrap()), ["Pay rent"]);
    let rent = app.list_json("status=completed").await;
    assert_eq!(titles(&rent), ["Pay rent"]);
}

async fn state_survives_between_turns_through_storage(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut chat = Conversation::new(&app);
    chat.say("add call the bank").await;
    // "it" is the todo added last, remembered in the database, not in the process.
    let answer = chat.say("make it urgent").await;
    assert_eq!(answer["intent"], "update");
    let todos = app.list_json("").await;
    assert_eq!(todos.len(), 1);
    assert_eq!(todos[0]["priority"], "urgent");
}

async fn undo_brings_a_deleted_todo_back_exactly(backend: Backend) {
    let app = spawn_app(backend).await;
    let original = app
        .create_todo(json!({"title": "Buy milk", "notes": "oat", "due_date": "2026-03-12", "due_time": "08:15",
            "priority": "high", "tags": ["errands"], "recurrence": "FREQ=WEEKLY;BYDAY=TH"}))
        .await;
    let mut chat = Conversation::new(&app);
    let deleted = chat.say("delete buy milk").await;
    assert_eq!(deleted["intent"], "delete");
    assert!(app.list_json("").await.is_empty());
    let undone = chat.say("undo").await;
    assert_eq!(undone["intent"], "undo");
    let back = app.list_json("").await;
    assert_eq!(back.len(), 1);
    assert_eq!(back[0], original, "every field, the id included, comes back");
    let again = chat.say("undo").await;
    assert!(again["reply"].as_str().unwrap().contains("nothing to undo"), "{again}");
    assert_eq!(app.list_json("").await, back);
}

async fn undo_reverts_a_completion_and_an_add(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut chat = Conversation::new(&app);
    chat.say("add water plants every day").await;
    let before = app.list_json("").await;
    chat.say("done water plants").await;
    let advanced = app.list_json("").await;
    assert_eq!(advanced[0]["due_date"], "2026-03-11", "a recurring todo moves on, by the turn's clock");
    assert_eq!(advanced[0]["completed"], false);
    chat.say("undo").await;
    assert_eq!(app.list_json("").await, before);

    chat.say("add buy bread").await;
    chat.say("undo").await;
    assert_eq!(titles(&app.list_json("").await), ["Water plants"]);
}

async fn ambiguity_asks_and_the_answer_settles_it(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("buy milk").await;
    app.create_titled("buy milk chocolate").await;
    let mut chat = Conversation::new(&app);
    let asked = chat.say("mark milk as done").await;
    assert_eq!(asked["intent"], "clarify");
    assert_eq!(titles(action(&asked, "listed").unwrap()), ["buy milk", "buy milk chocolate"]);
    assert!(app.list_json("status=completed").await.is_empty(), "nothing changes while asking");
    let settled = chat.say("the second one").await;
    assert_eq!(settled["intent"], "complete");
    assert_eq!(titles(&app.list_json("status=completed").await), ["buy milk chocolate"]);

    // A fuller title answers too.
    chat.say("reopen milk").await;
    let asked = chat.say("delete milk").await;
    assert_eq!(asked["intent"], "clarify");
    chat.say("buy milk chocolate").await;
    assert_eq!(titles(&app.list_json("").await), ["buy milk"]);
}

async fn the_turns_time_zone_decides_dates(backend: Backend) {
    let app = spawn_app(backend).await;
    // 23:30 in Chicago on March 10 is already March 11 in UTC.
    let mut late = Conversation::at(&app, "2026-03-10T23:30:00-05:00", "America/Chicago");
    let added = late.say("add submit timesheet tomorrow").await;
    assert_eq!(action(&added, "created").unwrap()[0]["due_date"], "2026-03-11");
    let today = late.say("what's due today?").await;
    assert!(action(&today, "listed").unwrap().is_empty(), "nothing is due on the 10th");
    // Seen from Auckland at the same instant, it is already the 11th: due today.
    let mut auckland = Conversation::at(&app, "2026-03-11T17:30:00+13:00", "Pacific/Auckland");
    let listed = auckland.say("what's due today").await;
    assert_eq!(titles(action(&listed, "listed").unwrap()), ["Submit timesheet"]);
}

async fn the_locale_orders_numeric_dates(backend: Backend) {
    let app = spawn_app(backend).await;
    let post = |message: &str, locale: Option<&str>| {
        let mut body = json!({"message": message, "timezone": TZ, "now": NOW});
        if let Some(locale) = locale {
            body["locale"] = json!(locale);
        }
        app.client.post(app.api("/chat")).json(&body).send()
    };
    let us = expect_json(post("add pay the gardener on 5/6", None).await.unwrap(), StatusCode::OK).await;
    assert_eq!(action(&us, "created").unwrap()[0]["due_date"], "2026-05-06", "en-US by default: month first");
    let gb = expect_json(post("add pay the plumber on 5/6", Some("en-GB")).await.unwrap(), StatusCode::OK).await;
    assert_eq!(action(&gb, "created").unwrap()[0]["due_date"], "2026-06-05", "en-GB: day first");
    assert_validation(post("add x on 5/6", Some("not a locale")).await.unwrap(), "locale").await;
}

async fn a_day_filter_reads_the_turns_time_zone(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_todo(json!({"title": "Due this wednesday", "due_date": "2026-03-11"})).await;
    app.create_todo(json!({"title": "Due next wednesday", "due_date": "2026-03-18"})).await;
    // 21:00 on Tuesday March 10 in Los Angeles is already Wednesday in UTC:
    // "wednesday" is tomorrow there, not a week on.
    let mut chat = Conversation::at(&app, "2026-03-10T21:00:00-07:00", "America/Los_Angeles");
    let wednesday = chat.say("what's due wednesday?").await;
    assert_eq!(wednesday["intent"], "list");
    assert_eq!(titles(action(&wednesday, "listed").unwrap()), ["Due this wednesday"]);
    let march_18 = chat.say("show tasks for march 18").await;
    assert_eq!(titles(action(&march_18, "listed").unwrap()), ["Due next wednesday"]);
    assert!(march_18["reply"].as_str().unwrap().starts_with("Open todos due on Wednesday, Mar 18 (1):"), "{march_18}");
    let done = chat.say("done the last one").await;
    assert_eq!(titles(action(&done, "completed").unwrap()), ["Due next wednesday"]);
}

async fn undo_reverts_a_shift_and_an_untag_exactly(backend: Backend) {
    let app = spawn_app(backend).await;
    let original = app
        .create_todo(json!({"title": "Buy milk", "notes": "oat", "due_date": "2026-03-12", "due_time": "08:15",
            "priority": "high", "tags": ["errands", "home"]}))
        .await;
    let mut chat = Conversation::new(&app);

    let pushed = chat.say("push buy milk by 2 days").await;
    assert_eq!(pushed["intent"], "update");
    let moved = &action(&pushed, "updated").expect("an updated action")[0];
    assert_eq!((moved["due_date"].as_str(), moved["due_time"].as_str()), (Some("2026-03-14"), Some("08:15")));
    chat.say("undo").await;
    assert_eq!(app.list_json("").await, std::slice::from_ref(&original), "every field as it was");

    let untagged = chat.say("remove the tag errands from buy milk").await;
    assert_eq!(untagged["intent"], "update");
    assert_eq!(action(&untagged, "updated").unwrap()[0]["tags"], json!(["home"]));
    chat.say("undo").await;
    assert_eq!(app.list_json("").await, [original], "every field as it was");
}

async fn dates_roll_over_the_year(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut chat = Conversation::at(&app, "2026-12-30T10:00:00+01:00", "Europe/Paris");
    let added = chat.say("add dentist in 3 days").await;
    assert_eq!(action(&added, "created").unwrap()[0]["due_date"], "2027-01-02");
    let past = chat.say("add file taxes on march 1").await;
    assert_eq!(action(&past, "created").unwrap()[0]["due_date"], "2027-03-01");
}

async fn history_lists_every_turn_oldest_first(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut chat = Conversation::new(&app);
    chat.say("add buy milk").await;
    chat.say("show my todos").await;
    let id = chat.id.clone().unwrap();
    let response = app.client.get(app.api(&format!("/conversations/{id}/messages"))).send().await.unwrap();
    let messages = expect_json(response, StatusCode::OK).await;
    let messages = messages.as_array().unwrap();
    let roles: Vec<&str> = messages.iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant"]);
    assert_eq!(messages[0]["text"], "add buy milk");
    assert_eq!(messages[1]["intent"], "add");
    assert_eq!(messages[1]["actions"][0]["type"], "created");
    assert_eq!(messages[3]["actions"][0]["type"], "listed");
    assert!(messages[3]["actions"][0]["todos"][0]["url"].is_string());
}

async fn greetings_help_and_gibberish_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("keep me").await;
    let before = app.list_json("").await;
    let mut chat = Conversation::new(&app);
    for (message, intent) in [("hi there", "greeting"), ("what can you do?", "help"), ("qwertyuiop zxcv", "unknown")] {
        let answer = chat.say(message).await;
        assert_eq!(answer["intent"], intent, "{message}");
        assert!(answer["actions"].as_array().unwrap().is_empty());
        assert!(!answer["reply"].as_str().unwrap().is_empty());
    }
    assert_eq!(app.list_json("").await, before);
}

async fn hostile_titles_are_stored_as_typed(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut chat = Conversation::new(&app);
    for message in ["add '; DROP TABLE todos; --", "add <img src=x onerror=alert(1)>", "add 🥛 buy milk"] {
        chat.say(message).await;
    }
    assert_eq!(titles(&app.list_json("").await), ["'; DROP TABLE todos; --", "<img src=x onerror=alert(1)>", "🥛 buy milk"]);
}

async fn bad_chat_requests_are_problems(backend: Backend) {
    let app = spawn_app(backend).await;
    let post = |body: Value| app.client.post(app.api("/chat")).json(&body).send();
    assert_validation(post(json!({"message": ""})).await.unwrap(), "message").await;
    assert_validation(post(json!({"message": "x".repeat(2001)})).await.unwrap(), "message").await;
    let ok = post(json!({"message": "é".repeat(2000)})).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert_validation(post(json!({"message": "hi", "timezone": "Mars/Base"})).await.unwrap(), "timezone").await;
    assert_validation(post(json!({"message": "hi", "now": "yesterday"})).await.unwrap(), "now").await;
    assert_problem(post(json!({"message": 5})).await.unwrap(), 422, "invalid-body").await;
    let unknown = json!({"message": "hi", "conversation_id": "00000000-0000-4000-8000-000000000000"});
    assert_problem(post(unknown).await.unwrap(), 404, "not-found").await;
    assert_problem(post(json!({"message": "hi", "conversation_id": "../../etc"})).await.unwrap(), 404, "not-found").await;
    let history = app.client.get(app.api("/conversations/00000000-0000-4000-8000-000000000000/messages")).send().await.unwrap();
    assert_problem(history, 404, "not-found").await;
    assert!(app.list_json("").await.is_empty(), "no bad request created anything");
}

/// Issue 16: the chat stored due dates past year 9999, which YYYY-MM-DD
/// cannot write. It now says so and changes nothing.
async fn due_dates_past_9999_are_refused_with_a_reply(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut chat = Conversation::new(&app);
    let refused = chat.say("add dentist in 9000 years").await;
    assert!(refused["reply"].as_str().unwrap().contains("years 1 to 9999"), "{refused}");
    assert!(app.list_json("").await.is_empty(), "nothing was added");
    chat.say("add call bob tomorrow").await;
    for message in ["move call bob 9000 years later", "move call bob by 8000 years"] {
        let refused = chat.say(message).await;
        assert!(refused["reply"].as_str().unwrap().contains("years 1 to 9999"), "{message}: {refused}");
    }
    assert_eq!(app.list_json("").await[0]["due_date"], "2026-03-11", "the due date stayed");
}

async fn reminder_offsets_are_set_by_chat_and_undone(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut chat = Conversation::new(&app);
    let added = chat.say("remind me to call mom at 5pm, 10 minutes before").await;
    let created = action(&added, "created").expect("a created action");
    assert_eq!((created[0]["title"].as_str(), created[0]["due_time"].as_str()), (Some("Call mom"), Some("17:00")));
    assert_eq!(created[0]["remind_before"], 10);
    assert!(added["reply"].as_str().unwrap().contains("reminding you 10 minutes before"), "{added}");
    app.create_todo(json!({"title": "Dentist", "due_date": "2026-03-12", "due_time": "15:00"})).await;
    let set = chat.say("remind me 30 minutes before the dentist").await;
    assert_eq!(set["intent"], "update");
    assert!(set["reply"].as_str().unwrap().contains("30 minutes before"), "{set}");
    let dentist = |todos: Vec<Value>| todos.into_iter().find(|t| t["title"] == "Dentist").unwrap();
    assert_eq!(dentist(app.list_json("").await)["remind_before"], 30);
    chat.say("undo").await;
    assert_eq!(dentist(app.list_json("").await)["remind_before"], Value::Null);
}

backend_tests!(
    reminder_offsets_are_set_by_chat_and_undone,
    due_dates_past_9999_are_refused_with_a_reply,
    add_then_list_and_complete_by_position,
    state_survives_between_turns_through_storage,
    undo_brings_a_deleted_todo_back_exactly,
    undo_reverts_a_completion_and_an_add,
    ambiguity_asks_and_the_answer_settles_it,
    the_turns_time_zone_decides_dates,
    the_locale_orders_numeric_dates,
    a_day_filter_reads_the_turns_time_zone,
    undo_reverts_a_shift_and_an_untag_exactly,
    dates_roll_over_the_year,
    history_lists_every_turn_oldest_first,
    greetings_help_and_gibberish_change_nothing,
    hostile_titles_are_stored_as_typed,
    bad_chat_requests_are_problems,
);
