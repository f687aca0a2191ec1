//! Priorities ("urgent", "p2", "high priority") and tags ("#work"), and
//! the field scan that takes every date, time, recurrence, priority and tag
//! phrase out of an added todo's text.

use super::recurrence::{self, Rule};
use super::reminder;
use super::when::{self, WhenAcc};
use super::Msg;
use crate::chat::command::{LocalClock, When};
use crate::Priority;

fn level(w: &str) -> Option<Priority> {
    Some(match w {
        "urgent" | "critical" | "top" | "highest" | "1" | "p1" => Priority::Urgent,
        "high" | "important" | "2" | "p2" => Priority::High,
        "medium" | "med" | "normal" | "moderate" | "mid" | "3" | "p3" => Priority::Medium,
        "low" | "lowest" | "minor" | "4" | "p4" => Priority::Low,
        "none" => Priority::None,
        _ => return None,
    })
}

fn is_priority_word(w: &str) -> bool {
    matches!(w, "priority" | "prio" | "pri" | "priority:" | "prio:")
}

/// An explicit priority phrase at token `i`: "p1", "high priority",
/// "priority high", "priority: 2", "high-priority", "!!!". Bare "urgent" and
/// "important" are read by [`loose_priority`].
pub(crate) fn priority_at(m: &Msg, i: usize) -> Option<(usize, Priority)> {
    let w = m.w(i);
    if w.is_empty() {
        let raw = m.toks.get(i)?.raw;
        return match raw {
            "!!!" | "!!!!" => Some((1, Priority::Urgent)),
            "!!" => Some((1, Priority::High)),
            _ => None,
        };
    }
    match w {
        "p1" | "p2" | "p3" | "p4" => return Some((1, level(w)?)),
        "high-priority" | "high-prio" => return Some((1, Priority::High)),
        "low-priority" | "low-prio" => return Some((1, Priority::Low)),
        "medium-priority" | "med-priority" => return Some((1, Priority::Medium)),
        "top-priority" => return Some((1, Priority::Urgent)),
        _ => {}
    }
    if is_priority_word(w) {
        let j = if m.w(i + 1) == "of" || m.w(i + 1) == "is" { i + 2 } else { i + 1 };
        let p = level(m.w(j)).filter(|p| *p != Priority::None || m.w(j) == "none")?;
        return Some((j + 1 - i, p));
    }
    let p = match w {
        "super" | "very" | "really" | "extremely" if m.seq(i + 1, &["high|important|urgent"]) => return Some((2, level(m.w(i + 1))?)),
        _ => level(w)?,
    };
    if number(w) || w == "none" {
        return None;
    }
    if is_priority_word(m.w(i + 1)) {
        return Some((2, p));
    }
    None
}

fn number(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_digit())
}

/// A bare priority word: "urgent", "important", "asap", "critical".
pub(crate) fn loose_priority(w: &str) -> Option<Priority> {
    Some(match w {
        "urgent" | "urgently" | "asap" | "critical" => Priority::Urgent,
        "important" => Priority::High,
        _ => return None,
    })
}

/// A whole phrase that is only a priority: "urgent", "a high priority",
/// "p1", "low priority", "high". Used after "make X", "set … to".
pub(crate) fn priority_exact(m: &Msg, lo: usize, hi: usize) -> Option<Priority> {
    let mut lo = lo;
    while lo < hi && matches!(m.w(lo), "a" | "an" | "as" | "to" | "be" | "the" | "of") {
        lo += 1;
    }
    let mut hi = hi;
    while hi > lo && matches!(m.w(hi - 1), "one" | "task" | "todo" | "item" | "level" | "now" | "instead") {
        hi -= 1;
    }
    if hi == lo + 1 {
        let w = m.w(lo);
        return loose_priority(w).or_else(|| single_level(w)).or_else(|| priority_at(m, lo).map(|(_, p)| p));
    }
    if hi == lo + 2 && m.seq(lo, &["super|very|really|extremely|top"]) {
        if let Some(p) = loose_priority(m.w(lo + 1)).or_else(|| level(m.w(lo + 1))) {
            return Some(if m.w(lo) == "top" { Priority::Urgent } else { p });
        }
    }
    if hi == lo + 2 && m.seq(lo, &["no", "priority|prio"]) {
        return Some(Priority::None);
    }
    if hi == lo + 2 && m.w(lo) == "not" && matches!(m.w(lo + 1), "urgent" | "important") {
        return Some(Priority::Low);
    }
    let (n, p) = priority_at(m, lo)?;
    (lo + n == hi).then_some(p)
}

