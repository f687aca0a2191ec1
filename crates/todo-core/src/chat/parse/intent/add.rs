//! Adds: the todo's title once the command words, the destination ("to
//! my list") and the fields are taken out.

use super::*;

/// Strips the "a new task to" kind of words after "add" / "create": "a
/// reminder for me to", "a note that I need to", "to my list:".
fn after_task_noun(m: &Msg, lo: usize, hi: usize) -> usize {
    let mut k = lo;
    if matches!(m.w(k), "a" | "an" | "another" | "one" | "new") && (is_task_noun(m.w(k + 1)) || m.w(k + 1) == "new") {
        k += 1;
    }
    if m.w(k) == "new" && is_task_noun(m.w(k + 1)) {
        k += 1;
    }
    if is_task_noun(m.w(k)) && k + 1 < hi {
        k += 1;
        while k + 1 < hi && is_punct_only(&m.toks[k]) {
            k += 1;
        }
        return after_reminder_link(m, k, hi);
    }
    // "add to my list: buy milk", "add to the calendar a dentist visit"
    if let Some(n) = destination_at(m, lo, hi) {
        if lo + n < hi {
            return lo + n;
        }
    }
    lo
}

/// The words between "a reminder" and its text: "for me to", "that I need
/// to", "to remind me to", "about", "called".
pub(super) fn after_reminder_link(m: &Msg, lo: usize, hi: usize) -> usize {
    let mut k = lo;
    let left = |k: usize, n: usize| k + n < hi;
    if m.seq(k, &["for", "me|us|myself"]) && left(k, 2) {
        k += 2;
    }
    if matches!(m.w(k), "to" | "called" | "named" | "for" | "that" | "about" | "saying" | "titled" | "of") && left(k, 1) {
        k += 1;
    }
    if m.seq(k, &["remind", "me|us", "to|about|that"]) && left(k, 3) {
        k += 3;
    }
    for phrase in [&["i", "need|have|must|should|gotta", "to"][..], &["i", "need|must|should"], &["i've|ive", "got", "to"]] {
        if m.seq(k, phrase) && left(k, phrase.len()) {
            return k + phrase.len();
        }
    }
    k
}

fn connector_before_field(w: &str) -> bool {
    matches!(
        w,
        "on" | "at"
            | "by"
            | "due"
            | "for"
            | "with"
            | "and"
            | "as"
            | "is"
            | "-"
            | "–"
            | "|"
            | "to"
            | "from"
            | "starting"
            | "every"
            | "in"
            | "priority"
    )
}

/// An added todo from the tokens `lo..hi` (command words already taken),
/// or several: "buy milk and call mom tomorrow" (two clauses, each with its
/// own verb and date), "milk, eggs and bread" (a list with commas).
pub(super) fn add(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Command {
    let lo = after_task_noun(m, lo, hi);
    let parts = clauses(m, lo, hi);
    if parts.len() > 1 {
        return Command::AddMany(parts.into_iter().map(|(a, b)| one(m, a, b, clock)).collect());
    }
    let spec = one(m, lo, hi, clock);
    match comma_items(m, lo, hi, clock) {
        Some(titles) => Command::AddMany(titles.into_iter().map(|title| AddSpec { title, ..spec.clone() }).collect()),
        None => Command::Add(spec),
    }
}

/// One todo from the tokens `lo..hi`.
fn one(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> AddSpec {
    let mut f = fields::scan(m, lo, hi, clock);
    mark_destinations(m, &mut f.used, lo, hi);
    let title = if let Some(q) = m.toks[lo.min(hi)..hi].iter().find(|t| t.quoted) {
        q.raw.to_owned()
    } else {
        let keep: Vec<usize> = (lo..hi).filter(|&k| !f.used[k]).collect();
        title_of(m, &keep, &f.used, hi)
    };
    AddSpec {
        title,
        when: f.when,
        priority: f.priority,
        tags: f.tags,
        recurrence: f.recurrence,
        remind_before: f.remind_before,
        notes: None,
        unread: f.unread,
    }
}

/// The title the tokens `keep` make (`used` marks the tokens read as
/// something else, up to `hi`), without the words such a phrase leaves
/// dangling: "buy milk with", "to call mom".
pub(super) fn title_of(m: &Msg, keep: &[usize], used: &[bool], hi: usize) -> String {
    let mut keep = keep;
    while let Some((&last, rest)) = keep.split_last() {
        let followed_by_field = last + 1 < hi && used[last + 1];
        if followed_by_field && connector_before_field(m.w(last)) || is_punct_only(&m.toks[last]) {
            keep = rest;
        } else {
            break;
        }
    }
    let mut skip = 0;
    while let Some(&first) = keep.get(skip) {
        if matches!(m.w(first), "to" | "that" | "about" | "of") && keep.len() > skip + 1 || is_punct_only(&m.toks[first]) {
            skip += 1;
        } else {
            break;
        }
    }
    let mut s = String::new();
    for &k in &keep[skip..] {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(m.toks[k].raw);
    }
    trim_title(&s)
}
