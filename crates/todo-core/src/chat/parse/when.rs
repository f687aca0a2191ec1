//! Dates and times: "tomorrow at 5pm", "on march 15th", "in 3 days",
//! "friday evening", "2026-04-02", "noon". Every date is read from the
//! turn's clock.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};

use super::{number, ordinal, small_number, Msg};
use crate::chat::command::{DateShift, LocalClock, When};

/// What one date or time phrase says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// A day; `explicit` for calendar dates ("march 15", ISO), which win
    /// over relative ones when a message has both.
    Date { date: NaiveDate, explicit: bool, soft: Option<Soft> },
    /// A clock time; `ambiguous` when it is a bare hour 1–11 without am/pm.
    Time { time: NaiveTime, ambiguous: bool },
    /// A time of day named by a word ("in the morning", "tonight").
    Soft(Soft),
    /// "in 2 hours".
    DateTime(NaiveDateTime),
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

    fn is_late(self) -> bool {
        matches!(self, Self::Afternoon | Self::Evening | Self::Night)
    }
}

pub(crate) fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// Words that may introduce a date and go with it: "on friday", "due by march 3".
pub(crate) fn date_connector(w: &str) -> bool {
    matches!(w, "on" | "by" | "due" | "before" | "until" | "till" | "til" | "for" | "starting" | "from" | "deadline" | "at" | "this")
}

/// Words that may introduce a time: "at 5pm", "by noon".
pub(crate) fn time_connector(w: &str) -> bool {
    matches!(w, "at" | "@" | "by" | "around" | "before" | "until" | "till" | "til" | "due")
}

pub(crate) fn weekday(w: &str) -> Option<(Weekday, bool)> {
    // The flag marks abbreviations that are also English words ("sun cream").
    Some(match w {
        "monday" | "mon" => (Weekday::Mon, false),
        "tuesday" | "tue" | "tues" => (Weekday::Tue, false),
        "wednesday" | "weds" => (Weekday::Wed, false),
        "wed" => (Weekday::Wed, true),
        "thursday" | "thu" | "thur" | "thurs" => (Weekday::Thu, false),
        "friday" | "fri" => (Weekday::Fri, false),
        "saturday" => (Weekday::Sat, false),
        "sat" => (Weekday::Sat, true),
        "sunday" => (Weekday::Sun, false),
        "sun" => (Weekday::Sun, true),
        _ => return None,
    })
}

/// "mondays" → Monday (for "on mondays", a weekly recurrence).
pub(crate) fn weekday_plural(w: &str) -> Option<Weekday> {
    let (day, strict) = weekday(w.strip_suffix('s')?)?;
    (!strict && w.len() > 5).then_some(day)
}

fn month(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// A day of the month: "15", "15th", "1st".
fn day_of_month(w: &str) -> Option<u32> {
    number(w).or_else(|| ordinal(w)).filter(|d| (1..=31).contains(d))
}

fn year(w: &str) -> Option<i32> {
    (w.len() == 4).then(|| number(w)).flatten().filter(|y| (1970..=2200).contains(y)).map(|y| y as i32)
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

/// A month and day without a year: this year, or next year once past.
fn upcoming(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this_year {
        Some(d) if d >= today => Some(d),
        _ => (1..=4).find_map(|k| NaiveDate::from_ymd_opt(today.year() + k, month, day)),
    }
}

/// "the 15th": this month once more, or the next month that has that day.
fn upcoming_day(today: NaiveDate, day: u32) -> Option<NaiveDate> {
    let first = today.with_day(1)?;
    (0..=12).find_map(|k| {
        let month = first.checked_add_months(Months::new(k))?;
        NaiveDate::from_ymd_opt(month.year(), month.month(), day).filter(|d| *d >= today)
    })
}

fn last_day_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).and_then(|f| f.checked_add_months(Months::new(1))).and_then(|n| n.pred_opt()).unwrap_or(d)
}

fn add_days(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(n))
}

/// A count: "3", "three", "a", "a couple of", "a few". Returns the tokens
/// used and the number.
fn count(m: &Msg, i: usize) -> Option<(usize, u32)> {
    if m.seq(i, &["a|an", "couple"]) {
        Some((if m.w(i + 2) == "of" { 3 } else { 2 }, 2))
    } else if m.seq(i, &["a", "few"]) {
        Some((2, 3))
    } else if m.w(i) == "couple" {
        Some((if m.w(i + 1) == "of" { 2 } else { 1 }, 2))
    } else {
        small_number(m.w(i)).map(|n| (1, n))
    }
}

