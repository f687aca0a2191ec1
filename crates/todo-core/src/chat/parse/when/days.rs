//! Days named from today: "today", "tomorrow", "the day after tomorrow",
//! "friday", "next friday", "this friday", "the friday after next",
//! "tuesday of next week", "next week", "this weekend", "next weekday",
//! "end of the month".

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::super::Msg;
use super::dates::{self, last_day_of_month};
use super::words::weekday;
use super::{date_connector, next_weekday, weekday_on_or_after, Part, Soft};
use crate::chat::command::LocalClock;

fn day(date: NaiveDate) -> Part {
    Part::Date { date, explicit: false, soft: None }
}

/// The Monday of `date`'s week (weeks start on Monday).
fn monday_of(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday()))).unwrap_or(date)
}

fn in_week(monday: NaiveDate, day: Weekday) -> NaiveDate {
    monday.checked_add_days(Days::new(u64::from(day.num_days_from_monday()))).unwrap_or(monday)
}

/// "next week", "this week", "the following week", "the week after next":
/// the Monday that week starts on.
fn week_ref(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, NaiveDate)> {
    let (n, weeks) = if m.seq(i, &["the", "week", "after", "next"]) {
        (4, 2)
    } else if m.seq(i, &["next|following|coming", "week"]) {
        (2, 1)
    } else if m.seq(i, &["the", "following|next|coming", "week"]) {
        (3, 1)
    } else if m.seq(i, &["this|current", "week"]) {
        (2, 0)
    } else if m.seq(i, &["the", "current", "week"]) {
        (3, 0)
    } else {
        return None;
    };
    Some((n, monday_of(today).checked_add_days(Days::new(7 * weeks))?))
}

/// A part of a week: "early next week", "the beginning of next week", "mid
/// next week", "later this week", "the end of next week" (Monday,
/// Wednesday, Friday of it).
fn part_of_week(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    let the = usize::from(m.w(i) == "the");
    let j = i + the;
    let (n, wd) = match m.w(j) {
        "early" => (1, Weekday::Mon),
        "mid" | "midweek" => (1, Weekday::Wed),
        "late" | "later" => (1, Weekday::Fri),
        "beginning" | "start" if m.w(j + 1) == "of" => (2, Weekday::Mon),
        "middle" if m.w(j + 1) == "of" => (2, Weekday::Wed),
        "end" if m.w(j + 1) == "of" => (2, Weekday::Fri),
        _ => return None,
    };
    let (k, monday) = week_ref(m, j + n, today)?;
    let date = in_week(monday, wd).max(today);
    Some((the + n + k, day(date)))
}

/// The next Monday to Friday after today.
fn next_working_day(today: NaiveDate) -> Option<NaiveDate> {
    let mut d = today.succ_opt()?;
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d = d.succ_opt()?;
    }
    Some(d)
}

/// The coming Saturday (today on a Saturday).
fn weekend(today: NaiveDate) -> NaiveDate {
    weekday_on_or_after(today, Weekday::Sat)
}

/// A weekday and what pins it down: "friday", "the friday after next",
/// "friday of next week", "friday next week", "monday the 5th", "sunday,
/// march 6, 2016".
fn weekday_phrase(m: &Msg, i: usize, hi: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    let today = clock.today;
    let the = m.w(i) == "the";
    let j = i + usize::from(the);
    let (wd, strict) = weekday(m.w(j))?;
    let k = j + 1;
    // "friday, march 13": the calendar date says it.
    if let Some((n, p)) = dates::absolute(m, k, hi, clock) {
        return Some((k + n - i, p));
    }
    if m.seq(k, &["after", "next"]) {
        return Some((k + 2 - i, day(next_weekday(today, wd).checked_add_days(Days::new(7))?)));
    }
    let of = usize::from(m.w(k) == "of");
    if let Some((n, monday)) = week_ref(m, k + of, today) {
        return Some((k + of + n - i, day(in_week(monday, wd))));
    }
    // "monday week": a week after the coming Monday.
    if m.w(k) == "week" && !the {
        return Some((2, day(next_weekday(today, wd).checked_add_days(Days::new(7))?)));
    }
    if the {
        return None;
    }
    if strict {
        let prev_ok = i > 0 && (date_connector(m.w(i - 1)) || m.w(i - 1) == "next");
        let next_ok = i + 1 >= hi || matches!(m.w(i + 1), "at" | "morning" | "afternoon" | "evening" | "night") || m.toks[i].ends_clause();
        if !prev_ok && !next_ok {
            return None;
        }
    }
    Some((1, day(next_weekday(today, wd))))
}

/// "next friday", "this friday", "coming friday", "next week", "next week
/// tuesday", "next month", "next weekend", "next weekday".
fn next_phrase(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    let (j, word) = match m.w(i) {
        "this" | "the" if matches!(m.w(i + 1), "coming" | "following") => (i + 2, "coming"),
        "following" => (i + 1, "coming"),
        w @ ("next" | "this" | "coming") => (i + 1, w),
        _ => return None,
    };
    let nw = m.w(j);
    let (len, date) = match nw {
        "week" if word != "this" => {
            // "next week tuesday", "next week on tuesday"
            let on = usize::from(m.w(j + 1) == "on");
            match weekday(m.w(j + 1 + on)) {
                Some((wd, _)) => (j + 2 + on - i, in_week(monday_of(today).checked_add_days(Days::new(7))?, wd)),
                None => (j + 1 - i, today.checked_add_days(Days::new(7))?),
            }
        }
        "month" if word == "next" => (j + 1 - i, today.checked_add_months(Months::new(1))?),
        "year" if word == "next" => (j + 1 - i, today.checked_add_months(Months::new(12))?),
        "weekend" if word == "next" => (j + 1 - i, weekend(today).checked_add_days(Days::new(7))?),
        "weekend" => (j + 1 - i, weekend(today)),
        "weekday" if word == "next" => (j + 1 - i, next_working_day(today)?),
        "working" | "business" if word == "next" && m.w(j + 1) == "day" => (j + 2 - i, next_working_day(today)?),
        _ => {
            let (wd, _) = weekday(nw)?;
            let date = match word {
                "next" => in_week(monday_of(today).checked_add_days(Days::new(7))?, wd),
                "this" => weekday_on_or_after(today, wd),
                _ => next_weekday(today, wd),
            };
            (j + 1 - i, date)
        }
    };
    Some((len, day(date)))
}

