//! What a listing of todos can ask for, resolved against the caller's day.

use chrono::{Days, NaiveDate};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::{Priority, Tag};

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
