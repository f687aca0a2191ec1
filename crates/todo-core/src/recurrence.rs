//! Recurring todos: an RFC 5545 RRULE value, and where the due date goes when
//! a recurring todo is completed.
//!
//! The work one rule can cost is bounded, since anyone may store one: a rule
//! falls on whole days (no BYHOUR, BYMINUTE, BYSECOND, whose expansions make
//! 86,400 occurrences a day), the series is re-anchored by arithmetic near the
//! day sought instead of walked from an old due date, and at most
//! [`MAX_OCCURRENCES_WALKED`] occurrences are looked at.

use chrono::{Datelike, Days, Months, NaiveDate, TimeZone};
use rrule::{Frequency, RRule, Tz, Unvalidated};
use serde::Serialize;

/// A validated RRULE value such as `FREQ=WEEKLY;BYDAY=MO`, without `DTSTART`.
///
/// Only daily or coarser frequencies are accepted: a todo is due on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Recurrence(String);

/// Longest accepted rule, in characters.
const MAX_RULE_LENGTH: usize = 500;

/// Most occurrences looked at to find the next one. After re-anchoring the
/// densest accepted rule (every day) needs one, and a year-long pattern fewer
/// than 400; rules stored before the checks existed stop here.
const MAX_OCCURRENCES_WALKED: usize = 1_000;

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
        if value.chars().count() > MAX_RULE_LENGTH {
            return Err(format!("must be at most {MAX_RULE_LENGTH} characters"));
        }
        let rule = Self::parse_rule(&value)?;
        if !(rule.get_by_hour().is_empty() && rule.get_by_minute().is_empty() && rule.get_by_second().is_empty()) {
            return Err("must fall on whole days: a todo is due on a date (BYHOUR, BYMINUTE and BYSECOND are not accepted)".into());
        }
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
/// The rrule iterator also bounds its own search (100,000 periods without an
/// occurrence), so an impossible rule ends with none.
fn first_occurrence(rule: &RRule<Unvalidated>, anchor: NaiveDate, earliest: NaiveDate) -> Option<NaiveDate> {
    let anchor = reanchor(rule, anchor, earliest);
    let set = rule.clone().build(midnight(anchor)).ok()?;
    set.into_iter().take(MAX_OCCURRENCES_WALKED).map(|dt| dt.date_naive()).find(|date| *date >= earliest)
}

/// The latest day on or before `earliest` that is `anchor` moved on by whole
/// cycles of `rule` (`anchor` itself when it is not before `earliest`). The
/// series from there holds the same days from `earliest` on as the series from
/// `anchor`: days and weeks move by whole intervals, which keeps the weekday;
/// months and years by whole years that are whole intervals, which keeps the
/// month and day (and for 29 February, a leap year). A `COUNT` then counts
/// from the new anchor: an overdue todo skips its missed occurrences anyway.
fn reanchor(rule: &RRule<Unvalidated>, anchor: NaiveDate, earliest: NaiveDate) -> NaiveDate {
    if anchor >= earliest {
        return anchor;
    }
    let interval = u32::from(rule.get_interval().max(1));
    let cycle_days = match rule.get_freq() {
        Frequency::Daily => Some(interval),
        Frequency::Weekly => Some(7 * interval),
        _ => None,
    };
    if let Some(cycle) = cycle_days {
        let gap = u64::try_from((earliest - anchor).num_days()).unwrap_or(0);
        let cycles = gap / u64::from(cycle);
        return anchor.checked_add_days(Days::new(cycles * u64::from(cycle))).unwrap_or(anchor);
    }
    // Months and years: a whole number of years that is a whole number of intervals.
    let months = match rule.get_freq() {
        Frequency::Monthly => lcm(interval, 12),
        _ => 12 * interval,
    };
    let months_between =
        (earliest.year() - anchor.year()) * 12 + i32::try_from(earliest.month()).unwrap_or(0) - i32::try_from(anchor.month()).unwrap_or(0);
    let mut cycles = u32::try_from(months_between).unwrap_or(0) / months;
    // 29 February lands only on leap years; a few cycles back finds one.
    while cycles > 0 {
        if let Some(moved) = anchor.checked_add_months(Months::new(cycles * months)).filter(|d| d.day() == anchor.day() && *d <= earliest) {
            return moved;
        }
        cycles -= 1;
    }
    anchor
}

