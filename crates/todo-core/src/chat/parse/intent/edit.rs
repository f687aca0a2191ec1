//! Changes to one todo: mark, set, change, move, delete, tag and untag.

use super::*;

/// "mark X as done", "mark X as not done", "mark X as urgent", "mark off X".
pub(super) fn mark(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let v = verb(m.w(lo));
    let mut k = lo + 1;
    if m.w(k) == "off" && v == "mark" {
        return Some(Command::Complete(todo_ref(m, k + 1, hi)));
    }
    if v == "set" {
        return set(m, lo, hi, clock);
    }
    if let Some(t) = tail_is(m, k, hi, UNDONE_TAILS) {
        return Some(Command::Reopen(todo_ref(m, k, t)));
    }
    if let Some((e, p)) = split_priority(m, k, hi) {
        if e > k || e == k && m.w(k) == "as" {
            return Some(Command::SetPriority { target: todo_ref(m, k, e), priority: p });
        }
    }
    if v == "flag" {
        return Some(Command::SetPriority { target: todo_ref(m, k, hi), priority: Priority::High });
    }
    if let Some(t) = tail_is(m, k, hi, DONE_TAILS) {
        return Some(Command::Complete(todo_ref(m, k, t)));
    }
    if m.w(k) == "as" {
        k += 1;
    }
    // "mark 2", "mark buy milk": done.
    Some(Command::Complete(todo_ref(m, k, hi)))
}

/// "set the priority of X to medium", "set X to high priority", "set X for friday".
fn set(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let k = lo + 1;
    if let Some(t) = split_to(m, k, hi).or_else(|| (k + 1..hi).find(|&t| matches!(m.w(t), "for" | "as" | "on"))) {
        if let Some(named) = field_of(m, k, t) {
            return field_command(m, named, t + 1, hi, clock);
        }
    }
    if let Some((e, p)) = split_priority(m, k, hi) {
        if e > k {
            return Some(Command::SetPriority { target: todo_ref(m, k, e), priority: p });
        }
    }
    if let Some((e, when)) = split_when(m, k, hi, clock) {
        if e > k {
            return Some(Command::Reschedule { target: todo_ref(m, k, e), when });
        }
    }
    if let Some(t) = tail_is(m, k, hi, DONE_TAILS) {
        return Some(Command::Complete(todo_ref(m, k, t)));
    }
    None
}

/// "change X to Y": a new date, priority or title.
pub(super) fn change(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let t = split_to(m, lo, hi)?;
    if let Some(named) = field_of(m, lo, t) {
        return field_command(m, named, t + 1, hi, clock);
    }
    if let Some(when) = fields::when_exact(m, t + 1, hi, clock) {
        return Some(Command::Reschedule { target: todo_ref(m, lo, t), when });
    }
    if let Some(priority) = priority_exact(m, t + 1, hi) {
        return Some(Command::SetPriority { target: todo_ref(m, lo, t), priority });
    }
    Some(Command::Rename { target: todo_ref(m, lo, t), title: new_title(m, t + 1, hi) })
}

/// "the due date of X" (a field named for the todo in `a..b`) gets the value in `v..hi`.
fn field_command(m: &Msg, (field, a, b): (Field, usize, usize), v: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let target = possessive_ref(m, a, b);
    match field {
        Field::Due => fields::when_exact(m, v, hi, clock).map(|when| Command::Reschedule { target, when }),
        Field::Priority => priority_exact(m, v, hi).map(|priority| Command::SetPriority { target, priority }),
        Field::Title => Some(Command::Rename { target, title: new_title(m, v, hi) }),
    }
}

