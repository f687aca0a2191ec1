//! A chat turn reads only the todos its planner needs, through the indexes
//! (issue 17): the title-word index must follow every change to a title,
//! whichever server or program makes it, and a turn over a long list must
//! read a few rows, not the list.

use std::sync::{Arc, Mutex};

use chrono::{NaiveTime, Utc};
use todo_core::chat::{
    parse, plan_command, ConversationState, DateOrder, Intent, LocalClock, TitleReference, TodoNeeds, TurnContext, TurnPlan, TurnTodos,
};
use todo_core::{OwnerId, StatusFilter, Title, TodoChanges, TodoFilter};
use todo_store::{ConversationKey, Planner, Store, TurnOutcome};

use crate::common::{new, run_sql, today, turn_time, TestPlanner};

const OWNER: OwnerId = OwnerId(1);

/// A store on `url` with room for the long list these tests create.
async fn open(url: &str) -> Arc<dyn Store> {
    crate::common::open(url, 1_000).await
}

async fn turn(store: &dyn Store, message: &str, planner: &dyn Planner) -> TurnOutcome {
    let conversation = ConversationKey { id: uuid_like(), is_new: true };
    store.chat_turn(OWNER, &conversation, message, turn_time(), today(), planner).await.expect("the turn is saved")
}

/// The titles a chat turn on `store` finds for the reference `words`.
async fn titles_found_for(store: &dyn Store, words: &str) -> Vec<String> {
    let seen = Mutex::new(Vec::new());
    let needs = TodoNeeds { title: TitleReference::new(words, StatusFilter::All), ..TodoNeeds::default() };
    let planner = TestPlanner {
        needs,
        plan: |todos: &TurnTodos, _: &ConversationState| {
            *seen.lock().unwrap() = todos.iter().map(|t| t.title.clone()).collect();
            TurnPlan::answer(Intent::Greeting, "hello")
        },
    };
    turn(store, words, &planner).await;
    seen.into_inner().unwrap()
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("00000000-0000-0000-0000-{:012}", N.fetch_add(1, Ordering::Relaxed))
}

async fn every_change_reaches_the_title_index(url: &str) {
    let (first, second) = (open(url).await, open(url).await);
    let now = Utc::now();
    second.create(OWNER, &new("Buy milk"), now).await.unwrap();
    let call = second.create(OWNER, &new("Call mom's office"), now).await.unwrap();
    assert_eq!(titles_found_for(&*first, "milk").await, ["Buy milk"]);
    assert_eq!(titles_found_for(&*first, "calling mom").await, ["Call mom's office"], "stems and apostrophes");
    assert_eq!(titles_found_for(&*first, "bought").await, ["Buy milk"], "an irregular form");

    run_sql(url, "UPDATE todos SET title = 'Buy oat milk' WHERE title = 'Buy milk'").await;
    assert_eq!(titles_found_for(&*first, "oat").await, ["Buy oat milk"], "after an UPDATE in SQL");

    let renamed = TodoChanges { title: Some(Title::parse("Call dad").unwrap()), ..TodoChanges::default() };
    second.update(OWNER, call.id, renamed, now, today()).await.unwrap();
    assert_eq!(titles_found_for(&*first, "dad").await, ["Call dad"], "after an update on another store");
    assert!(titles_found_for(&*first, "mom").await.is_empty(), "the old title is gone from the index");

    run_sql(url, "DELETE FROM todos WHERE title = 'Buy oat milk'").await;
    assert!(titles_found_for(&*first, "milk").await.is_empty(), "after a DELETE in SQL");

    second.create(OWNER, &new("Water plants"), now).await.unwrap();
    second.delete_matching(OWNER, &TodoFilter { text: Some("dad".into()), ..TodoFilter::default() }).await.unwrap();
    assert_eq!(titles_found_for(&*first, "call water").await, ["Water plants"], "after a create and a bulk delete on another store");
}

/// The chat's rule engine, as the API plans a turn.
struct Rules {
    message: &'static str,
    clock: LocalClock,
}

impl Planner for Rules {
    fn needs(&self, state: &ConversationState) -> TodoNeeds {
        TodoNeeds::of(&parse(self.message, &self.clock), state, self.clock.today)
    }

    fn plan(&self, todos: &TurnTodos, state: &ConversationState) -> TurnPlan {
        plan_command(parse(self.message, &self.clock), self.message, &TurnContext { clock: self.clock, now: turn_time(), todos, state })
    }
}

async fn a_turn_reads_the_todos_it_needs_not_the_list(url: &str) {
    let store = open(url).await;
    let now = Utc::now();
    for i in 0..300 {
        store.create(OWNER, &new(&format!("Todo number {i} of a long list")), now).await.unwrap();
    }
    store.create(OWNER, &new("Buy milk"), now).await.unwrap();
    store.create(OWNER, &new("Buy bread"), now).await.unwrap();
    let clock = LocalClock { today: today(), time: NaiveTime::from_hms_opt(8, 0, 0).unwrap(), order: DateOrder::MonthFirst };
    let rules = |message| Rules { message, clock };

    let listed = turn(&*store, "show my todos", &rules("show my todos")).await;
    assert!(listed.plan.reply.starts_with("Open todos (302, the first 50 shown):"), "{}", listed.plan.reply);
    assert_eq!(listed.todos_read, 50, "the page shown, counted in SQL");

    let done = turn(&*store, "done buy milk", &rules("done buy milk")).await;
    assert_eq!(done.plan.reply, "Marked “Buy milk” as done.");
    assert_eq!(done.todos_read, 1, "the todo with every word of the reference");

    let partly = turn(&*store, "done buy cheese", &rules("done buy cheese")).await;
    assert_eq!(partly.plan.reply, "Marked “Buy bread” as done.", "the best partial match among the open todos");
    assert_eq!(partly.todos_read, 2, "no todo has every word: those sharing one are read");

    let second = turn(&*store, "delete 2", &rules("delete 2")).await;
    assert_eq!(second.plan.reply, "Deleted “Todo number 1 of a long list”.");
    assert_eq!(second.todos_read, 1, "the open todo at that place");

    let added = turn(&*store, "add call mom tomorrow", &rules("add call mom tomorrow")).await;
    assert_eq!(added.todos_read, 0, "adding reads no todo");
}

