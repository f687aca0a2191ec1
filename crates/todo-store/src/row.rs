use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::types::Json;
use todo_core::chat::{Action, Intent};
use todo_core::{Priority, Todo};

use crate::events::{EventBody, EventKind, TodoEvent};
use crate::{StoreError, StoredMessage};

/// The columns every query selects, in [`TodoRow`]'s order.
pub(crate) const TODO_COLUMNS: &str =
    "id, title, notes, completed, completed_at, due_date, due_time, priority, tags, recurrence, remind_before, position, created_at, updated_at";

/// A `todos` row; the same column types decode on SQLite and PostgreSQL.
#[derive(sqlx::FromRow)]
pub(crate) struct TodoRow {
    id: i64,
    title: String,
    notes: Option<String>,
    completed: bool,
    completed_at: Option<DateTime<Utc>>,
    due_date: Option<NaiveDate>,
    due_time: Option<NaiveTime>,
    priority: i16,
    tags: Json<Vec<String>>,
    recurrence: Option<String>,
    remind_before: Option<i32>,
    position: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<TodoRow> for Todo {
    fn from(row: TodoRow) -> Self {
        Todo {
            id: row.id,
            title: row.title,
            notes: row.notes,
            completed: row.completed,
            completed_at: row.completed_at,
            due_date: row.due_date,
            due_time: row.due_time,
            priority: Priority::from_rank(row.priority).unwrap_or_default(),
            tags: row.tags.0,
            recurrence: row.recurrence,
            remind_before: row.remind_before.and_then(|m| u32::try_from(m).ok()),
            order: row.position,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A `messages` row.
#[derive(sqlx::FromRow)]
pub(crate) struct MessageRow {
    id: i64,
    role: String,
    text: String,
    intent: Option<String>,
    actions: Json<Vec<Action>>,
    suggestions: Json<Vec<String>>,
    created_at: DateTime<Utc>,
}

impl From<MessageRow> for StoredMessage {
    fn from(row: MessageRow) -> Self {
        StoredMessage {
            id: row.id,
            role: row.role,
            text: row.text,
            intent: row.intent.as_deref().and_then(Intent::parse),
            actions: row.actions.0,
            suggestions: row.suggestions.0,
            created_at: row.created_at,
        }
    }
}

/// A `todo_events` row.
#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub(crate) id: i64,
    kind: String,
    body: Json<EventBody>,
    created_at: DateTime<Utc>,
}

impl TryFrom<EventRow> for TodoEvent {
    type Error = StoreError;

    fn try_from(row: EventRow) -> Result<Self, StoreError> {
        let kind = EventKind::parse(&row.kind)
            .ok_or_else(|| StoreError::Database(sqlx::Error::Decode(format!("unknown event kind {:?}", row.kind).into())))?;
        Ok(TodoEvent { id: row.id, kind, body: row.body.0, created_at: row.created_at })
    }
}