/// "move X to friday", "push X to tomorrow", "postpone X".
pub(super) fn reschedule(m: &Msg, lo: usize, hi: usize, v: &str, clock: &LocalClock) -> Option<Command> {
    let mut k = lo + 1;
    if m.w(k) == "off" || (v == "push" && m.w(k) == "back") {
        k += 1;
    }
    if let Some((e, by)) = split_shift(m, k, hi) {
        return Some(Command::Shift { target: todo_ref(m, k, e), by });
    }
    if let Some((e, when)) = split_when(m, k, hi, clock) {
        let mut e = e;
        while e > k && matches!(m.w(e - 1), "back" | "off" | "out" | "over") {
            e -= 1;
        }
        if e > k {
            return Some(Command::Reschedule { target: todo_ref(m, k, e), when });
        }
        return Some(Command::Reschedule { target: TodoRef::Pronoun, when });
    }
    // "bump X to p1", "move X to high priority"
    if let Some(t) = split_to(m, k, hi) {
        if let Some(priority) = priority_exact(m, t + 1, hi) {
            return Some(Command::SetPriority { target: todo_ref(m, k, t), priority });
        }
        return None;
    }
    // "push X by" something that is neither a date nor an amount.
    if (k..hi).any(|j| m.w(j) == "by") {
        return None;
    }
    // No date: "postpone X", "push X back" → a day later.
    if matches!(v, "postpone" | "defer" | "delay" | "snooze" | "procrastinate" | "pushback")
        || m.w(lo + 1) == "back"
        || m.w(hi - 1) == "back"
    {
        let mut e = hi;
        while e > k && matches!(m.w(e - 1), "back" | "off" | "a" | "day" | "bit") {
            e -= 1;
        }
        let tomorrow = clock.today.succ_opt()?;
        return Some(Command::Reschedule { target: todo_ref(m, k, e), when: When { date: tomorrow, time: None } });
    }
    None
}

/// Words that say which way a shift goes: "back", "3 days later", "forward".
fn shift_direction(w: &str) -> Option<bool> {
    match w {
        "back" | "out" | "later" => Some(false),
        "forward" | "forwards" | "up" | "earlier" | "sooner" => Some(true),
        _ => None,
    }
}

/// Splits `lo..hi` into a target and how far to move it, at the end: "the
/// report by 2 days", "it back a week", "the dentist 3 days later", "it
/// forward by a day" (earlier). Not "to in 3 days", which is a date.
fn split_shift(m: &Msg, lo: usize, hi: usize) -> Option<(usize, DateShift)> {
    let mut end = hi;
    let mut earlier = false;
    if let Some(direction) = (end > lo).then(|| shift_direction(m.w(end - 1))).flatten() {
        earlier = direction;
        end -= 1;
    }
    let start = (lo.max(end.saturating_sub(4))..end).find(|&s| when::date_shift(m, s).is_some_and(|(n, _)| s + n == end))?;
    let (_, by) = when::date_shift(m, start)?;
    let mut e = start;
    if e > lo && matches!(m.w(e - 1), "by" | "for") {
        e -= 1;
    }
    while let Some(direction) = (e > lo).then(|| shift_direction(m.w(e - 1))).flatten() {
        earlier |= direction;
        e -= 1;
    }
    if e > lo && matches!(m.w(e - 1), "to" | "in" | "within" | "until" | "till" | "til" | "on") {
        return None;
    }
    Some((e, if earlier { by.reversed() } else { by }))
}

