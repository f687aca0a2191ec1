//! Times of day: "5pm", "17:00", "3h18", "at seven pm", "seven thirty",
//! "a quarter past 3pm", "20 to noon", "3 in the morning", "noon",
//! "midnight", "in the evening".

use super::super::{number, Msg};
use super::words::{day_part, hour_word, number_word, tens_word, unit_word};
use super::{hm, Part, Soft};

/// How a clock hour was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// "5", "17"
    Plain,
    /// "5:30", "5.30"
    Separated,
    /// "3h18", "15h": a 24-hour clock time.
    Hours,
    /// "730", "1545": hour and minutes run together.
    Compact,
}

/// A clock time in one word: "5pm", "5:30", "17:00", "5.30pm", "17h30",
/// "3:18a", "330pm". Returns hour, minute, am/pm (`Some(true)` for pm) and
/// how it was written.
fn clock_word(w: &str) -> Option<(u32, u32, Option<bool>, Form)> {
    // "4:30ish", "5pmish": about that time is that time.
    let w = w.strip_suffix("ish").unwrap_or(w);
    let (body, pm) = if let Some(b) = w.strip_suffix("pm").or_else(|| w.strip_suffix("p.m")).or_else(|| w.strip_suffix('p')) {
        (b, Some(true))
    } else if let Some(b) = w.strip_suffix("am").or_else(|| w.strip_suffix("a.m")).or_else(|| w.strip_suffix('a')) {
        (b, Some(false))
    } else {
        (w, None)
    };
    if body.is_empty() || body.len() > 5 {
        return None;
    }
    let (h, mi, form) = match body.find([':', '.', 'h']) {
        Some(at) => {
            let (h, rest) = (&body[..at], &body[at + 1..]);
            let hours = body.as_bytes()[at] == b'h';
            if h.len() > 2 {
                return None;
            }
            let form = if hours { Form::Hours } else { Form::Separated };
            if rest.is_empty() && hours {
                (number(h)?, 0, form)
            } else if rest.len() == 2 {
                (number(h)?, number(rest)?, form)
            } else {
                return None;
            }
        }
        None if body.len() <= 2 => (number(body)?, 0, Form::Plain),
        None => {
            let n = number(body)?;
            (n / 100, n % 100, Form::Compact)
        }
    };
    if mi >= 60 || h > 23 {
        return None;
    }
    Some((h, mi, pm, form))
}

/// Digits that look like a clock time whether or not they are one: "25:00",
/// "9:75", "13pm".
pub(super) fn clock_like(w: &str) -> bool {
    let body = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    let suffix = &w[body.len()..];
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    match body.split_once(':') {
        Some((h, mi)) => digits(h) && digits(mi) && matches!(suffix, "" | "am" | "pm"),
        None => digits(body) && matches!(suffix, "am" | "pm"),
    }
}

/// am/pm said apart from the number: "pm", "p.m", "p m", "a m".
fn meridiem(m: &Msg, j: usize) -> Option<(usize, bool)> {
    match m.w(j) {
        "pm" | "p.m" => Some((1, true)),
        "am" | "a.m" => Some((1, false)),
        "p" if m.w(j + 1) == "m" => Some((2, true)),
        "a" if m.w(j + 1) == "m" => Some((2, false)),
        _ => None,
    }
}

/// A part of the day follows token `j`: "in the morning", "in afternoon",
/// "at night", "tonight", "tomorrow evening".
fn day_part_at(m: &Msg, j: usize) -> bool {
    match m.w(j) {
        "in" => day_part(m.w(j + 1)) || (m.w(j + 1) == "the" && day_part(m.w(j + 2))),
        "at" => m.w(j + 1) == "night",
        "this" | "tomorrow" | "today" => day_part(m.w(j + 1)),
        w => day_part(w),
    }
}

/// Token `i` is introduced as a time: "at 5", "@ 5", "around 5".
fn introduced(m: &Msg, i: usize) -> bool {
    i > 0 && matches!(m.w(i - 1), "at" | "@" | "around" | "by")
}

