//! Recurring todos: an RFC 5545 RRULE value, and where the due date goes when
//! a recurring todo is completed.

use chrono::{Days, NaiveDate, TimeZone};
use rrule::{Frequency, RRule, Tz, Unvalidated};
use serde::Serialize;

/// A validated RRULE value such as `FREQ=WEEKLY;BYDAY=MO`, without `DTSTART`.
///
/// Only daily or coarser frequencies are accepted: a todo is due on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Recurrence(String);

/// What completing a recurring todo does to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advance {
    /// It stays open, due on `due_date`; `rule` is the rule from there on
    /// (a `COUNT` is decreased by the occurrence just completed).
    Next { due_date: NaiveDate, rule: Recurrence },
    /// The rule has no further occurrence: the todo is done for good.
    Finished,
}

impl Recurrence {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        let value = trimmed.strip_prefix("RRULE:").or_else(|| trimmed.strip_prefix("rrule:")).unwrap_or(trimmed).to_ascii_uppercase();
        if value.is_empty() {
            return Err("must be an RRULE such as FREQ=WEEKLY;BYDAY=MO".into());
        }
        if value.contains("DTSTART") || value.contains('\n') {
            return Err("must be a single RRULE value without DTSTART".into());
        }
        let rule = Self::parse_rule(&value)?;
        if matches!(rule.get_freq(), Frequency::Hourly | Frequency::Minutely | Frequency::Secondly) {
            return Err("must repeat daily or less often (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)".into());
        }
        if rule.get_interval() == 0 {
            return Err("INTERVAL must be a positive number".into());
        }
        // Validation needs a start; any date shows whether the rule is coherent.
        rule.validate(midnight(NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")))
            .map_err(|e| format!("is not a valid RRULE: {e}"))?;
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn parse_rule(value: &str) -> Result<RRule<Unvalidated>, String> {
        value.parse::<RRule<Unvalidated>>().map_err(|e| format!("is not a valid RRULE: {e}"))
    }

    /// The todo was due on `due` (or had no due date) and was completed on
    /// `today`: the next occurrence after the due date, or after today when
    /// the todo was overdue or undated. The series is anchored at `due`.
    pub fn advance(&self, due: Option<NaiveDate>, today: NaiveDate) -> Advance {
        let Ok(rule) = Self::parse_rule(&self.0) else {
            return Advance::Finished;
        };
        // Occurrences on or after this day count; an overdue todo skips the missed ones.
        let earliest = match due {
            Some(due) if due >= today => due + Days::new(1),
            Some(_) => today + Days::new(1),
            None => today,
        };
        let remaining = rule.get_count().map(|count| count.saturating_sub(1));
        if remaining == Some(0) {
            return Advance::Finished;
        }
        match first_occurrence(&rule, due.unwrap_or(today), earliest) {
            Some(next) => {
                let rule = match remaining {
                    Some(count) => rule.count(count).to_string(),
                    None => self.0.clone(),
                };
                Advance::Next { due_date: next, rule: Self(rule) }
            }
            None => Advance::Finished,
        }
    }

    /// The first day on or after `today` that the rule falls on: where a new
    /// recurring todo without a due date starts.
    pub fn first_on_or_after(&self, today: NaiveDate) -> Option<NaiveDate> {
        first_occurrence(&Self::parse_rule(&self.0).ok()?, today, today)
    }
}

/// The first occurrence on or after `earliest` of `rule` anchored at `anchor`.
/// The rrule iterator bounds its own search, so an impossible rule ends with none.
fn first_occurrence(rule: &RRule<Unvalidated>, anchor: NaiveDate, earliest: NaiveDate) -> Option<NaiveDate> {
    let set = rule.clone().build(midnight(anchor)).ok()?;
    set.after(midnight(earliest)).all(1).dates.first().map(|dt| dt.date_naive())
}

fn midnight(date: NaiveDate) -> chrono::DateTime<Tz> {
    Tz::UTC.from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn next(rule: &str, due: Option<NaiveDate>, today: NaiveDate) -> Advance {
        Recurrence::parse(rule).unwrap().advance(due, today)
    }

    fn next_date(rule: &str, due: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
        match next(rule, due, today) {
            Advance::Next { due_date, .. } => due_date,
            Advance::Finished => panic!("{rule} finished"),
        }
    }

    #[test]
    fn parses_and_normalises_rules() {
        assert_eq!(Recurrence::parse("freq=weekly;byday=mo").unwrap().as_str(), "FREQ=WEEKLY;BYDAY=MO");
        assert_eq!(Recurrence::parse("RRULE:FREQ=DAILY").unwrap().as_str(), "FREQ=DAILY");
        for bad in [
            "",
            "FREQ=SOMETIMES",
            "BYDAY=MO",
            "FREQ=HOURLY",
            "FREQ=DAILY;INTERVAL=0",
            "hello",
            "DTSTART:20200101T000000Z\nRRULE:FREQ=DAILY",
        ] {
            assert!(Recurrence::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn weekly_moves_to_the_next_weekday() {
        // 2026-03-16 is a Monday.
        assert_eq!(next_date("FREQ=WEEKLY;BYDAY=MO", Some(d(2026, 3, 16)), d(2026, 3, 16)), d(2026, 3, 23));
        // Completed early, on the Friday before: still the Monday after the due date.
        assert_eq!(next_date("FREQ=WEEKLY;BYDAY=MO", Some(d(2026, 3, 16)), d(2026, 3, 13)), d(2026, 3, 23));
    }

    #[test]
    fn overdue_skips_to_after_today() {
        assert_eq!(next_date("FREQ=DAILY", Some(d(2026, 3, 1)), d(2026, 3, 10)), d(2026, 3, 11));
        assert_eq!(next_date("FREQ=WEEKLY;BYDAY=MO", Some(d(2026, 3, 2)), d(2026, 3, 10)), d(2026, 3, 16));
    }

    #[test]
    fn undated_starts_from_today() {
        // 2026-03-10 is a Tuesday.
        assert_eq!(next_date("FREQ=WEEKLY;BYDAY=FR", None, d(2026, 3, 10)), d(2026, 3, 13));
        assert_eq!(next_date("FREQ=WEEKLY;BYDAY=TU", None, d(2026, 3, 10)), d(2026, 3, 10));
    }

    #[test]
    fn intervals_months_and_year_ends() {
        assert_eq!(next_date("FREQ=WEEKLY;INTERVAL=2", Some(d(2026, 12, 28)), d(2026, 12, 28)), d(2027, 1, 11));
        assert_eq!(next_date("FREQ=MONTHLY", Some(d(2026, 1, 15)), d(2026, 1, 15)), d(2026, 2, 15));
        assert_eq!(next_date("FREQ=MONTHLY;BYMONTHDAY=-1", Some(d(2026, 1, 31)), d(2026, 1, 31)), d(2026, 2, 28));
        assert_eq!(next_date("FREQ=YEARLY", Some(d(2024, 2, 29)), d(2024, 2, 29)), d(2028, 2, 29));
        assert_eq!(next_date("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", Some(d(2026, 3, 13)), d(2026, 3, 13)), d(2026, 3, 16));
    }

    #[test]
    fn count_runs_out() {
        match next("FREQ=DAILY;COUNT=3", Some(d(2026, 3, 10)), d(2026, 3, 10)) {
            Advance::Next { due_date, rule } => {
                assert_eq!(due_date, d(2026, 3, 11));
                assert!(rule.as_str().contains("COUNT=2"), "{}", rule.as_str());
                assert_eq!(
                    rule.advance(Some(due_date), due_date),
                    Advance::Next {
                        due_date: d(2026, 3, 12),
                        rule: Recurrence::parse(&rule.as_str().replace("COUNT=2", "COUNT=1")).unwrap(),
                    }
                );
            }
            Advance::Finished => panic!("finished too early"),
        }
        assert_eq!(next("FREQ=DAILY;COUNT=1", Some(d(2026, 3, 10)), d(2026, 3, 10)), Advance::Finished);
    }

    #[test]
    fn until_runs_out() {
        assert_eq!(next("FREQ=DAILY;UNTIL=20260311T000000Z", Some(d(2026, 3, 11)), d(2026, 3, 11)), Advance::Finished);
    }
}
