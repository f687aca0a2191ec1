//! What the unit tests of this crate share.

use chrono::{TimeZone, Utc};

use crate::{Priority, Todo, TodoId};

/// A todo with only a title, open or completed, placed at `id` and made at
/// 09:00 UTC on Tuesday 2026-03-10. Tests needing more set it with
/// `Todo { .., ..todo(id, title, completed) }`.
pub fn todo(id: TodoId, title: &str, completed: bool) -> Todo {
    let at = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
    Todo {
        id,
        title: title.to_owned(),
        notes: None,
        completed,
        completed_at: None,
        due_date: None,
        due_time: None,
        priority: Priority::None,
        tags: vec![],
        recurrence: None,
        remind_before: None,
        order: id,
        created_at: at,
        updated_at: at,
    }
}
