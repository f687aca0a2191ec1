//! The todo domain: what a todo is, the rules its fields obey, how a recurring
//! todo moves on, and what a listing can ask for.
//!
//! Pure: nothing here does I/O or reads the clock. "Now" and "today" are
//! arguments, so every date rule is testable with a fixed clock.

mod account;
pub mod chat;
mod error;
mod fields;
mod query;
mod recurrence;
#[cfg(test)]
mod test_fixtures;
mod todo;

pub use account::{parse_signup, NewPassword, Username};
pub use error::{FieldError, ValidationErrors};
pub use fields::{parse_due_date, parse_due_time, parse_order, parse_remind_before, Notes, Priority, Tag, Tags, Title, REMIND_BEFORE_MAX};
pub use query::{search_text, DueFilter, DueRange, SortKey, StatusFilter, TodoFilter, SEARCH_MAX_CHARS};
pub use recurrence::{Advance, Recurrence};
pub use todo::{Completion, NewTodo, OwnerId, Todo, TodoChanges, TodoId};
