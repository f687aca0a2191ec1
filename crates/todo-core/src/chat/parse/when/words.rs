//! The words of dates and times, as tables apart from the code that walks
//! them: weekdays, months, number and ordinal words, units of time.

use chrono::Weekday;

use super::super::{number, ordinal};

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

pub(super) fn month(w: &str) -> Option<u32> {
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

/// Number words of one token from one to fifty-nine: "five", "fifteen",
/// "forty", "forty-five".
pub(super) fn number_word(w: &str) -> Option<u32> {
    if let Some((tens, unit)) = w.split_once('-') {
        return Some(tens_word(tens)? + unit_word(unit)?);
    }
    unit_word(w).or_else(|| teen_word(w)).or_else(|| tens_word(w))
}

pub(super) fn unit_word(w: &str) -> Option<u32> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        _ => return None,
    })
}

fn teen_word(w: &str) -> Option<u32> {
    Some(match w {
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

pub(super) fn tens_word(w: &str) -> Option<u32> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        _ => return None,
    })
}

/// An hour said in words: "one" to "twelve".
pub(super) fn hour_word(w: &str) -> Option<u32> {
    number_word(w).filter(|h| (1..=12).contains(h))
}

/// Ordinal words beyond "twelfth" (which [`ordinal`] reads), up to
/// "thirty-first", as days of the month are said.
fn ordinal_word(w: &str) -> Option<u32> {
    // The unit after the hyphen is a word ("first" to "ninth"), never digits.
    let unit = |u: &str| ordinal(u).filter(|n| (1..=9).contains(n) && u.bytes().all(|b| b.is_ascii_alphabetic()));
    if let Some((tens, u)) = w.split_once('-') {
        return Some(tens_word(tens)? + unit(u)?);
    }
    Some(match w {
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        _ => return None,
    })
}

/// A day of the month: "15", "15th", "1st", "first", "twenty-first".
pub(super) fn day_of_month(w: &str) -> Option<u32> {
    number(w).or_else(|| ordinal(w)).or_else(|| ordinal_word(w)).filter(|d| (1..=31).contains(d))
}

/// The n-th of a kind in a month: "first" … "fifth", "1st" … "5th"; "last" is -1.
pub(super) fn nth(w: &str) -> Option<i32> {
    if w == "last" {
        return Some(-1);
    }
    ordinal(w).filter(|n| (1..=5).contains(n)).map(|n| n as i32)
}

pub(super) fn year(w: &str) -> Option<i32> {
    (w.len() == 4).then(|| number(w)).flatten().filter(|y| (1970..=2200).contains(y)).map(|y| y as i32)
}

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Year,
}

pub(super) fn unit(w: &str) -> Option<Unit> {
    Some(match w {
        "m" | "min" | "mins" | "minute" | "minutes" => Unit::Minute,
        "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hour,
        "d" | "day" | "days" => Unit::Day,
        "w" | "wk" | "wks" | "week" | "weeks" => Unit::Week,
        "fortnight" | "fortnights" => Unit::Fortnight,
        "month" | "months" => Unit::Month,
        "y" | "yr" | "yrs" | "year" | "years" => Unit::Year,
        _ => return None,
    })
}

/// Words naming a part of the day, which make a number before them a clock
/// hour ("3 in the morning", "11 tonight").
pub(super) fn day_part(w: &str) -> bool {
    matches!(w, "morning" | "afternoon" | "evening" | "night" | "tonight" | "tonite")
}

/// Holidays on a fixed day of the year: the words and (month, day).
pub(super) const HOLIDAYS: &[(&[&str], (u32, u32))] = &[
    (&["christmas|xmas", "eve"], (12, 24)),
    (&["christmas|xmas", "day"], (12, 25)),
    (&["christmas|xmas"], (12, 25)),
    (&["boxing", "day"], (12, 26)),
    (&["new", "year's|years", "eve"], (12, 31)),
    (&["nye"], (12, 31)),
    (&["new", "year's|years", "day"], (1, 1)),
    (&["valentine's|valentines", "day"], (2, 14)),
    (&["halloween"], (10, 31)),
];
