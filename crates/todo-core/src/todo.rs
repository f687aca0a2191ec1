//! A todo, the validated input that creates one, and the changes that update one.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::fields::{check_due_date_range, deserialize_due_time, serialize_due_time};
use crate::{Advance, Notes, Priority, Recurrence, Tags, Title, ValidationErrors};

pub type TodoId = i64;

/// Whose data a row is. Every store operation is scoped by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OwnerId(pub i64);

/// A todo as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Todo {
    /// Assigned by the server, never reused.
    #[schema(example = 1, minimum = 1)]
    pub id: TodoId,
    #[schema(example = "Call mom", min_length = 1, max_length = 500)]
    pub title: String,
    // Optional fields are always present in a todo (null when unset): required in the schema.
    #[schema(max_length = 10000, required = true)]
    pub notes: Option<String>,
    pub completed: bool,
    /// When the todo was last completed; for a recurring todo, its last completion.
    #[schema(required = true)]
    pub completed_at: Option<DateTime<Utc>>,
    /// A floating calendar date in the user's time zone.
    #[schema(value_type = Option<String>, format = Date, example = "2026-03-11", required = true)]
    pub due_date: Option<NaiveDate>,
    /// 24-hour wall-clock time; only together with `due_date`.
    #[serde(serialize_with = "serialize_due_time", deserialize_with = "deserialize_due_time")]
    #[schema(value_type = Option<String>, pattern = "^[0-2][0-9]:[0-5][0-9]$", example = "17:00", required = true)]
    pub due_time: Option<NaiveTime>,
    pub priority: Priority,
    #[schema(example = json!(["family"]))]
    pub tags: Vec<String>,
    /// An RFC 5545 RRULE value.
    #[schema(example = "FREQ=WEEKLY;BYDAY=MO", required = true)]
    pub recurrence: Option<String>,
    /// Remind this many minutes before the due time (0: at the due time);
    /// null: no reminder offset set (clients remind at the due time). Has an
    /// effect only on a todo with a `due_time`.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10080, example = 30, required = true)]
    pub remind_before: Option<u32>,
    /// Manual position; new todos go last.
    pub order: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A validated new todo. Build it with [`NewTodo::new`], set fields, then
/// [`NewTodo::finish`] checks the rules between fields.
#[derive(Debug, Clone)]
pub struct NewTodo {
    pub title: Title,
    pub notes: Option<Notes>,
    pub completed: bool,
    pub due_date: Option<NaiveDate>,
    pub due_time: Option<NaiveTime>,
    pub priority: Priority,
    pub tags: Tags,
    pub recurrence: Option<Recurrence>,
    pub remind_before: Option<u32>,
    /// `None`: after the owner's last todo.
    pub order: Option<i64>,
}

impl NewTodo {
    pub fn new(title: Title) -> Self {
        Self {
            title,
            notes: None,
            completed: false,
            due_date: None,
            due_time: None,
            priority: Priority::None,
            tags: Tags::default(),
            recurrence: None,
            remind_before: None,
            order: None,
        }
    }

    /// Checks the rules between fields and fills in what follows from them: a
    /// recurring todo without a due date is due on its first occurrence from
    /// `today` on.
    pub fn finish(mut self, today: NaiveDate) -> Result<Self, ValidationErrors> {
        if self.due_date.is_none() {
            if let Some(rule) = &self.recurrence {
                self.due_date = rule.first_on_or_after(today);
            }
        }
        if self.due_time.is_some() && self.due_date.is_none() {
            return Err(ValidationErrors::single("due_time", "needs a due_date"));
        }
        self.due_date.map(check_due_date_range).transpose()?;
        Ok(self)
    }
}

/// The fields a change sets. `None`: unchanged; `Some(None)`: cleared.
#[derive(Debug, Clone, Default)]
pub struct TodoChanges {
    pub title: Option<Title>,
    pub notes: Option<Option<Notes>>,
    pub completed: Option<bool>,
    pub due_date: Option<Option<NaiveDate>>,
    pub due_time: Option<Option<NaiveTime>>,
    pub priority: Option<Priority>,
    pub tags: Option<Tags>,
    pub recurrence: Option<Option<Recurrence>>,
    pub remind_before: Option<Option<u32>>,
    pub order: Option<i64>,
}

/// What a change did to a todo's completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    Unchanged,
    Completed,
    /// A recurring todo was completed and moved to its next occurrence.
    Advanced,
    Reopened,
}

