//! Listings and searches: "what's due today", "show #work", "find milk".

use super::*;
use chrono::{Datelike, Days, Months};

/// One day a listing asks about: "friday", "march 3", "the 15th", "in 3
/// days", "2026-04-02"; today and tomorrow by their names. Not "by friday"
/// (up to a day) nor "next week" (more than one day).
fn listed_day(m: &Msg, k: usize, hi: usize, clock: &LocalClock) -> Option<(usize, ListDue)> {
    if k > 0 && matches!(m.w(k - 1), "by" | "before" | "until" | "till" | "til") {
        return None;
    }
    let (n, when::Part::Date { date, .. }) = when::at(m, k, hi, clock)? else { return None };
    if matches!(m.w(k + n - 1), "week" | "weeks" | "weekend" | "fortnight" | "fortnights" | "month" | "months" | "year" | "years") {
        return None;
    }
    let day = if date == clock.today {
        ListDue::Named(DueFilter::Today)
    } else if clock.today.succ_opt() == Some(date) {
        ListDue::Named(DueFilter::Tomorrow)
    } else {
        ListDue::On(date)
    };
    Some((n, day))
}

/// A listing: "what's due today", "show completed", "show #work", "what's due friday", "find milk".
pub(super) fn list(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<ListSpec> {
    let first = verb(m.w(lo));
    let starter = matches!(first, "show" | "list" | "display" | "view" | "see" | "give" | "get" | "pull" | "bring" | "print");
    let question = matches!(
        first,
        "what"
            | "what's"
            | "whats"
            | "which"
            | "anything"
            | "any"
            | "do"
            | "how"
            | "are"
            | "is"
            | "tell"
            | "whats's"
            | "what're"
            | "where"
            | "got"
            | "have"
            | "has"
            | "did"
    ) || LIST_READ_VERBS.contains(&first);
    let mut spec = ListSpec { status: StatusFilter::Open, due: None, priority: None, tag: None, text: None, limit: None };
    let mut status: Option<StatusFilter> = None;
    let mut all = false;
    // Search: "find X", "search for X", "look for X", "look up X"
    let search_from = if matches!(first, "find" | "search" | "lookup" | "grep" | "locate") {
        let mut k = lo + 1;
        if matches!(m.w(k), "for" | "me") {
            k += 1;
        }
        if m.seq(k, &["todos|tasks|items|anything|things|everything", "about|with|containing|mentioning|matching|called|named|like|for|on"])
        {
            k += 2;
        }
        Some(k)
    } else if m.seq(lo, &["look", "for|up"]) || m.seq(lo, &["search", "for"]) {
        Some(lo + 2)
    } else {
        None
    };
    if let Some(k) = search_from {
        if k >= hi {
            return None;
        }
        let t = text_of(m, k, hi);
        if t.is_empty() {
            return None;
        }
        spec.status = StatusFilter::All;
        spec.text = Some(t);
        return Some(spec);
    }
    let mut unknown: Vec<usize> = Vec::new();
    let mut k = lo;
    let mut saw_list_word = starter || question;
    while k < hi {
        let w = m.w(k);
        if m.toks[k].quoted {
            unknown.push(k);
            k += 1;
            continue;
        }
        // Text filters: "about X", "containing X", "with X in the title"
        if matches!(
            w,
            "about"
                | "containing"
                | "mentioning"
                | "matching"
                | "titled"
                | "called"
                | "named"
                | "regarding"
                | "including"
                | "contain"
                | "contains"
                | "mention"
        ) && k + 1 < hi
            && k > lo
        {
            let mut e = hi;
            if let Some(t) = tail_is(m, k + 1, hi, &[&["in", "the", "title|name"], &["in", "it|them"], &["in", "their|its", "title|name"]])
            {
                e = t;
            }
            let t = text_of(m, k + 1, e);
            if !t.is_empty() {
                spec.text = Some(t);
                status.get_or_insert(StatusFilter::All);
                break;
            }
        }
        // "on my calendar", "from my list of reminders": says what is listed.
        if let Some(n) = destination_at(m, k, hi) {
            saw_list_word = true;
            k += n;
            continue;
        }
        if let Some((n, span)) = listed_span(m, k, clock) {
            spec.due = Some(span);
            k += n;
            continue;
        }
        if let Some(t) = tag(w) {
            spec.tag = Some(t);
            k += 1;
            continue;
        }
        if matches!(w, "tagged" | "tag" | "labeled" | "labelled" | "label" | "category") && k + 1 < hi {
            let mut j = k + 1;
            if matches!(m.w(j), "with" | "as") {
                j += 1;
            }
            let t = m.w(j);
            let body = t.strip_prefix('#').unwrap_or(t);
            if !body.is_empty() && j < hi {
                spec.tag = Some(body.to_lowercase());
                k = j + 1;
                continue;
            }
        }
        if let Some((n, day)) = listed_day(m, k, hi, clock) {
            spec.due = Some(day);
            k += n;
            continue;
        }
        let mut n = 1;
        match w {
            "completed" | "done" | "finished" | "closed" | "complete" | "checked" | "ticked" | "accomplished" => {
                if k > lo && matches!(m.w(k - 1), "not" | "un") {
                    status = Some(StatusFilter::Open);
                } else {
                    status = Some(StatusFilter::Completed);
                }
                saw_list_word = true;
            }
            "finish" | "accomplish" | "achieve" | "achieved" => {
                status = Some(StatusFilter::Completed);
            }
            "did" if (k + 1..hi).any(|j| matches!(m.w(j), "do" | "get")) => status = Some(StatusFilter::Completed),
            "undone" | "incomplete" | "unfinished" | "open" | "pending" | "outstanding" | "remaining" | "left" | "active"
            | "uncompleted" | "todo's" => {
                status = Some(StatusFilter::Open);
                saw_list_word = true;
            }
            "not" => {}
            "all" | "everything" | "every" | "everything's" => all = true,
            "today" | "tonight" | "today's" | "tonight's" => spec.due = Some(ListDue::Named(DueFilter::Today)),
            "tomorrow" | "tomorrow's" | "tmrw" => spec.due = Some(ListDue::Named(DueFilter::Tomorrow)),
            "overdue" | "late" | "missed" | "behind" | "past-due" | "expired" => spec.due = Some(ListDue::Named(DueFilter::Overdue)),
            "past" if m.w(k + 1) == "due" => {
                spec.due = Some(ListDue::Named(DueFilter::Overdue));
                n = 2;
            }
            "day" if k > lo && m.w(k - 1) == "the" => spec.due = Some(ListDue::Named(DueFilter::Today)),
            "week" | "week's" | "upcoming" | "soon" => spec.due = Some(ListDue::Named(DueFilter::Week)),
            "this" if matches!(m.w(k + 1), "week" | "week's") => {
                spec.due = Some(ListDue::Named(DueFilter::Week));
                n = 2;
            }
            "next" if m.seq(k + 1, &["7|seven", "days"]) => {
                spec.due = Some(ListDue::Named(DueFilter::Week));
                n = 3;
            }
            "undated" | "unscheduled" | "someday" => spec.due = Some(ListDue::Named(DueFilter::None)),
            "no" | "without"
                if m.seq(k + 1, &["due", "date|dates"])
                    || m.seq(k + 1, &["a", "due", "date"])
                    || m.seq(k + 1, &["date|dates|deadline|deadlines"]) =>
            {
                spec.due = Some(ListDue::Named(DueFilter::None));
                n = if m.w(k + 1) == "a" {
                    4
                } else if m.w(k + 1) == "due" {
                    3
                } else {
                    2
                };
            }
            "urgent" | "critical" | "p1" => spec.priority = Some(Priority::Urgent),
            "important" | "p2" | "high-priority" => spec.priority = Some(Priority::High),
            "p3" => spec.priority = Some(Priority::Medium),
            "p4" | "low-priority" => spec.priority = Some(Priority::Low),
            "high" | "medium" | "low" | "top" | "highest" | "lowest" | "med" => {
                spec.priority = Some(match w {
                    "high" | "highest" => Priority::High,
                    "top" => Priority::Urgent,
                    "medium" | "med" => Priority::Medium,
                    _ => Priority::Low,
                });
                if matches!(m.w(k + 1), "priority" | "prio" | "pri" | "priority:") {
                    n = 2;
                }
            }
            "priority" | "prioritized" | "prio" => {
                if spec.priority.is_none() {
                    spec.priority = Some(Priority::High);
                }
            }
            "todos" | "tasks" | "todo" | "list" | "to-dos" | "agenda" | "items" => saw_list_word = true,
            _ if list_filler(w) || RECALL_WORDS.contains(&w) || LIST_READ_VERBS.contains(&w) || LIST_QUESTION_WORDS.contains(&w) => {}
            _ => unknown.push(k),
        }
        k += n;
    }
    if !saw_list_word && spec.due.is_none() && spec.priority.is_none() && spec.tag.is_none() && status.is_none() && spec.text.is_none() {
        return None;
    }
    if !unknown.is_empty() && spec.text.is_none() {
        // "show work tasks": a tag; "show milk": a search.
        let only_known_words = unknown.iter().all(|&u| !m.toks[u].norm.is_empty() || m.toks[u].quoted);
        if !starter || !only_known_words {
            return None;
        }
        if unknown.len() == 1
            && spec.tag.is_none()
            && matches!(m.w(unknown[0] + 1), "tasks" | "todos" | "items" | "stuff" | "things" | "list" | "todo" | "task")
        {
            spec.tag = Some(m.w(unknown[0]).to_owned());
        } else {
            let (a, b) = (unknown[0], unknown[unknown.len() - 1] + 1);
            spec.text = Some(text_of(m, a, b));
            status.get_or_insert(StatusFilter::All);
        }
    }
    spec.status = match status {
        Some(s) => s,
        None if all && spec.due.is_none() && spec.priority.is_none() && spec.tag.is_none() && spec.text.is_none() => StatusFilter::All,
        None => StatusFilter::Open,
    };
    if spec.status == StatusFilter::Completed
        && matches!(spec.due, Some(ListDue::Named(DueFilter::Today | DueFilter::Week) | ListDue::On(_)))
    {
        // "what did I finish today", "… on monday": when it was done, not when it was due.
        spec.due = None;
    }
    Some(spec)
}

/// Search text: a quoted part, or the raw words.
fn text_of(m: &Msg, lo: usize, hi: usize) -> String {
    let mut hi = hi;
    while hi > lo && matches!(m.w(hi - 1), "please" | "in" | "tasks" | "todos" | "items") && hi - 1 > lo {
        hi -= 1;
    }
    let t = text(m, lo, hi);
    t.trim_matches(|c: char| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’')).trim().to_owned()
}

/// A span of days a listing asks about: "next week" (Monday to Sunday of
/// the following week), "this weekend" / "the weekend" (the coming
/// Saturday and Sunday), "next weekend", "this month", "next month".
fn listed_span(m: &Msg, k: usize, clock: &LocalClock) -> Option<(usize, ListDue)> {
    let today = clock.today;
    let (n, which, unit) = match (m.w(k), m.w(k + 1)) {
        ("next" | "following", u @ ("week" | "week's" | "weekend" | "weekend's" | "month" | "month's")) => (2, 1, u),
        ("this" | "the", u @ ("weekend" | "weekend's" | "month" | "month's")) => (2, 0, u),
        (u @ ("weekend" | "weekend's"), _) => (1, 0, u),
        _ => return None,
    };
    let (first, last) = match unit.trim_end_matches("'s") {
        "week" => {
            let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday())) + Days::new(7);
            (monday, monday + Days::new(6))
        }
        "weekend" => {
            let saturday = today + Days::new(u64::from((5 + 7 - today.weekday().num_days_from_monday()) % 7));
            let saturday = saturday + Days::new(7 * which);
            (saturday, saturday + Days::new(1))
        }
        _ => {
            let first = if which == 1 { today.with_day(1)?.checked_add_months(Months::new(1))? } else { today.with_day(1)? };
            (first, first.checked_add_months(Months::new(1))?.pred_opt()?)
        }
    };
    // "this month" is what is left of it.
    let first = if which == 0 { first.max(today) } else { first };
    Some((n, ListDue::Between(first, last)))
}
