//! Amounts of time: "in 2 hours", "in half an hour", "in an hour and a
//! half", "in 1d 2hr 5min", "3 days from now", "a week from tomorrow",
//! "two weeks hence", "3 fridays from now".

use chrono::{Days, Months, NaiveDate, NaiveDateTime, TimeDelta};

use super::super::{number, small_number, Msg};
use super::words::{unit, weekday_plural, Unit};
use super::{next_weekday, Part};
use crate::chat::command::{DateShift, LocalClock};

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
    let shift = match unit(m.w(i + used))? {
        Unit::Day => DateShift::Days(i64::from(n)),
        Unit::Week => DateShift::Days(i64::from(n) * 7),
        Unit::Fortnight => DateShift::Days(i64::from(n) * 14),
        Unit::Month => DateShift::Months(i32::try_from(n).ok()?),
        Unit::Year => DateShift::Months(i32::try_from(n).ok()?.checked_mul(12)?),
        Unit::Minute | Unit::Hour => return None,
    };
    Some((used + 1, shift))
}

/// A fraction `num / den`.
#[derive(Debug, Clone, Copy)]
struct Amount {
    num: u32,
    den: u32,
}

impl Amount {
    fn whole(n: u32) -> Self {
        Self { num: n, den: 1 }
    }

    fn plus_half(self) -> Self {
        Self { num: self.num * 2 + self.den, den: self.den * 2 }
    }
}

/// A number in one token: "3", "2.5", "1/4", "three".
fn amount_word(w: &str) -> Option<Amount> {
    if let Some((a, b)) = w.split_once('/') {
        let (a, b) = (number(a)?, number(b)?);
        return (b > 0 && a < b && b <= 4).then_some(Amount { num: a, den: b });
    }
    if let Some((a, b)) = w.split_once('.') {
        let den = 10u32.checked_pow(u32::try_from(b.len()).ok().filter(|&l| l <= 2)?)?;
        return Some(Amount { num: number(a)? * den + number(b)?, den });
    }
    small_number(w).map(Amount::whole)
}

/// "and a half", "and an half", "and half".
fn and_a_half(m: &Msg, j: usize) -> usize {
    if m.seq(j, &["and", "a|an", "half"]) {
        3
    } else if m.seq(j, &["and", "half"]) {
        2
    } else {
        0
    }
}

/// One amount with its unit at `i`: "2 hours", "half an hour", "an hour and
/// a half", "2 and a half hours", "1/4 h", "2hr", "a couple of days".
fn piece(m: &Msg, i: usize) -> Option<(usize, Amount, Unit)> {
    let w = m.w(i);
    // Glued: "2hr", "5min", "1d", "1/2h".
    if let Some(cut) = w.find(|c: char| c.is_ascii_alphabetic()).filter(|&c| c > 0) {
        let (a, u) = (amount_word(&w[..cut]), unit(&w[cut..]));
        if let (Some(a), Some(u)) = (a, u) {
            return Some((1, a, u));
        }
    }
    let (mut j, mut amount) = match w {
        "half" if matches!(m.w(i + 1), "a" | "an") => (i + 2, Amount { num: 1, den: 2 }),
        "half" => (i + 1, Amount { num: 1, den: 2 }),
        "a" | "an" if m.w(i + 1) == "half" => (i + 2, Amount { num: 1, den: 2 }),
        "three-quarters" | "three" if w != "three" || matches!(m.w(i + 1), "quarters" | "quarter") => {
            let k = i + if w == "three" { 2 } else { 1 };
            let of = if m.seq(k, &["of", "a|an"]) { 2 } else { 0 };
            (k + of, Amount { num: 3, den: 4 })
        }
        "a" | "an" | "quarter" if m.w(i + usize::from(w != "quarter")) == "quarter" => {
            let k = i + usize::from(w != "quarter") + 1;
            let of = if m.seq(k, &["of", "a|an"]) { 2 } else { usize::from(matches!(m.w(k), "a" | "an")) };
            (k + of, Amount { num: 1, den: 4 })
        }
        _ => {
            let (n, c) = count(m, i).map(|(n, c)| (n, Amount::whole(c))).or_else(|| Some((1, amount_word(w)?)))?;
            (i + n, c)
        }
    };
    let half = and_a_half(m, j);
    if half > 0 {
        amount = amount.plus_half();
        j += half;
    }
    if m.w(j) == "more" {
        j += 1;
    }
    let u = unit(m.w(j).strip_suffix("'s").unwrap_or(m.w(j)))?;
    j += 1;
    if half == 0 {
        let after = and_a_half(m, j);
        if after > 0 {
            amount = amount.plus_half();
            j += after;
        }
    }
    Some((j - i, amount, u))
}

/// How far: calendar months, whole days, and minutes.
#[derive(Debug, Default, Clone, Copy)]
struct Length {
    months: u32,
    days: u64,
    minutes: u64,
}

