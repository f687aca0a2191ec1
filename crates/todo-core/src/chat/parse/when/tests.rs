//! Table-driven tests of date and time reading, one table per class, in
//! phrasings of our own. The clock is Tuesday 2026-03-10 at 09:00 unless a
//! table says otherwise.

use chrono::{NaiveDate, NaiveTime};

use super::super::tokenize;
use super::super::Msg;
use super::{at, WhenAcc};
use crate::chat::command::{DateOrder, LocalClock, When};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn clock_at(today: NaiveDate, h: u32, mi: u32) -> LocalClock {
    LocalClock { today, time: NaiveTime::from_hms_opt(h, mi, 0).unwrap(), order: DateOrder::MonthFirst }
}

fn tuesday() -> LocalClock {
    clock_at(d(2026, 3, 10), 9, 0)
}

/// Reads `phrase` as a whole: every token must be part of a date or time
/// phrase (connectors such as "on" and "at" aside).
fn read(phrase: &str, clock: &LocalClock) -> Option<When> {
    let m = Msg { toks: tokenize(phrase) };
    let mut acc = WhenAcc::default();
    let mut i = 0;
    while i < m.len() {
        if let Some((n, part)) = at(&m, i, m.len(), clock) {
            acc.add(part);
            i += n;
        } else if matches!(m.w(i), "on" | "at" | "by" | "for" | "due") {
            i += 1;
        } else {
            return None;
        }
    }
    acc.finish(clock, None)
}

/// A phrase and the date and time (hour, minute) it reads as.
type Case<'a> = (&'a str, NaiveDate, Option<(u32, u32)>);

fn check(clock: &LocalClock, table: &[Case]) {
    for &(phrase, date, time) in table {
        let want = When { date, time: time.map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap()) };
        assert_eq!(read(phrase, clock), Some(want), "{phrase:?}");
    }
}

#[test]
fn weekdays_relative_to_this_week() {
    // Tuesday 2026-03-10; the next week runs Monday 16 to Sunday 22.
    check(
        &tuesday(),
        &[
            ("friday", d(2026, 3, 13), None),
            ("next friday", d(2026, 3, 20), None),
            ("next wednesday", d(2026, 3, 18), None),
            ("next monday", d(2026, 3, 16), None),
            ("this friday", d(2026, 3, 13), None),
            ("this tuesday", d(2026, 3, 10), None),
            ("this coming friday", d(2026, 3, 13), None),
            ("friday after next", d(2026, 3, 20), None),
            ("the wednesday after next", d(2026, 3, 18), None),
            ("thursday of next week", d(2026, 3, 19), None),
            ("monday next week", d(2026, 3, 16), None),
            ("next week on sunday", d(2026, 3, 22), None),
            ("sunday of this week", d(2026, 3, 15), None),
            ("the monday of the week after next", d(2026, 3, 23), None),
            ("next week", d(2026, 3, 17), None),
            ("next weekday", d(2026, 3, 11), None),
            ("next business day", d(2026, 3, 11), None),
        ],
    );
    // On a Sunday, the next week starts tomorrow.
    check(&clock_at(d(2026, 3, 15), 9, 0), &[("next saturday", d(2026, 3, 21), None), ("next sunday", d(2026, 3, 22), None)]);
    // On a Friday, the next working day is Monday.
    check(&clock_at(d(2026, 3, 13), 9, 0), &[("next weekday", d(2026, 3, 16), None)]);
}

#[test]
fn weekends_and_ends_of_periods() {
    check(
        &tuesday(),
        &[
            ("this weekend", d(2026, 3, 14), None),
            ("the weekend", d(2026, 3, 14), None),
            ("next weekend", d(2026, 3, 21), None),
            ("end of the week", d(2026, 3, 13), None),
            ("the end of the month", d(2026, 3, 31), None),
            ("end of the year", d(2026, 12, 31), None),
        ],
    );
    check(&clock_at(d(2026, 3, 14), 9, 0), &[("this weekend", d(2026, 3, 14), None), ("next weekend", d(2026, 3, 21), None)]);
}

