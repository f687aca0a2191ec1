//! Cutting the tail off a target: "the dentist | to friday", "X | high
//! priority", "X | with work", "the due date of | X".

use super::*;

/// Splits `lo..hi` into a target and a date/time at the end: "the dentist
/// to friday" → ("the dentist", friday).
pub(super) fn split_when(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<(usize, When)> {
    let from = lo.max(hi.saturating_sub(10));
    for k in from..hi {
        if let Some(when) = fields::when_exact(m, k, hi, clock) {
            let mut e = k;
            while e > lo
                && matches!(m.w(e - 1), "to" | "for" | "until" | "till" | "til" | "back" | "on" | "by" | "due" | "at" | "forward" | "out")
            {
                e -= 1;
            }
            return Some((e, when));
        }
    }
    None
}

/// Splits `lo..hi` into a target and a priority at the end: "buy milk a
/// high priority" → ("buy milk", high).
pub(super) fn split_priority(m: &Msg, lo: usize, hi: usize) -> Option<(usize, Priority)> {
    let from = lo.max(hi.saturating_sub(6));
    for k in from..hi {
        if let Some(p) = priority_exact(m, k, hi) {
            let mut e = k;
            while e > lo && matches!(m.w(e - 1), "to" | "as" | "a" | "an" | "be" | "is" | "priority" | "with" | "at" | "of" | "'s") {
                e -= 1;
            }
            return Some((e, p));
        }
    }
    None
}

/// Tags at the end: "with work", "as work and home", "#work #home", "work".
pub(super) fn split_tags(m: &Msg, lo: usize, hi: usize) -> Option<(usize, Vec<String>)> {
    // "with"/"as" split: the last one.
    let mut tags = Vec::new();
    let sep = (lo + 1..hi).rev().find(|&k| matches!(m.w(k), "with" | "as" | "under" | "in") && k + 1 < hi);
    let (end, from) = match sep {
        Some(k) => (k, k + 1),
        None => {
            // Trailing #tags, or the last word.
            let mut k = hi;
            while k > lo + 1 && tag(m.w(k - 1)).is_some() {
                k -= 1;
            }
            if k == hi {
                if hi < lo + 2 {
                    return None;
                }
                (hi - 1, hi - 1)
            } else {
                (k, k)
            }
        }
    };
    for k in from..hi {
        let w = m.w(k);
        if matches!(w, "" | "and" | "&" | "the" | "tag" | "tags" | "label" | "labels" | "a" | "#") {
            continue;
        }
        let t = tag(w).or_else(|| {
            let body = w.strip_prefix('#').unwrap_or(w);
            let ok = !body.is_empty() && body.chars().count() <= 50 && body.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            ok.then(|| body.to_lowercase())
        });
        if let Some(t) = t {
            if !tags.contains(&t) {
                tags.push(t);
            }
        } else {
            return None;
        }
    }
    let mut end = end;
    while end > lo && matches!(m.w(end - 1), "to" | "as" | "with") {
        end -= 1;
    }
    (!tags.is_empty() && end > lo).then_some((end, tags))
}

/// Where "to" splits "change X to Y": the first "to" with words on both sides.
pub(super) fn split_to(m: &Msg, lo: usize, hi: usize) -> Option<usize> {
    split_at(m, lo, hi, "to|into")
}

/// The first of `words` (alternatives separated by `|`) in `lo..hi` with
/// words on both sides.
pub(super) fn split_at(m: &Msg, lo: usize, hi: usize, words: &str) -> Option<usize> {
    (lo + 1..hi.saturating_sub(1)).find(|&k| !m.toks[k].quoted && m.seq(k, &[words]))
}

pub(super) fn new_title(m: &Msg, lo: usize, hi: usize) -> String {
    let mut lo = lo;
    while lo + 1 < hi && matches!(m.w(lo), "be" | "read" | "say" | "called" | "named") {
        lo += 1;
    }
    text(m, lo, hi)
}

/// "the due date of X", "the priority of X", "X's title": which field and the todo.
pub(super) enum Field {
    Due,
    Priority,
    Title,
}

pub(super) fn field_of(m: &Msg, lo: usize, hi: usize) -> Option<(Field, usize, usize)> {
    let mut k = lo;
    if matches!(m.w(k), "the" | "its" | "it's") {
        k += 1;
    }
    let (field, n) = if m.seq(k, &["due", "date|time|day"]) {
        (Field::Due, 2)
    } else if m.seq(k, &["date|deadline|due|dates|schedule|time"]) {
        (Field::Due, 1)
    } else if m.seq(k, &["priority|prio|importance|urgency"]) {
        (Field::Priority, 1)
    } else if m.seq(k, &["title|name|text|wording"]) {
        (Field::Title, 1)
    } else {
        // "X's due date", "X priority"
        let mut e = hi;
        let field = if e >= lo + 2 && m.seq(e - 2, &["due", "date"]) {
            e -= 2;
            Field::Due
        } else if e > lo + 1 && matches!(m.w(e - 1), "date" | "deadline") {
            e -= 1;
            Field::Due
        } else if e > lo + 1 && matches!(m.w(e - 1), "priority" | "prio") {
            e -= 1;
            Field::Priority
        } else if e > lo + 1 && matches!(m.w(e - 1), "title" | "name") {
            e -= 1;
            Field::Title
        } else {
            return None;
        };
        return Some((field, lo, e));
    };
    let mut s = k + n;
    if matches!(m.w(s), "of" | "for" | "on" | "from" | "in") {
        s += 1;
    } else if m.w(lo) == "its" || m.w(lo) == "it's" {
        return Some((field, lo, lo + 1));
    } else {
        return None;
    }
    (s < hi).then_some((field, s, hi))
}

/// `X` in "X's due date": the raw text, with the possessive dropped.
pub(super) fn possessive_ref(m: &Msg, lo: usize, hi: usize) -> TodoRef {
    if hi == lo + 1 && matches!(m.w(lo), "its" | "it's") {
        return TodoRef::Pronoun;
    }
    match todo_ref(m, lo, hi) {
        TodoRef::Words(w) => {
            let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).map(str::to_owned).unwrap_or(w);
            TodoRef::Words(w)
        }
        other => other,
    }
}
