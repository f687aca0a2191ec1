//! Reminder offsets: "30 minutes before", "an hour before", "half an hour
//! early", "10 min ahead". Read as a field of an added todo ("remind me to
//! call mom at 5pm, 10 minutes before") and, after "remind me", as a change
//! to a todo ("remind me 30 minutes before the dentist").

use super::{small_number, Msg};
use crate::REMIND_BEFORE_MAX;

/// Minutes in one of a unit word, if `w` is one.
fn unit_minutes(w: &str) -> Option<u32> {
    Some(match w {
        "minute" | "minutes" | "min" | "mins" | "m" => 1,
        "hour" | "hours" | "hr" | "hrs" | "h" => 60,
        "day" | "days" => 24 * 60,
        _ => return None,
    })
}

fn is_before_word(w: &str) -> bool {
    matches!(w, "before" | "beforehand" | "early" | "earlier" | "ahead" | "prior")
}

/// A reminder offset at token `i`: how many tokens it takes and the
/// minutes. "half an hour before" is 30; an offset over a week is no offset.
pub(crate) fn offset_at(m: &Msg, i: usize) -> Option<(usize, u32)> {
    let (n, minutes) = if m.seq(i, &["half", "an|a", "hour"]) {
        (3, 30)
    } else if m.seq(i, &["a", "quarter", "of", "an", "hour"]) {
        (5, 15)
    } else {
        let count = small_number(m.w(i))?;
        (2, count.checked_mul(unit_minutes(m.w(i + 1))?)?)
    };
    if !is_before_word(m.w(i + n)) || i64::from(minutes) > REMIND_BEFORE_MAX {
        return None;
    }
    let n = if m.w(i + n) == "prior" && m.w(i + n + 1) == "to" { n + 2 } else { n + 1 };
    Some((n, minutes))
}

/// "remind me 30 minutes before the dentist", "remind me an hour before
/// my flight": the offset and where the todo's words start, when tokens
/// `lo..hi` are that.
pub(crate) fn remind_before_todo(m: &Msg, lo: usize, hi: usize) -> Option<(u32, usize)> {
    if !m.seq(lo, &["remind", "me|us"]) {
        return None;
    }
    let (n, minutes) = offset_at(m, lo + 2)?;
    let at = lo + 2 + n;
    // "… before" followed by the todo ("before the dentist"), not by nothing.
    (at < hi && m.w(at - 1) == "before").then_some((minutes, at))
}

#[cfg(test)]
mod tests {
    use super::super::tokenize;
    use super::*;

    fn offset(text: &str) -> Option<(usize, u32)> {
        let m = Msg { toks: tokenize(text) };
        offset_at(&m, 0)
    }

    #[test]
    fn offsets_read_as_minutes() {
        for (text, minutes) in [
            ("30 minutes before", 30),
            ("10 min before", 10),
            ("an hour before", 60),
            ("2 hours early", 120),
            ("half an hour beforehand", 30),
            ("a quarter of an hour before", 15),
            ("five minutes ahead", 5),
            ("1 day before", 1440),
            ("15 mins earlier", 15),
        ] {
            assert_eq!(offset(text).map(|(_, m)| m), Some(minutes), "{text}");
        }
    }

    #[test]
    fn not_offsets() {
        for text in ["30 minutes", "in 30 minutes", "before lunch", "8 days before", "30 apples before"] {
            assert_eq!(offset(text), None, "{text}");
        }
    }

    #[test]
    fn remind_me_before_a_todo() {
        let m = Msg { toks: tokenize("remind me 30 minutes before the dentist") };
        assert_eq!(remind_before_todo(&m, 0, m.len()), Some((30, 5)));
        let m = Msg { toks: tokenize("remind me to call mom 10 minutes before") };
        assert_eq!(remind_before_todo(&m, 0, m.len()), None, "an add, not a change");
        let m = Msg { toks: tokenize("remind me 30 minutes before") };
        assert_eq!(remind_before_todo(&m, 0, m.len()), None, "before what?");
    }
}