/// A number of days, weeks, months or years: "2 days", "a week", "a
/// couple of weeks", "a month". Returns the tokens used and the shift.
pub(crate) fn date_shift(m: &Msg, i: usize) -> Option<(usize, DateShift)> {
    let (used, n) = count(m, i)?;
    let shift = match m.w(i + used) {
        "day" | "days" => DateShift::Days(i64::from(n)),
        "week" | "weeks" | "wk" | "wks" => DateShift::Days(i64::from(n) * 7),
        "fortnight" | "fortnights" => DateShift::Days(i64::from(n) * 14),
        "month" | "months" => DateShift::Months(i32::try_from(n).ok()?),
        "year" | "years" | "yr" | "yrs" => DateShift::Months(i32::try_from(n).ok()?.checked_mul(12)?),
        _ => return None,
    };
    Some((used + 1, shift))
}

/// An amount of time from now: "3 days", "a week", "two months", "a couple
/// of days", "2 hours". Returns the tokens used and the date or date-time it
/// leads to.
fn span(m: &Msg, i: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    if let Some((used, shift)) = date_shift(m, i) {
        return Some((used, Part::Date { date: shift.apply(clock.today)?, explicit: false, soft: None }));
    }
    let (used, n) = count(m, i)?;
    let delta = match m.w(i + used) {
        "hour" | "hours" | "hr" | "hrs" => TimeDelta::try_hours(i64::from(n))?,
        "minute" | "minutes" | "min" | "mins" => TimeDelta::try_minutes(i64::from(n))?,
        _ => return None,
    };
    Some((used + 1, Part::DateTime(clock.today.and_time(clock.time).checked_add_signed(delta)?)))
}

/// A clock time in one word: "5pm", "5:30", "17:00", "5.30pm", "17h30".
/// Returns hour, minute, am/pm (`Some(true)` for pm) and whether it had a
/// separator (so is a time even without am/pm or "at").
fn clock_word(w: &str) -> Option<(u32, u32, Option<bool>, bool)> {
    let (body, pm) = if let Some(b) = w.strip_suffix("pm").or_else(|| w.strip_suffix("p.m")).or_else(|| w.strip_suffix("p")) {
        (b, Some(true))
    } else if let Some(b) = w.strip_suffix("am").or_else(|| w.strip_suffix("a.m")).or_else(|| w.strip_suffix("a")) {
        (b, Some(false))
    } else {
        (w, None)
    };
    if body.is_empty() || body.len() > 5 {
        return None;
    }
    let sep = body.find([':', '.', 'h']);
    let (h, mi) = match sep {
        Some(at) => {
            let (h, rest) = (&body[..at], &body[at + 1..]);
            if rest.is_empty() && body.as_bytes()[at] == b'h' {
                (number(h)?, 0)
            } else if rest.len() == 2 {
                (number(h)?, number(rest)?)
            } else {
                return None;
            }
        }
        None => (number(body)?, 0),
    };
    if body.split([':', '.', 'h']).next().is_some_and(|s| s.len() > 2) {
        return None;
    }
    if mi >= 60 {
        return None;
    }
    let h = match pm {
        Some(p) => {
            if !(1..=12).contains(&h) {
                return None;
            }
            (h % 12) + if p { 12 } else { 0 }
        }
        None if h > 23 => return None,
        None => h,
    };
    Some((h, mi, pm, sep.is_some()))
}

/// A time phrase at token `i`.
fn time_at(m: &Msg, i: usize) -> Option<(usize, Part)> {
    let w = m.w(i);
    match w {
        "noon" | "midday" | "lunchtime" => return Some((1, Part::Time { time: hm(12, 0), ambiguous: false })),
        "midnight" => return Some((1, Part::Time { time: hm(0, 0), ambiguous: false })),
        _ => {}
    }
    if m.seq(i, &["in", "the", "morning|afternoon|evening"]) {
        return Some((3, Part::Soft(Soft::from_word(m.w(i + 2))?)));
    }
    if m.seq(i, &["at", "night"]) {
        return Some((2, Part::Soft(Soft::Night)));
    }
    let (mut h, mi, mut pm, sep) = clock_word(w)?;
    let mut len = 1;
    if pm.is_none() {
        match m.w(i + 1) {
            "pm" | "p.m" => {
                pm = Some(true);
                len = 2;
            }
            "am" | "a.m" => {
                pm = Some(false);
                len = 2;
            }
            "o'clock" | "oclock" => len = 2,
            _ => {}
        }
        if let Some(p) = pm {
            if !(1..=12).contains(&h) {
                return None;
            }
            h = (h % 12) + if p { 12 } else { 0 };
        }
    }
    let introduced = i > 0 && matches!(m.w(i - 1), "at" | "@" | "around" | "by");
    if pm.is_none() && !sep && !introduced && len == 1 {
        return None;
    }
    let ambiguous = pm.is_none() && (1..=11).contains(&h) && !w.starts_with('0');
    Some((len, Part::Time { time: hm(h, mi), ambiguous }))
}

