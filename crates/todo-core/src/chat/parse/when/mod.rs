//! Dates and times: "tomorrow at 5pm", "on march 15th", "in 3 days",
//! "friday evening", "2026-04-02", "noon", "the thursday after next", "a
//! quarter past 3pm", "in half an hour". Every date is read from the turn's
//! clock, and numbers-only dates in the order of the turn's locale.
//!
//! [`words`] holds the word tables; [`days`] reads days named from today,
//! [`dates`] calendar dates, [`times`] times of day and [`spans`] amounts of
//! time; [`WhenAcc`] puts the parts of one message together.

mod dates;
mod days;
mod spans;
mod times;
mod words;

#[cfg(test)]
mod tests;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Weekday};

use super::Msg;
use crate::chat::command::{LocalClock, When};
pub(crate) use spans::date_shift;
pub(crate) use words::{weekday, weekday_plural};

/// What one date or time phrase says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// A day; `explicit` for calendar dates ("march 15", ISO), which win
    /// over relative ones when a message has both.
    Date { date: NaiveDate, explicit: bool, soft: Option<Soft> },
    /// A clock time; `ambiguous` when it is an hour 1–11 that could still
    /// be morning or afternoon ("at 5", "half past 6").
    Time { time: NaiveTime, ambiguous: bool },
    /// "midnight": 00:00 at the start of the named day, or of tomorrow.
    Midnight,
    /// A time of day named by a word ("in the morning", "at night").
    Soft(Soft),
    /// "in 2 hours".
    DateTime(NaiveDateTime),
}

impl Part {
    /// A time of day rather than a day (takes "at", not "on").
    pub fn is_time(self) -> bool {
        matches!(self, Self::Time { .. } | Self::Midnight | Self::Soft(_))
    }
}

/// A part of the day, with the time it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Soft {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl Soft {
    pub fn from_word(w: &str) -> Option<Self> {
        Some(match w {
            "morning" => Self::Morning,
            "afternoon" => Self::Afternoon,
            "evening" => Self::Evening,
            "night" | "tonight" => Self::Night,
            _ => return None,
        })
    }

    pub fn time(self) -> NaiveTime {
        let h = match self {
            Self::Morning => 9,
            Self::Afternoon => 15,
            Self::Evening => 19,
            Self::Night => 20,
        };
        hm(h, 0)
    }
}

pub(crate) fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// Words that may introduce a date and go with it: "on friday", "due by march 3".
pub(crate) fn date_connector(w: &str) -> bool {
    matches!(
        w,
        "on" | "by" | "due" | "before" | "until" | "till" | "til" | "for" | "starting" | "from" | "deadline" | "at" | "this" | "over"
    )
}

/// Words that may introduce a time: "at 5pm", "by noon".
pub(crate) fn time_connector(w: &str) -> bool {
    matches!(w, "at" | "@" | "by" | "around" | "before" | "until" | "till" | "til" | "due" | "for")
}

/// The first `day` strictly after `today` (a week on when today is that day).
pub(crate) fn next_weekday(today: NaiveDate, day: Weekday) -> NaiveDate {
    let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    today + Days::new(if ahead == 0 { 7 } else { u64::from(ahead) })
}

/// The first `day` from today on.
pub(crate) fn weekday_on_or_after(today: NaiveDate, day: Weekday) -> NaiveDate {
    let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    today + Days::new(u64::from(ahead))
}

/// A date or time phrase starting at token `i` (tokens from `hi` on are not
/// looked at). The caller checks that the tokens are free and takes
/// connectors ("on", "at") in front.
pub(crate) fn at(m: &Msg, i: usize, hi: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    let found = date_at(m, i, hi, clock).or_else(|| times::time_at(m, i))?;
    (i + found.0 <= hi).then_some(found)
}

/// The day a length counts from: "a week from *tomorrow*", "2 days after *friday*".
fn anchor(m: &Msg, k: usize, hi: usize, clock: &LocalClock) -> Option<(usize, NaiveDate)> {
    match days::day_at(m, k, hi, clock).or_else(|| dates::absolute(m, k, hi, clock))? {
        (n, Part::Date { date, .. }) => Some((n, date)),
        _ => None,
    }
}

fn date_at(m: &Msg, i: usize, hi: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    if m.w(i).is_empty() {
        return None;
    }
    let (len, part) = days::day_at(m, i, hi, clock)
        .or_else(|| dates::absolute(m, i, hi, clock))
        .or_else(|| spans::in_length(m, i, clock))
        .or_else(|| spans::length_from(m, i, clock, |k| anchor(m, k, hi, clock)))?;
    // "tomorrow morning", "friday evening".
    Some(match part {
        Part::Date { date, explicit, soft: None } => match Soft::from_word(m.w(i + len)) {
            Some(soft) if i + len < hi => (len + 1, Part::Date { date, explicit, soft: Some(soft) }),
            _ => (len, part),
        },
        _ => (len, part),
    })
}