#[test]
fn counted_from_a_day() {
    check(
        &tuesday(),
        &[
            ("a week from tomorrow", d(2026, 3, 18), None),
            ("two weeks from friday", d(2026, 3, 27), None),
            ("3 days after tomorrow", d(2026, 3, 14), None),
            ("4 days from today", d(2026, 3, 14), None),
            ("ten days hence", d(2026, 3, 20), None),
            ("a fortnight later", d(2026, 3, 24), None),
            ("2 thursdays from now", d(2026, 3, 19), None),
            ("in a couple of weeks", d(2026, 3, 24), None),
            ("in 2 months", d(2026, 5, 10), None),
            ("in a week's time", d(2026, 3, 17), None),
            ("in 3 days time", d(2026, 3, 13), None),
        ],
    );
}

#[test]
fn calendar_dates() {
    check(
        &tuesday(),
        &[
            ("14th of next month", d(2026, 4, 14), None),
            ("the 25th of this month", d(2026, 3, 25), None),
            ("12 of next month", d(2026, 4, 12), None),
            ("the 3rd day of next month", d(2026, 4, 3), None),
            ("the last day of the month", d(2026, 3, 31), None),
            ("last day of next month", d(2026, 4, 30), None),
            ("the second last day of april", d(2026, 4, 29), None),
            ("the first day of next month", d(2026, 4, 1), None),
            ("the first monday of june", d(2026, 6, 1), None),
            ("second friday in may", d(2026, 5, 8), None),
            ("the last thursday of november", d(2026, 11, 26), None),
            // Past this year: next year's.
            ("the first monday of february", d(2027, 2, 1), None),
            ("fourth sunday of january 2028", d(2028, 1, 23), None),
            ("monday the 16th", d(2026, 3, 16), None),
            ("wednesday, april 1", d(2026, 4, 1), None),
            ("the 20th", d(2026, 3, 20), None),
            ("on the third", d(2026, 4, 3), None),
            ("the twenty-first of june", d(2026, 6, 21), None),
            ("2027 january 9", d(2027, 1, 9), None),
            ("9 january 2027", d(2027, 1, 9), None),
            ("22sep", d(2026, 9, 22), None),
            ("7-may-2027", d(2027, 5, 7), None),
            ("7-may 2027", d(2027, 5, 7), None),
            ("2027/may/07", d(2027, 5, 7), None),
            ("2027-05-07", d(2027, 5, 7), None),
            ("christmas eve", d(2026, 12, 24), None),
            ("on new year's day", d(2027, 1, 1), None),
            ("halloween", d(2026, 10, 31), None),
        ],
    );
}

#[test]
fn numeric_dates_follow_the_locale() {
    let us = tuesday();
    let gb = LocalClock { order: DateOrder::DayFirst, ..tuesday() };
    check(
        &us,
        &[
            ("7/4", d(2026, 7, 4), None),
            ("on 7/4", d(2026, 7, 4), None),
            ("7/4/27", d(2027, 7, 4), None),
            ("07-04-2027", d(2027, 7, 4), None),
            // No 25th month: only one reading.
            ("25/12", d(2026, 12, 25), None),
            ("2/1", d(2027, 2, 1), None),
        ],
    );
    check(
        &gb,
        &[
            ("7/4", d(2026, 4, 7), None),
            ("7/4/27", d(2027, 4, 7), None),
            ("25.12.2026", d(2026, 12, 25), None),
            ("12/25", d(2026, 12, 25), None),
        ],
    );
    assert_eq!(DateOrder::of_locale("en-US"), Some(DateOrder::MonthFirst));
    assert_eq!(DateOrder::of_locale("en"), Some(DateOrder::MonthFirst));
    assert_eq!(DateOrder::of_locale("en-GB"), Some(DateOrder::DayFirst));
    assert_eq!(DateOrder::of_locale("de"), Some(DateOrder::DayFirst));
    assert_eq!(DateOrder::of_locale("en_au"), Some(DateOrder::DayFirst));
    assert_eq!(DateOrder::of_locale("zh-Hant-TW"), Some(DateOrder::DayFirst));
    assert_eq!(DateOrder::of_locale("not a locale"), None);
    assert_eq!(DateOrder::of_locale(""), None);
}