/// A tag: "#work", "#ärger", "#q3-review". "#2" is a position, not a tag.
pub(crate) fn tag(w: &str) -> Option<String> {
    let body = w.strip_prefix('#')?;
    let body = body.trim_end_matches(|c: char| !c.is_alphanumeric());
    let ok = !body.is_empty()
        && body.chars().count() <= 50
        && body.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !body.chars().all(|c| c.is_ascii_digit());
    ok.then(|| body.to_lowercase())
}

/// Everything the field scan found in part of a message.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    pub when: Option<When>,
    pub priority: Option<Priority>,
    pub tags: Vec<String>,
    pub recurrence: Option<String>,
    /// Minutes before the due time to remind ("10 minutes before").
    pub remind_before: Option<u32>,
    /// Date- or time-like words no phrase could read ("feb 30").
    pub unread: Option<String>,
    /// Which tokens the fields took.
    pub used: Vec<bool>,
}

fn free(m: &Msg, used: &[bool], lo: usize, hi: usize) -> bool {
    (lo..hi).all(|k| !used[k] && !m.toks[k].quoted)
}

fn take(used: &mut [bool], lo: usize, hi: usize) {
    for u in &mut used[lo..hi] {
        *u = true;
    }
}

/// Takes `connector` words right before token `i` (down to `lo`).
fn take_connectors(m: &Msg, used: &mut [bool], lo: usize, i: usize, connector: impl Fn(&str) -> bool) {
    let mut k = i;
    let mut taken = 0;
    while k > lo && taken < 2 && !used[k - 1] && !m.toks[k - 1].quoted && connector(m.w(k - 1)) {
        k -= 1;
        used[k] = true;
        taken += 1;
    }
}

/// "daily", "weekly" … before another word are adjectives ("weekly review",
/// "daily standup notes"); they repeat a todo at the end of it or before
/// another field ("water plants daily at 8am").
fn adverb_ok(m: &Msg, i: usize, n: usize, hi: usize, clock: &LocalClock) -> bool {
    let adverb = n == 1
        && matches!(
            m.w(i),
            "daily"
                | "everyday"
                | "nightly"
                | "weekly"
                | "biweekly"
                | "bi-weekly"
                | "fortnightly"
                | "monthly"
                | "quarterly"
                | "yearly"
                | "annually"
        );
    if !adverb || i + 1 >= hi || m.toks[i].ends_clause() {
        return true;
    }
    let next = m.w(i + 1);
    tag(next).is_some()
        || priority_at(m, i + 1).is_some()
        || loose_priority(next).is_some()
        || when::at(m, i + 1, hi, clock).is_some()
        || recurrence::connector(next)
        || matches!(
            next,
            "at" | "on" | "by" | "from" | "starting" | "until" | "and" | "with" | "for" | "please" | "due" | "every" | "-" | "to" | ""
        )
}

fn single_level(w: &str) -> Option<Priority> {
    Some(match w {
        "urgent" | "critical" | "highest" => Priority::Urgent,
        "high" | "important" => Priority::High,
        "medium" | "med" | "normal" => Priority::Medium,
        "low" | "lowest" => Priority::Low,
        "none" => Priority::None,
        _ => return None,
    })
}

