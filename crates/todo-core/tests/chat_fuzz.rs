//! Property tests of the chat: any message, arbitrary or shaped like a real
//! one, is read and planned without a panic, against todos and a
//! conversation state that exercise every reference kind, and planned
//! over the todos it needs (`TodoNeeds`) as over all of them.
//!
//! CI runs proptest's default number of cases. The long run recorded in
//! docs/performance.md prints each new slowest turn as it finds it:
//! `PROPTEST_CASES=100000 cargo test --profile ci -p todo-core --test chat_fuzz -- --nocapture`

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;
use todo_core::chat::{
    parse, plan_command, ConversationState, DateOrder, LocalClock, PendingQuestion, TodoAction, TodoNeeds, TurnContext, TurnTodos,
};
use todo_core::{Priority, Todo};

fn todos() -> Vec<Todo> {
    let at = Utc.with_ymd_and_hms(2026, 3, 10, 13, 0, 0).unwrap();
    let titles = ["Buy milk", "buy milk chocolate", "Write the quarterly report", "Call mom", "🥛 ünïcödé", "'; DROP TABLE todos; --"];
    titles
        .iter()
        .enumerate()
        .map(|(i, title)| Todo {
            id: i as i64 + 1,
            title: (*title).to_owned(),
            notes: Some("notes".into()),
            completed: i % 3 == 0,
            completed_at: None,
            due_date: NaiveDate::from_ymd_opt(2026, 3, 8 + i as u32),
            due_time: NaiveTime::from_hms_opt(9, 0, 0).filter(|_| i % 2 == 0),
            priority: Priority::ALL[i % 5],
            tags: vec!["work".into()],
            recurrence: (i == 3).then(|| "FREQ=WEEKLY;BYDAY=MO".to_owned()),
            remind_before: None,
            order: i as i64,
            created_at: at,
            updated_at: at,
        })
        .collect()
}

fn states() -> [ConversationState; 2] {
    [
        ConversationState::default(),
        ConversationState {
            last_list: vec![2, 1, 99],
            last_referred: Some(4),
            pending: Some(PendingQuestion { candidates: vec![1, 2], action: TodoAction::Complete, confirm: false }),
            undo: None,
        },
    ]
}

/// The slowest turn seen so far in this process.
static SLOWEST: Mutex<Duration> = Mutex::new(Duration::ZERO);

/// Plans `message` against both states at two clocks (mid-March; New Year's Eve).
fn plan_every_way(message: &str) {
    let todos = todos();
    let now = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
    let clocks = [
        LocalClock {
            today: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            order: DateOrder::MonthFirst,
        },
        LocalClock {
            today: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            time: NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
            order: DateOrder::MonthFirst,
        },
    ];
    for state in &states() {
        for clock in clocks {
            let started = Instant::now();
            let command = parse(message, &clock);
            let mut needs = TodoNeeds::of(&command, state, clock.today);
            let fetched = TurnTodos::select(&needs, &todos);
            let plan = plan_command(command.clone(), message, &TurnContext { clock, now, todos: &fetched, state });
            let took = started.elapsed();
            // The todos a turn needs decide it as all of them would.
            needs.everything = true;
            let all = TurnTodos::select(&needs, &todos);
            let over_all = plan_command(command, message, &TurnContext { clock, now, todos: &all, state });
            assert_eq!(format!("{plan:?}"), format!("{over_all:?}"), "planned over the todos it needs as over all: {message:?}");
            assert!(!plan.reply.is_empty(), "every turn has a reply: {message:?}");
            let mut slowest = SLOWEST.lock().unwrap();
            if took > *slowest {
                *slowest = took;
                eprintln!(
                    "slowest turn so far: {took:?} for {} chars: {:?}",
                    message.chars().count(),
                    message.chars().take(60).collect::<String>()
                );
            }
        }
    }
}

/// Pieces real messages are made of, to reach deep into the parser.
fn shaped_message() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("add"),
        Just("remind me to"),
        Just("done"),
        Just("mark"),
        Just("as done"),
        Just("delete"),
        Just("move"),
        Just("to"),
        Just("rename"),
        Just("tag"),
        Just("with"),
        Just("every"),
        Just("monday"),
        Just("tomorrow"),
        Just("at"),
        Just("5pm"),
        Just("17:00"),
        Just("in"),
        Just("3"),
        Just("days"),
        Just("weeks"),
        Just("march"),
        Just("15th"),
        Just("2026-02-30"),
        Just("#work"),
        Just("#2"),
        Just("p1"),
        Just("high priority"),
        Just("'"),
        Just("\""),
        Just("“"),
        Just("it"),
        Just("the"),
        Just("second one"),
        Just("undo"),
        Just("show"),
        Just("what's"),
        Just("overdue"),
        Just("find"),
        Just("milk"),
        Just("by"),
        Just("every 999999999999 days"),
        Just("\u{0}"),
        Just("🥛"),
        Just("é"),
        Just("\u{200b}"),
        Just("-1"),
        Just("99999999999999999999"),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(message in any::<String>()) {
        plan_every_way(&message);
    }

    #[test]
    fn message_shaped_text_never_panics(message in shaped_message()) {
        plan_every_way(&message);
    }

    #[test]
    fn long_messages_never_panic(message in "[a-z0-9 #:'\"é🥛]{1500,2000}") {
        plan_every_way(&message);
    }
}
