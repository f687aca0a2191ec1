//! Table-driven tests of the parser. The clock is Tuesday 2026-03-10 at
//! 09:00 unless a test says otherwise.

use chrono::{NaiveDate, NaiveTime};

use super::parse;
use crate::chat::command::{AddSpec, Command, DateOrder, DateShift, ListDue, ListSpec, LocalClock, Position, TodoRef, When};
use crate::{DueFilter, Priority, Recurrence, StatusFilter};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn ymd(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn clock() -> LocalClock {
    LocalClock { today: d(3, 10), time: t(9, 0), order: DateOrder::MonthFirst }
}

/// An expected `Add`.
#[derive(Clone)]
struct A(AddSpec);

fn a(title: &str) -> A {
    A(AddSpec {
        title: title.into(),
        when: None,
        priority: None,
        tags: vec![],
        recurrence: None,
        remind_before: None,
        notes: None,
        unread: None,
    })
}

impl A {
    fn on(mut self, date: NaiveDate) -> Self {
        self.0.when = Some(When { date, time: self.0.when.and_then(|w| w.time) });
        self
    }
    fn at(mut self, h: u32, m: u32) -> Self {
        let w = self.0.when.expect("set the date first");
        self.0.when = Some(When { date: w.date, time: Some(t(h, m)) });
        self
    }
    fn p(mut self, p: Priority) -> Self {
        self.0.priority = Some(p);
        self
    }
    fn tags(mut self, tags: &[&str]) -> Self {
        self.0.tags = tags.iter().map(|s| s.to_string()).collect();
        self
    }
    fn remind(mut self, minutes: u32) -> Self {
        self.0.remind_before = Some(minutes);
        self
    }
    fn rr(mut self, rule: &str) -> Self {
        self.0.recurrence = Some(rule.into());
        self
    }
}

impl From<A> for Command {
    fn from(a: A) -> Self {
        Command::Add(a.0)
    }
}

fn words(s: &str) -> TodoRef {
    TodoRef::Words(s.into())
}

fn pos(n: usize) -> TodoRef {
    TodoRef::Position(Position::Nth(n))
}

const LAST: TodoRef = TodoRef::Position(Position::Last);

fn choose(n: usize) -> Command {
    Command::Choose(Position::Nth(n))
}

const IT: TodoRef = TodoRef::Pronoun;

fn list(status: StatusFilter) -> ListSpec {
    ListSpec { status, due: None, priority: None, tag: None, text: None, limit: None }
}

fn open() -> ListSpec {
    list(StatusFilter::Open)
}

fn due(f: DueFilter) -> Command {
    Command::List(ListSpec { due: Some(ListDue::Named(f)), ..open() })
}

fn due_on(day: NaiveDate) -> Command {
    Command::List(ListSpec { due: Some(ListDue::On(day)), ..open() })
}

fn search(text: &str) -> Command {
    Command::List(ListSpec { text: Some(text.into()), ..list(StatusFilter::All) })
}

fn when(date: NaiveDate, time: Option<(u32, u32)>) -> When {
    When { date, time: time.map(|(h, m)| t(h, m)) }
}

fn delete_all() -> Command {
    Command::Bulk { action: crate::chat::command::BulkAction::Delete, filter: open() }
}

fn check(cases: &[(&str, Command)], clock: &LocalClock) {
    let mut failures = Vec::new();
    for (message, want) in cases {
        let got = parse(message, clock);
        if &got != want {
            failures.push(format!("{message:?}\n   got:  {got:?}\n   want: {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn add_plain_and_politeness() {
    let cases: Vec<(&str, Command)> = vec![
        ("add buy milk", a("buy milk").into()),
        ("Add Buy Milk", a("Buy Milk").into()),
        ("ADD call the bank", a("call the bank").into()),
        ("add buy milk.", a("buy milk").into()),
        ("add buy milk!", a("buy milk").into()),
        ("please add buy milk", a("buy milk").into()),
        ("add buy milk please", a("buy milk").into()),
        ("add buy milk, please", a("buy milk").into()),
        ("can you add buy milk", a("buy milk").into()),
        ("could you please add buy milk?", a("buy milk").into()),
        ("can you please add buy milk to my list", a("buy milk").into()),
        ("add buy milk to my list", a("buy milk").into()),
        ("add buy milk to the list", a("buy milk").into()),
        ("add buy milk to my todo list", a("buy milk").into()),
        ("add buy milk to my to-do list thanks", a("buy milk").into()),
        ("add buy milk to my shopping list", a("buy milk").into()),
        ("add buy milk thanks", a("buy milk").into()),
        ("add buy milk thank you", a("buy milk").into()),
        ("hey, add buy milk", a("buy milk").into()),
        ("ok add buy milk", a("buy milk").into()),
        ("also add eggs", a("eggs").into()),
        ("would you mind adding buy milk", a("buy milk").into()),
        ("i'd like to add buy milk", a("buy milk").into()),
        ("add a task to buy milk", a("buy milk").into()),
        ("add a new task: buy milk", a("buy milk").into()),
        ("add task buy milk", a("buy milk").into()),
        ("add todo: call mom", a("call mom").into()),
        ("add a reminder to call mom", a("call mom").into()),
        ("add to my list: buy milk", a("buy milk").into()),
        ("new task: buy milk", a("buy milk").into()),
        ("new todo call the plumber", a("call the plumber").into()),
        ("New task - water plants", a("water plants").into()),
        ("create a todo to renew passport", a("renew passport").into()),
        ("create a task called quarterly review", a("quarterly review").into()),
        ("create a new task to email Bob", a("email Bob").into()),
        ("create task: book flights", a("book flights").into()),
        ("make a todo to clean the garage", a("clean the garage").into()),
        ("remind me to call mom", a("call mom").into()),
        ("Remind me to pay the electricity bill", a("pay the electricity bill").into()),
        ("remind me that i need to renew my license", a("renew my license").into()),
        ("remind me about the dentist", a("the dentist").into()),
        ("please remind me to water the plants", a("water the plants").into()),
        ("I need to send the invoice", a("send the invoice").into()),
        ("i need to finish the report", a("finish the report").into()),
        ("I have to pick up the kids", a("pick up the kids").into()),
        ("I've got to fix the bike", a("fix the bike").into()),
        ("i gotta call the landlord", a("call the landlord").into()),
        ("I must renew the car insurance", a("renew the car insurance").into()),
        ("I should call grandma", a("call grandma").into()),
        ("need to buy stamps", a("buy stamps").into()),
        ("don't forget to buy bread", a("buy bread").into()),
        ("Don’t forget to buy bread", a("buy bread").into()),
        ("dont forget to feed the cat", a("feed the cat").into()),
        ("do not forget to lock the door", a("lock the door").into()),
        ("don't let me forget to call Sam", a("call Sam").into()),
        ("remember to take vitamins", a("take vitamins").into()),
        ("make sure to back up the laptop", a("back up the laptop").into()),
        ("note to self: buy a new charger", a("buy a new charger").into()),
        ("todo: sort the mail", a("sort the mail").into()),
        ("jot down return library books", a("return library books").into()),
        ("put milk on my shopping list", a("milk").into()),
        ("I want to learn the guitar", a("learn the guitar").into()),
        ("i'd like to read more books", a("read more books").into()),
        ("add", a("").into()),
        ("I need to cancel my gym membership", a("cancel my gym membership").into()),
        ("I need to delete old photos", a("delete old photos").into()),
        ("I need to add milk", a("milk").into()),
    ];
    check(&cases, &clock());
}

#[test]
fn add_keeps_odd_titles() {
    let cases: Vec<(&str, Command)> = vec![
        ("add '; DROP TABLE todos; --", a("'; DROP TABLE todos; --").into()),
        ("add <b>bold</b> move", a("<b>bold</b> move").into()),
        ("add 🥛 buy milk", a("🥛 buy milk").into()),
        ("add 🎉🎉", a("🎉🎉").into()),
        ("add Café crème kaufen", a("Café crème kaufen").into()),
        ("add позвонить маме", a("позвонить маме").into()),
        ("add 買い物に行く", a("買い物に行く").into()),
        ("add mark the exam papers", a("mark the exam papers").into()),
        ("add done list review", a("done list review").into()),
        ("add delete old emails", a("delete old emails").into()),
        ("add move the couch", a("move the couch").into()),
        ("add rename the files", a("rename the files").into()),
        ("add show the house to buyers", a("show the house to buyers").into()),
        ("add undo the knot", a("undo the knot").into()),
        ("add fix bug #123", a("fix bug #123").into()),
        ("add buy sun cream", a("buy sun cream").into()),
        ("add wed photos album", a("wed photos album").into()),
        ("add read 3 chapters", a("read 3 chapters").into()),
        ("add buy 2 apples", a("buy 2 apples").into()),
        ("add plan the march", a("plan the march").into()),
        ("add ask if I may leave early", a("ask if I may leave early").into()),
        ("add call mom's friend", a("call mom's friend").into()),
        ("add rock 'n roll night", a("rock 'n roll night").into()),
        ("add reply to Ann's email", a("reply to Ann's email").into()),
        ("add   lots   of   spaces  ", a("lots of spaces").into()),
        ("add weekly review", a("weekly review").into()),
        ("add daily standup notes", a("daily standup notes").into()),
        ("add take the morning train", a("take the morning train").into()),
    ];
    check(&cases, &clock());
}

#[test]
fn add_quoted_titles_are_literal() {
    let cases: Vec<(&str, Command)> = vec![
        ("add 'watch Friday Night Lights' tomorrow", a("watch Friday Night Lights").on(d(3, 11)).into()),
        ("add \"watch Friday Night Lights\" tomorrow", a("watch Friday Night Lights").on(d(3, 11)).into()),
        ("add “read The Day After Tomorrow” on friday", a("read The Day After Tomorrow").on(d(3, 13)).into()),
        ("add ‘pay p1 invoice’ #work", a("pay p1 invoice").tags(&["work"]).into()),
        ("add \"every day counts\" poster", a("every day counts").into()),
        ("remind me to 'call mom at 5pm' tomorrow at 9am", a("call mom at 5pm").on(d(3, 11)).at(9, 0).into()),
        ("add \"urgent\" urgent", a("urgent").p(Priority::Urgent).into()),
        ("add 'delete everything'", a("delete everything").into()),
        ("add \"mark as done\" high priority", a("mark as done").p(Priority::High).into()),
        ("add 'unbalanced quote", a("'unbalanced quote").into()),
        ("add \"half open", a("\"half open").into()),
        ("add don't panic", a("don't panic").into()),
        ("add 'mom's birthday' on march 15", a("mom's birthday").on(d(3, 15)).into()),
    ];
    check(&cases, &clock());
}

#[test]
fn add_with_dates() {
    let cases: Vec<(&str, Command)> = vec![
        ("add water the garden today", a("water the garden").on(d(3, 10)).into()),
        ("add water the garden tomorrow", a("water the garden").on(d(3, 11)).into()),
        ("add water the garden tmrw", a("water the garden").on(d(3, 11)).into()),
        ("add pay rent the day after tomorrow", a("pay rent").on(d(3, 12)).into()),
        ("add pay rent day after tomorrow", a("pay rent").on(d(3, 12)).into()),
        ("I need to send the invoice on friday", a("send the invoice").on(d(3, 13)).into()),
        ("add send the invoice friday", a("send the invoice").on(d(3, 13)).into()),
        ("add send the invoice Fri", a("send the invoice").on(d(3, 13)).into()),
        ("add send the invoice on fri.", a("send the invoice").on(d(3, 13)).into()),
        ("add send the invoice next friday", a("send the invoice").on(d(3, 20)).into()),
        ("add send the invoice this friday", a("send the invoice").on(d(3, 13)).into()),
        ("add gym on monday", a("gym").on(d(3, 16)).into()),
        ("add gym mon", a("gym").on(d(3, 16)).into()),
        ("add gym on wednesday", a("gym").on(d(3, 11)).into()),
        ("add gym on wed", a("gym").on(d(3, 11)).into()),
        ("add gym thursday", a("gym").on(d(3, 12)).into()),
        ("add gym thu", a("gym").on(d(3, 12)).into()),
        ("add gym on thurs", a("gym").on(d(3, 12)).into()),
        ("add gym on thur", a("gym").on(d(3, 12)).into()),
        ("add mow the lawn on saturday", a("mow the lawn").on(d(3, 14)).into()),
        ("add mow the lawn sat", a("mow the lawn").on(d(3, 14)).into()),
        ("add brunch on sun", a("brunch").on(d(3, 15)).into()),
        ("add brunch sunday", a("brunch").on(d(3, 15)).into()),
        ("add team lunch on tuesday", a("team lunch").on(d(3, 17)).into()),
        ("add team lunch this tuesday", a("team lunch").on(d(3, 10)).into()),
        ("add team lunch on tue", a("team lunch").on(d(3, 17)).into()),
        ("add team lunch tues", a("team lunch").on(d(3, 17)).into()),
        ("add renew passport in 3 days", a("renew passport").on(d(3, 13)).into()),
        ("add renew passport in three days", a("renew passport").on(d(3, 13)).into()),
        ("add renew passport in 1 day", a("renew passport").on(d(3, 11)).into()),
        ("add renew passport in a day", a("renew passport").on(d(3, 11)).into()),
        ("add renew passport in 2 weeks", a("renew passport").on(d(3, 24)).into()),
        ("add renew passport in two weeks", a("renew passport").on(d(3, 24)).into()),
        ("add renew passport in a week", a("renew passport").on(d(3, 17)).into()),
        ("add renew passport in twelve days", a("renew passport").on(d(3, 22)).into()),
        ("add renew passport in a month", a("renew passport").on(d(4, 10)).into()),
        ("add renew passport in a couple of days", a("renew passport").on(d(3, 12)).into()),
        ("add renew passport 3 days from now", a("renew passport").on(d(3, 13)).into()),
        ("add renew passport a week from today", a("renew passport").on(d(3, 17)).into()),
        ("add dentist next week", a("dentist").on(d(3, 17)).into()),
        ("add dentist next month", a("dentist").on(d(4, 10)).into()),
        ("add book flights on april 2", a("book flights").on(d(4, 2)).into()),
        ("add book flights april 2nd", a("book flights").on(d(4, 2)).into()),
        ("add book flights on March 15", a("book flights").on(d(3, 15)).into()),
        ("add book flights 15 March", a("book flights").on(d(3, 15)).into()),
        ("add book flights 15th march", a("book flights").on(d(3, 15)).into()),
        ("add book flights on the 15th of march", a("book flights").on(d(3, 15)).into()),
        ("add book flights mar 15th", a("book flights").on(d(3, 15)).into()),
        ("add book flights mar. 15", a("book flights").on(d(3, 15)).into()),
        ("add book flights March 15, 2027", a("book flights").on(ymd(2027, 3, 15)).into()),
        ("add book flights 15 march 2027", a("book flights").on(ymd(2027, 3, 15)).into()),
        ("add book flights on sept 3", a("book flights").on(d(9, 3)).into()),
        ("add book flights dec 24", a("book flights").on(d(12, 24)).into()),
        ("add book flights on may 1st", a("book flights").on(d(5, 1)).into()),
        ("add file taxes on march 1", a("file taxes").on(ymd(2027, 3, 1)).into()),
        ("add file taxes jan 5", a("file taxes").on(ymd(2027, 1, 5)).into()),
        ("add file taxes on march 10", a("file taxes").on(d(3, 10)).into()),
        ("add file taxes 2026-04-02", a("file taxes").on(d(4, 2)).into()),
        ("add file taxes on 2026-04-02", a("file taxes").on(d(4, 2)).into()),
        ("add file taxes 2027/01/15", a("file taxes").on(ymd(2027, 1, 15)).into()),
        ("add file taxes by april 15", a("file taxes").on(d(4, 15)).into()),
        ("add file taxes by friday", a("file taxes").on(d(3, 13)).into()),
        ("add file taxes by tomorrow", a("file taxes").on(d(3, 11)).into()),
        ("add file taxes due friday", a("file taxes").on(d(3, 13)).into()),
        ("add file taxes due on friday", a("file taxes").on(d(3, 13)).into()),
        ("add file taxes due by 2026-04-15", a("file taxes").on(d(4, 15)).into()),
        ("add file taxes before friday", a("file taxes").on(d(3, 13)).into()),
        ("add pay rent on the 1st", a("pay rent").on(d(4, 1)).into()),
        ("add pay rent on the 20th", a("pay rent").on(d(3, 20)).into()),
        ("add board meeting on the first monday", a("board meeting on the first").on(d(3, 16)).into()),
        ("add pay rent by 3/20", a("pay rent").on(d(3, 20)).into()),
        ("add pay rent end of month", a("pay rent").on(d(3, 31)).into()),
        ("add pay rent by the end of the month", a("pay rent").on(d(3, 31)).into()),
        ("add pay rent by end of week", a("pay rent").on(d(3, 13)).into()),
        ("add clean garage this weekend", a("clean garage").on(d(3, 14)).into()),
        ("add clean garage next weekend", a("clean garage").on(d(3, 21)).into()),
        ("add party on feb 29", a("party").on(ymd(2028, 2, 29)).into()),
        ("add party on feb 30", Command::Add(AddSpec { unread: Some("feb 30".into()), ..a("party on feb 30").0 })),
        ("add tomorrow", a("").on(d(3, 11)).into()),
        ("add buy milk tomorrow.", a("buy milk").on(d(3, 11)).into()),
        ("add buy milk, tomorrow", a("buy milk").on(d(3, 11)).into()),
        ("tomorrow: add buy milk", Command::Unknown),
        ("add call mom friday, march 13", a("call mom").on(d(3, 13)).into()),
        ("add call mom on Friday the 20th", a("call mom").on(d(3, 20)).into()),
    ];
    check(&cases, &clock());
}

#[test]
fn add_with_times() {
    let cases: Vec<(&str, Command)> = vec![
        ("remind me to call mom tomorrow at 5pm", a("call mom").on(d(3, 11)).at(17, 0).into()),
        ("remind me to call mom at 5pm tomorrow", a("call mom").on(d(3, 11)).at(17, 0).into()),
        ("remind me tomorrow at 5pm to call mom", a("call mom").on(d(3, 11)).at(17, 0).into()),
        ("remind me at 5pm to call mom", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom at 5 pm", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom at 5:30 pm", a("call mom").on(d(3, 10)).at(17, 30).into()),
        ("add call mom at 5:30pm", a("call mom").on(d(3, 10)).at(17, 30).into()),
        ("add call mom 5:30pm", a("call mom").on(d(3, 10)).at(17, 30).into()),
        ("add call mom at 5.30pm", a("call mom").on(d(3, 10)).at(17, 30).into()),
        ("add call mom at 5 p.m.", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom at 5PM", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom at 17:00", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom 17:00", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom at 17", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom at 5", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom at 10", a("call mom").on(d(3, 10)).at(10, 0).into()),
        ("add call mom at 10am", a("call mom").on(d(3, 10)).at(10, 0).into()),
        ("add call mom at 12pm", a("call mom").on(d(3, 10)).at(12, 0).into()),
        ("add call mom at noon", a("call mom").on(d(3, 10)).at(12, 0).into()),
        ("add call mom noon tomorrow", a("call mom").on(d(3, 11)).at(12, 0).into()),
        ("add call mom at midnight", a("call mom").on(d(3, 11)).at(0, 0).into()),
        ("add call mom at 5 o'clock", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom at 9:30", a("call mom").on(d(3, 10)).at(9, 30).into()),
        ("add take out trash at 7am", a("take out trash").on(d(3, 11)).at(7, 0).into()),
        ("add take out trash at 8:59am", a("take out trash").on(d(3, 11)).at(8, 59).into()),
        ("add take out trash at 9am", a("take out trash").on(d(3, 10)).at(9, 0).into()),
        ("add take out trash at 07:00", a("take out trash").on(d(3, 11)).at(7, 0).into()),
        ("add take out trash tomorrow at 7am", a("take out trash").on(d(3, 11)).at(7, 0).into()),
        ("add take out trash today at 7am", a("take out trash").on(d(3, 10)).at(7, 0).into()),
        ("add call mom on friday at 10am", a("call mom").on(d(3, 13)).at(10, 0).into()),
        ("add call mom friday 10:15", a("call mom").on(d(3, 13)).at(10, 15).into()),
        ("add call mom on march 15 at 3pm", a("call mom").on(d(3, 15)).at(15, 0).into()),
        ("add call mom 2026-04-02 14:30", a("call mom").on(d(4, 2)).at(14, 30).into()),
        ("add call mom tonight", a("call mom").on(d(3, 10)).at(20, 0).into()),
        ("add call mom tonight at 9", a("call mom").on(d(3, 10)).at(21, 0).into()),
        ("add call mom tonight at 9:30pm", a("call mom").on(d(3, 10)).at(21, 30).into()),
        ("add call mom tomorrow morning", a("call mom").on(d(3, 11)).at(9, 0).into()),
        ("add call mom tomorrow evening", a("call mom").on(d(3, 11)).at(19, 0).into()),
        ("add call mom friday afternoon", a("call mom").on(d(3, 13)).at(15, 0).into()),
        ("add call mom this evening", a("call mom").on(d(3, 10)).at(19, 0).into()),
        ("add call mom this afternoon", a("call mom").on(d(3, 10)).at(15, 0).into()),
        ("add call mom in the morning", a("call mom").on(d(3, 10)).at(9, 0).into()),
        ("add call mom in the evening", a("call mom").on(d(3, 10)).at(19, 0).into()),
        ("add call mom at 7 in the evening", a("call mom").on(d(3, 10)).at(19, 0).into()),
        ("add call mom in 2 hours", a("call mom").on(d(3, 10)).at(11, 0).into()),
        ("add call mom in 30 minutes", a("call mom").on(d(3, 10)).at(9, 30).into()),
        ("add call mom by 5pm", a("call mom").on(d(3, 10)).at(17, 0).into()),
        ("add call mom @ 5pm", a("call mom").on(d(3, 10)).at(17, 0).into()),
    ];
    check(&cases, &clock());
    // Late in the evening a past time rolls to tomorrow.
    let late = LocalClock { today: d(3, 10), time: t(22, 30), order: DateOrder::MonthFirst };
    let cases: Vec<(&str, Command)> = vec![
        ("add water the garden tomorrow", a("water the garden").on(d(3, 11)).into()),
        ("add call mom at 5pm", a("call mom").on(d(3, 11)).at(17, 0).into()),
        ("add call mom at 11pm", a("call mom").on(d(3, 10)).at(23, 0).into()),
        ("add call mom at noon", a("call mom").on(d(3, 11)).at(12, 0).into()),
        ("add call mom tonight", a("call mom").on(d(3, 10)).at(20, 0).into()),
        ("add call mom in 2 hours", a("call mom").on(d(3, 11)).at(0, 30).into()),
        ("add call mom in the morning", a("call mom").on(d(3, 11)).at(9, 0).into()),
    ];
    check(&cases, &late);
}

#[test]
fn add_year_rollover() {
    let dec30 = LocalClock { today: d(12, 30), time: t(10, 0), order: DateOrder::MonthFirst };
    let cases: Vec<(&str, Command)> = vec![
        ("add dentist in 3 days", a("dentist").on(ymd(2027, 1, 2)).into()),
        ("add dentist tomorrow", a("dentist").on(d(12, 31)).into()),
        ("add dentist the day after tomorrow", a("dentist").on(ymd(2027, 1, 1)).into()),
        ("add dentist next week", a("dentist").on(ymd(2027, 1, 6)).into()),
        ("add dentist on friday", a("dentist").on(ymd(2027, 1, 1)).into()),
        ("add dentist on monday", a("dentist").on(ymd(2027, 1, 4)).into()),
        ("add dentist on jan 3", a("dentist").on(ymd(2027, 1, 3)).into()),
        ("add dentist on december 31", a("dentist").on(d(12, 31)).into()),
        ("add dentist on december 29", a("dentist").on(ymd(2027, 12, 29)).into()),
        ("add dentist in a month", a("dentist").on(ymd(2027, 1, 30)).into()),
        ("add dentist at 9am", a("dentist").on(d(12, 31)).at(9, 0).into()),
        ("add dentist on the 2nd", a("dentist").on(ymd(2027, 1, 2)).into()),
        ("add dentist end of month", a("dentist").on(d(12, 31)).into()),
        ("add dentist every monday", a("dentist").on(ymd(2027, 1, 4)).rr("FREQ=WEEKLY;BYDAY=MO").into()),
    ];
    check(&cases, &dec30);
    let dec31_late = LocalClock { today: d(12, 31), time: t(23, 0), order: DateOrder::MonthFirst };
    let cases: Vec<(&str, Command)> = vec![
        ("add call grandma at 10am", a("call grandma").on(ymd(2027, 1, 1)).at(10, 0).into()),
        ("add call grandma tomorrow", a("call grandma").on(ymd(2027, 1, 1)).into()),
        ("add call grandma on feb 29", a("call grandma").on(ymd(2028, 2, 29)).into()),
    ];
    check(&cases, &dec31_late);
    // A leap day: march 1 2027 after February 29 2028? No: from 2026-07-03 the next March 1 is 2027.
    let july = LocalClock { today: d(7, 3), time: t(18, 0), order: DateOrder::MonthFirst };
    check(&[("add file taxes on march 1", a("file taxes").on(ymd(2027, 3, 1)).into())], &july);
}

#[test]
fn add_with_priorities_and_tags() {
    let cases: Vec<(&str, Command)> = vec![
        ("add fix the leak urgent", a("fix the leak").p(Priority::Urgent).into()),
        ("add urgent: fix the leak", a("fix the leak").p(Priority::Urgent).into()),
        ("add fix the leak, urgent", a("fix the leak").p(Priority::Urgent).into()),
        ("add fix the leak asap", a("fix the leak").p(Priority::Urgent).into()),
        ("add fix the leak p1", a("fix the leak").p(Priority::Urgent).into()),
        ("add fix the leak P1", a("fix the leak").p(Priority::Urgent).into()),
        ("add fix the leak !!!", a("fix the leak").p(Priority::Urgent).into()),
        ("add review slides p2", a("review slides").p(Priority::High).into()),
        ("add review slides high priority", a("review slides").p(Priority::High).into()),
        ("add review slides with high priority", a("review slides").p(Priority::High).into()),
        ("add review slides high-priority", a("review slides").p(Priority::High).into()),
        ("add review slides priority high", a("review slides").p(Priority::High).into()),
        ("add review slides priority: high", a("review slides").p(Priority::High).into()),
        ("add review slides important", a("review slides").p(Priority::High).into()),
        ("add review slides as important", a("review slides").p(Priority::High).into()),
        ("add review slides p3", a("review slides").p(Priority::Medium).into()),
        ("add review slides medium priority", a("review slides").p(Priority::Medium).into()),
        ("add review slides p4", a("review slides").p(Priority::Low).into()),
        ("add review slides low priority", a("review slides").p(Priority::Low).into()),
        ("add review slides, low priority, tomorrow", a("review slides").p(Priority::Low).on(d(3, 11)).into()),
        ("add reply to urgent email", a("reply to urgent email").into()),
        ("add reply to urgent email urgent", a("reply to urgent email").p(Priority::Urgent).into()),
        ("add print tickets #travel", a("print tickets").tags(&["travel"]).into()),
        ("add #travel print tickets", a("print tickets").tags(&["travel"]).into()),
        ("add print #travel tickets", a("print tickets").tags(&["travel"]).into()),
        ("add print tickets #Travel #work", a("print tickets").tags(&["travel", "work"]).into()),
        ("add print tickets #travel #travel", a("print tickets").tags(&["travel"]).into()),
        ("add print tickets #q3-review #side_project", a("print tickets").tags(&["q3-review", "side_project"]).into()),
        ("add print tickets #reisen #überweisung", a("print tickets").tags(&["reisen", "überweisung"]).into()),
        ("add print tickets #travel.", a("print tickets").tags(&["travel"]).into()),
        ("add print tickets #2026goals", a("print tickets").tags(&["2026goals"]).into()),
        (
            "add print tickets tomorrow at 9am #travel p2",
            a("print tickets").on(d(3, 11)).at(9, 0).p(Priority::High).tags(&["travel"]).into(),
        ),
        (
            "remind me to submit the report by friday 5pm #work urgent",
            a("submit the report").on(d(3, 13)).at(17, 0).p(Priority::Urgent).tags(&["work"]).into(),
        ),
        (
            "please add pay the electricity bill on march 20 high priority #home to my list",
            a("pay the electricity bill").on(d(3, 20)).p(Priority::High).tags(&["home"]).into(),
        ),
    ];
    check(&cases, &clock());
}

#[test]
fn add_with_recurrence() {
    let cases: Vec<(&str, Command)> = vec![
        ("add team sync every monday at 10am", a("team sync").on(d(3, 16)).at(10, 0).rr("FREQ=WEEKLY;BYDAY=MO").into()),
        ("add team sync every mon", a("team sync").on(d(3, 16)).rr("FREQ=WEEKLY;BYDAY=MO").into()),
        ("add team sync every tuesday", a("team sync").on(d(3, 10)).rr("FREQ=WEEKLY;BYDAY=TU").into()),
        ("add team sync on mondays", a("team sync").on(d(3, 16)).rr("FREQ=WEEKLY;BYDAY=MO").into()),
        ("add team sync mondays", a("team sync").on(d(3, 16)).rr("FREQ=WEEKLY;BYDAY=MO").into()),
        ("add team sync every monday and thursday", a("team sync").on(d(3, 12)).rr("FREQ=WEEKLY;BYDAY=MO,TH").into()),
        ("add gym every mon, wed and fri", a("gym").on(d(3, 11)).rr("FREQ=WEEKLY;BYDAY=MO,WE,FR").into()),
        ("add gym every mon/wed/fri", a("gym").on(d(3, 11)).rr("FREQ=WEEKLY;BYDAY=MO,WE,FR").into()),
        ("add gym every weekday", a("gym").on(d(3, 10)).rr("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR").into()),
        ("add gym on weekdays", a("gym").on(d(3, 10)).rr("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR").into()),
        ("add hike every weekend", a("hike").on(d(3, 14)).rr("FREQ=WEEKLY;BYDAY=SA,SU").into()),
        ("remind me to stretch every day", a("stretch").on(d(3, 10)).rr("FREQ=DAILY").into()),
        ("remind me to stretch every day at 8am", a("stretch").on(d(3, 10)).at(8, 0).rr("FREQ=DAILY").into()),
        ("remind me to stretch daily", a("stretch").on(d(3, 10)).rr("FREQ=DAILY").into()),
        ("remind me to stretch each day", a("stretch").on(d(3, 10)).rr("FREQ=DAILY").into()),
        ("remind me to stretch everyday at 18:00", a("stretch").on(d(3, 10)).at(18, 0).rr("FREQ=DAILY").into()),
        ("add water plants every 2 days", a("water plants").on(d(3, 10)).rr("FREQ=DAILY;INTERVAL=2").into()),
        ("add water plants every other day", a("water plants").on(d(3, 10)).rr("FREQ=DAILY;INTERVAL=2").into()),
        ("add clean sheets every 2 weeks", a("clean sheets").on(d(3, 10)).rr("FREQ=WEEKLY;INTERVAL=2").into()),
        ("add clean sheets every two weeks", a("clean sheets").on(d(3, 10)).rr("FREQ=WEEKLY;INTERVAL=2").into()),
        ("add clean sheets every other week", a("clean sheets").on(d(3, 10)).rr("FREQ=WEEKLY;INTERVAL=2").into()),
        ("add clean sheets biweekly", a("clean sheets").on(d(3, 10)).rr("FREQ=WEEKLY;INTERVAL=2").into()),
        ("add review weekly", a("review").on(d(3, 10)).rr("FREQ=WEEKLY").into()),
        ("add review every week", a("review").on(d(3, 10)).rr("FREQ=WEEKLY").into()),
        ("add pay rent monthly", a("pay rent").on(d(3, 10)).rr("FREQ=MONTHLY").into()),
        ("add pay rent every month", a("pay rent").on(d(3, 10)).rr("FREQ=MONTHLY").into()),
        ("add pay rent every month on the 1st", a("pay rent").on(d(4, 1)).rr("FREQ=MONTHLY").into()),
        ("add pay rent every 3 months", a("pay rent").on(d(3, 10)).rr("FREQ=MONTHLY;INTERVAL=3").into()),
        ("add pay rent quarterly", a("pay rent").on(d(3, 10)).rr("FREQ=MONTHLY;INTERVAL=3").into()),
        ("add renew domain yearly", a("renew domain").on(d(3, 10)).rr("FREQ=YEARLY").into()),
        ("add renew domain every year", a("renew domain").on(d(3, 10)).rr("FREQ=YEARLY").into()),
        ("add renew domain annually", a("renew domain").on(d(3, 10)).rr("FREQ=YEARLY").into()),
        ("add journal every morning", a("journal").on(d(3, 10)).at(9, 0).rr("FREQ=DAILY").into()),
        ("add journal every evening at 9pm", a("journal").on(d(3, 10)).at(21, 0).rr("FREQ=DAILY").into()),
        ("add standup daily at 9:30 #work", a("standup").on(d(3, 10)).at(9, 30).tags(&["work"]).rr("FREQ=DAILY").into()),
        ("add call dad weekly on sunday", a("call dad").on(d(3, 15)).rr("FREQ=WEEKLY;BYDAY=SU").into()),
        ("add pay rent monthly starting april 1", a("pay rent").on(d(4, 1)).rr("FREQ=MONTHLY").into()),
        ("add backup every friday p2", a("backup").on(d(3, 13)).p(Priority::High).rr("FREQ=WEEKLY;BYDAY=FR").into()),
    ];
    check(&cases, &clock());
    // The contract's dev-add-daily case, at 07:00, and the same said after 8am.
    let seven = LocalClock { today: d(3, 10), time: t(7, 0), order: DateOrder::MonthFirst };
    check(&[("remind me to stretch every day at 8am", a("stretch").on(d(3, 10)).at(8, 0).rr("FREQ=DAILY").into())], &seven);
}

#[test]
fn every_rrule_is_valid() {
    for message in [
        "add a every day",
        "add a every monday and thursday",
        "add a every weekday",
        "add a every weekend",
        "add a every 3 weeks",
        "add a every other month",
        "add a quarterly",
        "add a yearly",
        "add a every other friday",
        "add a weekly on sunday",
        "add a every second week",
    ] {
        let Command::Add(spec) = parse(message, &clock()) else { panic!("{message}: not an add") };
        let rule = spec.recurrence.unwrap_or_else(|| panic!("{message}: no recurrence"));
        Recurrence::parse(&rule).unwrap_or_else(|e| panic!("{message}: {rule} {e}"));
    }
}

#[test]
fn lists() {
    let l = Command::List;
    let cases: Vec<(&str, Command)> = vec![
        ("show my todos", l(open())),
        ("show my tasks", l(open())),
        ("list my tasks", l(open())),
        ("list", l(open())),
        ("todos", l(open())),
        ("my list", l(open())),
        ("show me my to-do list", l(open())),
        ("what do I have to do", l(open())),
        ("what do i have to do?", l(open())),
        ("what's on my list", l(open())),
        ("what's on my plate?", l(open())),
        ("what's next", l(open())),
        ("what's left to do", l(open())),
        ("show open tasks", l(open())),
        ("show pending todos", l(open())),
        ("can you show me my todos please", l(open())),
        ("show all", l(list(StatusFilter::All))),
        ("show everything", l(list(StatusFilter::All))),
        ("list all my todos", l(list(StatusFilter::All))),
        ("show completed", l(list(StatusFilter::Completed))),
        ("show completed tasks", l(list(StatusFilter::Completed))),
        ("show done", l(list(StatusFilter::Completed))),
        ("list finished todos", l(list(StatusFilter::Completed))),
        ("what have I done", l(list(StatusFilter::Completed))),
        ("what have i completed?", l(list(StatusFilter::Completed))),
        ("what did I finish today", l(list(StatusFilter::Completed))),
        ("what's not done", l(open())),
        ("what's due today", due(DueFilter::Today)),
        ("what's due today?", due(DueFilter::Today)),
        ("What is due today", due(DueFilter::Today)),
        ("whats due today", due(DueFilter::Today)),
        ("today", due(DueFilter::Today)),
        ("today's tasks", due(DueFilter::Today)),
        ("show today's todos", due(DueFilter::Today)),
        ("what do I have today", due(DueFilter::Today)),
        ("what do i need to do today", due(DueFilter::Today)),
        ("anything due today?", due(DueFilter::Today)),
        ("tasks for today", due(DueFilter::Today)),
        ("what's due tomorrow", due(DueFilter::Tomorrow)),
        ("show tomorrow's tasks", due(DueFilter::Tomorrow)),
        ("what's on tomorrow", due(DueFilter::Tomorrow)),
        ("what's overdue", due(DueFilter::Overdue)),
        ("what is overdue?", due(DueFilter::Overdue)),
        ("show overdue tasks", due(DueFilter::Overdue)),
        ("overdue", due(DueFilter::Overdue)),
        ("am I behind on anything", due(DueFilter::Overdue)),
        ("do i have anything overdue", due(DueFilter::Overdue)),
        ("what's past due", due(DueFilter::Overdue)),
        ("what's on this week", due(DueFilter::Week)),
        ("this week", due(DueFilter::Week)),
        ("show this week's tasks", due(DueFilter::Week)),
        ("what's due this week?", due(DueFilter::Week)),
        ("what's coming up", l(open())),
        ("show upcoming tasks", due(DueFilter::Week)),
        ("show tasks with no due date", due(DueFilter::None)),
        ("show undated todos", due(DueFilter::None)),
        ("show high priority tasks", l(ListSpec { priority: Some(Priority::High), ..open() })),
        ("show high-priority tasks", l(ListSpec { priority: Some(Priority::High), ..open() })),
        ("what's urgent", l(ListSpec { priority: Some(Priority::Urgent), ..open() })),
        ("show urgent todos", l(ListSpec { priority: Some(Priority::Urgent), ..open() })),
        ("what's important?", l(ListSpec { priority: Some(Priority::High), ..open() })),
        ("show low priority tasks", l(ListSpec { priority: Some(Priority::Low), ..open() })),
        ("list p1 tasks", l(ListSpec { priority: Some(Priority::Urgent), ..open() })),
        ("show #work", l(ListSpec { tag: Some("work".into()), ..open() })),
        ("show #Work tasks", l(ListSpec { tag: Some("work".into()), ..open() })),
        ("list tasks tagged work", l(ListSpec { tag: Some("work".into()), ..open() })),
        ("show work tasks", l(ListSpec { tag: Some("work".into()), ..open() })),
        ("show my errands todos", l(ListSpec { tag: Some("errands".into()), ..open() })),
        ("what's due today #work", l(ListSpec { tag: Some("work".into()), due: Some(ListDue::Named(DueFilter::Today)), ..open() })),
        (
            "show urgent tasks due today",
            l(ListSpec { priority: Some(Priority::Urgent), due: Some(ListDue::Named(DueFilter::Today)), ..open() }),
        ),
        ("find milk", search("milk")),
        ("find Milk", search("Milk")),
        ("search milk", search("milk")),
        ("search for milk", search("milk")),
        ("search for 'oat milk'", search("oat milk")),
        ("look for dentist", search("dentist")),
        ("find tasks about taxes", search("taxes")),
        ("show tasks about taxes", search("taxes")),
        ("show todos containing milk", search("milk")),
        ("can you find the dentist appointment", search("the dentist appointment")),
        ("show milk", search("milk")),
    ];
    check(&cases, &clock());
}

#[test]
fn lists_of_one_day() {
    let l = Command::List;
    let cases: Vec<(&str, Command)> = vec![
        ("what's due friday", due_on(d(3, 13))),
        ("what's due on Friday?", due_on(d(3, 13))),
        ("whats due fri", due_on(d(3, 13))),
        ("what do I have on monday", due_on(d(3, 16))),
        ("what do i have to do on monday?", due_on(d(3, 16))),
        ("anything due next monday", due_on(d(3, 16))),
        ("show tasks for monday", due_on(d(3, 16))),
        ("tasks due thursday", due_on(d(3, 12))),
        ("what's on wednesday", due(DueFilter::Tomorrow)),
        ("what's due tuesday", due_on(d(3, 17))),
        ("show tasks for march 3", due_on(ymd(2027, 3, 3))),
        ("show tasks for march 20", due_on(d(3, 20))),
        ("what's due on the 15th", due_on(d(3, 15))),
        ("list todos due 2026-04-02", due_on(d(4, 2))),
        ("what's due on 4/2", due_on(d(4, 2))),
        ("what's due in 3 days", due_on(d(3, 13))),
        ("what's due the day after tomorrow", due_on(d(3, 12))),
        ("what was due yesterday", due_on(d(3, 9))),
        ("what's due today", due(DueFilter::Today)),
        ("what's due tmrw", due(DueFilter::Tomorrow)),
        ("what's due by tomorrow", due(DueFilter::Tomorrow)),
        ("show urgent tasks for friday", l(ListSpec { priority: Some(Priority::Urgent), due: Some(ListDue::On(d(3, 13))), ..open() })),
        ("what's due friday #work", l(ListSpec { tag: Some("work".into()), due: Some(ListDue::On(d(3, 13))), ..open() })),
        ("show completed tasks for friday", l(list(StatusFilter::Completed))),
        // Not one day: a range, or more than a day.
        ("what's due by friday", Command::Unknown),
        // Spans (Tuesday 2026-03-10): the following Monday to Sunday, the coming weekend.
        ("what's due next week", l(ListSpec { due: Some(ListDue::Between(d(3, 16), d(3, 22))), ..open() })),
        ("what's due this weekend", l(ListSpec { due: Some(ListDue::Between(d(3, 14), d(3, 15))), ..open() })),
        ("anything for next weekend?", l(ListSpec { due: Some(ListDue::Between(d(3, 21), d(3, 22))), ..open() })),
        ("what do i have next month", l(ListSpec { due: Some(ListDue::Between(d(4, 1), d(4, 30))), ..open() })),
    ];
    check(&cases, &clock());
    // Today and tomorrow keep their names; a weekday is the next one after today.
    let friday = LocalClock { today: d(3, 13), time: t(22, 0), order: DateOrder::MonthFirst };
    let cases = [
        ("what's due this friday", due(DueFilter::Today)),
        ("what's due saturday", due(DueFilter::Tomorrow)),
        ("what's due friday", due_on(d(3, 20))),
    ];
    check(&cases, &friday);
}

#[test]
fn completes() {
    let c = Command::Complete;
    let cases: Vec<(&str, Command)> = vec![
        ("mark buy milk as done", c(words("buy milk"))),
        ("Mark Buy Milk as Done", c(words("Buy Milk"))),
        ("mark buy milk done", c(words("buy milk"))),
        ("mark buy milk as complete", c(words("buy milk"))),
        ("mark buy milk as completed.", c(words("buy milk"))),
        ("mark buy milk as finished", c(words("buy milk"))),
        ("mark the dentist appointment as done", c(words("the dentist appointment"))),
        ("mark off buy milk", c(words("buy milk"))),
        ("mark buy milk off", c(words("buy milk"))),
        ("please mark buy milk as done", c(words("buy milk"))),
        ("can you mark buy milk as done?", c(words("buy milk"))),
        ("mark 'buy milk' as done", c(words("buy milk"))),
        ("mark it as done", c(IT)),
        ("mark that done", c(IT)),
        ("mark as done", c(IT)),
        ("mark 2 as done", c(pos(2))),
        ("mark #2 as done", c(pos(2))),
        ("mark task 2 as done", c(pos(2))),
        ("mark the second one as done", c(pos(2))),
        ("done buy milk", c(words("buy milk"))),
        ("done water plants", c(words("water plants"))),
        ("done 2", c(pos(2))),
        ("done #2", c(pos(2))),
        ("done with the report", c(words("the report"))),
        ("done", c(IT)),
        ("done!", c(IT)),
        ("buy milk is done", c(words("buy milk"))),
        ("the report is finished", c(words("the report"))),
        ("buy milk done", c(words("buy milk"))),
        ("the taxes are done", c(words("the taxes"))),
        ("laundry has been done", c(words("laundry"))),
        ("that's done", c(IT)),
        ("it's done", c(IT)),
        ("complete buy milk", c(words("buy milk"))),
        ("complete 3", c(pos(3))),
        ("complete task 3", c(pos(3))),
        ("complete the third one", c(pos(3))),
        ("completed buy milk", c(words("buy milk"))),
        ("finish buy milk", c(words("buy milk"))),
        ("finished the quarterly report", c(words("the quarterly report"))),
        ("I finished the quarterly report", c(words("the quarterly report"))),
        ("i just finished writing the report", c(words("writing the report"))),
        ("I've done the laundry", c(words("the laundry"))),
        ("I have done the laundry", c(words("the laundry"))),
        ("i've finished the laundry", c(words("the laundry"))),
        ("I completed the tax return", c(words("the tax return"))),
        ("I did the dishes", c(words("the dishes"))),
        ("i'm done with the slides", c(words("the slides"))),
        ("I called the plumber", c(words("called the plumber"))),
        ("i've called the plumber", c(words("called the plumber"))),
        ("I already paid the rent", c(words("paid the rent"))),
        ("I just bought milk", c(words("bought milk"))),
        ("set the groceries to done", c(words("the groceries"))),
        ("I wanted to call mom", Command::Unknown),
        ("I forgot the milk", Command::Unknown),
        ("check off buy milk", c(words("buy milk"))),
        ("check buy milk off", c(words("buy milk"))),
        ("tick buy milk", c(words("buy milk"))),
        ("tick off buy milk", c(words("buy milk"))),
        ("cross off buy milk", c(words("buy milk"))),
        ("check off number 2", c(pos(2))),
        ("tick the first one", c(pos(1))),
        ("done the 2nd", c(pos(2))),
        ("complete it", c(IT)),
        ("complete that one", c(IT)),
        ("done with that", c(IT)),
        ("mark buy milk as done please", c(words("buy milk"))),
        ("mark buy milk as done thanks!", c(words("buy milk"))),
        ("mark 🥛 buy milk as done", c(words("🥛 buy milk"))),
        ("complete the 'mark as done' task", c(words("mark as done"))),
    ];
    check(&cases, &clock());
}

#[test]
fn reopens_and_deletes() {
    let r = Command::Reopen;
    let del = Command::Delete;
    let cases: Vec<(&str, Command)> = vec![
        ("reopen buy milk", r(words("buy milk"))),
        ("re-open buy milk", r(words("buy milk"))),
        ("reopen 2", r(pos(2))),
        ("reopen it", r(IT)),
        ("uncheck buy milk", r(words("buy milk"))),
        ("untick buy milk", r(words("buy milk"))),
        ("unmark buy milk", r(words("buy milk"))),
        ("mark buy milk as not done", r(words("buy milk"))),
        ("mark buy milk as undone", r(words("buy milk"))),
        ("mark buy milk as incomplete", r(words("buy milk"))),
        ("mark buy milk not done", r(words("buy milk"))),
        ("mark it as not done", r(IT)),
        ("mark 3 as incomplete", r(pos(3))),
        ("buy milk is not done", r(words("buy milk"))),
        ("buy milk isn't done yet", r(words("buy milk"))),
        ("delete buy milk", del(words("buy milk"))),
        ("delete the dentist appointment", del(words("the dentist appointment"))),
        ("Delete The Dentist Appointment!", del(words("The Dentist Appointment"))),
        ("remove buy milk", del(words("buy milk"))),
        ("remove buy milk from my list", del(words("buy milk"))),
        ("remove buy milk from the list", del(words("buy milk"))),
        ("drop buy milk", del(words("buy milk"))),
        ("cancel the dentist appointment", del(words("the dentist appointment"))),
        ("get rid of buy milk", del(words("buy milk"))),
        ("erase buy milk", del(words("buy milk"))),
        ("trash buy milk", del(words("buy milk"))),
        ("forget about buy milk", del(words("buy milk"))),
        ("take buy milk off my list", del(words("buy milk"))),
        ("delete 2", del(pos(2))),
        ("delete #2", del(pos(2))),
        ("delete task 2", del(pos(2))),
        ("delete number 2", del(pos(2))),
        ("delete the second one", del(pos(2))),
        ("delete the 2nd", del(pos(2))),
        ("delete it", del(IT)),
        ("delete that", del(IT)),
        ("delete that one", del(IT)),
        ("remove this task", del(IT)),
        ("please delete buy milk", del(words("buy milk"))),
        ("delete 'buy milk'", del(words("buy milk"))),
        ("buy milk can be deleted", del(words("buy milk"))),
        ("the party is cancelled", del(words("the party"))),
        // Bulk: asked first (the engine states the count and waits for a yes).
        ("delete all", delete_all()),
        ("delete everything", delete_all()),
        ("remove all my todos", delete_all()),
        ("cancel", Command::Unknown),
        ("never mind", Command::Unknown),
    ];
    check(&cases, &clock());
}

#[test]
fn renames() {
    let rn = |target: TodoRef, title: &str| Command::Rename { target, title: title.into() };
    let cases: Vec<(&str, Command)> = vec![
        ("rename buy milk to buy oat milk", rn(words("buy milk"), "buy oat milk")),
        ("Rename Buy Milk To Buy Oat Milk", rn(words("Buy Milk"), "Buy Oat Milk")),
        ("rename buy milk as buy oat milk", rn(words("buy milk"), "buy oat milk")),
        ("Rename the report as Write the Q3 report", rn(words("the report"), "Write the Q3 report")),
        ("rename 2 as call the bank", rn(pos(2), "call the bank")),
        ("rename it as buy bread", rn(IT, "buy bread")),
        ("rename call mom as talk to mom", rn(words("call mom"), "talk to mom")),
        ("rename buy milk to buy as much milk as possible", rn(words("buy milk"), "buy as much milk as possible")),
        ("please rename 'buy milk' as 'buy oat milk'", rn(words("buy milk"), "buy oat milk")),
        ("rename 2 to buy oat milk", rn(pos(2), "buy oat milk")),
        ("rename it to buy oat milk", rn(IT, "buy oat milk")),
        ("rename it buy oat milk", rn(IT, "buy oat milk")),
        ("call it buy oat milk", rn(IT, "buy oat milk")),
        ("rename 'buy milk' to 'buy oat milk'", rn(words("buy milk"), "buy oat milk")),
        ("rename \"call mom\" to \"talk to mom\"", rn(words("call mom"), "talk to mom")),
        ("rename call mom to talk to mom", rn(words("call mom"), "talk to mom")),
        ("change buy milk to buy oat milk", rn(words("buy milk"), "buy oat milk")),
        ("change the title of buy milk to buy oat milk", rn(words("buy milk"), "buy oat milk")),
        ("change the name of 2 to buy oat milk", rn(pos(2), "buy oat milk")),
        ("update buy milk to buy oat milk", rn(words("buy milk"), "buy oat milk")),
        ("edit buy milk to say buy oat milk", rn(words("buy milk"), "buy oat milk")),
        ("rename buy milk to buy 🥛", rn(words("buy milk"), "buy 🥛")),
        ("please rename buy milk to buy oat milk.", rn(words("buy milk"), "buy oat milk")),
    ];
    check(&cases, &clock());
}

#[test]
fn reschedules() {
    let rs = |target: TodoRef, w: When| Command::Reschedule { target, when: w };
    let cases: Vec<(&str, Command)> = vec![
        ("move the dentist appointment to friday", rs(words("the dentist appointment"), when(d(3, 13), None))),
        ("move dentist to fri", rs(words("dentist"), when(d(3, 13), None))),
        ("move 2 to tomorrow", rs(pos(2), when(d(3, 11), None))),
        ("move it to tomorrow at 9am", rs(IT, when(d(3, 11), Some((9, 0))))),
        ("move it to 3pm", rs(IT, when(d(3, 10), Some((15, 0))))),
        ("move call mom to next week", rs(words("call mom"), when(d(3, 17), None))),
        ("move call mom to march 20", rs(words("call mom"), when(d(3, 20), None))),
        ("move call mom to 2026-04-02", rs(words("call mom"), when(d(4, 2), None))),
        ("move call mom to the 20th", rs(words("call mom"), when(d(3, 20), None))),
        ("move call to mom to friday", rs(words("call to mom"), when(d(3, 13), None))),
        ("push buy milk to tomorrow", rs(words("buy milk"), when(d(3, 11), None))),
        ("push buy milk back to friday", rs(words("buy milk"), when(d(3, 13), None))),
        ("push the report to monday", rs(words("the report"), when(d(3, 16), None))),
        ("reschedule the report to monday", rs(words("the report"), when(d(3, 16), None))),
        ("reschedule the report for monday at 10", rs(words("the report"), when(d(3, 16), Some((10, 0))))),
        ("postpone the report to next week", rs(words("the report"), when(d(3, 17), None))),
        ("postpone the report until friday", rs(words("the report"), when(d(3, 13), None))),
        ("postpone the report", rs(words("the report"), when(d(3, 11), None))),
        ("snooze it", rs(IT, when(d(3, 11), None))),
        ("postpone buy milk by a day", shift(words("buy milk"), DateShift::Days(1))),
        ("move the report to in 3 days", rs(words("the report"), when(d(3, 13), None))),
        ("change the due date of the report to friday", rs(words("the report"), when(d(3, 13), None))),
        ("change the date of buy milk to tomorrow", rs(words("buy milk"), when(d(3, 11), None))),
        ("change buy milk to tomorrow", rs(words("buy milk"), when(d(3, 11), None))),
        ("set the due date of buy milk to friday", rs(words("buy milk"), when(d(3, 13), None))),
        ("set buy milk for friday", rs(words("buy milk"), when(d(3, 13), None))),
        ("the report is due friday", rs(words("the report"), when(d(3, 13), None))),
        ("the report is now due tomorrow at 5pm", rs(words("the report"), when(d(3, 11), Some((17, 0))))),
        ("make the report due friday", rs(words("the report"), when(d(3, 13), None))),
        ("move the report to friday please", rs(words("the report"), when(d(3, 13), None))),
        ("move the report", Command::Unknown),
        ("move the report to the top", Command::Unknown),
    ];
    check(&cases, &clock());
}

fn shift(target: TodoRef, by: DateShift) -> Command {
    Command::Shift { target, by }
}

#[test]
fn shifts_from_the_todos_own_date() {
    let cases: Vec<(&str, Command)> = vec![
        ("push the report by 2 days", shift(words("the report"), DateShift::Days(2))),
        ("Push the report by two days.", shift(words("the report"), DateShift::Days(2))),
        ("postpone the dentist by a week", shift(words("the dentist"), DateShift::Days(7))),
        ("postpone it by a couple of days", shift(IT, DateShift::Days(2))),
        ("delay 2 by 3 days", shift(pos(2), DateShift::Days(3))),
        ("move call mom back 3 days", shift(words("call mom"), DateShift::Days(3))),
        ("push buy milk back by a day", shift(words("buy milk"), DateShift::Days(1))),
        ("push back buy milk by 2 weeks", shift(words("buy milk"), DateShift::Days(14))),
        ("push it out a week", shift(IT, DateShift::Days(7))),
        ("move the report 3 days later", shift(words("the report"), DateShift::Days(3))),
        ("snooze it for 2 days", shift(IT, DateShift::Days(2))),
        ("postpone the taxes by a month", shift(words("the taxes"), DateShift::Months(1))),
        ("push the renewal by a year", shift(words("the renewal"), DateShift::Months(12))),
        ("move the report forward 2 days", shift(words("the report"), DateShift::Days(-2))),
        ("move the report up by a week", shift(words("the report"), DateShift::Days(-7))),
        ("move it 2 days earlier", shift(IT, DateShift::Days(-2))),
        ("shift the last one by 3 days", shift(LAST, DateShift::Days(3))),
        ("push the 3 day retreat by 1 week", shift(words("the 3 day retreat"), DateShift::Days(7))),
        // Dates, not shifts: from today.
        ("move the report to in 3 days", Command::Reschedule { target: words("the report"), when: when(d(3, 13), None) }),
        ("push the report to friday", Command::Reschedule { target: words("the report"), when: when(d(3, 13), None) }),
        ("postpone the report by friday", Command::Reschedule { target: words("the report"), when: when(d(3, 13), None) }),
        ("push the report by lots", Command::Unknown),
    ];
    check(&cases, &clock());
}

#[test]
fn untags() {
    let ut = |target: TodoRef, tags: &[&str]| Command::Untag { target, tags: tags.iter().map(|s| s.to_string()).collect() };
    let cases: Vec<(&str, Command)> = vec![
        ("untag buy milk #work", ut(words("buy milk"), &["work"])),
        ("untag buy milk work", ut(words("buy milk"), &["work"])),
        ("Untag 2 #work #home", ut(pos(2), &["work", "home"])),
        ("untag it #errands", ut(IT, &["errands"])),
        ("untag #work from buy milk", ut(words("buy milk"), &["work"])),
        ("untag work from the report", ut(words("the report"), &["work"])),
        ("remove #work from buy milk", ut(words("buy milk"), &["work"])),
        ("remove #Work from buy milk please", ut(words("buy milk"), &["work"])),
        ("remove the tag work from buy milk", ut(words("buy milk"), &["work"])),
        ("remove tag work from 2", ut(pos(2), &["work"])),
        ("remove the tags work and home from buy milk", ut(words("buy milk"), &["work", "home"])),
        ("remove the work tag from buy milk", ut(words("buy milk"), &["work"])),
        ("remove the #work tag from it", ut(IT, &["work"])),
        ("delete the label errands from the last one", ut(LAST, &["errands"])),
        ("can you remove #work and #home from the report", ut(words("the report"), &["work", "home"])),
        ("remove the tag from buy milk", Command::Unknown),
        ("remove buy milk from my list", Command::Delete(words("buy milk"))),
        ("remove work from home from my list", Command::Delete(words("work from home"))),
    ];
    check(&cases, &clock());
}

#[test]
fn priorities_tags_and_due_dates() {
    let sp = |target: TodoRef, priority: Priority| Command::SetPriority { target, priority };
    let tg = |target: TodoRef, tags: &[&str]| Command::Tag { target, tags: tags.iter().map(|s| s.to_string()).collect() };
    let cases: Vec<(&str, Command)> = vec![
        ("make it urgent", sp(IT, Priority::Urgent)),
        ("make buy milk urgent", sp(words("buy milk"), Priority::Urgent)),
        ("make buy milk high priority", sp(words("buy milk"), Priority::High)),
        ("make buy milk a high priority", sp(words("buy milk"), Priority::High)),
        ("make buy milk low priority", sp(words("buy milk"), Priority::Low)),
        ("make buy milk p1", sp(words("buy milk"), Priority::Urgent)),
        ("make 2 urgent", sp(pos(2), Priority::Urgent)),
        ("make the second one important", sp(pos(2), Priority::High)),
        ("set the priority of buy milk to medium", sp(words("buy milk"), Priority::Medium)),
        ("set the priority of buy milk to p3", sp(words("buy milk"), Priority::Medium)),
        ("set priority of buy milk to low", sp(words("buy milk"), Priority::Low)),
        ("set buy milk to high priority", sp(words("buy milk"), Priority::High)),
        ("set buy milk priority to high", sp(words("buy milk"), Priority::High)),
        ("set buy milk's priority to high", sp(words("buy milk"), Priority::High)),
        ("change the priority of buy milk to urgent", sp(words("buy milk"), Priority::Urgent)),
        ("change buy milk to low priority", sp(words("buy milk"), Priority::Low)),
        ("buy milk is high priority", sp(words("buy milk"), Priority::High)),
        ("buy milk is urgent", sp(words("buy milk"), Priority::Urgent)),
        ("the report is now low priority", sp(words("the report"), Priority::Low)),
        ("it's urgent", sp(IT, Priority::Urgent)),
        ("mark buy milk as urgent", sp(words("buy milk"), Priority::Urgent)),
        ("mark buy milk as high priority", sp(words("buy milk"), Priority::High)),
        ("flag buy milk as important", sp(words("buy milk"), Priority::High)),
        ("prioritize buy milk", sp(words("buy milk"), Priority::High)),
        ("deprioritize buy milk", sp(words("buy milk"), Priority::Low)),
        ("bump buy milk to p1", sp(words("buy milk"), Priority::Urgent)),
        ("make buy milk no priority", sp(words("buy milk"), Priority::None)),
        ("tag buy milk with errands", tg(words("buy milk"), &["errands"])),
        ("tag buy milk with #errands", tg(words("buy milk"), &["errands"])),
        ("tag buy milk #errands", tg(words("buy milk"), &["errands"])),
        ("tag buy milk #errands #home", tg(words("buy milk"), &["errands", "home"])),
        ("tag buy milk with errands and home", tg(words("buy milk"), &["errands", "home"])),
        ("tag buy milk as Errands", tg(words("buy milk"), &["errands"])),
        ("tag it with work", tg(IT, &["work"])),
        ("tag 2 with work", tg(pos(2), &["work"])),
        ("label buy milk as errands", tg(words("buy milk"), &["errands"])),
        ("add the tag work to buy milk", tg(words("buy milk"), &["work"])),
        ("add tag work to buy milk", tg(words("buy milk"), &["work"])),
        ("add #work to buy milk", tg(words("buy milk"), &["work"])),
        ("add the tags work and home to buy milk", tg(words("buy milk"), &["work", "home"])),
        ("add the tag work to it", tg(IT, &["work"])),
        ("add #work to my list", a("").tags(&["work"]).into()),
        ("remove the due date from buy milk", Command::ClearDue(words("buy milk"))),
        ("remove the date from buy milk", Command::ClearDue(words("buy milk"))),
        ("remove due date from 2", Command::ClearDue(pos(2))),
        ("clear the due date of buy milk", Command::ClearDue(words("buy milk"))),
        ("clear the date of buy milk", Command::ClearDue(words("buy milk"))),
        ("delete the due date on buy milk", Command::ClearDue(words("buy milk"))),
        ("remove the deadline from the report", Command::ClearDue(words("the report"))),
        ("remove its due date", Command::ClearDue(IT)),
        ("remove the due date", Command::ClearDue(IT)),
        ("buy milk has no due date", Command::ClearDue(words("buy milk"))),
        ("buy milk doesn't have a due date anymore", Command::ClearDue(words("buy milk"))),
        ("no due date for buy milk", Command::ClearDue(words("buy milk"))),
        ("unschedule buy milk", Command::ClearDue(words("buy milk"))),
    ];
    check(&cases, &clock());
}

#[test]
fn whole_message_commands() {
    let cases: Vec<(&str, Command)> = vec![
        ("clear completed", Command::ClearCompleted),
        ("Clear completed tasks", Command::ClearCompleted),
        ("clear all completed", Command::ClearCompleted),
        ("delete completed tasks", Command::ClearCompleted),
        ("delete all completed todos", Command::ClearCompleted),
        ("remove all done", Command::ClearCompleted),
        ("remove done tasks", Command::ClearCompleted),
        ("clear the done ones", Command::ClearCompleted),
        ("get rid of finished tasks", Command::ClearCompleted),
        ("please clear completed", Command::ClearCompleted),
        ("undo", Command::Undo),
        ("Undo!", Command::Undo),
        ("undo that", Command::Undo),
        ("undo the last change", Command::Undo),
        ("please undo", Command::Undo),
        ("revert", Command::Undo),
        ("revert that", Command::Undo),
        ("oops, undo", Command::Undo),
        ("take that back", Command::Undo),
        ("1", choose(1)),
        ("2", choose(2)),
        ("#1", choose(1)),
        ("#2.", choose(2)),
        ("the first one", choose(1)),
        ("first", choose(1)),
        ("the first", choose(1)),
        ("the second one please", choose(2)),
        ("number one", choose(1)),
        ("number 3", choose(3)),
        ("option 2", choose(2)),
        ("the 2nd one", choose(2)),
        ("2nd", choose(2)),
        ("one", choose(1)),
        ("hi", Command::Greeting),
        ("Hi!", Command::Greeting),
        ("hello", Command::Greeting),
        ("hello there", Command::Greeting),
        ("hi there", Command::Greeting),
        ("hey", Command::Greeting),
        ("hey bot", Command::Greeting),
        ("good morning", Command::Greeting),
        ("Good evening!", Command::Greeting),
        ("howdy", Command::Greeting),
        ("yo", Command::Greeting),
        ("what's up", Command::Greeting),
        ("how are you?", Command::Greeting),
        ("hi, how are you doing today?", Command::Greeting),
        ("thanks", Command::Thanks),
        ("thank you", Command::Thanks),
        ("Thank you so much!", Command::Thanks),
        ("thanks a lot", Command::Thanks),
        ("thx", Command::Thanks),
        ("great, thanks", Command::Thanks),
        ("ok thanks", Command::Thanks),
        ("cheers", Command::Thanks),
        ("perfect", Command::Thanks),
        ("got it", Command::Thanks),
        ("help", Command::Help),
        ("Help!", Command::Help),
        ("help me", Command::Help),
        ("help please", Command::Help),
        ("what can you do?", Command::Help),
        ("What can you do", Command::Help),
        ("how does this work", Command::Help),
        ("how does this work?", Command::Help),
        ("how do I use this?", Command::Help),
        ("what commands are there", Command::Help),
        ("who are you?", Command::Help),
        ("?", Command::Help),
        ("qwertyuiop zxcv", Command::Unknown),
        ("", Command::Unknown),
        ("   ", Command::Unknown),
        ("what's the weather like", Command::Unknown),
        ("tell me a joke", Command::Unknown),
        ("buy milk", Command::Unknown),
        ("🥛", Command::Unknown),
        ("asdf;lkj", Command::Unknown),
        ("i like turtles", Command::Unknown),
        ("please", Command::Unknown),
    ];
    check(&cases, &clock());
}

#[test]
fn positions_and_pronouns() {
    let c = Command::Complete;
    let cases: Vec<(&str, Command)> = vec![
        ("done 1", c(pos(1))),
        ("done one", c(pos(1))),
        ("done number two", c(pos(2))),
        ("done item 3", c(pos(3))),
        ("done task #4", c(pos(4))),
        ("done the fifth one", c(pos(5))),
        ("done the 10th", c(pos(10))),
        ("done 12", c(pos(12))),
        ("done 0", c(words("0"))),
        ("done it", c(IT)),
        ("done that", c(IT)),
        ("done this", c(IT)),
        ("done that one", c(IT)),
        ("done the one I just added", c(IT)),
        ("done the last one", c(LAST)),
        ("done the last", c(LAST)),
        ("done last one", c(LAST)),
        ("delete the last one", Command::Delete(LAST)),
        ("remove the last task", Command::Delete(LAST)),
        ("mark the last one as done", c(LAST)),
        ("move the last one to friday", Command::Reschedule { target: LAST, when: when(d(3, 13), None) }),
        ("make the last item urgent", Command::SetPriority { target: LAST, priority: Priority::Urgent }),
        ("rename the last one to buy bread", Command::Rename { target: LAST, title: "buy bread".into() }),
        ("the last one", Command::Choose(Position::Last)),
        ("the last", Command::Choose(Position::Last)),
        ("last one", Command::Choose(Position::Last)),
        ("done the one I added last", c(IT)),
        ("done the last one I added", c(IT)),
        ("done the last chapter", c(words("the last chapter"))),
        ("done milk 2", c(words("milk 2"))),
        ("done 99999999999999999999", c(words("99999999999999999999"))),
    ];
    check(&cases, &clock());
}

#[test]
fn contract_dev_corpus_messages() {
    // The messages of ../shared/chat-corpus/dev.jsonl, one of each class.
    let c = clock();
    let cases: Vec<(&str, Command)> = vec![
        ("add buy milk", a("buy milk").into()),
        ("remind me to call mom tomorrow at 5pm", a("call mom").on(d(3, 11)).at(17, 0).into()),
        ("I need to send the invoice on friday", a("send the invoice").on(d(3, 13)).into()),
        ("add renew passport in 3 days", a("renew passport").on(d(3, 13)).into()),
        ("add book flights on april 2", a("book flights").on(d(4, 2)).into()),
        ("add fix the leak urgent", a("fix the leak").p(Priority::Urgent).into()),
        ("add review slides p2", a("review slides").p(Priority::High).into()),
        ("add print tickets #travel", a("print tickets").tags(&["travel"]).into()),
        ("add team sync every monday at 10am", a("team sync").on(d(3, 16)).at(10, 0).rr("FREQ=WEEKLY;BYDAY=MO").into()),
        ("add take out trash at 7am", a("take out trash").on(d(3, 11)).at(7, 0).into()),
        ("show my todos", Command::List(open())),
        ("what's due today?", due(DueFilter::Today)),
        ("what's overdue", due(DueFilter::Overdue)),
        ("show completed tasks", Command::List(list(StatusFilter::Completed))),
        ("show #work", Command::List(ListSpec { tag: Some("work".into()), ..open() })),
        ("find milk", search("milk")),
        ("mark buy milk as done", Command::Complete(words("buy milk"))),
        ("I finished the quarterly report", Command::Complete(words("the quarterly report"))),
        ("done 2", Command::Complete(pos(2))),
        ("done water plants", Command::Complete(words("water plants"))),
        ("reopen buy milk", Command::Reopen(words("buy milk"))),
        ("delete the dentist appointment", Command::Delete(words("the dentist appointment"))),
        ("clear completed", Command::ClearCompleted),
        ("rename buy milk to buy oat milk", Command::Rename { target: words("buy milk"), title: "buy oat milk".into() }),
        (
            "move the dentist appointment to friday",
            Command::Reschedule { target: words("the dentist appointment"), when: when(d(3, 13), None) },
        ),
        ("make buy milk high priority", Command::SetPriority { target: words("buy milk"), priority: Priority::High }),
        ("tag buy milk with errands", Command::Tag { target: words("buy milk"), tags: vec!["errands".into()] }),
        ("remove the due date from buy milk", Command::ClearDue(words("buy milk"))),
        ("make it urgent", Command::SetPriority { target: IT, priority: Priority::Urgent }),
        ("undo", Command::Undo),
        ("mark milk as done", Command::Complete(words("milk"))),
        ("the first one", choose(1)),
        ("complete buy milk", Command::Complete(words("buy milk"))),
        ("hi there", Command::Greeting),
        ("what can you do?", Command::Help),
        ("qwertyuiop zxcv", Command::Unknown),
        ("add '; DROP TABLE todos; --", a("'; DROP TABLE todos; --").into()),
        ("add <b>bold</b> move", a("<b>bold</b> move").into()),
        ("add 🥛 buy milk", a("🥛 buy milk").into()),
    ];
    check(&cases, &c);
}

/// A small deterministic generator (xorshift), so the fuzz test needs no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// The shortest of three runs: a shared machine preempts single runs.
fn best_of_3(mut f: impl FnMut()) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn arbitrary_text_never_panics_and_is_fast() {
    const PIECES: &[&str] = &[
        "add",
        "remind",
        "me",
        "to",
        "mark",
        "as",
        "done",
        "delete",
        "rename",
        "move",
        "push",
        "every",
        "monday",
        "and",
        "day",
        "other",
        "tomorrow",
        "the",
        "day",
        "after",
        "in",
        "3",
        "days",
        "weeks",
        "at",
        "5pm",
        "5:30",
        "pm",
        "17:00",
        "noon",
        "on",
        "march",
        "15th",
        ",",
        "2026-02-30",
        "2026-13-01",
        "9999-99-99",
        "#",
        "#2",
        "#work",
        "#ü",
        "p1",
        "!!!",
        "high",
        "priority",
        "'",
        "\"",
        "“",
        "”",
        "‘",
        "’",
        "«",
        "»",
        "'quoted",
        "part'",
        "🥛",
        "👍🏽",
        "é",
        "\u{301}",
        "\u{200b}",
        "\u{0}",
        "\t",
        "\n",
        "ß",
        "İ",
        "ﬁ",
        "Σ",
        "日本",
        "0",
        "00",
        "99",
        "999999999999",
        "-1",
        "1st",
        "31st",
        "feb",
        "29",
        "every",
        "weekday",
        "of",
        "it",
        "that",
        "one",
        "first",
        "set",
        "change",
        "to",
        "tag",
        "with",
        "clear",
        "completed",
        "undo",
        "what's",
        "due",
        "today",
        "show",
        "find",
        "search",
        "for",
        "?",
        ":",
        "12am",
        "12pm",
        "13pm",
        "0am",
        "24:00",
        "23:59",
        "5.",
        ".5",
        "5.30pm",
        "h",
        "17h",
        "a.m.",
        "p.m.",
        "o'clock",
        "/",
        "3/15",
        "99/99",
        "in",
        "a",
        "couple",
        "of",
        "few",
        "hours",
        "minutes",
        "4294967295",
        "months",
        "years",
        "next",
        "this",
        "weekend",
        "end",
        "month",
        "year",
    ];
    let clocks = [
        clock(),
        LocalClock { today: d(12, 31), time: t(23, 59), order: DateOrder::MonthFirst },
        LocalClock { today: ymd(2028, 2, 29), time: t(0, 0), order: DateOrder::MonthFirst },
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = std::time::Instant::now();
    let mut slowest = std::time::Duration::ZERO;
    let mut count = 0u32;
    let mut slowest_message = String::new();
    for i in 0..6000 {
        let n = (rng.next() % 14) as usize + 1;
        let mut message = String::new();
        for _ in 0..n {
            message.push_str(rng.pick(PIECES));
            if rng.next() & 3 != 0 {
                message.push(' ');
            }
        }
        // Some raw bytes-ish noise: arbitrary chars.
        if i % 7 == 0 {
            for _ in 0..(rng.next() % 12) {
                let c = char::from_u32((rng.next() % 0x11_0000) as u32).unwrap_or('\u{fffd}');
                message.push(c);
            }
        }
        let clock = &clocks[i % clocks.len()];
        let took = best_of_3(|| drop(parse(&message, clock)));
        if took > slowest {
            slowest = took;
            slowest_message = message.chars().take(60).collect();
        }
        count += 1;
    }
    // Long messages (the contract's maximum is 2,000 characters).
    let long_inputs = [
        "add ".to_owned() + &"buy milk tomorrow at 5pm every monday and #tag p1 ".repeat(40),
        "every ".repeat(400),
        "monday and ".repeat(180),
        "'".repeat(2000),
        "\"a\" ".repeat(500),
        "🥛".repeat(2000),
        "mark ".to_owned() + &"the ".repeat(400) + "as done",
        "rename ".to_owned() + &"to ".repeat(600),
        "move ".to_owned() + &"x ".repeat(900) + "to friday",
        "what's ".repeat(300),
        "#".repeat(2000),
        "1".repeat(2000),
        "'a ".repeat(666),
        "\"a ".repeat(666),
        "“a ".repeat(666),
        "add ".to_owned() + &"to ".repeat(600) + "x",
        "every monday, ".repeat(140),
        "at 5 ".repeat(400),
        "done ".repeat(400),
        "please ".repeat(280),
        "in a couple of ".repeat(130),
    ];
    for message in &long_inputs {
        let took = best_of_3(|| drop(parse(message, &clock())));
        if took > slowest {
            slowest = took;
            slowest_message = message.chars().take(60).collect();
        }
        count += 1;
    }
    let total = start.elapsed();
    eprintln!("parsed {count} generated messages in {total:?}; slowest {slowest:?}: {slowest_message:?}");
    // Generous bounds: CI machines are shared and tests may run unoptimised.
    assert!(slowest < std::time::Duration::from_millis(if cfg!(debug_assertions) { 50 } else { 5 }), "slowest message took {slowest:?}");
}

mod people;

#[test]
fn reminder_offsets() {
    check(
        &[
            ("remind me to call mom at 5pm, 10 minutes before", a("call mom").on(d(3, 10)).at(17, 0).remind(10).into()),
            ("add dentist tomorrow at 3pm, remind me half an hour before", a("dentist").on(d(3, 11)).at(15, 0).remind(30).into()),
            ("add flight on friday at 7am with a reminder 2 hours before", a("flight").on(d(3, 13)).at(7, 0).remind(120).into()),
            ("remind me 30 minutes before the dentist", Command::Remind { target: words("the dentist"), minutes: 30 }),
            ("remind me an hour before my flight", Command::Remind { target: words("my flight"), minutes: 60 }),
            ("please remind me 15 min before it", Command::Remind { target: TodoRef::Pronoun, minutes: 15 }),
            // No offset: unchanged readings.
            ("remind me to leave 30 minutes before the show", a("leave 30 minutes before the show").into()),
            ("add call mom in 10 minutes", a("call mom").on(d(3, 10)).at(9, 10).into()),
        ],
        &clock(),
    );
}
