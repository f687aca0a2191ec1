//! What a chat turn decides (a [`TurnPlan`]) and what applying it did
//! ([`Applied`]), from which the conversation's next state and the answer's
//! actions follow.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::state::{ConversationState, PendingQuestion, UndoRecord, UndoStep};
use crate::{Completion, NewTodo, Todo, TodoChanges, TodoId};

/// What the message was taken to mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    Add,
    List,
    Complete,
    Reopen,
    Delete,
    Update,
    ClearCompleted,
    Undo,
    Clarify,
    Help,
    Greeting,
    Unknown,
}

impl Intent {
    const ALL: [Intent; 12] = [
        Self::Add,
        Self::List,
        Self::Complete,
        Self::Reopen,
        Self::Delete,
        Self::Update,
        Self::ClearCompleted,
        Self::Undo,
        Self::Clarify,
        Self::Help,
        Self::Greeting,
        Self::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::List => "list",
            Self::Complete => "complete",
            Self::Reopen => "reopen",
            Self::Delete => "delete",
            Self::Update => "update",
            Self::ClearCompleted => "clear_completed",
            Self::Undo => "undo",
            Self::Clarify => "clarify",
            Self::Help => "help",
            Self::Greeting => "greeting",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|intent| intent.as_str() == name)
    }
}

/// What happened to the todos an action carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Created,
    Updated,
    Completed,
    Reopened,
    Deleted,
    Listed,
}

impl ActionKind {
    /// An update, named by what it did to completion.
    pub fn of_completion(completion: Completion) -> Self {
        match completion {
            Completion::Completed | Completion::Advanced => Self::Completed,
            Completion::Reopened => Self::Reopened,
            Completion::Unchanged => Self::Updated,
        }
    }

    /// Putting `restored` back over `before` (none: it had been deleted).
    pub fn of_restore(before: Option<&Todo>, restored: &Todo) -> Self {
        match before {
            None => Self::Created,
            Some(before) if !before.completed && restored.completed => Self::Completed,
            Some(before) if before.completed && !restored.completed => Self::Reopened,
            Some(_) => Self::Updated,
        }
    }
}

/// One change to the user's todos. A plan's changes are applied in order, in
/// one transaction.
#[derive(Debug, Clone)]
pub enum Change {
    Create(NewTodo),
    Update {
        id: TodoId,
        changes: TodoChanges,
    },
    Delete {
        id: TodoId,
    },
    /// Puts a todo back exactly as it was (undo), re-creating it if deleted.
    Restore(Box<Todo>),
}

/// Everything a turn decided, before it is applied.
#[derive(Debug, Clone)]
pub struct TurnPlan {
    pub intent: Intent,
    pub reply: String,
    pub changes: Vec<Change>,
    /// The todos shown, in order, when the turn shows a list.
    pub listed: Option<Vec<TodoId>>,
    pub suggestions: Vec<String>,
    /// The todo the turn was about, for a later "it".
    pub referred: Option<TodoId>,
    pub pending: Option<PendingQuestion>,
    /// How the changes read in "Undid …", e.g. "adding “Buy bread”".
    pub undo_description: Option<String>,
    /// This turn reverts the previous change; nothing is left to undo after it.
    pub reverts: bool,
}

impl TurnPlan {
    /// A turn that changes nothing.
    pub fn answer(intent: Intent, reply: impl Into<String>) -> Self {
        Self {
            intent,
            reply: reply.into(),
            changes: Vec::new(),
            listed: None,
            suggestions: Vec::new(),
            referred: None,
            pending: None,
            undo_description: None,
            reverts: false,
        }
    }

    pub fn with_suggestions(mut self, suggestions: &[&str]) -> Self {
        self.suggestions = suggestions.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// The conversation's state once the plan has been applied as `applied`.
    pub fn next_state(&self, previous: &ConversationState, applied: &[Applied]) -> ConversationState {
        let undo = if self.reverts {
            None
        } else if applied.is_empty() {
            previous.undo.clone()
        } else {
            Some(UndoRecord {
                description: self.undo_description.clone().unwrap_or_else(|| "the last change".to_owned()),
                steps: applied.iter().rev().filter_map(Applied::inverse).collect(),
            })
        };
        let created = match applied {
            [one] if one.kind == ActionKind::Created => one.after.as_ref().map(|t| t.id),
            _ => None,
        };
        ConversationState {
            last_list: self.listed.clone().unwrap_or_else(|| previous.last_list.clone()),
            last_referred: created.or(self.referred).or(previous.last_referred),
            pending: self.pending.clone(),
            undo,
        }
    }
}

/// What applying one [`Change`] did: the todo before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub kind: ActionKind,
    pub before: Option<Todo>,
    pub after: Option<Todo>,
}

impl Applied {
    fn inverse(&self) -> Option<UndoStep> {
        match (&self.before, &self.after) {
            (Some(before), _) => Some(UndoStep::Restore { todo: Box::new(before.clone()) }),
            (None, Some(after)) => Some(UndoStep::Delete { id: after.id }),
            (None, None) => None,
        }
    }
}

/// A group of todos that one thing happened to, for the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    #[serde(rename = "type")]
    pub kind: ActionKind,
    pub todos: Vec<Todo>,
}

/// The answer's actions: what the changes did (consecutive changes of one
/// kind grouped), then the list shown, if any, in the order shown.
pub fn actions(applied: &[Applied], listed: Option<Vec<Todo>>) -> Vec<Action> {
    let mut actions: Vec<Action> = Vec::new();
    for change in applied {
        let todo = match change.kind {
            ActionKind::Deleted => change.before.clone(),
            _ => change.after.clone(),
        };
        let Some(todo) = todo else { continue };
        match actions.last_mut() {
            Some(last) if last.kind == change.kind => last.todos.push(todo),
            _ => actions.push(Action { kind: change.kind, todos: vec![todo] }),
        }
    }
    if let Some(todos) = listed {
        actions.push(Action { kind: ActionKind::Listed, todos });
    }
    actions
}