fn lcm(a: u32, b: u32) -> u32 {
    let gcd = |mut x: u32, mut y: u32| {
        while y != 0 {
            (x, y) = (y, x % y);
        }
        x
    };
    a / gcd(a, b) * b
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
            "FREQ=DAILY;BYHOUR=0,1,2",
            "FREQ=DAILY;BYMINUTE=0,30",
            "FREQ=DAILY;BYSECOND=0,1",
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
    fn the_issue_16_rule_is_refused_and_long_rules_too() {
        let minutes = (0..60).map(|m| m.to_string()).collect::<Vec<_>>().join(",");
        let hours = (0..24).map(|h| h.to_string()).collect::<Vec<_>>().join(",");
        let bomb = format!("FREQ=DAILY;BYHOUR={hours};BYMINUTE={minutes};BYSECOND={minutes}");
        assert!(Recurrence::parse(&bomb).unwrap_err().contains("whole days"));
        let long = format!("FREQ=YEARLY;BYYEARDAY={}", (1..=200).map(|d| d.to_string()).collect::<Vec<_>>().join(","));
        assert!(Recurrence::parse(&long).unwrap_err().contains("at most"));
    }

    #[test]
    fn a_due_date_centuries_ago_jumps_instead_of_walking() {
        let today = d(2026, 12, 2);
        for (rule, due, expected) in [
            ("FREQ=DAILY", d(1, 1, 1), d(2026, 12, 3)),
            ("FREQ=DAILY;INTERVAL=3", d(2026, 11, 30), d(2026, 12, 3)),
            ("FREQ=WEEKLY;BYDAY=MO,FR", d(1, 1, 1), d(2026, 12, 4)),
            ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", d(2026, 11, 16), d(2026, 12, 14)),
            ("FREQ=MONTHLY", d(1000, 1, 31), d(2026, 12, 31)),
            ("FREQ=MONTHLY;INTERVAL=5", d(2026, 1, 15), d(2027, 4, 15)),
            ("FREQ=MONTHLY;BYDAY=1MO", d(5, 3, 1), d(2026, 12, 7)),
            ("FREQ=YEARLY", d(1204, 2, 29), d(2028, 2, 29)),
            ("FREQ=YEARLY;INTERVAL=3", d(2020, 6, 1), d(2029, 6, 1)),
            ("FREQ=YEARLY;BYYEARDAY=1,100,200", d(3, 1, 1), d(2027, 1, 1)),
        ] {
            let started = std::time::Instant::now();
            assert_eq!(next_date(rule, Some(due), today), expected, "{rule} from {due}");
            assert!(started.elapsed() < std::time::Duration::from_millis(200), "{rule}: {:?}", started.elapsed());
        }
    }

    #[test]
    fn reanchoring_keeps_the_series() {
        // Every rule and due date in a spread: the jump must find what walking finds.
        let today = d(2026, 12, 2);
        for rule in [
            "FREQ=DAILY;INTERVAL=4",
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SU",
            "FREQ=MONTHLY;INTERVAL=7;BYMONTHDAY=31",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29",
            "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
        ] {
            let parsed = Recurrence::parse(rule).unwrap();
            let raw = Recurrence::parse_rule(parsed.as_str()).unwrap();
            for due in [d(1990, 1, 31), d(2000, 2, 29), d(2011, 7, 4), d(2026, 11, 1)] {
                let set = raw.clone().build(midnight(due)).unwrap();
                let walked = set.after(midnight(today + Days::new(1))).all(1).dates.first().map(|dt| dt.date_naive());
                assert_eq!(first_occurrence(&raw, due, today + Days::new(1)), walked, "{rule} from {due}");
            }
        }
    }

    #[test]
    fn until_runs_out() {
        assert_eq!(next("FREQ=DAILY;UNTIL=20260311T000000Z", Some(d(2026, 3, 11)), d(2026, 3, 11)), Advance::Finished);
    }
}
