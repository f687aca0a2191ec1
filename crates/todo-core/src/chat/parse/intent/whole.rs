//! Whole-message commands: "undo" and "clear completed".

use super::*;

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
