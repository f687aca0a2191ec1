//! Calendar dates: "march 15", "the 15th of march 2027", "2018 march 18",
//! "2026-04-02", "6/14" (month or day first, by locale), "10-aug-2012",
//! "15sep", "the 15th", "on the first", "20th of next month", "the first
//! monday of june", "the last day of the month", "fifth last day of may".

use chrono::{Datelike, Days, Months, NaiveDate};

use super::super::{number, Msg};
use super::words::{day_of_month, month, nth, weekday, year, HOLIDAYS};
use super::{date_connector, weekday_on_or_after, Part};
use crate::chat::command::{DateOrder, LocalClock};

fn explicit(date: NaiveDate) -> Part {
    Part::Date { date, explicit: true, soft: None }
}

/// A month and day without a year: this year, or next year once past.
fn upcoming(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    match NaiveDate::from_ymd_opt(today.year(), month, day) {
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

pub(super) fn last_day_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).and_then(|f| f.checked_add_months(Months::new(1))).and_then(|n| n.pred_opt()).unwrap_or(d)
}

/// A calendar date at token `i`.
pub(super) fn absolute(m: &Msg, i: usize, hi: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    let today = clock.today;
    numeric(m, i, hi, clock)
        .or_else(|| month_date(m, i, today))
        .or_else(|| nth_in_month(m, i, today))
        .or_else(|| day_of_month_ref(m, i, today))
        .or_else(|| day_only(m, i, hi, today))
        .or_else(|| holiday(m, i, today))
}

/// "christmas", "new year's eve", "halloween": the next such day.
fn holiday(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    let (words, (mo, d)) = HOLIDAYS.iter().find(|(words, _)| m.seq(i, words))?;
    Some((words.len(), explicit(upcoming(today, *mo, *d)?)))
}

/// "march 15", "mar 15th, 2027", "march the 15th", "15 march", "the 15th
/// of march", "2018 march 18".
fn month_date(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    let dated = |len: usize, y: Option<i32>, mo: u32, d: u32| -> Option<(usize, Part)> {
        let date = match y {
            Some(y) => NaiveDate::from_ymd_opt(y, mo, d)?,
            None => upcoming(today, mo, d)?,
        };
        Some((len, explicit(date)))
    };
    let w = m.w(i);
    let (start, lead_year) = match year(w) {
        Some(y) if month(m.w(i + 1)).is_some() => (i + 1, Some(y)),
        _ => (i, None),
    };
    if let Some(mo) = month(m.w(start)) {
        let j = if m.w(start + 1) == "the" { start + 2 } else { start + 1 };
        let d = day_of_month(m.w(j))?;
        return match lead_year.or_else(|| year(m.w(j + 1))) {
            Some(y) if lead_year.is_none() => dated(j + 2 - i, Some(y), mo, d),
            y => dated(j + 1 - i, y, mo, d),
        };
    }
    let j = if w == "the" { i + 1 } else { i };
    let d = day_of_month(m.w(j))?;
    let k = if m.w(j + 1) == "of" { j + 2 } else { j + 1 };
    let mo = month(m.w(k))?;
    match year(m.w(k + 1)) {
        Some(y) => dated(k + 2 - i, Some(y), mo, d),
        None => dated(k + 1 - i, None, mo, d),
    }
}

/// Which month: "next month", "this month", "the current month", "june",
/// "june 2014".
#[derive(Clone, Copy)]
enum MonthRef {
    Fixed(i32, u32),
    /// A month name alone: this year's, or next year's once the day has passed.
    Named(u32),
}

fn month_ref(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, MonthRef)> {
    let the = usize::from(m.w(i) == "the");
    let j = i + the;
    if m.w(j + 1) == "month" {
        let ahead = match m.w(j) {
            "next" | "following" | "coming" => 1,
            "this" | "current" if the == 0 || m.w(j) == "current" => 0,
            _ => return None,
        };
        let d = today.with_day(1)?.checked_add_months(Months::new(ahead))?;
        return Some((the + 2, MonthRef::Fixed(d.year(), d.month())));
    }
    if the == 1 && m.w(j) == "month" {
        return Some((2, MonthRef::Fixed(today.year(), today.month())));
    }
    let mo = month(m.w(i))?;
    Some(match year(m.w(i + 1)) {
        Some(y) => (2, MonthRef::Fixed(y, mo)),
        None => (1, MonthRef::Named(mo)),
    })
}