/// Days gone by: "last friday" (the latest Friday before today), "last
/// week", "last month", "last night", "the day before yesterday".
fn past(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    if m.seq(i, &["the", "day", "before", "yesterday"]) {
        return Some((4, day(today.checked_sub_days(Days::new(2))?)));
    }
    if m.seq(i, &["day", "before", "yesterday"]) {
        return Some((3, day(today.checked_sub_days(Days::new(2))?)));
    }
    if m.w(i) != "last" {
        return None;
    }
    let date = match m.w(i + 1) {
        "night" => return Some((2, Part::Date { date: today.pred_opt()?, explicit: false, soft: Some(Soft::Night) })),
        "week" => today.checked_sub_days(Days::new(7))?,
        "month" => today.checked_sub_months(Months::new(1))?,
        "year" => today.checked_sub_months(Months::new(12))?,
        w => {
            // "last friday of october" is a day of that month.
            let (wd, _) = weekday(w)?;
            if matches!(m.w(i + 2), "of" | "in") {
                return None;
            }
            weekday_on_or_after(today.checked_sub_days(Days::new(7))?, wd)
        }
    };
    Some((2, day(date)))
}

/// "end of the week", "the end of this month", "eom", "end of day".
fn end_of(m: &Msg, i: usize, today: NaiveDate) -> Option<(usize, Part)> {
    let w = m.w(i);
    let (n, what) = match w {
        "eow" => (1, "week"),
        "eom" => (1, "month"),
        "eoy" => (1, "year"),
        "eod" => (1, "day"),
        _ => {
            let s = if w == "the" { i + 1 } else { i };
            if !m.seq(s, &["end", "of"]) {
                return None;
            }
            let t = if matches!(m.w(s + 2), "the" | "this" | "next") { s + 3 } else { s + 2 };
            (t + 1 - i, m.w(t))
        }
    };
    // "end of next month": the same end, a month or year on ("end of next
    // week" is a part of a week).
    let next = n > 1 && m.w(i + n - 2) == "next";
    let date = match what {
        "week" => weekday_on_or_after(today, Weekday::Fri),
        "month" if next => last_day_of_month(today.with_day(1)?.checked_add_months(Months::new(1))?),
        "month" => last_day_of_month(today),
        "year" => NaiveDate::from_ymd_opt(today.year() + i32::from(next), 12, 31)?,
        "day" if !next => today,
        _ => return None,
    };
    Some((n, day(date)))
}

/// A day named from today at token `i`.
pub(super) fn day_at(m: &Msg, i: usize, hi: usize, clock: &LocalClock) -> Option<(usize, Part)> {
    let today = clock.today;
    let w = m.w(i);
    let found = match w {
        "today" | "tdy" | "today's" => (1, day(today)),
        "tonight" | "tonite" => (1, Part::Date { date: today, explicit: false, soft: Some(Soft::Night) }),
        "tomorrow" | "tmrw" | "tmr" | "tmrow" | "tomorow" | "tommorow" | "tommorrow" | "2moro" | "2morrow" | "tomorrow's" => {
            (1, day(today.succ_opt()?))
        }
        "yesterday" => (1, day(today.pred_opt()?)),
        "overmorrow" => (1, day(today.checked_add_days(Days::new(2))?)),
        "the" | "day" if m.seq(i, &["the", "day", "after", "tomorrow"]) => (4, day(today.checked_add_days(Days::new(2))?)),
        "day" if m.seq(i, &["day", "after", "tomorrow"]) => (3, day(today.checked_add_days(Days::new(2))?)),
        "this" if Soft::from_word(m.w(i + 1)).is_some() => {
            (2, Part::Date { date: today, explicit: false, soft: Soft::from_word(m.w(i + 1)) })
        }
        "later" if m.w(i + 1) == "today" => (2, day(today)),
        "the" if m.w(i + 1) == "weekend" => (2, day(weekend(today))),
        "weekend" if i > 0 && matches!(m.w(i - 1), "on" | "over" | "by") => (1, day(weekend(today))),
        // (Not "this time this time …": one level of that is enough.)
        "this" | "same" if m.w(i + 1) == "time" && !matches!(m.w(i + 2), "this" | "same") => {
            // "this time tomorrow": that day at the time it is now.
            let (n, Part::Date { date, .. }) = day_at(m, i + 2, hi, clock)? else { return None };
            (2 + n, Part::DateTime(date.and_time(clock.time)))
        }
        _ => {
            return part_of_week(m, i, today)
                .or_else(|| past(m, i, today))
                .or_else(|| next_phrase(m, i, today))
                .or_else(|| end_of(m, i, today))
                .or_else(|| weekday_phrase(m, i, hi, clock))
        }
    };
    Some(found)
}