/// "delete X", "remove the due date from X", "clear the date of X".
pub(super) fn delete(m: &Msg, lo: usize, hi: usize, v: &str, clock: &LocalClock) -> Option<Command> {
    let k = lo + 1;
    if v == "unschedule" {
        return Some(Command::ClearDue(todo_ref(m, k, hi)));
    }
    // "remove the due date from X"
    if let Some((field, a, b)) = field_of(m, k, hi) {
        return match field {
            Field::Due => Some(Command::ClearDue(possessive_ref(m, a, b))),
            _ => None,
        };
    }
    if m.seq(k, &["the|its|it's", "due", "date|time"]) && hi <= k + 3 || m.exactly(k, hi, &["the|its", "date|deadline"]) {
        return Some(Command::ClearDue(TodoRef::Pronoun));
    }
    // "remove #work from X"; any other removal of a tag is not a deletion either.
    if let Some(c) = remove_tag(m, k, hi, false) {
        return Some(c);
    }
    if (k..hi).any(|j| matches!(m.w(j), "tag" | "tags" | "label" | "labels") || tag(m.w(j)).is_some()) && (k..hi).any(|j| m.w(j) == "from")
    {
        return Some(Command::Unknown);
    }
    if v == "clear" {
        return None;
    }
    // Dangerous and vague: "delete all", "delete everything".
    let rest: Vec<&str> = (k..hi).map(|j| m.w(j)).filter(|w| !w.is_empty()).collect();
    if rest.iter().all(|w| {
        matches!(*w, "all" | "everything" | "my" | "the" | "todos" | "tasks" | "of" | "them" | "list" | "every" | "task" | "todo" | "items")
    }) && rest.iter().any(|w| matches!(*w, "all" | "everything" | "them" | "every"))
    {
        return Some(Command::Unknown);
    }
    if v == "forget" && m.w(k) == "about" {
        return Some(Command::Delete(todo_ref(m, k + 1, hi)));
    }
    if v == "forget" && matches!(m.w(k), "it" | "that") && hi == k + 1 {
        return Some(Command::Unknown);
    }
    if v == "cancel" && hi == k + 1 && matches!(m.w(k), "that" | "this") {
        return Some(Command::Unknown);
    }
    Some(Command::Delete(ref_without_place(m, k, hi, clock)))
}

/// "add the tag work to X", "add #work to X", "add tags work and home to X".
pub(super) fn add_tag(m: &Msg, lo: usize, hi: usize) -> Option<Command> {
    let mut k = lo;
    if matches!(m.w(k), "the" | "a") {
        k += 1;
    }
    let named = matches!(m.w(k), "tag" | "tags" | "label" | "labels");
    if named {
        k += 1;
    }
    let to = (k + 1..hi).find(|&t| matches!(m.w(t), "to" | "on"))?;
    let tags = tag_words(m, k, to, named)?;
    if to + 1 >= hi {
        return None;
    }
    // "add #work to my list" adds a todo, it does not tag "my list".
    let target_lo = to + 1;
    if m.seq(target_lo, &["my|the", "list|todos|tasks"]) {
        return None;
    }
    Some(Command::Tag { target: todo_ref(m, target_lo, hi), tags })
}

/// The tags of tokens `lo..hi`: "#work", "#work and #home"; bare words
/// too when the message said "tag" ("the tags work and home").
fn tag_words(m: &Msg, lo: usize, hi: usize, named: bool) -> Option<Vec<String>> {
    let mut tags = Vec::new();
    for j in lo..hi {
        let w = m.w(j);
        if matches!(w, "and" | "&" | "") {
            continue;
        }
        match tag(w) {
            Some(t) => tags.push(t),
            None if named => {
                let body = w.strip_prefix('#').unwrap_or(w);
                if body.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') && !body.is_empty() {
                    tags.push(body.to_lowercase());
                } else {
                    return None;
                }
            }
            None => return None,
        }
    }
    (!tags.is_empty()).then_some(tags)
}

/// "#work from X", "the tag work from X", "the work tag from X", "the tags
/// work and home from X" (after "remove"); after "untag", bare words are
/// tags too (`untag`): "untag work from X".
pub(super) fn remove_tag(m: &Msg, lo: usize, hi: usize, untag: bool) -> Option<Command> {
    let from = (lo + 1..hi).find(|&f| m.w(f) == "from")?;
    let mut k = lo;
    if matches!(m.w(k), "the" | "a" | "its" | "my") {
        k += 1;
    }
    let is_tag_word = |w: &str| matches!(w, "tag" | "tags" | "label" | "labels");
    let named_first = is_tag_word(m.w(k));
    if named_first {
        k += 1;
    }
    let named_last = from > k + 1 && is_tag_word(m.w(from - 1));
    let tags = tag_words(m, k, if named_last { from - 1 } else { from }, untag || named_first || named_last)?;
    (from + 1 < hi).then(|| Command::Untag { target: todo_ref(m, from + 1, hi), tags })
}