/// Reads the date, time, recurrence, priority and tag phrases of tokens
/// `lo..hi`. `used` marks the tokens taken.
pub(crate) fn scan(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Fields {
    let mut used = vec![false; m.len()];
    let mut acc = WhenAcc::default();
    let mut rule: Option<Rule> = None;
    let mut priority = None;
    let mut tags: Vec<String> = Vec::new();

    // Tags first: they are unambiguous.
    for (i, tok) in m.toks.iter().enumerate().take(hi).skip(lo) {
        if tok.quoted {
            continue;
        }
        if let Some(t) = tag(&tok.norm) {
            used[i] = true;
            if !tags.contains(&t) && tags.len() < 20 {
                tags.push(t);
            }
        }
    }
    // Reminder offsets before times: "10 minutes before" is not a time.
    let mut remind_before = None;
    for i in lo..hi {
        if remind_before.is_none() && free(m, &used, i, i + 1) {
            // An offset ends its phrase: "leave 30 minutes before the show" is a title.
            let ends_phrase = |n: usize| i + n == hi || m.toks[i + n - 1].ends_clause() || matches!(m.w(i + n), "and" | "please" | "");
            if let Some((n, minutes)) =
                reminder::offset_at(m, i).filter(|&(n, _)| i + n <= hi && free(m, &used, i, i + n) && ends_phrase(n))
            {
                take(&mut used, i, i + n);
                take_connectors(m, &mut used, lo, i, |w| matches!(w, "and" | "remind" | "me" | "us" | "with" | "a" | "reminder"));
                remind_before = Some(minutes);
            }
        }
    }
    // Recurrences before dates: "every monday" is not "monday".
    let mut i = lo;
    while i < hi {
        if free(m, &used, i, i + 1) && rule.is_none() {
            if let Some((n, r)) =
                recurrence::at(m, i).filter(|&(n, _)| i + n <= hi && free(m, &used, i, i + n) && adverb_ok(m, i, n, hi, clock))
            {
                take(&mut used, i, i + n);
                take_connectors(m, &mut used, lo, i, recurrence::connector);
                rule = Some(r);
                i += n;
                continue;
            }
        }
        i += 1;
    }
    let mut i = lo;
    while i < hi {
        if free(m, &used, i, i + 1) {
            if let Some((n, part)) = when::at(m, i, hi, clock).filter(|&(n, _)| free(m, &used, i, i + n)) {
                take(&mut used, i, i + n);
                let is_time = part.is_time();
                take_connectors(m, &mut used, lo, i, |w| if is_time { when::time_connector(w) } else { when::date_connector(w) });
                acc.add(part);
                i += n;
                continue;
            }
            if priority.is_none() {
                if let Some((n, p)) = priority_at(m, i).filter(|&(n, _)| i + n <= hi && free(m, &used, i, i + n)) {
                    take(&mut used, i, i + n);
                    take_connectors(m, &mut used, lo, i, |w| matches!(w, "with" | "as" | "at" | "is" | "-"));
                    priority = Some(p);
                    i += n;
                    continue;
                }
            }
        }
        i += 1;
    }
    // A bare "urgent" or "important" counts at either end of what is left,
    // or after "as" / a comma ("fix the leak urgent", "urgent: call the bank").
    if priority.is_none() {
        let left: Vec<usize> = (lo..hi).filter(|&k| !used[k] && !m.toks[k].quoted && !m.toks[k].norm.is_empty()).collect();
        for (pos, &k) in left.iter().enumerate() {
            let Some(p) = loose_priority(m.w(k)) else { continue };
            let edge = pos == 0 || pos + 1 == left.len();
            let after_marker = k > 0 && (matches!(m.w(k - 1), "as" | "is") || m.toks[k - 1].ends_clause());
            if edge || after_marker {
                used[k] = true;
                if after_marker && k > lo && matches!(m.w(k - 1), "as" | "is") {
                    used[k - 1] = true;
                }
                priority = Some(p);
                break;
            }
        }
    }

    if let Some(r) = &rule {
        acc.soften(r.soft);
    }
    let first = rule.as_ref().map(|r| r.first(clock.today));
    let when = if acc.is_empty() && rule.is_none() { None } else { acc.finish(clock, first) };
    let recurrence = rule.map(|mut r| {
        if let Some(w) = &when {
            if !acc.is_empty() {
                r.anchor(w.date);
            }
        }
        r.rrule()
    });
    let unread = when::unread(m, lo, hi, &used);
    Fields { when, priority, tags, recurrence, remind_before, unread, used }
}

/// Whether tokens `lo..hi` are all a date/time phrase (with connectors):
/// "to friday", "tomorrow at 9", "for next week". The due moment if so.
pub(crate) fn when_exact(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<When> {
    if lo >= hi {
        return None;
    }
    let mut used = vec![false; m.len()];
    let mut acc = WhenAcc::default();
    let mut i = lo;
    while i < hi {
        if let Some((n, part)) = when::at(m, i, hi, clock) {
            take(&mut used, i, i + n);
            acc.add(part);
            i += n;
        } else if when::date_connector(m.w(i)) || when::time_connector(m.w(i)) || matches!(m.w(i), "to" | "and" | "back" | "then") {
            used[i] = true;
            i += 1;
        } else {
            return None;
        }
    }
    if acc.is_empty() {
        return None;
    }
    acc.finish(clock, None)
}
