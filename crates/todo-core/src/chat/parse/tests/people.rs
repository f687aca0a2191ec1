//! How people phrase requests beyond the contract's phrase lists: other
//! verbs, destinations ("on my to do list", "off my calendar"), reminders
//! "for me", questions about the list. Own phrasings, one table per class.
//! The clock is Tuesday 2026-03-10 at 09:00.

use super::*;

fn l(spec: ListSpec) -> Command {
    Command::List(spec)
}

#[test]
fn adds_drop_the_destination() {
    let cases: Vec<(&str, Command)> = vec![
        ("add renew the car insurance to my to do list", a("renew the car insurance").into()),
        ("put water the ferns on my todo list", a("water the ferns").into()),
        ("could you put pick up the dry cleaning on my list of things to do", a("pick up the dry cleaning").into()),
        ("add the school play to my calendar for thursday", a("the school play").on(d(3, 12)).into()),
        ("add yoga class to the calendar tomorrow", a("yoga class").on(d(3, 11)).into()),
        ("put the plumber visit in my calendar on march 20", a("the plumber visit").on(d(3, 20)).into()),
        ("add book club to my schedule for friday at 7pm", a("book club").on(d(3, 13)).at(19, 0).into()),
        ("add to my shopping list some batteries", a("some batteries").into()),
        ("add sort the mail onto my reminders list", a("sort the mail").into()),
        ("include defrost the freezer on my to-do list", a("defrost the freezer").into()),
        ("note call the vet on my list", a("call the vet").into()),
        ("please write down renew the lease on my calendar for monday", a("renew the lease").on(d(3, 16)).into()),
        ("mark down return the rental car on my list of tasks", a("return the rental car").into()),
        ("list fix the gate on my to do list", a("fix the gate").into()),
        ("I need the quarterly review added to my calendar for april 2", a("the quarterly review").on(d(4, 2)).into()),
        ("the bake sale needs to be added to my calendar on friday", a("the bake sale").on(d(3, 13)).into()),
        // A title may keep "list" and "calendar" when they are not a destination.
        ("add print the guest list", a("print the guest list").into()),
        ("add buy a wall calendar", a("buy a wall calendar").into()),
    ];
    check(&cases, &clock());
}

#[test]
fn adds_with_other_verbs() {
    let cases: Vec<(&str, Command)> = vec![
        ("set a reminder for me to feed the cat at 6pm", a("feed the cat").on(d(3, 10)).at(18, 0).into()),
        ("set up a reminder to renew my passport on friday", a("renew my passport").on(d(3, 13)).into()),
        ("set up a reminder that i need to email the accountant", a("email the accountant").into()),
        ("i need to set a reminder to order flowers tomorrow", a("order flowers").on(d(3, 11)).into()),
        ("give me a reminder about the parking permit", a("the parking permit").into()),
        ("send me a reminder to stretch", a("stretch").into()),
        ("tell me to check the oven", a("check the oven").into()),
        ("book a table at the bistro for saturday", a("a table at the bistro").on(d(3, 14)).into()),
        ("set a call with the bank on thursday", a("a call with the bank").on(d(3, 12)).into()),
        ("i have to water the garden, please remind me", a("water the garden").into()),
        // The verb of an ordinary todo stays in its title.
        ("i need to book a hotel", a("book a hotel").into()),
        ("i need to make a cake", a("make a cake").into()),
    ];
    check(&cases, &clock());
}

#[test]
fn removals_keep_out_destination_and_dates() {
    let del = |s: &str| Command::Delete(words(s));
    let cases: Vec<(&str, Command)> = vec![
        ("take the car wash off my to do list", del("the car wash")),
        ("take piano lesson off of my calendar", del("piano lesson")),
        ("take yoga from my calendar for friday", del("yoga")),
        ("remove the team lunch from my calendar on march 12", del("the team lunch")),
        ("delete brunch with ana from the calendar for sunday", del("brunch with ana")),
        ("nix repaint the fence from my todo list", del("repaint the fence")),
        ("please remove vacuuming from my list of chores", del("vacuuming")),
        ("scratch my friday dentist visit off my calendar", del("my dentist visit")),
        ("delete the 3pm call with joe on thursday", del("the call with joe")),
        ("cancel the haircut i have scheduled for saturday", del("the haircut")),
        ("remove the recital that is on my calendar on friday", del("the recital")),
        ("i don't need buy stamps on my list anymore", del("buy stamps")),
        ("i no longer need to renew the permit", del("renew the permit")),
        ("take it off my list", Command::Delete(TodoRef::Pronoun)),
        ("cross walk the dog off my todo list", Command::Complete(words("walk the dog"))),
    ];
    check(&cases, &clock());
}

#[test]
fn an_add_never_edits_a_todo_it_resembles() {
    // "set a …" and "book a …" are new todos, whatever the list holds: the
    // parser never reads them as a change to a todo.
    for message in
        ["set a meeting with the board on monday", "set a dentist appointment for friday at 3pm", "book a meeting with sam tomorrow"]
    {
        assert!(matches!(parse(message, &clock()), Command::Add(_)), "{message}");
    }
    // A field of an existing todo is still a change.
    assert!(matches!(parse("set the priority of the report to high", &clock()), Command::SetPriority { .. }));
}