#[test]
fn times_in_digits_and_words() {
    let today = d(2026, 3, 10);
    check(
        &tuesday(),
        &[
            ("at seven pm", today, Some((19, 0))),
            ("five thirty pm", today, Some((17, 30))),
            ("seven forty-five", today, Some((19, 45))),
            ("ten oh five a m", today, Some((10, 5))),
            ("at 4 p m", today, Some((16, 0))),
            ("4 o'clock pm", today, Some((16, 0))),
            ("845 pm", today, Some((20, 45))),
            ("at 1015", today, Some((10, 15))),
            ("2h05", d(2026, 3, 11), Some((2, 5))),
            ("21h", today, Some((21, 0))),
            ("14:40", today, Some((14, 40))),
            ("a quarter past 4pm", today, Some((16, 15))),
            ("quarter to noon", today, Some((11, 45))),
            ("half past five", today, Some((17, 30))),
            ("10 minutes past 11am", today, Some((11, 10))),
            ("25 to midnight", today, Some((23, 35))),
            ("20 past noon", today, Some((12, 20))),
            ("45 minutes from 2pm", today, Some((14, 45))),
            ("noon", today, Some((12, 0))),
            ("12 noon", today, Some((12, 0))),
            ("mid day", today, Some((12, 0))),
        ],
    );
}

#[test]
fn parts_of_the_day_decide_the_hour() {
    let today = d(2026, 3, 10);
    let tomorrow = d(2026, 3, 11);
    check(
        &tuesday(),
        &[
            ("4 in the morning", tomorrow, Some((4, 0))),
            ("at 2 in the afternoon", today, Some((14, 0))),
            ("8:15 in the evening", today, Some((20, 15))),
            ("930 in the evening", today, Some((21, 30))),
            ("10 at night", today, Some((22, 0))),
            ("10 tonight", today, Some((22, 0))),
            ("nine tonight", today, Some((21, 0))),
            ("tonight", today, Some((20, 0))),
            ("in the evening at seven", today, Some((19, 0))),
            ("friday morning at 8", d(2026, 3, 13), Some((8, 0))),
            ("at 4 tomorrow afternoon", tomorrow, Some((16, 0))),
        ],
    );
}

#[test]
fn bare_hours() {
    let today = d(2026, 3, 10);
    let tomorrow = d(2026, 3, 11);
    // At 09:00: 1 to 6 are afternoon; 7 to 11 the next time that hour comes.
    check(
        &tuesday(),
        &[
            ("at 5", today, Some((17, 0))),
            ("at 1", today, Some((13, 0))),
            ("at 10", today, Some((10, 0))),
            ("at 8", today, Some((20, 0))),
            ("at 11:30", today, Some((11, 30))),
            ("at 12", today, Some((12, 0))),
            // A later day: the morning.
            ("tomorrow at 8", tomorrow, Some((8, 0))),
            ("friday at 10", d(2026, 3, 13), Some((10, 0))),
            ("tomorrow at 5", tomorrow, Some((17, 0))),
        ],
    );
    // A repetition's hour is every day's: the morning.
    let every = match super::super::parse("add stretch every day at 8", &tuesday()) {
        crate::chat::command::Command::Add(spec) => spec.when,
        other => panic!("read as {other:?}"),
    };
    assert_eq!(every.and_then(|w| w.time), NaiveTime::from_hms_opt(8, 0, 0));
    // At 22:00 both 8s have passed today: tomorrow morning.
    check(&clock_at(today, 22, 0), &[("at 8", tomorrow, Some((8, 0)))]);
}

#[test]
fn parts_of_weeks_and_approximate_times() {
    let c = clock_at(d(2026, 3, 10), 16, 40);
    let today = d(2026, 3, 10);
    check(
        &c,
        &[
            ("early next week", d(2026, 3, 16), None),
            ("the middle of next week", d(2026, 3, 18), None),
            ("later this week", d(2026, 3, 13), None),
            ("the end of next week", d(2026, 3, 20), None),
            ("end of next month", d(2026, 4, 30), None),
            ("this time tomorrow", d(2026, 3, 11), Some((16, 40))),
            ("same time next week", d(2026, 3, 17), Some((16, 40))),
            ("half six", today, Some((18, 30))),
            ("at 5:15ish", today, Some((17, 15))),
            ("in about an hour", today, Some((17, 40))),
            ("in three quarters of an hour", today, Some((17, 25))),
            ("monday week", d(2026, 3, 23), None),
            ("a week on friday", d(2026, 3, 20), None),
        ],
    );
}