impl Length {
    fn add(&mut self, a: Amount, u: Unit) -> Option<()> {
        let (num, den) = (u64::from(a.num), u64::from(a.den));
        let per_day = match u {
            Unit::Minute => {
                self.minutes += num / den;
                return Some(());
            }
            Unit::Hour => {
                self.minutes += num * 60 / den;
                return Some(());
            }
            Unit::Month | Unit::Year if den != 1 => return None,
            Unit::Month => {
                self.months += u32::try_from(num).ok()?;
                return Some(());
            }
            Unit::Year => {
                self.months += u32::try_from(num).ok()?.checked_mul(12)?;
                return Some(());
            }
            Unit::Day => 1,
            Unit::Week => 7,
            Unit::Fortnight => 14,
        };
        let minutes = num * per_day * 24 * 60 / den;
        self.days += minutes / (24 * 60);
        self.minutes += minutes % (24 * 60);
        Some(())
    }

    fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        date.checked_add_months(Months::new(self.months))?.checked_add_days(Days::new(self.days))
    }

    /// This length before `now` ("3 days ago").
    fn part_before(self, now: NaiveDateTime) -> Option<Part> {
        let date = now.date().checked_sub_months(Months::new(self.months))?.checked_sub_days(Days::new(self.days))?;
        if self.minutes == 0 {
            return Some(Part::Date { date, explicit: false, soft: None });
        }
        let at = date.and_time(now.time()).checked_sub_signed(TimeDelta::try_minutes(i64::try_from(self.minutes).ok()?)?)?;
        Some(Part::DateTime(at))
    }

    /// Where this length leads from `start` (a day, or a day and time).
    fn part_from(self, start: NaiveDateTime, with_time: bool) -> Option<Part> {
        let date = self.after(start.date())?;
        if self.minutes == 0 {
            return Some(Part::Date { date, explicit: false, soft: None });
        }
        if !with_time {
            return None;
        }
        let at = date.and_time(start.time()).checked_add_signed(TimeDelta::try_minutes(i64::try_from(self.minutes).ok()?)?)?;
        Some(Part::DateTime(at))
    }
}

/// A whole length: pieces one after another, "1d 2hr 5min", "2 hours and
/// 30 minutes".
fn length(m: &Msg, i: usize) -> Option<(usize, Length)> {
    let mut total = Length::default();
    let mut j = i;
    let mut any = false;
    while let Some((n, a, u)) = piece(m, j) {
        total.add(a, u)?;
        any = true;
        j += n;
        if m.w(j) == "and" && piece(m, j + 1).is_some() {
            j += 1;
        }
    }
    any.then_some((j - i, total))
}

/// "in 2 hours", "within a week", "in half an hour".
pub(super) fn in_length(m: &Msg, i: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    if !matches!(m.w(i), "in" | "within" | "after") {
        return None;
    }
    // "in about half an hour": about that long is that long.
    let about = usize::from(matches!(m.w(i + 1), "about" | "around" | "approximately" | "roughly" | "approx" | "just"));
    let (n, len) = length(m, i + 1 + about)?;
    let n = n + about;
    let extra = if m.seq(i + 1 + n, &["from", "now"]) {
        2
    } else {
        // "in 2 weeks time", "in a week's time"
        usize::from(m.w(i + 1 + n) == "time")
    };
    Some((1 + n + extra, len.part_from(clock.today.and_time(clock.time), true)?))
}

/// "3 days from now", "a week from tomorrow", "2 days after today", "two
/// weeks later", "a week hence", "3 fridays from now". `anchor` reads the
/// date a length counts from ("tomorrow", "friday").
pub(super) fn length_from(
    m: &Msg,
    i: usize,
    clock: &LocalClock,
    anchor: impl Fn(usize) -> Option<(usize, NaiveDate)>,
) -> Option<(usize, Part)> {
    if let Some(found) = weekdays_from_now(m, i, clock) {
        return Some(found);
    }
    let (n, len) = length(m, i)?;
    let j = i + n;
    let now = clock.today.and_time(clock.time);
    match m.w(j) {
        "later" | "hence" => Some((n + 1, len.part_from(now, true)?)),
        "ago" => Some((n + 1, len.part_before(now)?)),
        // "a week on friday", "a week tomorrow": counted from that day.
        "on" | "tomorrow" => {
            let on = usize::from(m.w(j) == "on");
            let (k, date) = anchor(j + on)?;
            Some((n + on + k, len.part_from(date.and_time(clock.time), false)?))
        }
        "from" | "after" if m.w(j + 1) == "now" => Some((n + 2, len.part_from(now, true)?)),
        "from" | "after" => {
            let (k, date) = anchor(j + 1)?;
            let with_time = date == clock.today;
            let start = if with_time { now } else { date.and_time(clock.time) };
            Some((n + 1 + k, len.part_from(start, with_time)?))
        }
        _ => None,
    }
}

/// "3 fridays from now": the third Friday after today.
fn weekdays_from_now(m: &Msg, i: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    let (used, n) = count(m, i)?;
    let day = weekday_plural(m.w(i + used))?;
    if !m.seq(i + used + 1, &["from", "now|today"]) || n == 0 {
        return None;
    }
    let date = next_weekday(clock.today, day).checked_add_days(Days::new(7 * u64::from(n - 1)))?;
    Some((used + 3, Part::Date { date, explicit: false, soft: None }))
}
