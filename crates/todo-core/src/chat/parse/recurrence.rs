//! Repetition: "every day", "daily", "every monday and thursday",
//! "every weekday", "every 2 weeks", "every other month", "monthly" → an
//! RFC 5545 RRULE value.

use chrono::{Datelike, NaiveDate, Weekday};

use super::when::{weekday, weekday_on_or_after, weekday_plural, Soft};
use super::{ordinal, small_number, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// A repetition read from a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    pub freq: Freq,
    pub interval: u32,
    pub days: Vec<Weekday>,
    /// "every morning": a time of day that goes with it.
    pub soft: Option<Soft>,
}

const WEEKDAYS: [Weekday; 5] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
const WEEKEND: [Weekday; 2] = [Weekday::Sat, Weekday::Sun];

fn code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

impl Rule {
    fn new(freq: Freq) -> Self {
        Self { freq, interval: 1, days: Vec::new(), soft: None }
    }

    fn weekly(days: &[Weekday]) -> Self {
        Self { days: days.to_vec(), ..Self::new(Freq::Weekly) }
    }

    pub fn rrule(&self) -> String {
        let freq = match self.freq {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
            Freq::Yearly => "YEARLY",
        };
        let mut out = format!("FREQ={freq}");
        if self.interval > 1 {
            out.push_str(&format!(";INTERVAL={}", self.interval));
        }
        if !self.days.is_empty() {
            let mut days = self.days.clone();
            days.sort_by_key(Weekday::num_days_from_monday);
            days.dedup();
            out.push_str(";BYDAY=");
            out.push_str(&days.iter().map(|d| code(*d)).collect::<Vec<_>>().join(","));
        }
        out
    }

    /// The first occurrence from today on.
    pub fn first(&self, today: NaiveDate) -> NaiveDate {
        self.days.iter().map(|&d| weekday_on_or_after(today, d)).min().unwrap_or(today)
    }

    /// A weekly rule without days, anchored on a weekday date, repeats on that day.
    pub fn anchor(&mut self, date: NaiveDate) {
        if self.freq == Freq::Weekly && self.days.is_empty() {
            self.days.push(date.weekday());
        }
    }
}

/// Words that may introduce a recurrence and go with it.
pub(crate) fn connector(w: &str) -> bool {
    matches!(w, "repeat" | "repeats" | "repeating" | "recurring" | "recur" | "recurs" | "on")
}

fn unit(w: &str) -> Option<Freq> {
    Some(match w {
        "day" | "days" => Freq::Daily,
        "week" | "weeks" => Freq::Weekly,
        "month" | "months" => Freq::Monthly,
        "year" | "years" => Freq::Yearly,
        _ => return None,
    })
}

/// A list of weekdays from token `i`: "monday", "mon and thu",
/// "monday, wednesday and friday", "mon/wed/fri". With `plural`, also
/// "mondays and thursdays". Returns the tokens used.
fn weekday_list(m: &Msg, i: usize, plural: bool) -> Option<(usize, Vec<Weekday>)> {
    let one = |w: &str| -> Option<Vec<Weekday>> {
        if w.contains('/') {
            return w.split('/').map(|p| weekday(p).map(|d| d.0).or_else(|| weekday_plural(p))).collect();
        }
        match weekday(w) {
            Some((d, _)) => Some(vec![d]),
            None if plural => weekday_plural(w).map(|d| vec![d]),
            None => None,
        }
    };
    let mut days = one(m.w(i))?;
    let mut k = i + 1;
    loop {
        let j = if matches!(m.w(k), "and" | "&" | "or" | "+") { k + 1 } else { k };
        let ends_comma = m.toks.get(k - 1).is_some_and(|t| t.raw.ends_with(','));
        if j == k && !ends_comma {
            break;
        }
        match one(m.w(j)) {
            Some(more) => {
                days.extend(more);
                k = j + 1;
            }
            None => break,
        }
    }
    Some((k - i, days))
}

