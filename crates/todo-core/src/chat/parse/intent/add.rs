//! Adds: the todo's title once the command words, the destination ("to
//! my list") and the fields are taken out.

use super::*;

/// Strips the "a new task to" kind of words after "add" / "create".
fn after_task_noun(m: &Msg, lo: usize, hi: usize) -> usize {
    let mut k = lo;
    if matches!(m.w(k), "a" | "an" | "another" | "one" | "new") && (is_task_noun(m.w(k + 1)) || m.w(k + 1) == "new") {
        k += 1;
    }
    if m.w(k) == "new" && is_task_noun(m.w(k + 1)) {
        k += 1;
    }
    if is_task_noun(m.w(k)) && k + 1 < hi {
        k += 1;
        while k + 1 < hi && is_punct_only(&m.toks[k]) {
            k += 1;
        }
        if matches!(m.w(k), "to" | "called" | "named" | "for" | "that" | "about" | "saying" | "titled") && k + 1 < hi {
            k += 1;
        }
        return k;
    }
    // "add to my list: buy milk", "add to list buy milk"
    if m.w(lo) == "to" {
        for phrase in [&["to", "my|the|our", "list|todos|tasks|to-dos"][..], &["to", "my|the", "todo|to-do", "list"], &["to", "list|todos"]]
        {
            if m.seq(lo, phrase) && lo + phrase.len() < hi {
                return lo + phrase.len();
            }
        }
    }
    lo
}

/// Marks "to my list", "on the todo list", "to my todos" in `lo..hi`.
fn list_suffix(m: &Msg, used: &mut [bool], lo: usize, hi: usize) {
    let mut k = lo;
    while k < hi {
        if matches!(m.w(k), "to" | "on" | "onto" | "in") && !used[k] {
            let mut j = k + 1;
            if matches!(m.w(j), "my" | "the" | "our") {
                j += 1;
            }
            while j < hi
                && j < k + 4
                && matches!(
                    m.w(j),
                    "todo" | "to-do" | "task" | "shopping" | "grocery" | "groceries" | "reminder" | "reminders" | "personal" | "daily"
                )
                && !matches!(m.w(j + 1), "" | "to" | "on")
            {
                j += 1;
            }
            if j < hi
                && matches!(m.w(j), "list" | "todos" | "tasks" | "to-dos" | "agenda" | "reminders" | "todo" | "to-do")
                && (j > k + 1 || m.w(j) == "list")
            {
                let end = if m.w(j + 1) == "list" && j + 1 < hi { j + 2 } else { j + 1 };
                // Only as a suffix: nothing but other fields may follow.
                for u in &mut used[k..end] {
                    *u = true;
                }
                k = end;
                continue;
            }
        }
        k += 1;
    }
}

fn connector_before_field(w: &str) -> bool {
    matches!(
        w,
        "on" | "at"
            | "by"
            | "due"
            | "for"
            | "with"
            | "and"
            | "as"
            | "is"
            | "-"
            | "–"
            | "|"
            | "to"
            | "from"
            | "starting"
            | "every"
            | "in"
            | "priority"
    )
}

/// An added todo from the tokens `lo..hi` (command words already taken).
pub(super) fn add(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Command {
    let lo = after_task_noun(m, lo, hi);
    let mut f = fields::scan(m, lo, hi, clock);
    list_suffix(m, &mut f.used, lo, hi);
    let title = if let Some(q) = m.toks[lo.min(hi)..hi].iter().find(|t| t.quoted) {
        q.raw.to_owned()
    } else {
        let mut keep: Vec<usize> = (lo..hi).filter(|&k| !f.used[k]).collect();
        // Dangling words left by a removed phrase: "buy milk with", "to call mom".
        while let Some(&last) = keep.last() {
            let followed_by_field = last + 1 < hi && f.used[last + 1];
            if followed_by_field && connector_before_field(m.w(last)) || is_punct_only(&m.toks[last]) {
                keep.pop();
            } else {
                break;
            }
        }
        let mut skip = 0;
        while let Some(&first) = keep.get(skip) {
            if matches!(m.w(first), "to" | "that" | "about" | "of") && keep.len() > skip + 1 || is_punct_only(&m.toks[first]) {
                skip += 1;
            } else {
                break;
            }
        }
        let mut s = String::new();
        for &k in &keep[skip..] {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(m.toks[k].raw);
        }
        trim_title(&s)
    };
    Command::Add(AddSpec { title, when: f.when, priority: f.priority, tags: f.tags, recurrence: f.recurrence, notes: None })
}