#[test]
fn questions_about_the_list() {
    let all_open = || l(open());
    let cases: Vec<(&str, Command)> = vec![
        ("read my to do list", all_open()),
        ("read me my reminders", all_open()),
        ("can you read out my list of things to do", all_open()),
        ("play back my list of reminders", all_open()),
        ("go through my todo list with me", all_open()),
        ("read me my calendar for march 20", due_on(d(3, 20))),
        ("what's on my calendar for thursday", due_on(d(3, 12))),
        ("what's on the schedule for today", due(DueFilter::Today)),
        ("do i have anything tomorrow", due(DueFilter::Tomorrow)),
        ("do i have anything on my calendar for march 25", due_on(d(3, 25))),
        ("have i scheduled anything for friday", due_on(d(3, 13))),
        ("what does my calendar look like on monday", due_on(d(3, 16))),
        ("what is my plan for the day", due(DueFilter::Today)),
        ("what did i want to remember", all_open()),
        ("remind me of the things i have to do", all_open()),
        ("i want to hear what's on my list", all_open()),
        ("i need to know what's on my calendar", all_open()),
        ("what do i have this weekend", l(ListSpec { due: Some(ListDue::Between(d(3, 14), d(3, 15))), ..open() })),
        ("what's due next week?", l(ListSpec { due: Some(ListDue::Between(d(3, 16), d(3, 22))), ..open() })),
    ];
    check(&cases, &clock());
}

#[test]
fn is_it_on_my_list() {
    let cases: Vec<(&str, Command)> = vec![
        ("is the tax return on my list", search("the tax return")),
        ("is mowing on my to do list?", search("mowing")),
        ("is \"renew license\" an item on my list", search("renew license")),
        ("did i put the vet appointment on my calendar", search("the vet appointment")),
        ("have i added car service to my list yet", search("car service")),
        ("check if paint the shed is on my todo list", search("paint the shed")),
        ("check to see whether the bbq is on my calendar", search("the bbq")),
        ("do i have gym on my list", search("gym")),
    ];
    check(&cases, &clock());
}

#[test]
fn several_todos_at_once() {
    let many = |specs: Vec<A>| Command::AddMany(specs.into_iter().map(|a| a.0).collect());
    let cases: Vec<(&str, Command)> = vec![
        ("add apples, pears and plums", many(vec![a("apples"), a("pears"), a("plums")])),
        ("add soap, towels, and shampoo to my shopping list", many(vec![a("soap"), a("towels"), a("shampoo")])),
        ("add rice, beans and salsa tomorrow", many(vec![a("rice").on(d(3, 11)), a("beans").on(d(3, 11)), a("salsa").on(d(3, 11))])),
        ("pay the phone bill and email grandma on friday", many(vec![a("pay the phone bill"), a("email grandma").on(d(3, 13))])),
        (
            "remind me to water the roses and then feed the cat tonight",
            many(vec![a("water the roses"), a("feed the cat").on(d(3, 10)).at(20, 0)]),
        ),
        // One verb and no comma: one todo.
        ("add research and development report", a("research and development report").into()),
        ("add buy salt and pepper", a("buy salt and pepper").into()),
    ];
    check(&cases, &clock());
}

#[test]
fn bulk_changes_and_their_confirmation() {
    use crate::chat::command::BulkAction::{Complete, Delete};
    let bulk = |action, filter: ListSpec| Command::Bulk { action, filter };
    let tagged = |t: &str| ListSpec { tag: Some(t.into()), ..open() };
    let cases: Vec<(&str, Command)> = vec![
        ("mark everything as done", bulk(Complete, open())),
        ("mark all my tasks complete", bulk(Complete, open())),
        ("complete all of today's todos", bulk(Complete, ListSpec { due: Some(ListDue::Named(DueFilter::Today)), ..open() })),
        ("check off everything on my list", bulk(Complete, open())),
        ("delete all #errands todos", bulk(Delete, tagged("errands"))),
        ("remove every task tagged garden", bulk(Delete, tagged("garden"))),
        ("clear my to do list", bulk(Delete, open())),
        ("please empty my list", bulk(Delete, open())),
        ("delete everything due tomorrow", bulk(Delete, ListSpec { due: Some(ListDue::Named(DueFilter::Tomorrow)), ..open() })),
        // Done todos are cleared at once, as before.
        ("delete all completed tasks", Command::ClearCompleted),
        // One todo is not a bulk change.
        ("delete the garden party", Command::Delete(words("the garden party"))),
        ("yes", Command::Confirm),
        ("yes please", Command::Confirm),
        ("sure, go ahead", Command::Confirm),
    ];
    check(&cases, &clock());
}

#[test]
fn a_date_in_front_of_the_request() {
    let cases: Vec<(&str, Command)> = vec![
        ("tomorrow at 8am, remind me to call the garage", a("call the garage").on(d(3, 11)).at(8, 0).into()),
        ("on my calendar, on march 22 add dad's retirement party", a("dad's retirement party").on(d(3, 22)).into()),
        ("friday, please add pick up the cake", a("pick up the cake").on(d(3, 13)).into()),
        // Words in front that are not a date stay unknown.
        ("whatever, remind me", Command::Unknown),
    ];
    check(&cases, &clock());
}
