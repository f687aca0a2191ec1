//! "I need to …" (an add) and "I finished …" / "I called …" (a completion).

use super::*;

/// "I need to …", "I finished …", "I've done …".
pub(super) fn first_person(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    // No longer needed: a deletion ("I don't need X on my list anymore").
    for phrase in
        [&["i", "don't|dont", "need"][..], &["i", "do", "not", "need"], &["i", "no", "longer", "need"], &["we", "don't|dont", "need"]]
    {
        let n = phrase.len();
        if m.seq(lo, phrase) && lo + n < hi {
            let mut k = lo + n;
            if m.w(k) == "to" {
                k += 1;
            }
            // Only this clause: "I no longer need to wash dishes; take it off my list".
            let e = (k..hi).find(|&j| m.toks[j].ends_clause()).map_or(hi, |j| j + 1);
            return Some(Command::Delete(ref_without_place(m, k, e, clock)));
        }
    }
    // Needs: an added todo.
    for (phrase, _) in [
        (&["i", "need|have|must|should|gotta|ought", "to"][..], 0),
        (&["i", "really", "need|have|must|should", "to"], 0),
        (&["i", "need|must|gotta|should"], 0),
        (&["i", "have|'ve", "got", "to"], 0),
        (&["i've|ive", "got", "to"], 0),
        (&["i", "got", "to"], 0),
        (&["i'll|i", "need", "to"], 0),
        (&["i", "will", "need", "to"], 0),
        (&["i'll|i", "have", "to"], 0),
        (&["i", "will", "have", "to"], 0),
        (&["i'm|im", "going", "to"], 0),
        (&["i'm|im", "supposed", "to"], 0),
        (&["i", "am", "going|supposed", "to"], 0),
        (&["i", "gotta"], 0),
        (&["we", "need|have|must|should", "to"], 0),
        (&["need|have", "to"], 0),
        (&["gotta|must|should"], 0),
    ] {
        let n = phrase.len();
        if m.seq(lo, phrase) && lo + n < hi {
            // "I need to take out the trash, please remind me"
            let mut hi = hi;
            if hi > lo + n + 2 && m.seq(hi - 2, &["remind", "me"]) {
                hi -= 2;
                if m.w(hi - 1) == "please" {
                    hi -= 1;
                }
            }
            // "I need to add milk", "I need to set a reminder to …": the add it names.
            if verb(m.w(lo + n)) == "add" {
                return Some(add(m, lo + n + 1, hi, clock));
            }
            let names_a_todo = (lo + n..(lo + n + 3).min(hi)).any(|k| is_task_noun(m.w(k))) || m.w(lo + n) == "remind";
            if names_a_todo || find_destination(m, lo + n, hi).is_some() {
                if let Some(c @ Command::Add(_)) = by_verb(m, lo + n, hi, clock) {
                    return Some(c);
                }
            }
            // "I need to know what's on my list", "I need to see my calendar".
            if matches!(m.w(lo + n), "know" | "see" | "hear" | "check" | "review") && names_list(m, lo + n, hi) {
                if let Some(spec) = list(m, lo + n + 1, hi, clock) {
                    return Some(Command::List(spec));
                }
            }
            return Some(add(m, lo + n, hi, clock));
        }
    }
    // Done: a completion.
    for phrase in [
        &["i", "just|already", "finished|completed|did|done|ticked|checked"][..],
        &["i", "finished|completed|did|done"],
        &["i", "have|'ve", "just|already", "finished|completed|done"],
        &["i", "have|'ve", "finished|completed|done"],
        &["i've|ive", "just|already", "finished|completed|done"],
        &["i've|ive", "finished|completed|done"],
        &["i'm|im", "done|finished", "with"],
        &["i", "am", "done|finished", "with"],
        &["i", "got", "done"],
        &["i", "took", "care", "of"],
        &["i", "checked|ticked|crossed", "off"],
    ] {
        let n = phrase.len();
        if m.seq(lo, phrase) && lo + n < hi {
            let mut e = hi;
            if e > lo + n + 1 && matches!(m.w(e - 1), "already" | "today" | "yesterday" | "now" | "finally") {
                e -= 1;
            }
            return Some(Command::Complete(todo_ref(m, lo + n, e)));
        }
    }
    // "I called the plumber", "I've paid the rent", "I already bought milk":
    // the verb stays, it is part of the title ("Call the plumber").
    let mut k = lo + 1;
    if m.w(lo) == "i" && matches!(m.w(k), "have" | "'ve") {
        k += 1;
    } else if !matches!(m.w(lo), "i" | "i've" | "ive") {
        return None;
    }
    if matches!(m.w(k), "just" | "already" | "finally") {
        k += 1;
    }
    if k + 1 < hi && past_tense(m.w(k)) {
        let mut e = hi;
        if e > k + 2 && matches!(m.w(e - 1), "already" | "today" | "yesterday" | "now" | "finally") {
            e -= 1;
        }
        return Some(Command::Complete(TodoRef::Words(text(m, k, e))));
    }
    None
}

/// A past-tense verb that reports a task done ("called", "paid"), not a
/// feeling or an intention ("wanted", "forgot").
fn past_tense(w: &str) -> bool {
    let irregular = IRREGULAR_PAST.contains(&w);
    let regular = w.len() > 4 && w.ends_with("ed") && w.bytes().all(|b| b.is_ascii_lowercase()) && !PAST_NOT_DONE.contains(&w);
    irregular || regular
}
