//! What a message asks for: the command words ("add", "mark … as done",
//! "move … to"), politeness around them, and the whole-message forms
//! (greetings, thanks, help, "undo", a bare "2").

//!
//! One module per job; the word lists live in [`words`], apart from the
//! code that walks them.

mod add;
mod destination;
mod edit;
mod first_person;
mod list;
mod list_words;
mod polite;
mod question;
mod several;
mod social;
mod split;
mod subject;
mod verbs;
mod whole;
mod words;

use super::fields::{self, priority_exact, tag};
use super::refs::{self, text, todo_ref, trim_title};
use super::{reminder, when, Msg, Tok};
use crate::chat::command::{AddSpec, Command, DateShift, ListDue, ListSpec, LocalClock, TodoRef, When};
use crate::{DueFilter, Priority, StatusFilter};

use add::{add, after_reminder_link, title_of};
use destination::{destination_at, find_destination, mark_destinations, names_list, ref_without_place};
use edit::{add_tag, change, delete, mark, remove_tag, reschedule};
use first_person::first_person;
use list::list;
use list_words::*;
use polite::{leading_politeness, trailing_politeness};
use question::{about_the_list, membership};
use several::{clauses, comma_items};
use social::{social, thanks};
use split::{field_of, new_title, possessive_ref, split_at, split_priority, split_tags, split_to, split_when, Field};
use subject::subject_first;
use verbs::{by_verb, tail_is, DONE_TAILS, UNDONE_TAILS};
use whole::{bulk, clear_completed, confirm, undo};
use words::*;

/// Reads a tokenized message.
pub(crate) fn read(m: &Msg, clock: &LocalClock) -> Command {
    let lo = 0;
    let hi = trailing_politeness(m, lo, m.len());
    if hi == lo {
        if m.len() > 0 && thanks(m, 0, m.len()) {
            return Command::Thanks;
        }
        if m.toks.iter().any(|t| t.raw.contains('?')) {
            return Command::Help;
        }
        return Command::Unknown;
    }
    if let Some(c) = social(m, lo, hi) {
        return c;
    }
    let (lo, wanted) = leading_politeness(m, lo, hi);
    if lo >= hi {
        return Command::Unknown;
    }
    if let Some(place) = refs::choice(m, lo, hi) {
        return Command::Choose(place);
    }
    if let Some(c) = social(m, lo, hi) {
        return c;
    }
    match command(m, lo, hi, clock) {
        // "buy milk and call mom tomorrow": clauses that each start with a verb.
        Command::Unknown if wanted || clauses(m, lo, hi).len() > 1 => add(m, lo, hi, clock),
        Command::Unknown => leading_when(m, lo, hi, clock).unwrap_or(Command::Unknown),
        c => c,
    }
}

/// "At 4 tomorrow afternoon, remind me to start the oven", "for the
/// calendar, on february 8 add moms birthday": a date, time or destination
/// in front, set off by a comma, then an add. The date goes to the todo.
fn leading_when(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let comma = (lo..hi).find(|&k| m.toks[k].ends_clause()).filter(|&c| c + 1 < hi)?;
    let rest = leading_politeness(m, comma + 1, hi).0;
    let mut f = fields::scan(m, lo, comma + 1, clock);
    mark_destinations(m, &mut f.used, lo, comma + 1);
    if !(lo..=comma).all(|k| f.used[k] || m.w(k) == "for") || rest >= hi {
        return None;
    }
    // Another date may follow the comma too ("…, on february 8 add …").
    let (rest, when) = match fields::scan(m, rest, hi, clock) {
        g if g.when.is_some() && g.used[rest] => {
            let verb_at = (rest..hi).find(|&k| !g.used[k])?;
            let when = g.when;
            (if m.w(verb_at) == "on" { verb_at + 1 } else { verb_at }, f.when.or(when))
        }
        _ => (rest, f.when),
    };
    let with_when = |spec: AddSpec| AddSpec { when: spec.when.or(when), ..spec };
    match command(m, rest, hi, clock) {
        Command::Add(spec) => Some(Command::Add(with_when(spec))),
        Command::AddMany(specs) => Some(Command::AddMany(specs.into_iter().map(with_when).collect())),
        _ => None,
    }
}

pub(super) fn is_task_noun(w: &str) -> bool {
    TASK_NOUNS.contains(&w)
}

pub(super) fn is_punct_only(t: &Tok) -> bool {
    !t.quoted && matches!(t.raw, "?" | "!" | "." | "," | "?!" | "!?" | "??" | "..." | "…" | ":)" | ":-)" | "-" | "–" | "—")
}

fn command(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Command {
    if let Some(c) = undo(m, lo, hi) {
        return c;
    }
    if let Some((minutes, at)) = reminder::remind_before_todo(m, lo, hi) {
        return Command::Remind { target: todo_ref(m, at, hi), minutes };
    }
    if clear_completed(m, lo, hi) {
        return Command::ClearCompleted;
    }
    if confirm(m, lo, hi) {
        return Command::Confirm;
    }
    if let Some(c) = bulk(m, lo, hi, clock) {
        return c;
    }
    if let Some(spec) = membership(m, lo, hi) {
        return Command::List(spec);
    }
    if let Some(c) = by_verb(m, lo, hi, clock) {
        return c;
    }
    if let Some(c) = subject_first(m, lo, hi, clock) {
        return c;
    }
    if let Some(spec) = list(m, lo, hi, clock).or_else(|| about_the_list(m, lo, hi)) {
        return Command::List(spec);
    }
    Command::Unknown
}
