//! What a conversation remembers between turns. It is stored with the
//! conversation, so any replica can answer the next message.

use serde::{Deserialize, Serialize};

use super::command::{DateShift, When};
use crate::{Priority, Todo, TodoId};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationState {
    /// The ids of the list shown last, in the order shown: "2" means the second.
    #[serde(default)]
    pub last_list: Vec<TodoId>,
    /// The todo "it" and "that" mean.
    #[serde(default)]
    pub last_referred: Option<TodoId>,
    /// A question waiting for its answer ("which one do you mean?").
    #[serde(default)]
    pub pending: Option<PendingQuestion>,
    /// How to revert the last change this conversation made.
    #[serde(default)]
    pub undo: Option<UndoRecord>,
}

/// "Which one do you mean?": the candidates shown, and what to do to the one
/// chosen; or "Delete all 12 open todos?": what to do to all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingQuestion {
    pub candidates: Vec<TodoId>,
    pub action: TodoAction,
    /// A yes/no question ("Delete all 12 open todos?"): "yes" applies the
    /// action to every candidate; anything else drops it.
    #[serde(default)]
    pub confirm: bool,
}

/// Something to do to one todo, once it is known which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TodoAction {
    Complete,
    Reopen,
    Delete,
    Rename {
        title: String,
    },
    Reschedule {
        date: chrono::NaiveDate,
        time: Option<chrono::NaiveTime>,
    },
    Shift {
        by: DateShift,
    },
    ClearDue,
    SetPriority {
        priority: Priority,
    },
    /// Remind this many minutes before the due time.
    Remind {
        minutes: u32,
    },
    Tag {
        tags: Vec<String>,
    },
    Untag {
        tags: Vec<String>,
    },
    Edit(TodoEdit),
}

/// Fields to set on a todo at once; `None` leaves a field as it is, and
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodoEdit {
    pub title: Option<String>,
    /// A new due date; cleared, the time goes with it.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub due_date: Option<Option<chrono::NaiveDate>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub due_time: Option<Option<chrono::NaiveTime>>,
    pub priority: Option<Priority>,
    /// Replaces the tags.
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub notes: Option<Option<String>>,
    /// Minutes before the due time to remind (0: at the due time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_before: Option<u32>,
}

/// A field written as `null` is `Some(None)` (cleared); one left out is
/// `None` (through `#[serde(default)]`).
fn present<'de, T: Deserialize<'de>, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

impl TodoAction {
    pub fn reschedule(when: When) -> Self {
        Self::Reschedule { date: when.date, time: when.time }
    }
}

/// The inverse of one turn's changes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoRecord {
    /// What the change was, for the reply: "adding “Buy bread”".
    pub description: String,
    pub steps: Vec<UndoStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UndoStep {
    /// Undoes a creation.
    Delete { id: TodoId },
    /// Undoes an update or a deletion: the todo exactly as it was.
    Restore { todo: Box<Todo> },
}