/// A date or time phrase starting at token `i` (tokens from `hi` on are not
/// looked at). The caller checks that the tokens are free and takes
/// connectors ("on", "at") in front.
pub(crate) fn at(m: &Msg, i: usize, hi: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    let found = date_at(m, i, hi, clock).or_else(|| time_at(m, i))?;
    (i + found.0 <= hi).then_some(found)
}

fn date_at(m: &Msg, i: usize, hi: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    let today = clock.today;
    let w = m.w(i);
    if w.is_empty() {
        return None;
    }
    let relative = |len: usize, date: NaiveDate| Some((len, Part::Date { date, explicit: false, soft: None }));
    let (len, part) = match w {
        "today" | "tdy" | "today's" => relative(1, today)?,
        "tonight" | "tonite" => (1, Part::Date { date: today, explicit: false, soft: Some(Soft::Night) }),
        "tomorrow" | "tmrw" | "tmr" | "tmrow" | "tomorow" | "tommorow" | "tommorrow" | "2moro" | "2morrow" | "tomorrow's" => {
            relative(1, add_days(today, 1)?)?
        }
        "yesterday" => relative(1, today.pred_opt()?)?,
        "overmorrow" => relative(1, add_days(today, 2)?)?,
        "the" | "day" if m.seq(i, &["the", "day", "after", "tomorrow"]) => relative(4, add_days(today, 2)?)?,
        "day" if m.seq(i, &["day", "after", "tomorrow"]) => relative(3, add_days(today, 2)?)?,
        "this" if Soft::from_word(m.w(i + 1)).is_some() => {
            (2, Part::Date { date: today, explicit: false, soft: Soft::from_word(m.w(i + 1)) })
        }
        "later" if m.w(i + 1) == "today" => relative(2, today)?,
        "in" | "within" => span(m, i + 1, clock).map(|(n, p)| (n + 1, p))?,
        "next" | "this" | "coming" => {
            let j = if m.seq(i, &["this", "coming"]) { i + 2 } else { i + 1 };
            let nw = m.w(j);
            let date = match nw {
                "week" if w == "next" => add_days(today, 7)?,
                "month" if w == "next" => today.checked_add_months(Months::new(1))?,
                "year" if w == "next" => today.checked_add_months(Months::new(12))?,
                "weekend" => {
                    let sat = weekday_on_or_after(today, Weekday::Sat);
                    let sat = if today.weekday() == Weekday::Sun { today } else { sat };
                    if w == "next" {
                        add_days(sat, 7)?
                    } else {
                        sat
                    }
                }
                _ => {
                    let (day, _) = weekday(nw)?;
                    if w == "this" && today.weekday() == day {
                        today
                    } else {
                        next_weekday(today, day)
                    }
                }
            };
            relative(j + 1 - i, date)?
        }
        "end" | "the" | "eow" | "eom" | "eoy" => {
            let (n, what) = match w {
                "eow" => (1, "week"),
                "eom" => (1, "month"),
                "eoy" => (1, "year"),
                _ => {
                    let s = if w == "the" { i + 1 } else { i };
                    if !m.seq(s, &["end", "of"]) {
                        return month_date(m, i, today).or_else(|| day_only(m, i, today));
                    }
                    let t = if m.w(s + 2) == "the" || m.w(s + 2) == "this" { s + 3 } else { s + 2 };
                    (t + 1 - i, m.w(t))
                }
            };
            let date = match what {
                "week" => weekday_on_or_after(today, Weekday::Fri),
                "month" => last_day_of_month(today),
                "year" => NaiveDate::from_ymd_opt(today.year(), 12, 31)?,
                "day" => today,
                _ => return None,
            };
            relative(n, date)?
        }
        "weekend" if i > 0 && matches!(m.w(i - 1), "the" | "on" | "over" | "by") => {
            let sat = if today.weekday() == Weekday::Sun { today } else { weekday_on_or_after(today, Weekday::Sat) };
            relative(1, sat)?
        }
        _ => {
            if let Some((day, strict)) = weekday(w) {
                if strict {
                    let prev_ok = i > 0 && (date_connector(m.w(i - 1)) || m.w(i - 1) == "next");
                    let next_ok = i + 1 >= hi
                        || matches!(m.w(i + 1), "at" | "morning" | "afternoon" | "evening" | "night")
                        || m.toks[i].ends_clause();
                    if !prev_ok && !next_ok {
                        return None;
                    }
                }
                // "friday, march 13": the calendar date says it.
                let after = i + 1;
                if let Some((n, p)) = month_date(m, after, today).or_else(|| day_only(m, after, today)) {
                    (n + after - i, p)
                } else {
                    relative(1, next_weekday(today, day))?
                }
            } else if let Some(p) = iso(w, today) {
                (1, p)
            } else if let Some(found) = month_date(m, i, today) {
                found
            } else if let Some(found) = span(m, i, clock).filter(|&(n, _)| matches!(m.w(i + n), "from" | "later")) {
                // "3 days from now", "a week from today", "2 weeks later".
                let (n, p) = found;
                let extra = if m.w(i + n) == "later" {
                    1
                } else if matches!(m.w(i + n + 1), "now" | "today") {
                    2
                } else {
                    return None;
                };
                (n + extra, p)
            } else if i > 0 && matches!(m.w(i - 1), "on" | "by" | "due" | "until" | "before") {
                (1, us_date(w, today)?)
            } else {
                return None;
            }
        }
    };
    // "tomorrow morning", "friday evening".
    let (len, part) = match part {
        Part::Date { date, explicit, soft: None } => match Soft::from_word(m.w(i + len)) {
            Some(soft) if i + len < hi => (len + 1, Part::Date { date, explicit, soft: Some(soft) }),
            _ => (len, part),
        },
        _ => (len, part),
    };
    Some((len, part))
}

