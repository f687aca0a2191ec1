//! What a chat message asks for, as the parser reads it: the parser's output
//! and the engine's input. Nothing here is resolved against the user's todos
//! yet: a [`TodoRef`] is still words or a position.

use chrono::{Months, NaiveDate, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

use super::state::TodoEdit;
use crate::{DueFilter, DueRange, Priority, StatusFilter, TodoId};

/// The clock of one chat turn, in the user's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalClock {
    pub today: NaiveDate,
    /// Wall-clock time now, to tell whether "at 7am" has already passed today.
    pub time: NaiveTime,
    /// How the user's locale orders numbers-only dates ("6/14").
    pub order: DateOrder,
}

/// The order of month and day in a numbers-only date: "5/31" in en-US,
/// "31/5" in en-GB and most other locales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    MonthFirst,
    DayFirst,
}

impl DateOrder {
    /// The order of a BCP 47 locale ("en-US", "en-GB", "fr"). Month first in
    /// the United States and the places that write dates its way, and for
    /// bare "en" (the default locale is en-US); day first elsewhere. `None`
    /// when `locale` is no language tag.
    pub fn of_locale(locale: &str) -> Option<Self> {
        let mut subtags = locale.split(['-', '_']);
        let language = subtags.next()?;
        let well_formed = (2..=8).contains(&language.len())
            && language.bytes().all(|b| b.is_ascii_alphabetic())
            && locale.split(['-', '_']).all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !well_formed {
            return None;
        }
        // The region is the first later subtag of two letters or three digits.
        let region = subtags.find(|s| {
            (s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic())) || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
        });
        let month_first = match region.map(str::to_ascii_uppercase).as_deref() {
            Some("US" | "PH" | "FM" | "MH" | "PW" | "AS" | "GU" | "MP" | "PR" | "UM" | "VI" | "CA") => true,
            Some(_) => false,
            None => language.eq_ignore_ascii_case("en"),
        };
        Some(if month_first { Self::MonthFirst } else { Self::DayFirst })
    }
}

/// A due moment read from a message ("tomorrow at 5pm", "friday", "by march 3").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

/// How far "push X by 2 days" moves a due date; negative is earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateShift {
    /// Days; "a week" is 7.
    Days(i64),
    /// Calendar months ("a month": the same day next month, or its last day); "a year" is 12.
    Months(i32),
}

impl DateShift {
    /// `date` moved by this much; `None` past the calendar's ends.
    pub fn apply(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Days(days) => date.checked_add_signed(TimeDelta::try_days(days)?),
            Self::Months(months) if months >= 0 => date.checked_add_months(Months::new(months.unsigned_abs())),
            Self::Months(months) => date.checked_sub_months(Months::new(months.unsigned_abs())),
        }
    }

    /// The same distance the other way.
    pub fn reversed(self) -> Self {
        match self {
            Self::Days(days) => Self::Days(-days),
            Self::Months(months) => Self::Months(-months),
        }
    }
}

/// A new todo as the message describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddSpec {
    /// What remains once command words and date, time, priority, tag and
    /// recurrence phrases are taken out; or the quoted part, literally.
    pub title: String,
    pub when: Option<When>,
    pub priority: Option<Priority>,
    /// Without the `#`, lowercase.
    pub tags: Vec<String>,
    /// An RRULE value, e.g. `FREQ=WEEKLY;BYDAY=MO`. With a recurrence and no
    /// explicit date, `when.date` is the first occurrence from today on.
    pub recurrence: Option<String>,
    /// Minutes before the due time to remind ("10 minutes before").
    pub remind_before: Option<u32>,
    /// Only from a tool call (the LLM mode's `add_task`); the parser reads none.
    pub notes: Option<String>,
    /// Words that look like a date or time but could not be read ("feb 30",
    /// "25:00"): they stay in the title, and the reply says so.
    pub unread: Option<String>,
}

