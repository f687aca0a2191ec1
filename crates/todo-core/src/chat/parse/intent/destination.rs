//! Destinations: where the user says the todo goes or comes from ("to my
//! list", "on my to do list", "off my calendar", "from the list of things
//! to do"). They are read so that no title or reference keeps them.

use super::*;

/// The number of tokens of a destination starting at `k` (its preposition
/// included), if one starts there and ends before `hi`.
pub(super) fn destination_at(m: &Msg, k: usize, hi: usize) -> Option<usize> {
    let prep = m.w(k);
    if !DESTINATION_PREPOSITIONS.contains(&prep) || m.toks[k].quoted {
        return None;
    }
    // "of my list" is a slip for "off my list"; "of the schedule" is a title's.
    if prep == "of" && m.w(k + 1) != "my" {
        return None;
    }
    let mut j = k + 1;
    if prep == "off" && m.w(j) == "of" {
        j += 1;
    }
    // "for" only leads into an owned list: "for the calendar", not "for calendar year".
    let n = list_phrase(m, j, hi, prep == "for")?;
    Some(j + n - k)
}

/// The number of tokens of a list's name starting at `j`: "my to do list",
/// "the calendar", "my list of things to do", "list".
fn list_phrase(m: &Msg, j: usize, hi: usize, need_owner: bool) -> Option<usize> {
    let start = j;
    let mut j = j;
    let owned = DESTINATION_OWNERS.contains(&m.w(j));
    if owned {
        j += 1;
    } else if need_owner {
        return None;
    }
    let mut modifiers = 0;
    loop {
        if m.seq(j, &["to", "do|dos"]) && DESTINATION_NOUNS.contains(&m.w(j + 2)) && j + 2 < hi {
            j += 2;
            modifiers += 1;
        } else if DESTINATION_MODIFIERS.contains(&m.w(j)) && DESTINATION_NOUNS.contains(&m.w(j + 1)) && j + 1 < hi {
            j += 1;
            modifiers += 1;
        } else {
            break;
        }
    }
    // "my to do" without the noun: "add X to my to do".
    if owned && m.seq(j, &["to", "do|dos"]) && j + 2 <= hi && !DESTINATION_NOUNS.contains(&m.w(j + 2)) {
        return Some(j + 2 - start);
    }
    let noun = m.w(j);
    if j >= hi || !DESTINATION_NOUNS.contains(&noun) {
        return None;
    }
    // Without "my"/"the" only a plain list noun: "to list", "on calendar".
    if !owned && modifiers == 0 && !matches!(noun, "list" | "calendar" | "schedule" | "agenda" | "todos" | "todo") {
        return None;
    }
    j += 1;
    if m.w(j) == "of" && j + 1 < hi {
        if let Some(n) = DESTINATION_OF.iter().find(|p| j + 1 + p.len() <= hi && m.seq(j + 1, p)).map(|p| p.len()) {
            j += 1 + n;
        }
    }
    Some(j - start)
}

/// Whether `lo..hi` names the user's list, with or without a preposition:
/// "check my calendar", "what my to-do list looks like".
pub(super) fn names_list(m: &Msg, lo: usize, hi: usize) -> bool {
    (lo..hi).any(|k| DESTINATION_OWNERS.contains(&m.w(k)) && list_phrase(m, k, hi, true).is_some())
}

/// The first destination in `lo..hi`: (start, end).
pub(super) fn find_destination(m: &Msg, lo: usize, hi: usize) -> Option<(usize, usize)> {
    (lo..hi).find_map(|k| destination_at(m, k, hi).map(|n| (k, k + n)))
}

/// Marks every destination in `lo..hi` as used, with a passive "added"
/// before it ("needs to be added to my calendar").
pub(super) fn mark_destinations(m: &Msg, used: &mut [bool], lo: usize, hi: usize) {
    let mut k = lo;
    while k < hi {
        if used[k] {
            k += 1;
            continue;
        }
        let Some(n) = destination_at(m, k, hi) else {
            k += 1;
            continue;
        };
        for u in &mut used[k..k + n] {
            *u = true;
        }
        let mut b = k;
        if b > lo && ADDED_WORDS.contains(&m.w(b - 1)) {
            b -= 1;
            used[b] = true;
            for tail in [&["needs|has", "to", "be"][..], &["should|must|will|can", "be"], &["be|been|get|is"]] {
                if b >= lo + tail.len() && m.seq(b - tail.len(), tail) {
                    for u in &mut used[b - tail.len()..b] {
                        *u = true;
                    }
                    break;
                }
            }
        }
        k += n;
    }
}

/// Which todo tokens `lo..hi` mean, without the destination and the date
/// and time words: "dinner with suzie from my calendar on march 1st",
/// "my march 1st meeting off my calendar", "the 8am meeting with sam".
pub(super) fn ref_without_place(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> TodoRef {
    if lo >= hi || refs::position(m, lo, hi).is_some() || refs::is_pronoun(m, lo, hi) || m.toks[lo..hi].iter().any(|t| t.quoted) {
        return todo_ref(m, lo, hi);
    }
    let mut used = fields::scan(m, lo, hi, clock).used;
    mark_destinations(m, &mut used, lo, hi);
    let mut keep: Vec<usize> = (lo..hi).filter(|&k| !used[k]).collect();
    if keep.len() == hi - lo {
        return todo_ref(m, lo, hi);
    }
    // What a removed date or destination leaves behind: "… that is on",
    // "… i have scheduled for", "… anymore".
    while keep.len() > 1 && DANGLING_AFTER_TARGET.contains(&m.w(keep[keep.len() - 1])) {
        keep.pop();
    }
    match (keep.first(), keep.last()) {
        (Some(&a), Some(&b)) if keep.len() == b + 1 - a => todo_ref(m, a, b + 1),
        (Some(_), Some(_)) => TodoRef::Words(trim_title(&keep.iter().map(|&k| m.toks[k].raw).collect::<Vec<_>>().join(" "))),
        _ => todo_ref(m, lo, hi),
    }
}