/// 12-hour to 24-hour; `None` for "13pm".
fn with_meridiem(h: u32, pm: bool) -> Option<u32> {
    (1..=12).contains(&h).then_some(h % 12 + if pm { 12 } else { 0 })
}

/// A clock reading: hour, minute, and whether the hour may still be
/// morning or afternoon.
struct Reading {
    len: usize,
    h: u32,
    mi: u32,
    ambiguous: bool,
}

impl Reading {
    fn part(&self) -> Part {
        Part::Time { time: hm(self.h, self.mi), ambiguous: self.ambiguous }
    }
}

/// An hour in digits with what goes with it: "5pm", "5 pm", "5 o'clock pm",
/// "17:00", "3h18", "730 in the evening". `marked`: the context already
/// says it is a time (after "at", or as the hour of "a quarter past 3").
fn digit_clock(m: &Msg, i: usize, marked: bool) -> Option<Reading> {
    let w = m.w(i);
    let (h, mi, mut pm, form) = clock_word(w)?;
    let mut j = i + 1;
    let oclock = matches!(m.w(j), "o'clock" | "oclock") && form == Form::Plain;
    if oclock {
        j += 1;
    }
    if pm.is_none() {
        if let Some((n, p)) = meridiem(m, j) {
            pm = Some(p);
            j += n;
        }
    }
    // "1700 hours", "17:00 hrs": a 24-hour clock time said as such.
    if pm.is_none() && matches!(form, Form::Compact | Form::Separated) && matches!(m.w(j), "hours" | "hrs" | "h") {
        j += 1;
        return Some(Reading { len: j - i, h, mi, ambiguous: false });
    }
    let said = pm.is_some() || matches!(form, Form::Separated | Form::Hours) || oclock;
    if !(said || marked || introduced(m, i) || day_part_at(m, j)) {
        return None;
    }
    let h = match pm {
        Some(p) => with_meridiem(h, p)?,
        None => h,
    };
    let ambiguous = pm.is_none() && form != Form::Hours && (1..=11).contains(&h) && !w.starts_with('0');
    Some(Reading { len: j - i, h, mi, ambiguous })
}

/// Minutes in words after an hour word: "thirty", "fifteen", "forty five",
/// "forty-five", "oh five".
fn minute_words(m: &Msg, j: usize) -> Option<(usize, u32)> {
    let w = m.w(j);
    if matches!(w, "oh" | "o") {
        return Some((2, unit_word(m.w(j + 1))?));
    }
    if let Some(tens) = tens_word(w) {
        return Some(match unit_word(m.w(j + 1)) {
            Some(u) => (2, tens + u),
            None => (1, tens),
        });
    }
    number_word(w).filter(|&n| n >= 10).map(|n| (1, n))
}

/// An hour in words: "seven pm", "at seven", "seven thirty", "nine fifty
/// nine a m", "eight tonight".
fn word_clock(m: &Msg, i: usize, marked: bool) -> Option<Reading> {
    let h = hour_word(m.w(i))?;
    let mut j = i + 1;
    let mut mi = 0;
    let minutes = minute_words(m, j);
    if let Some((n, v)) = minutes {
        mi = v;
        j += n;
    }
    let oclock = minutes.is_none() && matches!(m.w(j), "o'clock" | "oclock");
    if oclock {
        j += 1;
    }
    let pm = meridiem(m, j).map(|(n, p)| {
        j += n;
        p
    });
    if !(minutes.is_some() || oclock || pm.is_some() || marked || introduced(m, i) || day_part_at(m, j)) {
        return None;
    }
    let h = match pm {
        Some(p) => with_meridiem(h, p)?,
        None => h,
    };
    Some(Reading { len: j - i, h, mi, ambiguous: pm.is_none() && h != 12 })
}

/// "noon", "midday", "mid day", "midnight", with an optional "12" or "the" before.
fn named_hour(m: &Msg, i: usize) -> Option<(usize, Part)> {
    let skip = usize::from(matches!(m.w(i), "12" | "twelve" | "the"));
    let j = i + skip;
    let (n, part) = match m.w(j) {
        "noon" | "midday" | "mid-day" | "lunchtime" => (1, Part::Time { time: hm(12, 0), ambiguous: false }),
        "mid" if m.w(j + 1) == "day" => (2, Part::Time { time: hm(12, 0), ambiguous: false }),
        "midnight" => (1, Part::Midnight),
        _ => return None,
    };
    Some((skip + n, part))
}