/// "march 15", "mar 15th, 2027", "15 march", "the 15th of march".
fn month_date(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    let explicit = |len: usize, y: Option<i32>, mo: u32, d: u32| -> Option<(usize, Part)> {
        let date = match y {
            Some(y) => NaiveDate::from_ymd_opt(y, mo, d)?,
            None => upcoming(today, mo, d)?,
        };
        Some((len, Part::Date { date, explicit: true, soft: None }))
    };
    let w = m.w(i);
    if let Some(mo) = month(w) {
        // "march 15", "march the 15th", "mar 15 2027"
        let j = if m.w(i + 1) == "the" { i + 2 } else { i + 1 };
        let d = day_of_month(m.w(j))?;
        return match year(m.w(j + 1)) {
            Some(y) => explicit(j + 2 - i, Some(y), mo, d),
            None => explicit(j + 1 - i, None, mo, d),
        };
    }
    let j = if w == "the" { i + 1 } else { i };
    let d = day_of_month(m.w(j))?;
    let k = if m.w(j + 1) == "of" { j + 2 } else { j + 1 };
    let mo = month(m.w(k))?;
    match year(m.w(k + 1)) {
        Some(y) => explicit(k + 2 - i, Some(y), mo, d),
        None => explicit(k + 1 - i, None, mo, d),
    }
}

/// "the 15th" (this month if still to come, else next month).
fn day_only(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    if m.w(i) != "the" {
        return None;
    }
    let w = m.w(i + 1);
    // Digits with a suffix only: "the first monday" is no day of the month.
    if number(w).is_some() || !w.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let d = ordinal(w).filter(|d| (1..=31).contains(d))?;
    let date = upcoming_day(today, d)?;
    Some((2, Part::Date { date, explicit: true, soft: None }))
}

/// "2026-04-02", "2026/04/02".
fn iso(w: &str, _today: NaiveDate) -> Option<Part> {
    let mut it = w.split(['-', '/']);
    let (y, mo, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 || mo.is_empty() || mo.len() > 2 || d.is_empty() || d.len() > 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(number(y)? as i32, number(mo)?, number(d)?)?;
    Some(Part::Date { date, explicit: true, soft: None })
}

/// "3/15" or "3/15/2027" (month first), only after "on", "by", "due".
fn us_date(w: &str, today: NaiveDate) -> Option<Part> {
    let mut it = w.split('/');
    let (mo, d, y) = (it.next()?, it.next()?, it.next());
    if it.next().is_some() || mo.len() > 2 || d.len() > 2 {
        return None;
    }
    let (mo, d) = (number(mo)?, number(d)?);
    let date = match y {
        Some(y) if y.len() == 4 => NaiveDate::from_ymd_opt(number(y)? as i32, mo, d)?,
        Some(y) if y.len() == 2 => NaiveDate::from_ymd_opt(2000 + number(y)? as i32, mo, d)?,
        Some(_) => return None,
        None => upcoming(today, mo, d)?,
    };
    Some(Part::Date { date, explicit: true, soft: None })
}

/// The date and time phrases of a message, gathered.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WhenAcc {
    date: Option<(NaiveDate, bool)>,
    time: Option<(NaiveTime, bool)>,
    soft: Option<Soft>,
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
                if self.time.is_none() {
                    self.time = Some((time, ambiguous));
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
        let time = match (self.time, self.soft) {
            (Some((t, true)), soft) => {
                let late = soft.is_some_and(Soft::is_late);
                let h = chrono::Timelike::hour(&t);
                if late || (1..=6).contains(&h) {
                    Some(t + TimeDelta::hours(12))
                } else {
                    Some(t)
                }
            }
            (Some((t, false)), _) => Some(t),
            (None, Some(soft)) => Some(soft.time()),
            (None, None) => None,
        };
        let date = match (self.date, first) {
            (Some((d, _)), _) => d,
            (None, Some(first)) => first,
            (None, None) => {
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
