//! Whole-message commands: "undo" and "clear completed".

use super::*;
use crate::chat::command::BulkAction;

pub(super) fn undo(m: &Msg, lo: usize, hi: usize) -> Option<Command> {
    let w = m.w(lo);
    let undo_word = matches!(w, "undo" | "revert" | "rollback" | "undo!" | "un-do") || m.seq(lo, &["roll", "back"]);
    if undo_word {
        let start = if m.seq(lo, &["roll", "back"]) { lo + 2 } else { lo + 1 };
        let ok = (start..hi).all(|k| UNDO_COMPANIONS.contains(&m.w(k)));
        if ok && hi - start <= 6 {
            return Some(Command::Undo);
        }
    }
    if m.exactly(lo, hi, &["take", "that|it", "back"]) || m.exactly(lo, hi, &["go", "back"]) || m.exactly(lo, hi, &["undo", "undo"]) {
        return Some(Command::Undo);
    }
    if m.exactly(lo, hi, &["never", "mind"])
        || m.exactly(lo, hi, &["nevermind"])
        || m.exactly(lo, hi, &["nvm"])
        || m.exactly(lo, hi, &["cancel"])
    {
        return Some(Command::Unknown);
    }
    None
}

fn is_done_word(w: &str) -> bool {
    CLEAR_VERBS.contains(&w)
}

pub(super) fn clear_completed(m: &Msg, lo: usize, hi: usize) -> bool {
    let w = verb(m.w(lo));
    let start = if matches!(
        w,
        "clear" | "delete" | "remove" | "purge" | "clean" | "erase" | "archive" | "empty" | "wipe" | "trash" | "hide" | "drop"
    ) {
        lo + 1
    } else if m.seq(lo, &["get", "rid", "of"]) {
        lo + 3
    } else {
        return false;
    };
    if start >= hi {
        return false;
    }
    let mut done = false;
    let all = (start..hi).all(|k| {
        let w = m.w(k);
        if is_done_word(w) {
            done = true;
        }
        !m.toks[k].quoted && CLEAR_COMPLETED_WORDS.contains(&w)
    });
    all && done
}

/// "yes", "yes please", "go ahead", "do it": the answer to a yes/no question.
pub(super) fn confirm(m: &Msg, lo: usize, hi: usize) -> bool {
    let words: Vec<&str> = (lo..hi).map(|k| m.w(k)).filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| CONFIRM_WORDS.contains(w))
        && words.iter().any(|w| !matches!(*w, "please" | "it" | "and"))
        && !matches!(words.as_slice(), ["do"] | ["it"] | ["go"])
}

/// A change to every open todo a filter selects: "mark everything as done",
/// "complete all of today's todos", "delete all #work todos", "clear my
/// list". Needs a word for all ("all", "everything") or, after "clear",
/// "empty" and "wipe", the list named.
pub(super) fn bulk(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let v = verb(m.w(lo));
    let (action, mut k) = if m.seq(lo, &["get", "rid", "of"]) {
        (BulkAction::Delete, lo + 3)
    } else if BULK_DELETE_VERBS.contains(&v) {
        (BulkAction::Delete, lo + 1)
    } else if BULK_COMPLETE_VERBS.contains(&v) {
        (BulkAction::Complete, lo + 1)
    } else {
        return None;
    };
    if matches!(m.w(k), "off" | "out") {
        k += 1;
    }
    let mut e = hi;
    if v == "mark" {
        e = tail_is(m, k, hi, DONE_TAILS)?;
    } else if e > k + 1 && matches!(m.w(e - 1), "off" | "out") {
        e -= 1;
    }
    if k >= e || m.toks[k..e].iter().any(|t| t.quoted) {
        return None;
    }
    let quantified = (k..e).any(|j| BULK_QUANTIFIERS.contains(&m.w(j)));
    let whole_list = matches!(v, "clear" | "empty" | "wipe") && names_list(m, k, e);
    if !quantified && !whole_list {
        return None;
    }
    let open = ListSpec { status: StatusFilter::Open, due: None, priority: None, tag: None, text: None, limit: None };
    let vague = |j: usize| BULK_QUANTIFIERS.contains(&m.w(j)) || list_filler(m.w(j)) || LIST_ITEM_WORDS.contains(&m.w(j));
    let filter = match list(m, k, e, clock) {
        Some(spec) if spec.text.is_none() => spec,
        _ if (k..e).all(|j| {
            vague(j)
                || destination_at(m, j, e).is_some()
                || names_list(m, j, (j + 4).min(e))
                || DESTINATION_NOUNS.contains(&m.w(j))
                || DESTINATION_MODIFIERS.contains(&m.w(j))
        }) =>
        {
            open
        }
        _ => return None,
    };
    Some(Command::Bulk { action, filter: ListSpec { status: StatusFilter::Open, ..filter } })
}
