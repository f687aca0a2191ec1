//! Field types that are validated once, where input enters, and trusted after.
//! Each `parse` returns a message fit to show a client.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ValidationErrors;

pub const TITLE_MAX_CHARS: usize = 500;
pub const NOTES_MAX_CHARS: usize = 10_000;
pub const TAG_MAX_CHARS: usize = 50;
pub const TAGS_MAX: usize = 20;

/// A todo's title: 1–500 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Title(String);

impl Title {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let title = raw.trim();
        if title.is_empty() {
            return Err("must not be empty".into());
        }
        let chars = title.chars().count();
        if chars > TITLE_MAX_CHARS {
            return Err(format!("must be at most {TITLE_MAX_CHARS} characters (got {chars})"));
        }
        if title.chars().any(char::is_control) {
            return Err("must not contain control characters".into());
        }
        Ok(Self(title.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free-form notes: at most 10,000 characters; newlines and tabs allowed,
/// other control characters (NUL among them) refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Notes(String);

impl Notes {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let chars = raw.chars().count();
        if chars > NOTES_MAX_CHARS {
            return Err(format!("must be at most {NOTES_MAX_CHARS} characters (got {chars})"));
        }
        if raw.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            return Err("must not contain control characters other than newlines and tabs".into());
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One tag, normalised: trimmed, one leading `#` or `@` dropped, lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Tag(String);

impl Tag {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        let bare = trimmed.strip_prefix(['#', '@']).unwrap_or(trimmed);
        let tag = bare.to_lowercase();
        let chars = tag.chars().count();
        if chars == 0 {
            return Err(format!("tag {raw:?} is empty"));
        }
        if chars > TAG_MAX_CHARS {
            return Err(format!("tag {raw:?} is longer than {TAG_MAX_CHARS} characters"));
        }
        if tag.chars().any(|c| c.is_whitespace() || c.is_control() || c == ',') {
            return Err(format!("tag {raw:?} must not contain spaces, commas or control characters"));
        }
        Ok(Self(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// At most 20 distinct tags, in the order first given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Tags(Vec<Tag>);

impl Tags {
    pub fn parse<S: AsRef<str>>(raw: &[S]) -> Result<Self, String> {
        let mut tags: Vec<Tag> = Vec::with_capacity(raw.len().min(TAGS_MAX));
        for item in raw {
            let tag = Tag::parse(item.as_ref())?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > TAGS_MAX {
            return Err(format!("at most {TAGS_MAX} tags are allowed (got {})", tags.len()));
        }
        Ok(Self(tags))
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(Tag::as_str)
    }

    pub fn to_strings(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

/// How much a todo matters. Ordered from least to most urgent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    #[default]
    None,
    Low,
    Medium,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 5] = [Self::None, Self::Low, Self::Medium, Self::High, Self::Urgent];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }

    /// The number stored in the database; higher is more urgent.
    pub fn rank(self) -> i16 {
        self as i16
    }

    pub fn from_rank(rank: i16) -> Option<Self> {
        Self::ALL.get(usize::try_from(rank).ok()?).copied()
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == raw)
            .ok_or_else(|| format!("must be one of none, low, medium, high, urgent (got {raw:?})"))
    }
}

/// The largest manual position: the largest integer a JavaScript client
/// holds exactly, and far from `i64::MAX`, so "after the last" never overflows.
pub const ORDER_MAX: i64 = 9_007_199_254_740_991;

/// A manual position, within ±[`ORDER_MAX`].
pub fn parse_order(order: i64) -> Result<i64, String> {
    if order.abs() > ORDER_MAX {
        return Err(format!("must be between -{ORDER_MAX} and {ORDER_MAX}"));
    }
    Ok(order)
}

/// Longest reminder offset: a week, in minutes.
pub const REMIND_BEFORE_MAX: i64 = 7 * 24 * 60;

/// How many minutes before its due time a todo reminds: 0 (at the due time)
/// to [`REMIND_BEFORE_MAX`].
pub fn parse_remind_before(minutes: i64) -> Result<u32, String> {
    match u32::try_from(minutes) {
        Ok(minutes) if i64::from(minutes) <= REMIND_BEFORE_MAX => Ok(minutes),
        _ => Err(format!("must be a number of minutes from 0 to {REMIND_BEFORE_MAX} (a week)")),
    }
}

/// A due date: strictly `YYYY-MM-DD`, a real calendar day in years 1–9999.
pub fn parse_due_date(raw: &str) -> Result<NaiveDate, String> {
    let shape_ok = raw.len() == 10 && raw.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let date = shape_ok.then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()).flatten();
    match date {
        Some(date) if date.year() >= 1 => Ok(date),
        _ => Err(format!("must be a calendar date written YYYY-MM-DD (got {raw:?})")),
    }
}

/// A due date however it was reached (a date typed, or one the chat
/// counted to, "in 5,000,000 days"): in years 1–9999, which YYYY-MM-DD can write.
pub fn check_due_date_range(date: NaiveDate) -> Result<NaiveDate, ValidationErrors> {
    if (1..=9999).contains(&date.year()) {
        Ok(date)
    } else {
        Err(ValidationErrors::single("due_date", "must be in the years 1 to 9999"))
    }
}

/// A due time: strictly `HH:MM`, 24-hour clock.
pub fn parse_due_time(raw: &str) -> Result<NaiveTime, String> {
    let shape_ok = raw.len() == 5 && raw.bytes().enumerate().all(|(i, b)| if i == 2 { b == b':' } else { b.is_ascii_digit() });
    shape_ok
        .then(|| NaiveTime::parse_from_str(raw, "%H:%M").ok())
        .flatten()
        .ok_or_else(|| format!("must be a 24-hour time written HH:MM (got {raw:?})"))
}

/// Serialises a due time as `HH:MM` (the contract's form).
pub(crate) fn serialize_due_time<S: serde::Serializer>(time: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
    match time {
        Some(t) => s.serialize_str(&format!("{:02}:{:02}", t.hour(), t.minute())),
        None => s.serialize_none(),
    }
}

/// Reads a due time written by [`serialize_due_time`].
pub(crate) fn deserialize_due_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
    Option::<String>::deserialize(d)?.map(|raw| parse_due_time(&raw).map_err(serde::de::Error::custom)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_trimmed_and_bounded() {
        assert_eq!(Title::parse("  buy milk ").unwrap().as_str(), "buy milk");
        assert!(Title::parse("   ").is_err());
        assert!(Title::parse(&"é".repeat(500)).is_ok());
        assert!(Title::parse(&"é".repeat(501)).is_err());
        assert!(Title::parse("a\u{0}b").is_err());
        assert!(Title::parse("line\nbreak").is_err());
        assert_eq!(Title::parse("<img src=x onerror=alert(1)>").unwrap().as_str(), "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn notes_allow_newlines_but_not_nul() {
        assert!(Notes::parse("a\nb\tc\r\n").is_ok());
        assert!(Notes::parse("a\u{0}").is_err());
        assert!(Notes::parse(&"x".repeat(10_000)).is_ok());
        assert!(Notes::parse(&"x".repeat(10_001)).is_err());
    }

    #[test]
    fn tags_are_normalised_and_deduplicated() {
        let tags = Tags::parse(&["#Work", "@home", "work", " Errands "]).unwrap();
        assert_eq!(tags.to_strings(), ["work", "home", "errands"]);
        assert!(Tags::parse(&["two words"]).is_err());
        assert!(Tags::parse(&["#"]).is_err());
        assert!(Tags::parse(&["x".repeat(51)]).is_err());
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert!(Tags::parse(&many).is_err());
        assert!(Tags::parse(&many[..20]).is_ok());
    }

    #[test]
    fn priority_round_trips_through_rank() {
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), Some(p));
            assert_eq!(Priority::parse(p.as_str()), Ok(p));
        }
        assert!(Priority::Urgent > Priority::High);
        assert!(Priority::parse("critical").is_err());
        assert_eq!(Priority::from_rank(9), None);
    }

    #[test]
    fn order_stays_far_from_overflow() {
        assert_eq!(parse_order(-5), Ok(-5));
        assert!(parse_order(ORDER_MAX).is_ok());
        assert!(parse_order(ORDER_MAX + 1).is_err());
        assert!(parse_order(i64::MIN + 1).is_err());
    }

    #[test]
    fn due_dates_and_times_are_strict() {
        assert_eq!(parse_due_date("2026-03-15").unwrap(), NaiveDate::from_ymd_opt(2026, 3, 15).unwrap());
        for bad in ["2026-02-30", "2026-3-15", "tomorrow", "+2026-03-15", "20260315", "0000-01-01", ""] {
            assert!(parse_due_date(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_due_time("17:05").unwrap(), NaiveTime::from_hms_opt(17, 5, 0).unwrap());
        for bad in ["25:00", "5pm", "17:5", "17:05:00", "1705", "24:00"] {
            assert!(parse_due_time(bad).is_err(), "{bad}");
        }
    }
}