/// Free tokens of `lo..hi` that look like a date or time no phrase could
/// read: "feb 30", "31st of june", "25:00", "13pm", "2/30/2027". Their text, so
/// the chat can say what it left in the title.
pub(crate) fn unread(m: &Msg, lo: usize, hi: usize, used: &[bool]) -> Option<String> {
    let free = |k: usize| k >= lo && k < hi && !used[k] && !m.toks[k].quoted;
    let numberish = |k: usize| free(k) && (words::day_of_month(m.w(k)).is_some() || super::number(m.w(k)).is_some());
    for k in lo..hi {
        if !free(k) {
            continue;
        }
        let w = m.w(k);
        // A month name next to a number ("feb 30", "31 june", "31st of june").
        if words::month(w).is_some() && !matches!(w, "may" | "mar") {
            if free(k + 1) && numberish(k + 1) {
                return Some(m.raw_join(k, k + 2));
            }
            let of = k >= 2 && m.w(k - 1) == "of" && free(k - 1);
            let before = if of { k - 2 } else { k.saturating_sub(1) };
            if before < k && free(before) && numberish(before) {
                return Some(m.raw_join(before, k + 1));
            }
        }
        if times::clock_like(w) || dates::numeric_like(w) {
            return Some(m.raw_join(k, k + 1));
        }
    }
    None
}

/// The date and time phrases of a message, gathered.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WhenAcc {
    date: Option<(NaiveDate, bool)>,
    time: Option<(NaiveTime, bool)>,
    soft: Option<Soft>,
    midnight: bool,
    found: bool,
}

impl WhenAcc {
    pub fn add(&mut self, part: Part) {
        self.found = true;
        match part {
            Part::Date { date, explicit, soft } => {
                match self.date {
                    Some((_, true)) => {}
                    Some((_, false)) if !explicit => {}
                    _ => self.date = Some((date, explicit)),
                }
                if self.soft.is_none() {
                    self.soft = soft;
                }
            }
            Part::Time { time, ambiguous } => {
                if self.time.is_none() && !self.midnight {
                    self.time = Some((time, ambiguous));
                }
            }
            Part::Midnight => {
                if self.time.is_none() {
                    self.midnight = true;
                }
            }
            Part::Soft(soft) => {
                if self.soft.is_none() {
                    self.soft = Some(soft);
                }
            }
            Part::DateTime(dt) => {
                if self.date.is_none() {
                    self.date = Some((dt.date(), false));
                }
                if self.time.is_none() {
                    self.time = Some((dt.time(), false));
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.found
    }

    /// A soft time from elsewhere (a recurrence such as "every morning").
    pub fn soften(&mut self, soft: Option<Soft>) {
        if self.soft.is_none() {
            self.soft = soft;
        }
    }

    /// The due moment. `first` is a recurrence's first occurrence, used when
    /// no date is given (and then a past time does not roll over).
    pub fn finish(&self, clock: &LocalClock, first: Option<NaiveDate>) -> Option<When> {
        let named = self.date.map(|(d, _)| d).or(first);
        if self.midnight {
            // "midnight" alone is the one coming tonight; "midnight on friday" starts friday.
            let date = match named {
                // "midnight tonight" ends today.
                Some(d) if self.soft == Some(Soft::Night) => d.succ_opt()?,
                Some(d) => d,
                None => clock.today.succ_opt()?,
            };
            return Some(When { date, time: Some(NaiveTime::MIN) });
        }
        let time = match (self.time, self.soft) {
            (Some((t, true)), soft) => {
                let day = match (self.date, first) {
                    (Some((d, _)), _) if d <= clock.today => HourDay::Today,
                    (None, None) => HourDay::Unnamed,
                    // A later day, or a repeating todo's every day ("every day at 8" is 08:00).
                    _ => HourDay::Later,
                };
                Some(bare_hour(t, soft, day, clock))
            }
            (Some((t, false)), _) => Some(t),
            (None, Some(soft)) => Some(soft.time()),
            (None, None) => None,
        };
        let date = match named {
            Some(d) => d,
            None => {
                let t = time?;
                if t < clock.time {
                    clock.today.succ_opt()?
                } else {
                    clock.today
                }
            }
        };
        Some(When { date, time })
    }
}

/// Which day a bare hour falls on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HourDay {
    /// Today, named ("today at 8").
    Today,
    /// A later day, or every day of a repetition.
    Later,
    /// No day named: today, or tomorrow once the hour has passed.
    Unnamed,
}

/// An hour 1–11 said without am/pm: a part of the day decides; without one,
/// 1 to 6 are afternoon and evening hours, and 7 to 11 the next time that
/// hour comes around (the morning when a later day is named).
fn bare_hour(t: NaiveTime, soft: Option<Soft>, day: HourDay, clock: &LocalClock) -> NaiveTime {
    let pm = t + TimeDelta::hours(12);
    match soft {
        Some(Soft::Morning) => return t,
        Some(_) => return pm,
        None => {}
    }
    if (1..=6).contains(&t.hour()) {
        return pm;
    }
    match day {
        HourDay::Later => t,
        _ if t >= clock.time => t,
        _ if pm >= clock.time => pm,
        HourDay::Today => pm,
        HourDay::Unnamed => t,
    }
}
