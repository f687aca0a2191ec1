//! What a listing of todos can ask for, resolved against the caller's day.

use chrono::{Days, NaiveDate};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::{Priority, Tag, Todo};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusFilter {
    Open,
    Completed,
    #[default]
    All,
}

/// Due-date filters as a client names them; [`DueFilter::resolve`] turns one
/// into dates once the caller's day is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DueFilter {
    /// Open todos due before today.
    Overdue,
    Today,
    Tomorrow,
    /// The seven days starting today.
    Week,
    /// Todos without a due date.
    None,
}

/// A due-date filter in dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueRange {
    /// Open todos due before this day.
    OpenBefore(NaiveDate),
    /// Due on a day from the first to the second, both included.
    Between(NaiveDate, NaiveDate),
    Undated,
}

impl DueFilter {
    pub fn resolve(self, today: NaiveDate) -> DueRange {
        match self {
            Self::Overdue => DueRange::OpenBefore(today),
            Self::Today => DueRange::Between(today, today),
            Self::Tomorrow => {
                let tomorrow = today + Days::new(1);
                DueRange::Between(tomorrow, tomorrow)
            }
            Self::Week => DueRange::Between(today, today + Days::new(6)),
            Self::None => DueRange::Undated,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortKey {
    /// Manual order.
    #[default]
    Order,
    /// Earliest due first; todos without a due date last.
    Due,
    /// Most urgent first.
    Priority,
    /// Oldest first.
    Created,
}

/// Which of an owner's todos a listing or a bulk delete selects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodoFilter {
    pub status: StatusFilter,
    pub due: Option<DueRange>,
    pub tag: Option<Tag>,
    pub priority: Option<Priority>,
    /// Case-insensitive substring of the title or the notes.
    pub text: Option<String>,
}

impl TodoFilter {
    /// Whether `todo` is selected: the same rules as the stores' SQL, for
    /// todos already in memory (the chat plans from those).
    pub fn matches(&self, todo: &Todo) -> bool {
        let status = match self.status {
            StatusFilter::Open => !todo.completed,
            StatusFilter::Completed => todo.completed,
            StatusFilter::All => true,
        };
        let due = match self.due {
            None => true,
            Some(DueRange::OpenBefore(day)) => !todo.completed && todo.due_date.is_some_and(|d| d < day),
            Some(DueRange::Between(first, last)) => todo.due_date.is_some_and(|d| first <= d && d <= last),
            Some(DueRange::Undated) => todo.due_date.is_none(),
        };
        let tag = self.tag.as_ref().is_none_or(|tag| todo.tags.iter().any(|t| t == tag.as_str()));
        let priority = self.priority.is_none_or(|p| todo.priority == p);
        let text = self.text.as_ref().is_none_or(|text| search_text(&todo.title, todo.notes.as_deref()).contains(&text.to_lowercase()));
        status && due && tag && priority && text
    }
}

/// The longest text a search may look for, in characters. A person's search
/// is a few words; the cap keeps what one search costs the database small
/// (issue 16: 3,000-character searches over long notes).
pub const SEARCH_MAX_CHARS: usize = 200;

/// What a text search looks in: title and notes, lowercased with Unicode
/// rules, so that every store matches "école" in "ÉCOLE" alike.
pub fn search_text(title: &str, notes: Option<&str>) -> String {
    let mut text = title.to_lowercase();
    if let Some(notes) = notes {
        text.push('\n');
        text.push_str(&notes.to_lowercase());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures;

    fn todo(completed: bool, due: Option<NaiveDate>, tags: &[&str], priority: Priority, notes: Option<&str>) -> Todo {
        Todo {
            notes: notes.map(str::to_owned),
            due_date: due,
            priority,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..test_fixtures::todo(1, "Réunion à l'ÉCOLE", completed)
        }
    }

    #[test]
    fn filters_select_todos_in_memory_like_the_stores() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let yesterday = NaiveDate::from_ymd_opt(2026, 3, 9);
        let overdue = TodoFilter { due: Some(DueFilter::Overdue.resolve(today)), ..TodoFilter::default() };
        assert!(overdue.matches(&todo(false, yesterday, &[], Priority::None, None)));
        assert!(!overdue.matches(&todo(true, yesterday, &[], Priority::None, None)), "a done todo is not overdue");
        assert!(!overdue.matches(&todo(false, None, &[], Priority::None, None)));
        let week = TodoFilter { due: Some(DueFilter::Week.resolve(today)), status: StatusFilter::Open, ..TodoFilter::default() };
        assert!(week.matches(&todo(false, NaiveDate::from_ymd_opt(2026, 3, 16), &[], Priority::None, None)));
        assert!(!week.matches(&todo(false, NaiveDate::from_ymd_opt(2026, 3, 17), &[], Priority::None, None)));
        let tagged = TodoFilter { tag: Some(Tag::parse("#Work").unwrap()), priority: Some(Priority::High), ..TodoFilter::default() };
        assert!(tagged.matches(&todo(false, None, &["work"], Priority::High, None)));
        assert!(!tagged.matches(&todo(false, None, &["work"], Priority::Low, None)));
        let text = TodoFilter { text: Some("école".into()), ..TodoFilter::default() };
        assert!(text.matches(&todo(false, None, &[], Priority::None, None)), "Unicode case folding");
        let in_notes = TodoFilter { text: Some("OAT".into()), ..TodoFilter::default() };
        assert!(in_notes.matches(&todo(false, None, &[], Priority::None, Some("oat milk"))));
    }

    #[test]
    fn due_filters_resolve_around_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 29).unwrap();
        let jan = |d| NaiveDate::from_ymd_opt(2027, 1, d).unwrap();
        assert_eq!(DueFilter::Overdue.resolve(today), DueRange::OpenBefore(today));
        assert_eq!(DueFilter::Today.resolve(today), DueRange::Between(today, today));
        assert_eq!(DueFilter::Week.resolve(today), DueRange::Between(today, jan(4)));
        let new_years_eve = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(DueFilter::Tomorrow.resolve(new_years_eve), DueRange::Between(jan(1), jan(1)));
    }
}