/// The chat turn `message` on `store`, and the titles of the todos it listed.
async fn listed_by(store: &dyn Store, message: &'static str) -> (TurnOutcome, Vec<String>) {
    let clock = LocalClock { today: today(), time: NaiveTime::from_hms_opt(8, 0, 0).unwrap(), order: DateOrder::MonthFirst };
    let outcome = turn(store, message, &Rules { message, clock }).await;
    let mut titles = Vec::new();
    for id in outcome.plan.listed.clone().unwrap_or_default() {
        titles.push(store.get(OWNER, id).await.expect("a listed todo exists").title);
    }
    (outcome, titles)
}

fn with(title: &str, tags: &[&str], notes: Option<&str>) -> todo_core::NewTodo {
    todo_core::NewTodo {
        tags: todo_core::Tags::parse(tags).unwrap(),
        notes: notes.map(|n| todo_core::Notes::parse(n).unwrap()),
        ..new(title)
    }
}

/// A listing by tag or by text reads the few todos the tag and text indexes
/// give (SQLite): they must follow every change, whichever program makes it.
async fn every_change_reaches_the_tag_and_text_indexes(url: &str) {
    let (first, second) = (open(url).await, open(url).await);
    let now = Utc::now();
    let report = second.create(OWNER, &with("Write report", &["work", "q1"], Some("Ask Ana for the figures")), now).await.unwrap();
    second.create(OWNER, &with("Buy milk", &["errand"], None), now).await.unwrap();
    assert_eq!(listed_by(&*first, "show #work").await.1, ["Write report"]);
    assert_eq!(listed_by(&*first, "find figures").await.1, ["Write report"], "notes are searched");
    assert_eq!(listed_by(&*first, "find ILK").await.1, ["Buy milk"], "any substring, any case");

    run_sql(url, "UPDATE todos SET tags = '[\"errand\", \"home\"]' WHERE title = 'Write report'").await;
    assert!(listed_by(&*first, "show #work").await.1.is_empty(), "a tag removed in SQL");
    assert_eq!(listed_by(&*first, "show #errand").await.1, ["Write report", "Buy milk"], "a tag added in SQL");

    let retitled = TodoChanges {
        title: Some(Title::parse("Write summary").unwrap()),
        tags: Some(todo_core::Tags::parse(&["work"]).unwrap()),
        ..TodoChanges::default()
    };
    second.update(OWNER, report.id, retitled, now, today()).await.unwrap();
    assert_eq!(listed_by(&*first, "show #work").await.1, ["Write summary"], "after an update on another store");
    assert_eq!(listed_by(&*first, "find summary").await.1, ["Write summary"]);
    assert!(listed_by(&*first, "find report").await.1.is_empty(), "the old text is gone from the index");

    run_sql(url, "DELETE FROM todos WHERE title = 'Buy milk'").await;
    assert!(listed_by(&*first, "show #errand").await.1.is_empty(), "after a DELETE in SQL");
    assert!(listed_by(&*first, "find milk").await.1.is_empty());
}

/// Past `LISTING_COUNT_MAX` todos, a listing says "over" the most instead of
/// counting every one; below it, a tag or a text that few todos hold lists
/// and counts exactly those.
async fn a_listing_counts_up_to_its_most(url: &str) {
    let store = crate::common::open(url, 2_000).await;
    let now = Utc::now();
    for i in 0..1_001 {
        store.create(OWNER, &with(&format!("Todo {i}"), &["work"], None), now).await.unwrap();
    }
    store.create(OWNER, &with("Buy oat milk", &["errand"], Some("the barista kind")), now).await.unwrap();

    let (all, _) = listed_by(&*store, "show my todos").await;
    assert!(all.plan.reply.starts_with("Open todos (over 1000, the first 50 shown):\n1. Todo 0"), "{}", all.plan.reply);
    let (work, _) = listed_by(&*store, "show #work").await;
    assert!(work.plan.reply.starts_with("Open todos tagged #work (over 1000, the first 50 shown):"), "{}", work.plan.reply);
    let (todo, _) = listed_by(&*store, "find todo").await;
    assert!(todo.plan.reply.starts_with("Todos matching “todo” (over 1000, the first 50 shown):"), "{}", todo.plan.reply);

    let (errand, titles) = listed_by(&*store, "show #errand").await;
    assert_eq!((titles, errand.todos_read), (vec!["Buy oat milk".to_owned()], 1));
    assert!(errand.plan.reply.starts_with("Open todos tagged #errand (1):"), "{}", errand.plan.reply);
    assert_eq!(listed_by(&*store, "find barista").await.1, ["Buy oat milk"]);
    assert_eq!(listed_by(&*store, "find 1000").await.1, ["Todo 1000"]);
    assert_eq!(listed_by(&*store, "find oa").await.1, ["Buy oat milk"], "shorter than the trigram index serves");
}

crate::common::store_tests!(
    every_change_reaches_the_title_index => "title_index",
    a_turn_reads_the_todos_it_needs_not_the_list => "turn_reads",
    every_change_reaches_the_tag_and_text_indexes => "listing_index",
    a_listing_counts_up_to_its_most => "listing_count",
);
