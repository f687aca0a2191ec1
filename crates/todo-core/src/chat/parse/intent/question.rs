//! Questions about what is on the list: "is X on my list?", "did I add X
//! to my calendar?", "check if X is on my list", and questions that name
//! the list without a filter the listing reads ("have I set anything on my
//! calendar"). All of them are listings and change nothing.

use super::*;

/// "is X on my list", "is X an item on my todo list", "did I include X on
/// my list", "have I added X to my calendar yet", "check if X is on my
/// list", "do I have X on my list": a search for X.
pub(super) fn membership(m: &Msg, lo: usize, hi: usize) -> Option<ListSpec> {
    let mut k = lo;
    let checking = m.w(k) == "check";
    if checking {
        k += 1;
        if m.seq(k, &["to", "see"]) {
            k += 2;
        }
        if !matches!(m.w(k), "if" | "whether") {
            return None;
        }
        k += 1;
    }
    // After "check if" the opener may be left out: "check if X is on my list".
    let opener = match MEMBERSHIP_OPENERS.iter().find(|p| m.seq(k, p)) {
        Some(p) => p.len(),
        None if checking => 0,
        None => return None,
    };
    let from = k + opener;
    let (d, _) = find_destination(m, from, hi)?;
    // X ends before the destination, without "is", "an item", "yet".
    let mut e = d;
    while e > from && MEMBERSHIP_LINKS.contains(&m.w(e - 1)) {
        e -= 1;
    }
    // "do I have anything on my calendar" asks for the list, not a search.
    let vague = |j: usize| !m.toks[j].quoted && (list_filler(m.w(j)) || LIST_QUESTION_WORDS.contains(&m.w(j)));
    if e <= from || (from..e).all(vague) {
        return None;
    }
    let text = text(m, from, e);
    (!text.is_empty()).then_some(ListSpec {
        status: StatusFilter::All,
        due: None,
        priority: None,
        tag: None,
        text: Some(text),
        limit: None,
    })
}

/// A question that names the list but is not a listing the other readers
/// understand ("did I set anything aside on my calendar"): the open todos.
pub(super) fn about_the_list(m: &Msg, lo: usize, hi: usize) -> Option<ListSpec> {
    if !QUESTION_OPENERS.contains(&m.w(lo)) || find_destination(m, lo + 1, hi).is_none() {
        return None;
    }
    Some(ListSpec { status: StatusFilter::Open, due: None, priority: None, tag: None, text: None, limit: None })
}
