//! Politeness around a request: "please", "can you", "thanks", "?".

use super::*;

/// Drops "please", "thanks", "thank you", "?" at the end.
pub(super) fn trailing_politeness(m: &Msg, lo: usize, hi: usize) -> usize {
    let mut hi = hi;
    while hi > lo {
        let t = &m.toks[hi - 1];
        if is_punct_only(t) || TRAILING_POLITENESS.contains(&t.norm.as_str()) {
            hi -= 1;
        } else if hi >= lo + 2 && m.seq(hi - 2, &["thank", "you|u"]) {
            hi -= 2;
        } else if hi >= lo + 3 && m.seq(hi - 3, &["thanks|thank", "a", "lot"]) {
            hi -= 3;
        } else if hi >= lo + 4 && m.seq(hi - 4, &["thank", "you", "very|so", "much"]) {
            hi -= 4;
        } else if hi >= lo + 3 && m.seq(hi - 3, &["if", "you", "can|could|may"]) {
            hi -= 3;
        } else if hi >= lo + 2 && m.seq(hi - 2, &["if", "possible"]) {
            hi -= 2;
        } else {
            break;
        }
    }
    hi
}

/// Drops "please", "can you", "hey", "ok so", … at the start. The flag says
/// the message said "I want to" / "I'd like to": if nothing else fits, it
/// adds a todo.
pub(super) fn leading_politeness(m: &Msg, lo: usize, hi: usize) -> (usize, bool) {
    let mut lo = lo;
    let mut wanted = false;
    loop {
        let before = lo;
        let w = m.w(lo);
        let n = if is_punct_only(&m.toks[lo]) || LEADING_FILLERS.contains(&w) && lo + 1 < hi {
            1
        } else if m.seq(lo, &["would|do", "you", "mind"]) {
            3
        } else if m.seq(lo, &["can|could|would|will|can't|won't|cant|wont", "you|u|ya"]) || m.seq(lo, &["you|u", "can|could|may"]) {
            2
        } else if m.seq(lo, &["i'd|i", "like|want|need", "you", "to"]) {
            4
        } else if m.seq(lo, &["i", "would", "like", "you", "to"]) {
            5
        } else if m.seq(lo, &["go", "ahead", "and"]) || m.seq(lo, &["thank", "you"]) && lo + 2 < hi {
            if m.w(lo) == "go" {
                3
            } else {
                2
            }
        } else if m.seq(lo, &["let's|lets"]) {
            1
        } else if m.seq(lo, &["help", "me"]) && lo + 2 < hi {
            2
        } else if m.seq(lo, &["let", "me"]) && matches!(m.w(lo + 2), "see" | "know" | "add" | "have") {
            if m.w(lo + 2) == "know" {
                3
            } else {
                2
            }
        } else if m.seq(lo, &["i'd|i", "like", "to"]) || m.seq(lo, &["i", "want", "to"]) || m.seq(lo, &["i", "wanna"]) {
            wanted = true;
            if m.w(lo + 1) == "wanna" {
                2
            } else {
                3
            }
        } else if m.seq(lo, &["i", "would", "like", "to"]) {
            wanted = true;
            4
        } else {
            0
        };
        if n == 0 || lo + n >= hi {
            return (lo, wanted);
        }
        lo += n;
        if lo == before {
            return (lo, wanted);
        }
    }
}