/// The day `pick` finds in the month `r` names.
fn in_month(r: MonthRef, today: NaiveDate, pick: impl Fn(NaiveDate) -> Option<NaiveDate>) -> Option<NaiveDate> {
    let first = |y: i32, mo: u32| NaiveDate::from_ymd_opt(y, mo, 1);
    match r {
        MonthRef::Fixed(y, mo) => pick(first(y, mo)?),
        MonthRef::Named(mo) => pick(first(today.year(), mo)?).filter(|d| *d >= today).or_else(|| pick(first(today.year() + 1, mo)?)),
    }
}

/// "the first monday of june", "last friday of october", "third tuesday of
/// september 2014", "the last day of the month", "fifth last day of may",
/// "the first day of next month".
fn nth_in_month(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    let j = i + usize::from(m.w(i) == "the");
    let mut n = nth(m.w(j))?;
    let mut k = j + 1;
    if n > 0 && m.w(k) == "last" {
        n = -n;
        k += 1;
    }
    let day = match m.w(k) {
        "day" => None,
        w => Some(weekday(w)?.0),
    };
    if !matches!(m.w(k + 1), "of" | "in") {
        return None;
    }
    let (len, r) = month_ref(m, k + 2, today)?;
    let count = u64::from(n.unsigned_abs() - 1);
    let date = in_month(r, today, |first| {
        let last = last_day_of_month(first);
        let d = match (day, n > 0) {
            (None, true) => first.checked_add_days(Days::new(count))?,
            (None, false) => last.checked_sub_days(Days::new(count))?,
            (Some(wd), true) => weekday_on_or_after(first, wd).checked_add_days(Days::new(7 * count))?,
            (Some(wd), false) => {
                let back = (7 + last.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
                last.checked_sub_days(Days::new(u64::from(back) + 7 * count))?
            }
        };
        (d.month() == first.month()).then_some(d)
    })?;
    Some((k + 2 + len - i, explicit(date)))
}

/// "20th of next month", "the 20th of this month", "20th day of next month".
fn day_of_month_ref(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    let j = i + usize::from(m.w(i) == "the");
    let d = day_of_month(m.w(j))?;
    let k = j + 1 + usize::from(m.w(j + 1) == "day");
    if m.w(k) != "of" {
        return None;
    }
    let (len, r) = month_ref(m, k + 1, today)?;
    let date = in_month(r, today, |first| first.with_day(d))?;
    Some((k + 1 + len - i, explicit(date)))
}

/// "the 15th" (this month if still to come, else next month); "on the
/// first" (a day in words only after "on", "by" … and at a phrase's end, as
/// "the first chapter" is none).
fn day_only(m: &Msg, i: usize, hi: usize, today: NaiveDate) -> Option<(usize, Part)> {
    if m.w(i) != "the" {
        return None;
    }
    let w = m.w(i + 1);
    let d = day_of_month(w)?;
    // "the 31st of february" names a month: no date when that has no such day.
    if number(w).is_some() || m.w(i + 2) == "of" {
        return None;
    }
    if !w.starts_with(|c: char| c.is_ascii_digit()) {
        let introduced = i > 0 && matches!(m.w(i - 1), "on" | "by" | "due" | "until" | "before" | "from" | "starting");
        let ends = i + 2 >= hi || m.toks[i + 1].ends_clause() || matches!(m.w(i + 2), "at" | "@" | "and" | "please");
        if !(introduced && ends) {
            return None;
        }
    }
    Some((2, explicit(upcoming_day(today, d)?)))
}

/// Up to three numbers or month names joined by `-`, `/` or `.`.
fn pieces(w: &str) -> Option<([&str; 3], usize, char)> {
    let sep = w.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut out = [""; 3];
    let mut n = 0;
    for p in w.split(sep) {
        if n == 3 || p.is_empty() {
            return None;
        }
        out[n] = p;
        n += 1;
    }
    Some((out, n, sep))
}

fn two_digit_year(w: &str) -> Option<i32> {
    match w.len() {
        4 => year(w),
        2 => number(w).map(|y| 2000 + y as i32),
        _ => None,
    }
}

/// Month and day of two numbers, in the locale's order; the other order
/// only when the locale's is no date at all ("31/5" in en-US).
fn ordered(a: u32, b: u32, order: DateOrder, valid: impl Fn(u32, u32) -> bool) -> Option<(u32, u32)> {
    let (mo, d) = match order {
        DateOrder::MonthFirst => (a, b),
        DateOrder::DayFirst => (b, a),
    };
    if valid(mo, d) {
        Some((mo, d))
    } else {
        valid(d, mo).then_some((d, mo))
    }
}

/// A date in one token: "2026-04-02", "2012/aug/10", "05/31/2024",
/// "31.05.2024", "3/3/15", "10-august" (and a year after it), "15sep",
/// "6/14" (where it stands as a date: after "on", "by" … or at the end).
fn numeric(m: &Msg, i: usize, hi: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    let w = m.w(i);
    let today = clock.today;
    if w.len() < 3 || !w.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let Some((p, n, sep)) = pieces(w) else {
        // "15sep"
        let cut = w.find(|c: char| !c.is_ascii_digit())?;
        let (d, mo) = (number(&w[..cut]).filter(|d| (1..=31).contains(d))?, month(&w[cut..])?);
        return named(m, i, today, mo, d);
    };
    let num_or_month =
        |s: &str| number(s).filter(|&v| v <= 31 && s.len() <= 2).map(|v| (v, false)).or_else(|| month(s).map(|mo| (mo, true)));
    let on_date = |y: i32, mo: u32, d: u32| NaiveDate::from_ymd_opt(y, mo, d).map(|date| (1, explicit(date)));
    if n == 3 {
        if let Some(y) = year(p[0]) {
            let (mo, _) = num_or_month(p[1])?;
            return on_date(y, mo, number(p[2])?);
        }
        let y = two_digit_year(p[2])?;
        return match (num_or_month(p[0])?, num_or_month(p[1])?) {
            ((d, false), (mo, true)) | ((mo, true), (d, false)) => on_date(y, mo, d),
            ((a, false), (b, false)) => {
                let (mo, d) = ordered(a, b, clock.order, |mo, d| NaiveDate::from_ymd_opt(y, mo, d).is_some())?;
                on_date(y, mo, d)
            }
            _ => None,
        };
    }
    match (num_or_month(p[0])?, num_or_month(p[1])?) {
        ((d, false), (mo, true)) | ((mo, true), (d, false)) if sep != '.' => named(m, i, today, mo, d),
        ((a, false), (b, false)) if sep == '/' && standalone(m, i, hi) => {
            let (mo, d) = ordered(a, b, clock.order, |mo, d| upcoming(today, mo, d).is_some())?;
            Some((1, explicit(upcoming(today, mo, d)?)))
        }
        _ => None,
    }
}

/// Three numbers joined by `/`, `-` or `.` with a year at one end: a date
/// in form ("2/30/2027"), read or not.
pub(super) fn numeric_like(w: &str) -> bool {
    match pieces(w) {
        Some((p, 3, _)) => {
            let short = |s: &str| s.len() <= 2;
            p.iter().all(|s| s.bytes().all(|b| b.is_ascii_digit()))
                && ((p[0].len() == 4 && short(p[1]) && short(p[2])) || (short(p[0]) && short(p[1]) && matches!(p[2].len(), 2 | 4)))
        }
        _ => false,
    }
}

/// A day and month in one token, with a year in the next one or without.
fn named(m: &Msg, i: usize, today: NaiveDate, mo: u32, d: u32) -> Option<(usize, Part)> {
    match year(m.w(i + 1)) {
        Some(y) => Some((2, explicit(NaiveDate::from_ymd_opt(y, mo, d)?))),
        None => Some((1, explicit(upcoming(today, mo, d)?))),
    }
}

/// "6/14" reads as a date after a date word or at the end of a phrase, not
/// as "1/2 cup".
fn standalone(m: &Msg, i: usize, hi: usize) -> bool {
    let after_connector = i > 0 && date_connector(m.w(i - 1));
    let at_end = i + 1 >= hi || m.toks[i].ends_clause() || matches!(m.w(i + 1), "at" | "@" | "and" | "please");
    after_connector || at_end
}