impl Todo {
    /// The todo after `changes`, made at `now` by someone whose day is `today`.
    /// Nothing is stored: the caller writes the result.
    pub fn apply(&self, changes: TodoChanges, now: DateTime<Utc>, today: NaiveDate) -> Result<(Todo, Completion), ValidationErrors> {
        let mut next = self.clone();
        if let Some(title) = changes.title {
            next.title = title.as_str().to_owned();
        }
        if let Some(notes) = changes.notes {
            next.notes = notes.map(|n| n.as_str().to_owned());
        }
        if let Some(priority) = changes.priority {
            next.priority = priority;
        }
        if let Some(tags) = changes.tags {
            next.tags = tags.to_strings();
        }
        if let Some(recurrence) = changes.recurrence {
            next.recurrence = recurrence.map(|r| r.as_str().to_owned());
        }
        if let Some(remind_before) = changes.remind_before {
            next.remind_before = remind_before;
        }
        if let Some(order) = changes.order {
            next.order = order;
        }
        if let Some(due_date) = changes.due_date {
            due_date.map(check_due_date_range).transpose()?;
            next.due_date = due_date;
            if due_date.is_none() {
                next.due_time = None;
            }
        }
        if let Some(due_time) = changes.due_time {
            next.due_time = due_time;
        }
        if next.due_time.is_some() && next.due_date.is_none() {
            return Err(ValidationErrors::single("due_time", "needs a due_date"));
        }
        let completion = match changes.completed {
            Some(true) if !self.completed => next.complete(now, today),
            Some(false) if self.completed => {
                next.completed = false;
                next.completed_at = None;
                Completion::Reopened
            }
            _ => Completion::Unchanged,
        };
        next.updated_at = now;
        Ok((next, completion))
    }

    /// Completes the todo; a recurring one moves on to its next occurrence instead.
    fn complete(&mut self, now: DateTime<Utc>, today: NaiveDate) -> Completion {
        self.completed_at = Some(now);
        let advance =
            self.recurrence.as_deref().and_then(|rule| Recurrence::parse(rule).ok()).map(|rule| rule.advance(self.due_date, today));
        match advance {
            Some(Advance::Next { due_date, rule }) => {
                self.due_date = Some(due_date);
                self.recurrence = Some(rule.as_str().to_owned());
                Completion::Advanced
            }
            Some(Advance::Finished) | None => {
                self.completed = true;
                Completion::Completed
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, 13, 0, 0).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
    }

    fn todo() -> Todo {
        Todo {
            notes: Some("balcony".into()),
            due_date: NaiveDate::from_ymd_opt(2026, 3, 12),
            due_time: NaiveTime::from_hms_opt(9, 30, 0),
            priority: Priority::Low,
            tags: vec!["home".into()],
            order: 3,
            ..test_fixtures::todo(1, "Water plants", false)
        }
    }

    #[test]
    fn clearing_the_date_clears_the_time() {
        let changes = TodoChanges { due_date: Some(None), ..Default::default() };
        let (next, _) = todo().apply(changes, now(), today()).unwrap();
        assert_eq!((next.due_date, next.due_time), (None, None));
    }

    #[test]
    fn a_time_without_a_date_is_refused() {
        let changes = TodoChanges { due_date: Some(None), due_time: NaiveTime::from_hms_opt(8, 0, 0).map(Some), ..Default::default() };
        let err = todo().apply(changes, now(), today()).unwrap_err();
        assert_eq!(err.0[0].field, "due_time");
    }

    #[test]
    fn completing_and_reopening() {
        let (done, c) = todo().apply(TodoChanges { completed: Some(true), ..Default::default() }, now(), today()).unwrap();
        assert_eq!(c, Completion::Completed);
        assert!(done.completed);
        assert_eq!(done.completed_at, Some(now()));
        let (again, c) = done.apply(TodoChanges { completed: Some(true), ..Default::default() }, now(), today()).unwrap();
        assert_eq!(c, Completion::Unchanged);
        assert_eq!(again.completed_at, Some(now()));
        let (open, c) = done.apply(TodoChanges { completed: Some(false), ..Default::default() }, now(), today()).unwrap();
        assert_eq!(c, Completion::Reopened);
        assert!(!open.completed);
        assert_eq!(open.completed_at, None);
    }

    #[test]
    fn completing_a_recurring_todo_moves_its_date() {
        let recurring = Todo { recurrence: Some("FREQ=WEEKLY;BYDAY=TH".into()), ..todo() };
        let (next, c) = recurring.apply(TodoChanges { completed: Some(true), ..Default::default() }, now(), today()).unwrap();
        assert_eq!(c, Completion::Advanced);
        assert!(!next.completed);
        assert_eq!(next.completed_at, Some(now()));
        assert_eq!(next.due_date, NaiveDate::from_ymd_opt(2026, 3, 19));
        assert_eq!(next.due_time, recurring.due_time);
    }

    #[test]
    fn a_new_recurring_todo_starts_at_its_first_occurrence() {
        let mut new = NewTodo::new(Title::parse("Standup").unwrap());
        new.recurrence = Some(Recurrence::parse("FREQ=WEEKLY;BYDAY=FR").unwrap());
        let new = new.finish(today()).unwrap();
        assert_eq!(new.due_date, NaiveDate::from_ymd_opt(2026, 3, 13));
    }

    #[test]
    fn a_new_todo_needs_a_date_for_its_time() {
        let mut new = NewTodo::new(Title::parse("Call").unwrap());
        new.due_time = NaiveTime::from_hms_opt(17, 0, 0);
        assert!(new.finish(today()).is_err());
    }

    #[test]
    fn serialises_due_time_as_hours_and_minutes() {
        let json = serde_json_like(&todo());
        assert!(json.contains("\"due_time\":\"09:30\""), "{json}");
        assert!(json.contains("\"due_date\":\"2026-03-12\""), "{json}");
        assert!(json.contains("\"priority\":\"low\""), "{json}");
    }

    fn serde_json_like(todo: &Todo) -> String {
        serde_json::to_string(todo).unwrap()
    }
}
