//! Messages that start with a command verb: which command it is.

use super::*;

pub(super) fn tail_is(m: &Msg, lo: usize, hi: usize, tails: &[&[&str]]) -> Option<usize> {
    tails.iter().find_map(|t| {
        let n = t.len();
        (hi >= lo + n && m.seq(hi - n, t)).then(|| hi - n)
    })
}

pub(super) const DONE_TAILS: &[&[&str]] = &[
    &["to", "done|complete|completed|finished"],
    &["as", "done|complete|completed|finished|checked|ticked|closed"],
    &["as", "checked|ticked", "off"],
    &["done|complete|completed|finished|checked|ticked|closed"],
    &["checked|ticked|crossed", "off"],
    &["off"],
];

pub(super) const UNDONE_TAILS: &[&[&str]] = &[
    &["as", "not", "done|complete|completed|finished"],
    &["as", "undone|incomplete|uncompleted|unfinished|open|todo|active|pending|unchecked|outstanding|not-done"],
    &["as", "to", "do"],
    &["not", "done|complete|completed|finished"],
    &["undone|incomplete|uncompleted|unfinished|unchecked|not-done"],
    &["as", "not", "yet", "done"],
];

pub(super) fn by_verb(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let v = verb(m.w(lo));
    let next = m.w(lo + 1);
    let c = match v {
        // ---- add ----
        "add" | "append" => {
            // "add the tag work to X", "add #work to X"
            if let Some(c) = add_tag(m, lo + 1, hi) {
                return Some(c);
            }
            add(m, lo + 1, hi, clock)
        }
        "new" if is_task_noun(next) => add(m, lo + 2, hi, clock),
        "create" | "capture" | "insert" | "schedule" => add(m, lo + 1, hi, clock),
        "make" | "set"
            if is_task_noun(next)
                || matches!(next, "a" | "an" | "new" | "another") && (is_task_noun(m.w(lo + 2)) || m.w(lo + 2) == "new") =>
        {
            add(m, lo + 1, hi, clock)
        }
        "remember" | "plan" if next == "to" => add(m, lo + 2, hi, clock),
        "jot" | "write" | "note" if next == "down" => add(m, lo + 2, hi, clock),
        "note" if m.seq(lo + 1, &["to", "self"]) => add(m, lo + 3, hi, clock),
        "note" | "reminder" | "todo" | "to-do" | "task" if m.toks[lo].raw.ends_with(':') => add(m, lo + 1, hi, clock),
        // "put X on my list", "include X on my list", "list X on my to do list", "note X".
        "put" | "include" | "enter" | "list" | "log" | "record" | "pencil" | "save"
            if has_destination(m, lo + 1, hi, &["on", "onto", "to", "in", "into"]) =>
        {
            let k = if m.seq(lo, &["pencil", "in"]) { lo + 2 } else { lo + 1 };
            add(m, k, hi, clock)
        }
        "note" => add(m, lo + 1, hi, clock),
        "mark" | "put" if next == "down" => add(m, lo + 2, hi, clock),
        // "set a meeting with the team on monday", "set up a reminder to …",
        // "book a table": a new todo, never a change to one that resembles it.
        "set" | "book" if matches!(next, "a" | "an" | "up" | "another") && field_of(m, lo + 1, hi).is_none() => {
            let k = if next == "up" { lo + 2 } else { lo + 1 };
            add(m, k, hi, clock)
        }
        "book" | "pencil" => add(m, if m.seq(lo, &["pencil", "in"]) { lo + 2 } else { lo + 1 }, hi, clock),
        // "give me a reminder for calling bill", "send me a reminder to …"
        "give" | "send" | "leave" if m.seq(lo + 1, &["me|us", "a|an", "reminder|note|nudge|heads-up"]) => {
            add(m, after_reminder_link(m, lo + 4, hi), hi, clock)
        }
        "tell" | "ask" if m.seq(lo + 1, &["me|us", "to"]) && lo + 3 < hi => add(m, lo + 3, hi, clock),
        "to" if next == "do" && m.toks[lo + 1].raw.ends_with(':') => add(m, lo + 2, hi, clock),
        "remind" => {
            let mut k = lo + 1;
            if matches!(m.w(k), "me" | "us" | "myself") {
                k += 1;
            }
            // "remind me of the things I have to do", "remind me what's on my list"
            if matches!(m.w(k), "of" | "about" | "what" | "what's" | "whats") && recall_question(m, k, hi, clock) {
                let open = ListSpec { status: StatusFilter::Open, due: None, priority: None, tag: None, text: None, limit: None };
                return Some(Command::List(list(m, k, hi, clock).unwrap_or(open)));
            }
            if matches!(m.w(k), "to" | "that" | "about" | "of") {
                k += 1;
            }
            if m.seq(k, &["i", "need|have|must|should", "to"]) {
                k += 3;
            }
            add(m, k, hi, clock)
        }
        "don't" | "dont" | "do" if m.seq(lo, &["don't|dont", "forget"]) || m.seq(lo, &["do", "not", "forget"]) => {
            let mut k = if v == "do" { lo + 3 } else { lo + 2 };
            if matches!(m.w(k), "to" | "about" | "that") {
                k += 1;
            }
            add(m, k, hi, clock)
        }
        "don't" | "dont" if m.seq(lo, &["don't|dont", "let", "me", "forget"]) => {
            let k = if matches!(m.w(lo + 4), "to" | "about") { lo + 5 } else { lo + 4 };
            add(m, k, hi, clock)
        }
        "make" if m.seq(lo, &["make", "sure"]) => {
            let mut k = lo + 2;
            if m.w(k) == "to" {
                k += 1;
            } else if m.seq(k, &["i", "remember", "to"]) {
                k += 3;
            } else if m.w(k) == "i" {
                k += 1;
            }
            add(m, k, hi, clock)
        }
        "i" | "i'll" | "i've" | "ive" | "i'm" | "im" | "need" | "have" | "gotta" | "must" | "should" | "we" => {
            return first_person(m, lo, hi, clock)
        }
        // ---- complete ----
        "mark" | "flag" | "set" => return mark(m, lo, hi, clock),
        "done" | "finished" | "completed" => {
            let k = if matches!(next, "with" | "on") { lo + 2 } else { lo + 1 };
            Command::Complete(todo_ref(m, k, hi))
        }
        "complete" | "finish" | "close" | "tick" | "check" | "cross" | "strike" => {
            let mut k = lo + 1;
            if matches!(m.w(k), "off" | "out") {
                k += 1;
            }
            let mut e = hi;
            if e > k + 1 && matches!(m.w(e - 1), "off" | "out") {
                e -= 1;
            }
            if v == "check"
                && (m.seq(k, &["my|the", "list|todos|tasks"])
                    || names_list(m, k, (k + 4).min(hi))
                    || matches!(m.w(k), "what" | "what's" | "whats" | "if" | "whether" | "to"))
            {
                return None;
            }
            if v == "finish" {
                // "finish the report by friday" is a todo to add.
                let f = fields::scan(m, k, e, clock);
                if f.when.is_some() || f.priority.is_some() || !f.tags.is_empty() {
                    return Some(add(m, lo, hi, clock));
                }
            }
            Command::Complete(ref_without_place(m, k, e, clock))
        }
        "reopen" | "unmark" | "uncheck" | "untick" | "uncomplete" | "un-complete" | "unfinish" | "undone" | "reactivate" | "restore"
        | "unarchive" => {
            let k = lo + 1;
            let mut e = hi;
            if let Some(t) = tail_is(m, k, hi, &[&["as", "not", "done"], &["as", "open|incomplete|undone"]]) {
                e = t;
            }
            Command::Reopen(todo_ref(m, k, e))
        }
        // ---- delete ----
        "delete" | "remove" | "drop" | "cancel" | "erase" | "trash" | "scrap" | "scratch" | "discard" | "nuke" | "axe" | "ditch"
        | "kill" | "forget" | "bin" | "purge" | "eliminate" | "clear" | "unschedule" | "nix" | "cut" | "delist" => {
            return delete(m, lo, hi, v, clock)
        }
        "get" if m.seq(lo, &["get", "rid", "of"]) => return delete(m, lo + 2, hi, "delete", clock),
        "throw" if m.seq(lo + 1, &["away|out"]) => return delete(m, lo + 1, hi, "delete", clock),
        // "take X off my list", "take X from my calendar"
        "take" if has_destination(m, lo + 2, hi, &["off", "of", "from"]) => return delete(m, lo, hi, "delete", clock),
        // ---- rename ----
        "rename" | "retitle" | "call" | "name" if v != "call" && v != "name" || matches!(next, "it" | "that" | "this") => {
            let k = lo + 1;
            // "rename X to Y", "rename X as Y": the first of them splits.
            if let Some(t) = split_at(m, k, hi, "to|into|as") {
                let title = new_title(m, t + 1, hi);
                Command::Rename { target: todo_ref(m, k, t), title }
            } else if matches!(next, "it" | "that" | "this") && hi > lo + 2 {
                // "rename it buy bread", "call it buy bread"
                let s = if matches!(m.w(lo + 2), "as" | "to") { lo + 3 } else { lo + 2 };
                Command::Rename { target: TodoRef::Pronoun, title: new_title(m, s, hi) }
            } else if let Some(q) = (k + 1..hi).find(|&q| m.toks[q].quoted) {
                // rename buy milk "buy oat milk"
                Command::Rename { target: todo_ref(m, k, q), title: m.toks[q].raw.to_owned() }
            } else {
                return None;
            }
        }
        "change" | "update" | "edit" | "modify" | "switch" | "alter" | "correct" | "fix" if split_to(m, lo + 1, hi).is_some() => {
            return change(m, lo + 1, hi, clock);
        }
        // ---- reschedule ----
        "move" | "push" | "reschedule" | "postpone" | "defer" | "delay" | "shift" | "snooze" | "bump" | "procrastinate" | "pushback" => {
            return reschedule(m, lo, hi, v, clock);
        }
        "put" if m.seq(lo + 2, &["off"]) || m.seq(lo, &["put", "off"]) => return reschedule(m, lo, hi, "postpone", clock),
        // ---- priority ----
        "make" => {
            let k = lo + 1;
            if let Some((e, p)) = split_priority(m, k, hi) {
                if e > k {
                    return Some(Command::SetPriority { target: todo_ref(m, k, e), priority: p });
                }
            }
            // "make X due friday"
            if let Some(d) = (k + 1..hi).find(|&d| m.w(d) == "due") {
                if let Some(when) = fields::when_exact(m, d + 1, hi, clock) {
                    return Some(Command::Reschedule { target: todo_ref(m, k, d), when });
                }
            }
            if m.exactly(hi.saturating_sub(1), hi, &["undated"]) || tail_is(m, k, hi, &[&["have", "no", "due", "date"]]).is_some() {
                let e = tail_is(m, k, hi, &[&["undated"], &["have", "no", "due", "date"]]).unwrap_or(hi);
                return Some(Command::ClearDue(todo_ref(m, k, e)));
            }
            return None;
        }
        "prioritize" | "escalate" | "star" => {
            let k = lo + 1;
            if let Some((e, p)) = split_priority(m, k, hi) {
                if e > k {
                    return Some(Command::SetPriority { target: todo_ref(m, k, e), priority: p });
                }
            }
            let p = if v == "escalate" { Priority::Urgent } else { Priority::High };
            Command::SetPriority { target: todo_ref(m, k, hi), priority: p }
        }
        "deprioritize" | "downgrade" => Command::SetPriority { target: todo_ref(m, lo + 1, hi), priority: Priority::Low },
        // ---- tag ----
        "tag" | "label" | "categorize" | "file" if v != "file" || m.w(lo + 2) == "under" => {
            let (e, tags) = split_tags(m, lo + 1, hi)?;
            Command::Tag { target: todo_ref(m, lo + 1, e), tags }
        }
        "untag" | "unlabel" => {
            let k = lo + 1;
            if let Some(c) = remove_tag(m, k, hi, true) {
                return Some(c);
            }
            let (e, tags) = split_tags(m, k, hi)?;
            Command::Untag { target: todo_ref(m, k, e), tags }
        }
        "no" if m.seq(lo, &["no", "due|date|deadline"]) => {
            let k = if m.seq(lo + 1, &["due", "date"]) { lo + 3 } else { lo + 2 };
            let k = if matches!(m.w(k), "for" | "on" | "from") { k + 1 } else { k };
            Command::ClearDue(todo_ref(m, k, hi))
        }
        _ => return None,
    };
    Some(c)
}

/// Whether `lo..hi` has a destination led by one of `preps` ("on my list").
fn has_destination(m: &Msg, lo: usize, hi: usize, preps: &[&str]) -> bool {
    find_destination(m, lo, hi).is_some_and(|(d, _)| preps.contains(&m.w(d)))
}

/// "of the things I have to do", "what's on my list": a question about the
/// list after "remind me" (not "remind me of the dentist", a todo).
fn recall_question(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> bool {
    let names_items = (lo..hi).any(|k| LIST_ITEM_WORDS.contains(&m.w(k))) || find_destination(m, lo, hi).is_some();
    (lo..hi).all(|k| !m.toks[k].quoted && (list_filler(m.w(k)) || RECALL_WORDS.contains(&m.w(k))))
        && (names_items || list(m, lo, hi, clock).is_some())
}