/// The hour a "quarter past" counts from: a clock time, an hour word, noon or midnight.
fn base_hour(m: &Msg, k: usize) -> Option<(usize, u32, bool, bool)> {
    if let Some((n, part)) = named_hour(m, k) {
        let h = if part == Part::Midnight { 0 } else { 12 };
        return Some((n, h * 60, false, true));
    }
    let r = digit_clock(m, k, true).or_else(|| word_clock(m, k, true))?;
    let said = !r.ambiguous || r.h == 0 || r.h > 12;
    Some((r.len, r.h * 60 + r.mi, r.ambiguous, said))
}

/// "a quarter past 3pm", "half past six", "20 minutes past 3pm", "15 to
/// noon", "ten to five", "15 minutes from 1pm".
fn relative_clock(m: &Msg, i: usize) -> Option<(usize, Part)> {
    let (mut j, minutes, counted) = match m.w(i) {
        "a" if m.w(i + 1) == "quarter" => (i + 2, 15, false),
        "quarter" => (i + 1, 15, false),
        "half" => (i + 1, 30, false),
        w => {
            let n = number(w).or_else(|| number_word(w)).filter(|n| (1..60).contains(n))?;
            (i + 1, n, true)
        }
    };
    let unit = matches!(m.w(j), "minutes" | "minute" | "mins" | "min");
    if unit {
        j += 1;
    }
    let sign: i64 = match m.w(j) {
        "past" | "after" => 1,
        "to" | "before" | "till" | "til" | "of" => -1,
        "from" if unit => 1,
        _ => return None,
    };
    let (n, base, ambiguous, said) = base_hour(m, j + 1)?;
    // "5 to 6" could be a range of anything; a bare count needs a clear hour.
    if counted && !unit && !said && !introduced(m, i) {
        return None;
    }
    let total = (i64::from(base) + sign * i64::from(minutes)).rem_euclid(24 * 60) as u32;
    Some((j + 1 + n - i, Part::Time { time: hm(total / 60, total % 60), ambiguous }))
}

/// "half three": half past three, as said in Britain.
fn half_hour(m: &Msg, i: usize) -> Option<(usize, Part)> {
    if m.w(i) != "half" {
        return None;
    }
    let w = m.w(i + 1);
    let h = hour_word(w).or_else(|| number(w).filter(|h| (1..=12).contains(h)))?;
    let (n, pm) = match meridiem(m, i + 2) {
        Some((n, p)) => (n, Some(p)),
        None => (0, None),
    };
    let h = match pm {
        Some(p) => with_meridiem(h, p)?,
        None => h,
    };
    Some((2 + n, Part::Time { time: hm(h, 30), ambiguous: pm.is_none() && h != 12 }))
}

/// A part of the day on its own: "in the morning", "in afternoon", "at night".
fn day_part_phrase(m: &Msg, i: usize) -> Option<(usize, Part)> {
    match m.w(i) {
        "in" if m.w(i + 1) == "the" => Some((3, Part::Soft(Soft::from_word(m.w(i + 2)).filter(|s| *s != Soft::Night)?))),
        "in" => Some((2, Part::Soft(Soft::from_word(m.w(i + 1)).filter(|s| *s != Soft::Night)?))),
        "at" if m.w(i + 1) == "night" => Some((2, Part::Soft(Soft::Night))),
        "overnight" => Some((1, Part::Soft(Soft::Night))),
        _ => None,
    }
}

/// A time phrase at token `i`.
pub(super) fn time_at(m: &Msg, i: usize) -> Option<(usize, Part)> {
    if let Some(found) = relative_clock(m, i).or_else(|| half_hour(m, i)).or_else(|| named_hour(m, i)).or_else(|| day_part_phrase(m, i)) {
        return Some(found);
    }
    let r = digit_clock(m, i, false).or_else(|| word_clock(m, i, false))?;
    Some((r.len, r.part()))
}