#[test]
fn days_gone_by() {
    let c = tuesday();
    check(
        &c,
        &[
            ("yesterday", d(2026, 3, 9), None),
            ("the day before yesterday", d(2026, 3, 8), None),
            ("last friday", d(2026, 3, 6), None),
            ("last tuesday", d(2026, 3, 3), None),
            ("last week", d(2026, 3, 3), None),
            ("last month", d(2026, 2, 10), None),
            ("3 days ago", d(2026, 3, 7), None),
            ("2 hours ago", d(2026, 3, 10), Some((7, 0))),
            ("last night", d(2026, 3, 9), Some((20, 0))),
            ("the last friday of march", d(2026, 3, 27), None),
        ],
    );
}

#[test]
fn midnight() {
    let c = tuesday();
    check(
        &c,
        &[
            ("midnight", d(2026, 3, 11), Some((0, 0))),
            ("at midnight", d(2026, 3, 11), Some((0, 0))),
            ("midnight on friday", d(2026, 3, 13), Some((0, 0))),
            ("12am", d(2026, 3, 11), Some((0, 0))),
        ],
    );
    // Said just after midnight, "midnight" is still the coming one.
    check(&clock_at(d(2026, 3, 10), 0, 0), &[("midnight", d(2026, 3, 11), Some((0, 0)))]);
}

#[test]
fn lengths_from_now() {
    let c = clock_at(d(2026, 3, 10), 16, 40);
    let today = d(2026, 3, 10);
    check(
        &c,
        &[
            ("in 3 hours", today, Some((19, 40))),
            ("in half an hour", today, Some((17, 10))),
            ("in an hour and a half", today, Some((18, 10))),
            ("in 1 and a half hours", today, Some((18, 10))),
            ("in 1.5 hours", today, Some((18, 10))),
            ("in 3/4 h", today, Some((17, 25))),
            ("in a quarter of an hour", today, Some((16, 55))),
            ("in 1h 20min", today, Some((18, 0))),
            ("in 2 hours and 5 minutes", today, Some((18, 45))),
            ("in 3 more minutes", today, Some((16, 43))),
            ("half an hour from now", today, Some((17, 10))),
            ("90 minutes later", today, Some((18, 10))),
            ("in 8 hours", d(2026, 3, 11), Some((0, 40))),
            ("in 2d 3h", d(2026, 3, 12), Some((19, 40))),
        ],
    );
}

#[test]
fn no_date_where_there_is_none() {
    let c = tuesday();
    for phrase in ["1/2 cup", "5 to 6 people", "the first chapter", "3 apples", "seven dwarfs", "half the list", "a week"] {
        let m = Msg { toks: tokenize(phrase) };
        assert_eq!(at(&m, 0, m.len(), &c), None, "{phrase:?}");
    }
}

#[test]
fn what_could_not_be_read_is_named() {
    let c = tuesday();
    let cases = [
        ("add renew the lease on feb 30", Some("feb 30")),
        ("add pay the bill 31st of june", Some("31st of june")),
        ("add call the bank at 25:00", Some("25:00")),
        ("add water the plants 13pm", Some("13pm")),
        ("add file taxes 2/30/2027", Some("2/30/2027")),
        ("add pay rent on the 31st of february", Some("31st of february")),
        ("add call 555-123-4567 tomorrow", None),
        ("add buy 1/2 cup of sugar", None),
        ("add renew the lease on feb 28", None),
        ("add 'meeting at 25:00' tomorrow", None),
    ];
    for (message, want) in cases {
        let got = match super::super::parse(message, &c) {
            crate::chat::command::Command::Add(spec) => spec.unread,
            other => panic!("{message:?} read as {other:?}"),
        };
        assert_eq!(got.as_deref(), want, "{message:?}");
    }
}