/// A recurrence phrase at token `i`: the tokens used and the rule.
pub(crate) fn at(m: &Msg, i: usize) -> Option<(usize, Rule)> {
    let w = m.w(i);
    let simple = |freq: Freq| Some((1, Rule::new(freq)));
    match w {
        "daily" | "everyday" => simple(Freq::Daily),
        "nightly" => Some((1, Rule { soft: Some(Soft::Night), ..Rule::new(Freq::Daily) })),
        "weekly" => simple(Freq::Weekly),
        "biweekly" | "fortnightly" | "bi-weekly" => Some((1, Rule { interval: 2, ..Rule::new(Freq::Weekly) })),
        "monthly" => simple(Freq::Monthly),
        "quarterly" => Some((1, Rule { interval: 3, ..Rule::new(Freq::Monthly) })),
        "yearly" | "annually" => simple(Freq::Yearly),
        "weekdays" if i > 0 && matches!(m.w(i - 1), "on" | "repeat" | "repeating") || i + 1 >= m.len() => {
            Some((1, Rule::weekly(&WEEKDAYS)))
        }
        "weekends" if i > 0 && matches!(m.w(i - 1), "on" | "repeat" | "repeating") || i + 1 >= m.len() => Some((1, Rule::weekly(&WEEKEND))),
        "every" | "each" => every(m, i + 1).map(|(n, r)| (n + 1, r)),
        "once" if m.seq(i, &["once", "a", "day|week|month|year"]) => Some((3, Rule::new(unit(m.w(i + 2))?))),
        _ => {
            // "on mondays", "mondays and thursdays"; "3 fridays from now" counts days.
            weekday_plural(w)?;
            if i > 0 && small_number(m.w(i - 1)).is_some() {
                return None;
            }
            let (n, days) = weekday_list(m, i, true)?;
            Some((n, Rule::weekly(&days)))
        }
    }
}

/// What follows "every".
fn every(m: &Msg, i: usize) -> Option<(usize, Rule)> {
    let w = m.w(i);
    let rule = match w {
        "day" | "single" if w == "day" || m.w(i + 1) == "day" => {
            let n = if w == "single" { 2 } else { 1 };
            return Some((n, Rule::new(Freq::Daily)));
        }
        "morning" | "evening" | "night" | "afternoon" => Rule { soft: Soft::from_word(w), ..Rule::new(Freq::Daily) },
        "weekday" | "weekdays" | "workday" | "workdays" => Rule::weekly(&WEEKDAYS),
        "work" | "business" if matches!(m.w(i + 1), "day" | "days") => return Some((2, Rule::weekly(&WEEKDAYS))),
        "weekend" | "weekends" => Rule::weekly(&WEEKEND),
        "week" => {
            // "every week on monday"
            if m.w(i + 1) == "on" {
                if let Some((n, days)) = weekday_list(m, i + 2, true) {
                    return Some((n + 2, Rule::weekly(&days)));
                }
            }
            Rule::new(Freq::Weekly)
        }
        "month" => Rule::new(Freq::Monthly),
        "year" => Rule::new(Freq::Yearly),
        "fortnight" => Rule { interval: 2, ..Rule::new(Freq::Weekly) },
        "quarter" => Rule { interval: 3, ..Rule::new(Freq::Monthly) },
        "other" => {
            let next = m.w(i + 1);
            if let Some(freq) = unit(next) {
                return Some((2, Rule { interval: 2, ..Rule::new(freq) }));
            }
            let (n, days) = weekday_list(m, i + 1, true)?;
            return Some((n + 1, Rule { interval: 2, ..Rule::weekly(&days) }));
        }
        _ => {
            if let Some(n) = small_number(w).or_else(|| ordinal(w)).filter(|&n| (1..=999).contains(&n) && w != "a" && w != "an") {
                let freq = unit(m.w(i + 1))?;
                return Some((2, Rule { interval: n, ..Rule::new(freq) }));
            }
            let (n, days) = weekday_list(m, i, true)?;
            return Some((n, Rule::weekly(&days)));
        }
    };
    Some((1, rule))
}
