//! Several todos in one message: clauses that each start with a verb ("buy
//! milk and call mom tomorrow"), or a list with commas ("milk, eggs and
//! bread"). "research and development report" (no comma, one verb) stays one.

use super::*;

/// The clauses of `lo..hi`: split before "and"/"then"/"," when both sides
/// start with a task verb. One clause (the whole range) otherwise.
pub(super) fn clauses(m: &Msg, lo: usize, hi: usize) -> Vec<(usize, usize)> {
    if lo >= hi || !TASK_VERBS.contains(&m.w(lo)) || m.toks[lo..hi].iter().any(|t| t.quoted) {
        return vec![(lo, hi)];
    }
    let mut parts = Vec::new();
    let mut start = lo;
    let mut k = lo + 1;
    while k < hi {
        // "… and call mom", "…, then call mom", "…, call mom"
        let verb_at = if m.toks[k - 1].ends_clause() && TASK_VERBS.contains(&m.w(k)) {
            k
        } else if CLAUSE_JOINERS.contains(&m.w(k)) {
            if m.w(k + 1) == "then" {
                k + 2
            } else {
                k + 1
            }
        } else {
            k += 1;
            continue;
        };
        if verb_at + 1 < hi && verb_at > start + 1 && TASK_VERBS.contains(&m.w(verb_at)) {
            parts.push((start, k));
            start = verb_at;
            k = verb_at + 1;
        } else {
            k += 1;
        }
    }
    parts.push((start, hi));
    parts
}

/// The titles of a list with commas ("milk, eggs and bread"), when the
/// words left after the date, time and other fields form at least two
/// items. The fields apply to every item.
pub(super) fn comma_items(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Vec<String>> {
    if lo >= hi || m.toks[lo..hi].iter().any(|t| t.quoted) || !m.toks[lo..hi].iter().any(|t| t.raw.ends_with(',')) {
        return None;
    }
    let mut f = fields::scan(m, lo, hi, clock);
    mark_destinations(m, &mut f.used, lo, hi);
    let keep: Vec<usize> = (lo..hi).filter(|&k| !f.used[k]).collect();
    // Only a comma between kept words makes a list.
    if !keep.iter().take(keep.len().saturating_sub(1)).any(|&k| m.toks[k].raw.ends_with(',')) {
        return None;
    }
    let mut items = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (i, &k) in keep.iter().enumerate() {
        let last_joiner = CLAUSE_JOINERS.contains(&m.w(k)) && i > 0;
        if !last_joiner {
            current.push(k);
        }
        if m.toks[k].raw.ends_with(',') || last_joiner {
            items.push(std::mem::take(&mut current));
        }
    }
    items.push(current);
    let titles: Vec<String> = items.iter().map(|item| title_of(m, item, &f.used, hi)).filter(|t| !t.is_empty()).collect();
    (titles.len() >= 2).then_some(titles)
}
