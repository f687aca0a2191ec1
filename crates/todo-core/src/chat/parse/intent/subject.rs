//! Messages that name the todo first: "X is done", "X is due friday".

use super::*;

/// "X is done", "X has no due date", "X is high priority", "X is due friday".
pub(super) fn subject_first(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    if hi < lo + 2 {
        // "done" alone: the last one talked about.
        return match m.w(lo) {
            "done" | "finished" | "completed" | "complete" => Some(Command::Complete(TodoRef::Pronoun)),
            _ => None,
        };
    }
    // "X needs to be added to my calendar", "X should be put on my list"
    if let Some((d, _)) = find_destination(m, lo + 1, hi) {
        if d >= lo + 3 && ADDED_WORDS.contains(&m.w(d - 1)) && matches!(m.w(d - 2), "be" | "been" | "get") {
            return Some(add(m, lo, hi, clock));
        }
    }
    let first = m.w(lo);
    if matches!(
        first,
        "what"
            | "what's"
            | "whats"
            | "show"
            | "list"
            | "which"
            | "how"
            | "where"
            | "when"
            | "why"
            | "who"
            | "is"
            | "are"
            | "do"
            | "does"
            | "can"
            | "anything"
            | "any"
            | "something"
            | "everything"
            | "nothing"
            | "all"
    ) {
        return None;
    }
    // "tasks due today", "my todos done" read as listings, not edits.
    if (lo..hi).take_while(|&k| !matches!(m.w(k), "is" | "are" | "due" | "has" | "have")).all(|k| list_filler(m.w(k))) {
        return None;
    }
    // "that's done", "it's done"
    if matches!(first, "that's" | "it's" | "thats" | "its") {
        let rest = m.norm_join(lo + 1, hi);
        return match rest.as_str() {
            "done" | "finished" | "complete" | "completed" | "all done" | "done now" | "sorted" | "handled" => {
                Some(Command::Complete(TodoRef::Pronoun))
            }
            "not done" | "not finished" | "not done yet" | "undone" => Some(Command::Reopen(TodoRef::Pronoun)),
            _ => {
                if let Some(priority) = priority_exact(m, lo + 1, hi) {
                    return Some(Command::SetPriority { target: TodoRef::Pronoun, priority });
                }
                if m.w(lo + 1) == "due" {
                    return fields::when_exact(m, lo + 2, hi, clock).map(|when| Command::Reschedule { target: TodoRef::Pronoun, when });
                }
                None
            }
        };
    }
    // Reopen: "X is not done", "X isn't done (yet)"
    let mut hi2 = hi;
    if m.w(hi2 - 1) == "yet" || m.w(hi2 - 1) == "anymore" {
        hi2 -= 1;
    }
    if let Some(t) = tail_is(
        m,
        lo,
        hi2,
        &[
            &["is|was|are", "not", "done|complete|completed|finished"],
            &["isn't|wasn't|aren't|isnt", "done|complete|completed|finished"],
            &["is|are", "undone|incomplete|unfinished|open"],
            &["needs", "to", "be", "redone|reopened"],
            &["is", "open", "again"],
        ],
    ) {
        if t > lo {
            return Some(Command::Reopen(todo_ref(m, lo, t)));
        }
    }
    // Clear due: "X has no due date", "X doesn't have a due date anymore"
    if let Some(t) = tail_is(
        m,
        lo,
        hi2,
        &[
            &["has|have", "no", "due", "date"],
            &["has|have", "no", "date|deadline"],
            &["doesn't|doesnt|don't", "have", "a", "due", "date"],
            &["doesn't|doesnt|don't", "have", "a", "date|deadline"],
            &["does|do", "not", "have", "a", "due", "date"],
            &["does|do", "not", "have", "a", "date|deadline"],
            &["is|isn't", "not", "due"],
            &["isn't|isnt", "due"],
            &["no", "longer", "has", "a", "due", "date"],
            &["is", "no", "longer", "due"],
            &["needs", "no", "due", "date"],
            &["should", "have", "no", "due", "date"],
            &["is", "undated"],
        ],
    ) {
        if t > lo {
            return Some(Command::ClearDue(todo_ref(m, lo, t)));
        }
    }
    // Delete: "X can be deleted", "X is cancelled"
    if let Some(t) = tail_is(
        m,
        lo,
        hi2,
        &[
            &["can|should|must", "be", "deleted|removed|dropped|cancelled|canceled"],
            &["is|was|got|has", "been", "cancelled|canceled"],
            &["is|was|got", "cancelled|canceled"],
            &["is", "no", "longer", "needed"],
            &["isn't|isnt", "needed"],
            &["is", "not", "needed"],
        ],
    ) {
        if t > lo {
            return Some(Command::Delete(todo_ref(m, lo, t)));
        }
    }
    // Reschedule: "X is due friday", "X is now due tomorrow at 9", "X due friday"
    if let Some(d) = (lo + 1..hi).find(|&d| m.w(d) == "due") {
        if let Some(when) = fields::when_exact(m, d + 1, hi, clock) {
            let mut e = d;
            while e > lo && matches!(m.w(e - 1), "is" | "now" | "'s" | "are" | "should" | "be" | "will") {
                e -= 1;
            }
            if e > lo {
                return Some(Command::Reschedule { target: todo_ref(m, lo, e), when });
            }
        }
    }
    // Priority: "X is high priority", "X is urgent"
    if let Some(b) = (lo + 1..hi).find(|&b| matches!(m.w(b), "is" | "are" | "'s")) {
        let mut s = b + 1;
        if matches!(m.w(s), "now" | "very" | "really") && priority_exact(m, s, hi).is_none() {
            s += 1;
        }
        if let Some(priority) = priority_exact(m, s, hi) {
            return Some(Command::SetPriority { target: todo_ref(m, lo, b), priority });
        }
    }
    // Complete: "X is done", "X done", "X: done"
    if let Some(t) = tail_is(
        m,
        lo,
        hi,
        &[
            &["is|are|was|were|'s", "done|complete|completed|finished|sorted|handled|over"],
            &["is|are|was|'s", "all|now|finally", "done|complete|completed|finished"],
            &["has|have", "been", "done|completed|finished|handled|sorted"],
            &["is|was", "taken", "care", "of"],
            &["is|was", "dealt", "with"],
            &["all", "done"],
            &["done|finished|completed|complete"],
            &["done|finished|completed", "now|today|already"],
            &["checked|ticked|crossed", "off"],
            &["can", "be", "checked|ticked|crossed", "off"],
            &["can", "be", "marked", "done|complete|completed"],
            &["can", "be", "marked", "as", "done|complete|completed"],
        ],
    ) {
        if t > lo {
            // "all done", "I'm done" are not about a todo.
            if m.exactly(lo, t, &["all"]) || m.exactly(lo, t, &["i'm|im|we're"]) || m.exactly(lo, t, &["i", "am"]) {
                return None;
            }
            return Some(Command::Complete(todo_ref(m, lo, t)));
        }
    }
    None
}