/// Which todos a listing asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSpec {
    /// "show my todos" lists open ones; "show completed" completed; "show everything" all.
    pub status: StatusFilter,
    pub due: Option<ListDue>,
    pub priority: Option<Priority>,
    pub tag: Option<String>,
    /// "find milk" / "search for milk".
    pub text: Option<String>,
    /// Show at most this many (the LLM mode's `list_tasks`); never more than
    /// the chat shows anyway.
    pub limit: Option<usize>,
}

/// A listing's due-date filter: a named one ("today", "this week"), or one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListDue {
    Named(DueFilter),
    /// "what's due friday", "show tasks for march 3". The parser names today
    /// and tomorrow instead, so this is another day.
    On(NaiveDate),
    /// "what's due next week" (Monday to Sunday), "this weekend": from the
    /// first day to the last, both included.
    Between(NaiveDate, NaiveDate),
}

impl ListDue {
    pub fn resolve(self, today: NaiveDate) -> DueRange {
        match self {
            Self::Named(filter) => filter.resolve(today),
            Self::On(day) => DueRange::Between(day, day),
            Self::Between(first, last) => DueRange::Between(first, last),
        }
    }
}

/// What a bulk change does to each todo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    Complete,
    Delete,
}

/// A place in a list shown: "2", "#2", "the second one", "the last one".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// 1-based.
    Nth(usize),
    Last,
}

impl Position {
    /// The 0-based index of this place in a list of `len` todos, if it has one.
    pub fn index(self, len: usize) -> Option<usize> {
        match self {
            Self::Nth(n) => n.checked_sub(1).filter(|&i| i < len),
            Self::Last => len.checked_sub(1),
        }
    }
}

/// Which todo a message means, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TodoRef {
    /// A place in the list shown last: "2", "#2", "task 2", "the second one", "the last one".
    Position(Position),
    /// "it", "that", "this": the todo referred to last.
    Pronoun,
    /// Words that name it ("the dentist appointment"), command words removed.
    Words(String),
    /// The todo with this id (tool calls of the LLM mode name todos by id).
    Id(TodoId),
}

/// What one message asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Add(AddSpec),
    /// Several todos in one message ("add milk, eggs and bread"): one turn.
    AddMany(Vec<AddSpec>),
    /// A change to every open todo a filter selects ("mark everything as
    /// done", "delete all #work todos", "clear my list"): asked first.
    Bulk {
        action: BulkAction,
        filter: ListSpec,
    },
    /// "yes": confirms the question asked last.
    Confirm,
    List(ListSpec),
    Complete(TodoRef),
    Reopen(TodoRef),
    Delete(TodoRef),
    Rename {
        target: TodoRef,
        title: String,
    },
    /// "move X to friday", "push X to tomorrow at 9".
    Reschedule {
        target: TodoRef,
        when: When,
    },
    /// "push X by 2 days", "move X back a week": from its own due date
    /// (from today when it has none).
    Shift {
        target: TodoRef,
        by: DateShift,
    },
    /// "remove the due date from X".
    ClearDue(TodoRef),
    SetPriority {
        target: TodoRef,
        priority: Priority,
    },
    /// "tag X with work", "add the tag work to X".
    Tag {
        target: TodoRef,
        tags: Vec<String>,
    },
    /// "remind me 30 minutes before the dentist": its reminder offset.
    Remind {
        target: TodoRef,
        minutes: u32,
    },
    /// "untag X #work", "remove the tag work from X".
    Untag {
        target: TodoRef,
        tags: Vec<String>,
    },
    /// Several fields at once (the LLM mode's `update_task`).
    Edit {
        target: TodoRef,
        edit: TodoEdit,
    },
    ClearCompleted,
    Undo,
    /// A bare answer to a pending question: "1", "the first one", "#2", "the last one".
    /// (A fuller title as an answer arrives as `Unknown` and the engine
    /// matches it against the candidates.)
    Choose(Position),
    Help,
    Greeting,
    Thanks,
    Unknown,
}
