//! Which todo a message means: a position ("2", "#2", "task 2", "the
//! second one"), a pronoun ("it", "that one") or words.

use super::{number, ordinal, small_number, Msg};
use crate::chat::command::{Position, TodoRef};

/// A position: "2", "#2", "task 2", "number two", "the second one", "the 2nd",
/// "the last one".
pub(crate) fn position(m: &Msg, lo: usize, hi: usize) -> Option<Position> {
    let mut lo = lo;
    let mut hi = hi;
    if m.toks[lo..hi].iter().any(|t| t.quoted) {
        return None;
    }
    while lo < hi
        && matches!(m.w(lo), "the" | "task" | "todo" | "item" | "number" | "no" | "nr" | "num" | "option" | "choice" | "entry" | "#")
    {
        lo += 1;
    }
    while hi > lo && matches!(m.w(hi - 1), "one" | "task" | "todo" | "item" | "entry" | "on" | "in" | "list" | "the" | "from" | "above") {
        // "the second one", "task 2 on the list": drop the tail, but keep a lone "one".
        if hi - 1 == lo {
            break;
        }
        hi -= 1;
    }
    if hi != lo + 1 {
        return None;
    }
    let w = m.w(lo);
    if w == "last" {
        return Some(Position::Last);
    }
    let w = w.strip_prefix('#').unwrap_or(w);
    let n = number(w).or_else(|| ordinal(w)).or_else(|| small_number(w).filter(|_| w != "a" && w != "an"))?;
    usize::try_from(n).ok().filter(|&n| n >= 1).map(Position::Nth)
}

/// "it", "that", "this one", "that task", "the one I just added".
pub(crate) fn is_pronoun(m: &Msg, lo: usize, hi: usize) -> bool {
    if lo >= hi || m.toks[lo..hi].iter().any(|t| t.quoted) {
        return false;
    }
    let words: Vec<&str> = (lo..hi).map(|k| m.w(k)).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        ["it" | "that" | "this" | "them"] => true,
        ["it" | "that" | "this", rest @ ..] => rest
            .iter()
            .all(|w| matches!(*w, "one" | "task" | "todo" | "item" | "thing" | "too" | "also" | "again" | "as" | "well" | "reminder")),
        ["the", "one", rest @ ..] | ["the", "last", "one", rest @ ..] if !rest.is_empty() => rest
            .iter()
            .all(|w| matches!(*w, "i" | "just" | "added" | "created" | "made" | "mentioned" | "you" | "we" | "last" | "talked" | "about")),
        ["the", "same", "one" | "task" | "todo" | "thing"] => true,
        _ => false,
    }
}

/// Trailing words that are not part of a reference.
fn trailing_filler(m: &Msg, lo: usize, hi: usize) -> usize {
    let mut hi = hi;
    loop {
        let before = hi;
        for tail in [
            &["from", "my|the", "list|todos|tasks|todo|to-do"][..],
            &["off", "my|the", "list|todos|tasks"],
            &["from", "my|the", "todo|to-do", "list"],
            &["off", "my|the", "todo|to-do", "list"],
            &["from", "the|my", "list"],
            &["from", "list|todos"],
            &["for", "me"],
            &["as", "well"],
            &["please|pls|plz|now|too|already|thanks|again"],
        ] {
            let n = tail.len();
            if hi > lo + n && m.seq(hi - n, tail) {
                hi -= n;
            }
        }
        if hi == before {
            return hi;
        }
    }
}

/// The words of tokens `lo..hi` as a title or a reference: a quoted part
/// alone when there is one, otherwise the raw text with punctuation
/// trimmed at the ends.
pub(crate) fn text(m: &Msg, lo: usize, hi: usize) -> String {
    if let Some(q) = m.toks[lo.min(hi)..hi].iter().find(|t| t.quoted) {
        return q.raw.to_owned();
    }
    trim_title(&m.raw_join(lo, hi))
}

/// Trims whitespace and sentence punctuation at the ends of a title.
pub(crate) fn trim_title(s: &str) -> String {
    s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'))
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | '!' | '?' | ';' | ':'))
        .to_owned()
}

/// Which todo tokens `lo..hi` mean. Nothing at all means "it".
pub(crate) fn todo_ref(m: &Msg, lo: usize, hi: usize) -> TodoRef {
    let hi = trailing_filler(m, lo, hi.min(m.len()));
    if lo >= hi {
        return TodoRef::Pronoun;
    }
    if let Some(place) = position(m, lo, hi) {
        return TodoRef::Position(place);
    }
    if is_pronoun(m, lo, hi) {
        return TodoRef::Pronoun;
    }
    let words = text(m, lo, hi);
    if words.is_empty() {
        return TodoRef::Pronoun;
    }
    TodoRef::Words(words)
}

/// A whole message that picks an option: "1", "#2", "the first one",
/// "number two", "option 3", "2nd", "the last one".
pub(crate) fn choice(m: &Msg, lo: usize, hi: usize) -> Option<Position> {
    if lo >= hi {
        return None;
    }
    position(m, lo, hi)
}
