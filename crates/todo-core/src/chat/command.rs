//! What a chat message asks for, as the parser reads it: the parser's output
//! and the engine's input. Nothing here is resolved against the user's todos
//! yet: a [`TodoRef`] is still words or a position.

use chrono::{NaiveDate, NaiveTime};

use super::state::TodoEdit;
use crate::{DueFilter, Priority, StatusFilter, TodoId};

/// The clock of one chat turn, in the user's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalClock {
    pub today: NaiveDate,
    /// Wall-clock time now, to tell whether "at 7am" has already passed today.
    pub time: NaiveTime,
}

/// A due moment read from a message ("tomorrow at 5pm", "friday", "by march 3").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
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
}

/// Which todos a listing asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSpec {
    /// "show my todos" lists open ones; "show completed" completed; "show everything" all.
    pub status: StatusFilter,
    pub due: Option<DueFilter>,
    pub priority: Option<Priority>,
    pub tag: Option<String>,
    /// "find milk" / "search for milk".
    pub text: Option<String>,
}

/// Which todo a message means, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TodoRef {
    /// 1-based position in the list shown last: "2", "#2", "task 2", "the second one".
    Position(usize),
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
    /// Several fields at once (the LLM mode's `update_task`).
    Edit {
        target: TodoRef,
        edit: TodoEdit,
    },
    ClearCompleted,
    Undo,
    /// A bare answer to a pending question: "1", "the first one", "#2".
    /// (A fuller title as an answer arrives as `Unknown` and the engine
    /// matches it against the candidates.)
    Choose(usize),
    Help,
    Greeting,
    Thanks,
    Unknown,
}
