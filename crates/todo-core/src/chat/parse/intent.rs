//! What a message asks for: the command words ("add", "mark … as done",
//! "move … to"), politeness around them, and the whole-message forms
//! (greetings, thanks, help, "undo", a bare "2").

use super::fields::{self, priority_exact, tag};
use super::refs::{self, text, todo_ref, trim_title};
use super::{when, Msg, Tok};
use crate::chat::command::{AddSpec, Command, DateShift, ListDue, ListSpec, LocalClock, TodoRef, When};
use crate::{DueFilter, Priority, StatusFilter};

/// Reads a tokenized message.
pub(crate) fn read(m: &Msg, clock: &LocalClock) -> Command {
    let lo = 0;
    let hi = trailing_politeness(m, lo, m.len());
    if hi == lo {
        if m.len() > 0 && thanks(m, 0, m.len()) {
            return Command::Thanks;
        }
        if m.toks.iter().any(|t| t.raw.contains('?')) {
            return Command::Help;
        }
        return Command::Unknown;
    }
    if let Some(c) = social(m, lo, hi) {
        return c;
    }
    let (lo, wanted) = leading_politeness(m, lo, hi);
    if lo >= hi {
        return Command::Unknown;
    }
    if let Some(place) = refs::choice(m, lo, hi) {
        return Command::Choose(place);
    }
    if let Some(c) = social(m, lo, hi) {
        return c;
    }
    match command(m, lo, hi, clock) {
        Command::Unknown if wanted => add(m, lo, hi, clock),
        c => c,
    }
}

fn is_task_noun(w: &str) -> bool {
    matches!(w, "task" | "todo" | "to-do" | "reminder" | "item" | "entry" | "note" | "tasks" | "todos" | "to-dos" | "items" | "reminders")
}

fn is_punct_only(t: &Tok) -> bool {
    !t.quoted && matches!(t.raw, "?" | "!" | "." | "," | "?!" | "!?" | "??" | "..." | "…" | ":)" | ":-)" | "-" | "–" | "—")
}

/// Drops "please", "thanks", "thank you", "?" at the end.
fn trailing_politeness(m: &Msg, lo: usize, hi: usize) -> usize {
    let mut hi = hi;
    while hi > lo {
        let t = &m.toks[hi - 1];
        if is_punct_only(t) || matches!(t.norm.as_str(), "please" | "pls" | "plz" | "thanks" | "thx" | "ty" | "cheers" | "thankyou") {
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
fn leading_politeness(m: &Msg, lo: usize, hi: usize) -> (usize, bool) {
    let mut lo = lo;
    let mut wanted = false;
    loop {
        let before = lo;
        let w = m.w(lo);
        let n = if is_punct_only(&m.toks[lo])
            || matches!(
                w,
                "please"
                    | "pls"
                    | "plz"
                    | "kindly"
                    | "ok"
                    | "okay"
                    | "k"
                    | "alright"
                    | "allright"
                    | "so"
                    | "um"
                    | "umm"
                    | "uhm"
                    | "uh"
                    | "hmm"
                    | "oh"
                    | "also"
                    | "and"
                    | "then"
                    | "hey"
                    | "hi"
                    | "hello"
                    | "yo"
                    | "just"
                    | "ah"
                    | "well"
                    | "great"
                    | "cool"
                    | "thanks"
                    | "bot"
                    | "actually"
                    | "oops"
                    | "now"
                    | "right"
                    | "yes"
                    | "yeah"
                    | "yep"
                    | "sure"
                    | "hey,"
                    | "quick"
                    | "quickly"
                    | "additionally"
            ) && lo + 1 < hi
        {
            1
        } else if m.seq(lo, &["would|do", "you", "mind"]) {
            3
        } else if m.seq(lo, &["can|could|would|will|can't|won't|cant|wont", "you|u|ya"]) {
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

const GREETINGS: &[&str] =
    &["hi", "hello", "hey", "heya", "hiya", "howdy", "yo", "hola", "greetings", "sup", "hallo", "bonjour", "hei", "ciao", "salut"];

fn thanks(m: &Msg, lo: usize, hi: usize) -> bool {
    let mut thanked = false;
    let all = (lo..hi).all(|k| {
        let w = m.w(k);
        if matches!(
            w,
            "thanks" | "thank" | "thx" | "ty" | "tysm" | "cheers" | "appreciated" | "appreciate" | "ta" | "thankyou" | "merci" | "danke"
        ) {
            thanked = true;
        }
        matches!(
            w,
            "" | "thanks"
                | "thank"
                | "thx"
                | "ty"
                | "tysm"
                | "cheers"
                | "appreciated"
                | "appreciate"
                | "ta"
                | "thankyou"
                | "merci"
                | "danke"
                | "you"
                | "u"
                | "very"
                | "so"
                | "much"
                | "a"
                | "lot"
                | "lots"
                | "many"
                | "ok"
                | "okay"
                | "great"
                | "perfect"
                | "awesome"
                | "cool"
                | "nice"
                | "good"
                | "brilliant"
                | "excellent"
                | "alright"
                | "fine"
                | "that's"
                | "that"
                | "it"
                | "i"
                | "really"
                | "super"
                | "wonderful"
                | "amazing"
                | "for"
                | "the"
                | "help"
                | "your"
                | "again"
                | "buddy"
                | "bot"
                | "man"
                | "mate"
                | "all"
                | "done"
                | "got"
                | "just"
        ) && !m.toks[k].quoted
    });
    all && thanked
}

/// Greetings, thanks, acknowledgements and help requests: whole messages.
fn social(m: &Msg, lo: usize, hi: usize) -> Option<Command> {
    let words: Vec<&str> = (lo..hi).map(|k| m.w(k)).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    if m.toks[lo..hi].iter().any(|t| t.quoted) {
        return None;
    }
    let greeting_rest = |rest: &[&str]| {
        rest.iter().all(|w| {
            matches!(
                *w,
                "there"
                    | "bot"
                    | "chatbot"
                    | "assistant"
                    | "everyone"
                    | "friend"
                    | "buddy"
                    | "pal"
                    | "mate"
                    | "again"
                    | "all"
                    | "you"
                    | "how"
                    | "are"
                    | "is"
                    | "it"
                    | "going"
                    | "doing"
                    | "today"
                    | "how's"
                    | "hows"
                    | "hello"
                    | "hi"
                    | "hey"
                    | "morning"
                    | "to"
                    | "u"
                    | "ya"
                    | "dear"
                    | "folks"
                    | "y'all"
                    | "what's"
                    | "whats"
                    | "up"
                    | "sir"
                    | "todo"
                    | "app"
            )
        })
    };
    match words.as_slice() {
        [first, rest @ ..] if GREETINGS.contains(first) && greeting_rest(rest) => return Some(Command::Greeting),
        ["good", "morning" | "afternoon" | "evening" | "day" | "night", rest @ ..] if greeting_rest(rest) => {
            return Some(Command::Greeting)
        }
        ["morning" | "evening" | "afternoon"] => return Some(Command::Greeting),
        ["what's" | "whats" | "wassup" | "wazzup", rest @ ..] if rest.is_empty() || rest == ["up"] || rest == ["up", "bot"] => {
            return Some(Command::Greeting)
        }
        ["how", "are" | "r", "you" | "u", ..] | ["how's" | "hows", "it", "going", ..] => return Some(Command::Greeting),
        ["bye" | "goodbye" | "cya" | "later" | "ciao", ..] if words.len() <= 3 => return Some(Command::Thanks),
        ["see", "you" | "ya", ..] if words.len() <= 3 => return Some(Command::Thanks),
        ["good", "night" | "bye"] => return Some(Command::Thanks),
        _ => {}
    }
    if thanks(m, lo, hi) {
        return Some(Command::Thanks);
    }
    if matches!(
        words.as_slice(),
        ["ok"
            | "okay"
            | "k"
            | "cool"
            | "great"
            | "nice"
            | "perfect"
            | "awesome"
            | "alright"
            | "got"
            | "gotcha"
            | "understood"
            | "noted"
            | "fine"
            | "good"]
            | ["got", "it"]
            | ["sounds", "good"]
            | ["ok" | "okay", "cool" | "great" | "good" | "then"]
            | ["very", "good" | "nice"]
    ) {
        return Some(Command::Thanks);
    }
    // Help
    let joined = words.join(" ");
    let help_rest = |rest: &[&str]| {
        rest.iter().all(|w| {
            matches!(
                *w,
                "me" | "please"
                    | "i"
                    | "need"
                    | "with"
                    | "using"
                    | "commands"
                    | "this"
                    | "the"
                    | "bot"
                    | "chatbot"
                    | "app"
                    | "out"
                    | "how"
                    | "to"
                    | "use"
                    | "it"
                    | "you"
                    | "menu"
                    | "page"
                    | "?"
            )
        })
    };
    let is_help = match words.as_slice() {
        ["help", rest @ ..] => help_rest(rest),
        ["h" | "commands" | "instructions" | "usage" | "examples" | "menu" | "tutorial" | "manual" | "guide" | "info" | "options"] => true,
        ["i", "need" | "want", "help", rest @ ..] => help_rest(rest),
        ["i'm" | "im", "lost" | "confused" | "stuck"] => true,
        _ => {
            const PHRASES: &[&str] = &[
                "what can you do",
                "what can i do",
                "what can i say",
                "what can i ask",
                "what can i type",
                "what do you do",
                "what are you",
                "who are you",
                "what are you able",
                "what are your commands",
                "what are the commands",
                "what commands",
                "which commands",
                "how does this work",
                "how does it work",
                "how do you work",
                "how does this thing work",
                "how do i use",
                "how to use",
                "how can you help",
                "how can i use",
                "what can this do",
                "what does this do",
                "what do you understand",
                "what are my options",
                "show help",
                "show me help",
                "show commands",
                "list commands",
                "give me examples",
                "show me examples",
                "show me what you can do",
                "what should i say",
                "what should i type",
                "how do i add",
                "how do i start",
                "how do i get started",
                "what are you capable of",
                "what can you help",
                "what do i say",
                "how does this app work",
            ];
            words.len() <= 12 && PHRASES.iter().any(|p| joined.starts_with(p))
        }
    };
    if is_help || (words.is_empty() && m.toks[lo].raw == "?") {
        return Some(Command::Help);
    }
    if hi == lo + 1 && m.toks[lo].raw.trim() == "?" {
        return Some(Command::Help);
    }
    None
}

/// Verb forms that mean the same command word.
fn verb(w: &str) -> &str {
    match w {
        "adding" | "added" | "adds" => "add",
        "deleting" | "deletes" => "delete",
        "removing" | "removes" => "remove",
        "marking" | "marks" => "mark",
        "showing" | "shows" => "show",
        "listing" => "list",
        "creating" | "creates" => "create",
        "moving" => "move",
        "renaming" => "rename",
        "completing" => "complete",
        "reopening" => "reopen",
        "changing" => "change",
        "setting" => "set",
        "tagging" => "tag",
        "making" => "make",
        "pushing" => "push",
        "re-open" | "re-opening" => "reopen",
        "un-check" => "uncheck",
        "del" | "rm" => "delete",
        "resched" | "re-schedule" => "reschedule",
        "retitle" | "re-name" => "rename",
        "prioritise" => "prioritize",
        "deprioritise" => "deprioritize",
        _ => w,
    }
}

fn command(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Command {
    if let Some(c) = undo(m, lo, hi) {
        return c;
    }
    if clear_completed(m, lo, hi) {
        return Command::ClearCompleted;
    }
    if let Some(c) = by_verb(m, lo, hi, clock) {
        return c;
    }
    if let Some(c) = subject_first(m, lo, hi, clock) {
        return c;
    }
    if let Some(spec) = list(m, lo, hi, clock) {
        return Command::List(spec);
    }
    Command::Unknown
}

fn undo(m: &Msg, lo: usize, hi: usize) -> Option<Command> {
    let w = m.w(lo);
    let undo_word = matches!(w, "undo" | "revert" | "rollback" | "undo!" | "un-do") || m.seq(lo, &["roll", "back"]);
    if undo_word {
        let start = if m.seq(lo, &["roll", "back"]) { lo + 2 } else { lo + 1 };
        let ok = (start..hi).all(|k| {
            matches!(
                m.w(k),
                "" | "that"
                    | "it"
                    | "this"
                    | "the"
                    | "last"
                    | "change"
                    | "changes"
                    | "action"
                    | "step"
                    | "my"
                    | "previous"
                    | "one"
                    | "edit"
                    | "thing"
                    | "what"
                    | "you"
                    | "just"
                    | "did"
                    | "i"
                    | "command"
                    | "move"
                    | "operation"
                    | "please"
                    | "again"
            )
        });
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
    matches!(w, "completed" | "complete" | "done" | "finished" | "checked" | "ticked" | "closed" | "crossed")
}

fn clear_completed(m: &Msg, lo: usize, hi: usize) -> bool {
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
        !m.toks[k].quoted
            && matches!(
                w,
                "" | "all"
                    | "the"
                    | "my"
                    | "of"
                    | "out"
                    | "up"
                    | "away"
                    | "completed"
                    | "complete"
                    | "done"
                    | "finished"
                    | "checked"
                    | "ticked"
                    | "closed"
                    | "crossed"
                    | "tasks"
                    | "todos"
                    | "to-dos"
                    | "todo"
                    | "items"
                    | "ones"
                    | "things"
                    | "stuff"
                    | "that"
                    | "are"
                    | "is"
                    | "were"
                    | "already"
                    | "off"
                    | "everything"
                    | "which"
                    | "have"
                    | "been"
                    | "list"
                    | "from"
                    | "entries"
                    | "reminders"
                    | "those"
                    | "these"
                    | "that's"
                    | "i've"
                    | "i"
            )
    });
    all && done
}

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
fn add(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Command {
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
    Command::Add(AddSpec {
        title,
        when: f.when,
        priority: f.priority,
        tags: f.tags,
        recurrence: f.recurrence,
        notes: None,
        unread: f.unread,
    })
}

/// Splits `lo..hi` into a target and a date/time at the end: "the dentist
/// to friday" → ("the dentist", friday).
fn split_when(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<(usize, When)> {
    let from = lo.max(hi.saturating_sub(10));
    for k in from..hi {
        if let Some(when) = fields::when_exact(m, k, hi, clock) {
            let mut e = k;
            while e > lo
                && matches!(m.w(e - 1), "to" | "for" | "until" | "till" | "til" | "back" | "on" | "by" | "due" | "at" | "forward" | "out")
            {
                e -= 1;
            }
            return Some((e, when));
        }
    }
    None
}

/// Splits `lo..hi` into a target and a priority at the end: "buy milk a
/// high priority" → ("buy milk", high).
fn split_priority(m: &Msg, lo: usize, hi: usize) -> Option<(usize, Priority)> {
    let from = lo.max(hi.saturating_sub(6));
    for k in from..hi {
        if let Some(p) = priority_exact(m, k, hi) {
            let mut e = k;
            while e > lo && matches!(m.w(e - 1), "to" | "as" | "a" | "an" | "be" | "is" | "priority" | "with" | "at" | "of" | "'s") {
                e -= 1;
            }
            return Some((e, p));
        }
    }
    None
}

/// Tags at the end: "with work", "as work and home", "#work #home", "work".
fn split_tags(m: &Msg, lo: usize, hi: usize) -> Option<(usize, Vec<String>)> {
    // "with"/"as" split: the last one.
    let mut tags = Vec::new();
    let sep = (lo + 1..hi).rev().find(|&k| matches!(m.w(k), "with" | "as" | "under" | "in") && k + 1 < hi);
    let (end, from) = match sep {
        Some(k) => (k, k + 1),
        None => {
            // Trailing #tags, or the last word.
            let mut k = hi;
            while k > lo + 1 && tag(m.w(k - 1)).is_some() {
                k -= 1;
            }
            if k == hi {
                if hi < lo + 2 {
                    return None;
                }
                (hi - 1, hi - 1)
            } else {
                (k, k)
            }
        }
    };
    for k in from..hi {
        let w = m.w(k);
        if matches!(w, "" | "and" | "&" | "the" | "tag" | "tags" | "label" | "labels" | "a" | "#") {
            continue;
        }
        let t = tag(w).or_else(|| {
            let body = w.strip_prefix('#').unwrap_or(w);
            let ok = !body.is_empty() && body.chars().count() <= 50 && body.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            ok.then(|| body.to_lowercase())
        });
        if let Some(t) = t {
            if !tags.contains(&t) {
                tags.push(t);
            }
        } else {
            return None;
        }
    }
    let mut end = end;
    while end > lo && matches!(m.w(end - 1), "to" | "as" | "with") {
        end -= 1;
    }
    (!tags.is_empty() && end > lo).then_some((end, tags))
}

/// Where "to" splits "change X to Y": the first "to" with words on both sides.
fn split_to(m: &Msg, lo: usize, hi: usize) -> Option<usize> {
    split_at(m, lo, hi, "to|into")
}

/// The first of `words` (alternatives separated by `|`) in `lo..hi` with
/// words on both sides.
fn split_at(m: &Msg, lo: usize, hi: usize, words: &str) -> Option<usize> {
    (lo + 1..hi.saturating_sub(1)).find(|&k| !m.toks[k].quoted && m.seq(k, &[words]))
}

fn new_title(m: &Msg, lo: usize, hi: usize) -> String {
    let mut lo = lo;
    while lo + 1 < hi && matches!(m.w(lo), "be" | "read" | "say" | "called" | "named") {
        lo += 1;
    }
    text(m, lo, hi)
}

/// "the due date of X", "the priority of X", "X's title": which field and the todo.
enum Field {
    Due,
    Priority,
    Title,
}

fn field_of(m: &Msg, lo: usize, hi: usize) -> Option<(Field, usize, usize)> {
    let mut k = lo;
    if matches!(m.w(k), "the" | "its" | "it's") {
        k += 1;
    }
    let (field, n) = if m.seq(k, &["due", "date|time|day"]) {
        (Field::Due, 2)
    } else if m.seq(k, &["date|deadline|due|dates|schedule|time"]) {
        (Field::Due, 1)
    } else if m.seq(k, &["priority|prio|importance|urgency"]) {
        (Field::Priority, 1)
    } else if m.seq(k, &["title|name|text|wording"]) {
        (Field::Title, 1)
    } else {
        // "X's due date", "X priority"
        let mut e = hi;
        let field = if e >= lo + 2 && m.seq(e - 2, &["due", "date"]) {
            e -= 2;
            Field::Due
        } else if e > lo + 1 && matches!(m.w(e - 1), "date" | "deadline") {
            e -= 1;
            Field::Due
        } else if e > lo + 1 && matches!(m.w(e - 1), "priority" | "prio") {
            e -= 1;
            Field::Priority
        } else if e > lo + 1 && matches!(m.w(e - 1), "title" | "name") {
            e -= 1;
            Field::Title
        } else {
            return None;
        };
        return Some((field, lo, e));
    };
    let mut s = k + n;
    if matches!(m.w(s), "of" | "for" | "on" | "from" | "in") {
        s += 1;
    } else if m.w(lo) == "its" || m.w(lo) == "it's" {
        return Some((field, lo, lo + 1));
    } else {
        return None;
    }
    (s < hi).then_some((field, s, hi))
}

/// `X` in "X's due date": the raw text, with the possessive dropped.
fn possessive_ref(m: &Msg, lo: usize, hi: usize) -> TodoRef {
    if hi == lo + 1 && matches!(m.w(lo), "its" | "it's") {
        return TodoRef::Pronoun;
    }
    match todo_ref(m, lo, hi) {
        TodoRef::Words(w) => {
            let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).map(str::to_owned).unwrap_or(w);
            TodoRef::Words(w)
        }
        other => other,
    }
}

fn tail_is(m: &Msg, lo: usize, hi: usize, tails: &[&[&str]]) -> Option<usize> {
    tails.iter().find_map(|t| {
        let n = t.len();
        (hi >= lo + n && m.seq(hi - n, t)).then(|| hi - n)
    })
}

const DONE_TAILS: &[&[&str]] = &[
    &["to", "done|complete|completed|finished"],
    &["as", "done|complete|completed|finished|checked|ticked|closed"],
    &["as", "checked|ticked", "off"],
    &["done|complete|completed|finished|checked|ticked|closed"],
    &["checked|ticked|crossed", "off"],
    &["off"],
];

const UNDONE_TAILS: &[&[&str]] = &[
    &["as", "not", "done|complete|completed|finished"],
    &["as", "undone|incomplete|uncompleted|unfinished|open|todo|active|pending|unchecked|outstanding|not-done"],
    &["as", "to", "do"],
    &["not", "done|complete|completed|finished"],
    &["undone|incomplete|uncompleted|unfinished|unchecked|not-done"],
    &["as", "not", "yet", "done"],
];

fn by_verb(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let v = verb(m.w(lo));
    let next = m.w(lo + 1);
    let c = match v {
        // ---- add ----
        "add" | "append" => {
            // "add the tag work to X", "add #work to X"
            if let Some(c) = add_tag(m, lo + 1, hi) {
                return Some(c);
            }
            add(m, lo + 1, hi, clock)
        }
        "new" if is_task_noun(next) => add(m, lo + 2, hi, clock),
        "create" | "capture" | "insert" | "schedule" => add(m, lo + 1, hi, clock),
        "make" | "set"
            if is_task_noun(next)
                || matches!(next, "a" | "an" | "new" | "another") && (is_task_noun(m.w(lo + 2)) || m.w(lo + 2) == "new") =>
        {
            add(m, lo + 1, hi, clock)
        }
        "remember" | "plan" if next == "to" => add(m, lo + 2, hi, clock),
        "jot" | "write" | "note" if next == "down" => add(m, lo + 2, hi, clock),
        "note" if m.seq(lo + 1, &["to", "self"]) => add(m, lo + 3, hi, clock),
        "note" | "reminder" | "todo" | "to-do" | "task" if m.toks[lo].raw.ends_with(':') => add(m, lo + 1, hi, clock),
        "put"
            if (lo + 2..hi).any(|k| {
                matches!(m.w(k), "on" | "onto" | "to")
                    && (k + 1..(k + 4).min(hi)).any(|j| matches!(m.w(j), "list" | "todos" | "tasks" | "to-dos"))
            }) =>
        {
            add(m, lo + 1, hi, clock)
        }
        "to" if next == "do" && m.toks[lo + 1].raw.ends_with(':') => add(m, lo + 2, hi, clock),
        "remind" => {
            let mut k = lo + 1;
            if matches!(m.w(k), "me" | "us" | "myself") {
                k += 1;
            }
            if matches!(m.w(k), "to" | "that" | "about" | "of") {
                k += 1;
            }
            if m.seq(k, &["i", "need|have|must|should", "to"]) {
                k += 3;
            }
            add(m, k, hi, clock)
        }
        "don't" | "dont" | "do" if m.seq(lo, &["don't|dont", "forget"]) || m.seq(lo, &["do", "not", "forget"]) => {
            let mut k = if v == "do" { lo + 3 } else { lo + 2 };
            if matches!(m.w(k), "to" | "about" | "that") {
                k += 1;
            }
            add(m, k, hi, clock)
        }
        "don't" | "dont" if m.seq(lo, &["don't|dont", "let", "me", "forget"]) => {
            let k = if matches!(m.w(lo + 4), "to" | "about") { lo + 5 } else { lo + 4 };
            add(m, k, hi, clock)
        }
        "make" if m.seq(lo, &["make", "sure"]) => {
            let mut k = lo + 2;
            if m.w(k) == "to" {
                k += 1;
            } else if m.seq(k, &["i", "remember", "to"]) {
                k += 3;
            } else if m.w(k) == "i" {
                k += 1;
            }
            add(m, k, hi, clock)
        }
        "i" | "i'll" | "i've" | "ive" | "i'm" | "im" | "need" | "have" | "gotta" | "must" | "should" | "we" => {
            return first_person(m, lo, hi, clock)
        }
        // ---- complete ----
        "mark" | "flag" | "set" => return mark(m, lo, hi, clock),
        "done" | "finished" | "completed" => {
            let k = if matches!(next, "with" | "on") { lo + 2 } else { lo + 1 };
            Command::Complete(todo_ref(m, k, hi))
        }
        "complete" | "finish" | "close" | "tick" | "check" | "cross" | "strike" => {
            let mut k = lo + 1;
            if matches!(m.w(k), "off" | "out") {
                k += 1;
            }
            let mut e = hi;
            if e > k + 1 && matches!(m.w(e - 1), "off" | "out") {
                e -= 1;
            }
            if v == "check" && (m.seq(k, &["my|the", "list|todos|tasks"]) || matches!(m.w(k), "what" | "what's" | "whats" | "if")) {
                return None;
            }
            if v == "finish" {
                // "finish the report by friday" is a todo to add.
                let f = fields::scan(m, k, e, clock);
                if f.when.is_some() || f.priority.is_some() || !f.tags.is_empty() {
                    return Some(add(m, lo, hi, clock));
                }
            }
            Command::Complete(todo_ref(m, k, e))
        }
        "reopen" | "unmark" | "uncheck" | "untick" | "uncomplete" | "un-complete" | "unfinish" | "undone" | "reactivate" | "restore"
        | "unarchive" => {
            let k = lo + 1;
            let mut e = hi;
            if let Some(t) = tail_is(m, k, hi, &[&["as", "not", "done"], &["as", "open|incomplete|undone"]]) {
                e = t;
            }
            Command::Reopen(todo_ref(m, k, e))
        }
        // ---- delete ----
        "delete" | "remove" | "drop" | "cancel" | "erase" | "trash" | "scrap" | "scratch" | "discard" | "nuke" | "axe" | "ditch"
        | "kill" | "forget" | "bin" | "purge" | "eliminate" | "clear" | "unschedule" => return delete(m, lo, hi, v),
        "get" if m.seq(lo, &["get", "rid", "of"]) => return delete(m, lo + 2, hi, "delete"),
        "throw" if m.seq(lo + 1, &["away|out"]) => return delete(m, lo + 1, hi, "delete"),
        "take" if (lo + 2..hi).any(|k| m.seq(k, &["off", "my|the", "list|todos"])) => return delete(m, lo, hi, "delete"),
        // ---- rename ----
        "rename" | "retitle" | "call" | "name" if v != "call" && v != "name" || matches!(next, "it" | "that" | "this") => {
            let k = lo + 1;
            // "rename X to Y", "rename X as Y": the first of them splits.
            if let Some(t) = split_at(m, k, hi, "to|into|as") {
                let title = new_title(m, t + 1, hi);
                Command::Rename { target: todo_ref(m, k, t), title }
            } else if matches!(next, "it" | "that" | "this") && hi > lo + 2 {
                // "rename it buy bread", "call it buy bread"
                let s = if matches!(m.w(lo + 2), "as" | "to") { lo + 3 } else { lo + 2 };
                Command::Rename { target: TodoRef::Pronoun, title: new_title(m, s, hi) }
            } else if let Some(q) = (k + 1..hi).find(|&q| m.toks[q].quoted) {
                // rename buy milk "buy oat milk"
                Command::Rename { target: todo_ref(m, k, q), title: m.toks[q].raw.to_owned() }
            } else {
                return None;
            }
        }
        "change" | "update" | "edit" | "modify" | "switch" | "alter" | "correct" | "fix" if split_to(m, lo + 1, hi).is_some() => {
            return change(m, lo + 1, hi, clock);
        }
        // ---- reschedule ----
        "move" | "push" | "reschedule" | "postpone" | "defer" | "delay" | "shift" | "snooze" | "bump" | "procrastinate" | "pushback" => {
            return reschedule(m, lo, hi, v, clock);
        }
        "put" if m.seq(lo + 2, &["off"]) || m.seq(lo, &["put", "off"]) => return reschedule(m, lo, hi, "postpone", clock),
        // ---- priority ----
        "make" => {
            let k = lo + 1;
            if let Some((e, p)) = split_priority(m, k, hi) {
                if e > k {
                    return Some(Command::SetPriority { target: todo_ref(m, k, e), priority: p });
                }
            }
            // "make X due friday"
            if let Some(d) = (k + 1..hi).find(|&d| m.w(d) == "due") {
                if let Some(when) = fields::when_exact(m, d + 1, hi, clock) {
                    return Some(Command::Reschedule { target: todo_ref(m, k, d), when });
                }
            }
            if m.exactly(hi.saturating_sub(1), hi, &["undated"]) || tail_is(m, k, hi, &[&["have", "no", "due", "date"]]).is_some() {
                let e = tail_is(m, k, hi, &[&["undated"], &["have", "no", "due", "date"]]).unwrap_or(hi);
                return Some(Command::ClearDue(todo_ref(m, k, e)));
            }
            return None;
        }
        "prioritize" | "escalate" | "star" => {
            let k = lo + 1;
            if let Some((e, p)) = split_priority(m, k, hi) {
                if e > k {
                    return Some(Command::SetPriority { target: todo_ref(m, k, e), priority: p });
                }
            }
            let p = if v == "escalate" { Priority::Urgent } else { Priority::High };
            Command::SetPriority { target: todo_ref(m, k, hi), priority: p }
        }
        "deprioritize" | "downgrade" => Command::SetPriority { target: todo_ref(m, lo + 1, hi), priority: Priority::Low },
        // ---- tag ----
        "tag" | "label" | "categorize" | "file" if v != "file" || m.w(lo + 2) == "under" => {
            let (e, tags) = split_tags(m, lo + 1, hi)?;
            Command::Tag { target: todo_ref(m, lo + 1, e), tags }
        }
        "untag" | "unlabel" => {
            let k = lo + 1;
            if let Some(c) = remove_tag(m, k, hi, true) {
                return Some(c);
            }
            let (e, tags) = split_tags(m, k, hi)?;
            Command::Untag { target: todo_ref(m, k, e), tags }
        }
        "no" if m.seq(lo, &["no", "due|date|deadline"]) => {
            let k = if m.seq(lo + 1, &["due", "date"]) { lo + 3 } else { lo + 2 };
            let k = if matches!(m.w(k), "for" | "on" | "from") { k + 1 } else { k };
            Command::ClearDue(todo_ref(m, k, hi))
        }
        _ => return None,
    };
    Some(c)
}

/// "I need to …", "I finished …", "I've done …".
fn first_person(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
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
            // "I need to add milk" reads as "add milk".
            if verb(m.w(lo + n)) == "add" {
                return Some(add(m, lo + n + 1, hi, clock));
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
    let irregular = matches!(
        w,
        "paid"
            | "bought"
            | "sent"
            | "wrote"
            | "written"
            | "made"
            | "took"
            | "taken"
            | "gave"
            | "given"
            | "got"
            | "brought"
            | "met"
            | "ate"
            | "ran"
            | "found"
            | "told"
            | "sold"
            | "fed"
            | "drove"
            | "swept"
            | "spoke"
            | "rang"
    );
    let regular = w.len() > 4
        && w.ends_with("ed")
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && !matches!(
            w,
            "wanted"
                | "needed"
                | "forgot"
                | "liked"
                | "loved"
                | "hated"
                | "tried"
                | "started"
                | "decided"
                | "planned"
                | "used"
                | "hoped"
                | "asked"
                | "wished"
                | "missed"
                | "failed"
                | "added"
                | "deleted"
                | "removed"
                | "changed"
                | "created"
                | "moved"
                | "renamed"
                | "tagged"
                | "marked"
                | "noticed"
                | "realized"
                | "realised"
                | "wondered"
                | "guessed"
                | "supposed"
                | "seemed"
                | "bored"
                | "tired"
                | "need"
                | "agreed"
                | "reopened"
                | "scheduled"
                | "rescheduled"
                | "postponed"
                | "intended"
                | "expected"
                | "considered"
                | "learned"
        );
    irregular || regular
}

/// "mark X as done", "mark X as not done", "mark X as urgent", "mark off X".
fn mark(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let v = verb(m.w(lo));
    let mut k = lo + 1;
    if m.w(k) == "off" && v == "mark" {
        return Some(Command::Complete(todo_ref(m, k + 1, hi)));
    }
    if v == "set" {
        return set(m, lo, hi, clock);
    }
    if let Some(t) = tail_is(m, k, hi, UNDONE_TAILS) {
        return Some(Command::Reopen(todo_ref(m, k, t)));
    }
    if let Some((e, p)) = split_priority(m, k, hi) {
        if e > k || e == k && m.w(k) == "as" {
            return Some(Command::SetPriority { target: todo_ref(m, k, e), priority: p });
        }
    }
    if v == "flag" {
        return Some(Command::SetPriority { target: todo_ref(m, k, hi), priority: Priority::High });
    }
    if let Some(t) = tail_is(m, k, hi, DONE_TAILS) {
        return Some(Command::Complete(todo_ref(m, k, t)));
    }
    if m.w(k) == "as" {
        k += 1;
    }
    // "mark 2", "mark buy milk": done.
    Some(Command::Complete(todo_ref(m, k, hi)))
}

/// "set the priority of X to medium", "set X to high priority", "set X for friday".
fn set(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let k = lo + 1;
    if let Some(t) = split_to(m, k, hi).or_else(|| (k + 1..hi).find(|&t| matches!(m.w(t), "for" | "as" | "on"))) {
        if let Some((field, a, b)) = field_of(m, k, t) {
            let target = possessive_ref(m, a, b);
            return match field {
                Field::Due => fields::when_exact(m, t + 1, hi, clock).map(|when| Command::Reschedule { target, when }),
                Field::Priority => priority_exact(m, t + 1, hi).map(|priority| Command::SetPriority { target, priority }),
                Field::Title => Some(Command::Rename { target, title: new_title(m, t + 1, hi) }),
            };
        }
    }
    if let Some((e, p)) = split_priority(m, k, hi) {
        if e > k {
            return Some(Command::SetPriority { target: todo_ref(m, k, e), priority: p });
        }
    }
    if let Some((e, when)) = split_when(m, k, hi, clock) {
        if e > k {
            return Some(Command::Reschedule { target: todo_ref(m, k, e), when });
        }
    }
    if let Some(t) = tail_is(m, k, hi, DONE_TAILS) {
        return Some(Command::Complete(todo_ref(m, k, t)));
    }
    None
}

/// "change X to Y": a new date, priority or title.
fn change(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    let t = split_to(m, lo, hi)?;
    if let Some((field, a, b)) = field_of(m, lo, t) {
        let target = possessive_ref(m, a, b);
        return match field {
            Field::Due => fields::when_exact(m, t + 1, hi, clock).map(|when| Command::Reschedule { target, when }),
            Field::Priority => priority_exact(m, t + 1, hi).map(|priority| Command::SetPriority { target, priority }),
            Field::Title => Some(Command::Rename { target, title: new_title(m, t + 1, hi) }),
        };
    }
    if let Some(when) = fields::when_exact(m, t + 1, hi, clock) {
        return Some(Command::Reschedule { target: todo_ref(m, lo, t), when });
    }
    if let Some(priority) = priority_exact(m, t + 1, hi) {
        return Some(Command::SetPriority { target: todo_ref(m, lo, t), priority });
    }
    Some(Command::Rename { target: todo_ref(m, lo, t), title: new_title(m, t + 1, hi) })
}

/// "move X to friday", "push X to tomorrow", "postpone X".
fn reschedule(m: &Msg, lo: usize, hi: usize, v: &str, clock: &LocalClock) -> Option<Command> {
    let mut k = lo + 1;
    if m.w(k) == "off" || (v == "push" && m.w(k) == "back") {
        k += 1;
    }
    if let Some((e, by)) = split_shift(m, k, hi) {
        return Some(Command::Shift { target: todo_ref(m, k, e), by });
    }
    if let Some((e, when)) = split_when(m, k, hi, clock) {
        let mut e = e;
        while e > k && matches!(m.w(e - 1), "back" | "off" | "out" | "over") {
            e -= 1;
        }
        if e > k {
            return Some(Command::Reschedule { target: todo_ref(m, k, e), when });
        }
        return Some(Command::Reschedule { target: TodoRef::Pronoun, when });
    }
    // "bump X to p1", "move X to high priority"
    if let Some(t) = split_to(m, k, hi) {
        if let Some(priority) = priority_exact(m, t + 1, hi) {
            return Some(Command::SetPriority { target: todo_ref(m, k, t), priority });
        }
        return None;
    }
    // "push X by" something that is neither a date nor an amount.
    if (k..hi).any(|j| m.w(j) == "by") {
        return None;
    }
    // No date: "postpone X", "push X back" → a day later.
    if matches!(v, "postpone" | "defer" | "delay" | "snooze" | "procrastinate" | "pushback")
        || m.w(lo + 1) == "back"
        || m.w(hi - 1) == "back"
    {
        let mut e = hi;
        while e > k && matches!(m.w(e - 1), "back" | "off" | "a" | "day" | "bit") {
            e -= 1;
        }
        let tomorrow = clock.today.succ_opt()?;
        return Some(Command::Reschedule { target: todo_ref(m, k, e), when: When { date: tomorrow, time: None } });
    }
    None
}

/// Words that say which way a shift goes: "back", "3 days later", "forward".
fn shift_direction(w: &str) -> Option<bool> {
    match w {
        "back" | "out" | "later" => Some(false),
        "forward" | "forwards" | "up" | "earlier" | "sooner" => Some(true),
        _ => None,
    }
}

/// Splits `lo..hi` into a target and how far to move it, at the end: "the
/// report by 2 days", "it back a week", "the dentist 3 days later", "it
/// forward by a day" (earlier). Not "to in 3 days", which is a date.
fn split_shift(m: &Msg, lo: usize, hi: usize) -> Option<(usize, DateShift)> {
    let mut end = hi;
    let mut earlier = false;
    if let Some(direction) = (end > lo).then(|| shift_direction(m.w(end - 1))).flatten() {
        earlier = direction;
        end -= 1;
    }
    let start = (lo.max(end.saturating_sub(4))..end).find(|&s| when::date_shift(m, s).is_some_and(|(n, _)| s + n == end))?;
    let (_, by) = when::date_shift(m, start)?;
    let mut e = start;
    if e > lo && matches!(m.w(e - 1), "by" | "for") {
        e -= 1;
    }
    while let Some(direction) = (e > lo).then(|| shift_direction(m.w(e - 1))).flatten() {
        earlier |= direction;
        e -= 1;
    }
    if e > lo && matches!(m.w(e - 1), "to" | "in" | "within" | "until" | "till" | "til" | "on") {
        return None;
    }
    Some((e, if earlier { by.reversed() } else { by }))
}

/// "delete X", "remove the due date from X", "clear the date of X".
fn delete(m: &Msg, lo: usize, hi: usize, v: &str) -> Option<Command> {
    let k = lo + 1;
    if v == "unschedule" {
        return Some(Command::ClearDue(todo_ref(m, k, hi)));
    }
    // "remove the due date from X"
    if let Some((field, a, b)) = field_of(m, k, hi) {
        return match field {
            Field::Due => Some(Command::ClearDue(possessive_ref(m, a, b))),
            _ => None,
        };
    }
    if m.seq(k, &["the|its|it's", "due", "date|time"]) && hi <= k + 3 || m.exactly(k, hi, &["the|its", "date|deadline"]) {
        return Some(Command::ClearDue(TodoRef::Pronoun));
    }
    // "remove #work from X"; any other removal of a tag is not a deletion either.
    if let Some(c) = remove_tag(m, k, hi, false) {
        return Some(c);
    }
    if (k..hi).any(|j| matches!(m.w(j), "tag" | "tags" | "label" | "labels") || tag(m.w(j)).is_some()) && (k..hi).any(|j| m.w(j) == "from")
    {
        return Some(Command::Unknown);
    }
    if v == "clear" {
        return None;
    }
    // Dangerous and vague: "delete all", "delete everything".
    let rest: Vec<&str> = (k..hi).map(|j| m.w(j)).filter(|w| !w.is_empty()).collect();
    if rest.iter().all(|w| {
        matches!(*w, "all" | "everything" | "my" | "the" | "todos" | "tasks" | "of" | "them" | "list" | "every" | "task" | "todo" | "items")
    }) && rest.iter().any(|w| matches!(*w, "all" | "everything" | "them" | "every"))
    {
        return Some(Command::Unknown);
    }
    if v == "forget" && m.w(k) == "about" {
        return Some(Command::Delete(todo_ref(m, k + 1, hi)));
    }
    if v == "forget" && matches!(m.w(k), "it" | "that") && hi == k + 1 {
        return Some(Command::Unknown);
    }
    if v == "cancel" && hi == k + 1 && matches!(m.w(k), "that" | "this") {
        return Some(Command::Unknown);
    }
    if v == "take" {
        let off = (k..hi).find(|&j| m.w(j) == "off").unwrap_or(hi);
        return Some(Command::Delete(todo_ref(m, k, off)));
    }
    Some(Command::Delete(todo_ref(m, k, hi)))
}

/// "add the tag work to X", "add #work to X", "add tags work and home to X".
fn add_tag(m: &Msg, lo: usize, hi: usize) -> Option<Command> {
    let mut k = lo;
    if matches!(m.w(k), "the" | "a") {
        k += 1;
    }
    let named = matches!(m.w(k), "tag" | "tags" | "label" | "labels");
    if named {
        k += 1;
    }
    let to = (k + 1..hi).find(|&t| matches!(m.w(t), "to" | "on"))?;
    let tags = tag_words(m, k, to, named)?;
    if to + 1 >= hi {
        return None;
    }
    // "add #work to my list" adds a todo, it does not tag "my list".
    let target_lo = to + 1;
    if m.seq(target_lo, &["my|the", "list|todos|tasks"]) {
        return None;
    }
    Some(Command::Tag { target: todo_ref(m, target_lo, hi), tags })
}

/// The tags of tokens `lo..hi`: "#work", "#work and #home"; bare words
/// too when the message said "tag" ("the tags work and home").
fn tag_words(m: &Msg, lo: usize, hi: usize, named: bool) -> Option<Vec<String>> {
    let mut tags = Vec::new();
    for j in lo..hi {
        let w = m.w(j);
        if matches!(w, "and" | "&" | "") {
            continue;
        }
        match tag(w) {
            Some(t) => tags.push(t),
            None if named => {
                let body = w.strip_prefix('#').unwrap_or(w);
                if body.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') && !body.is_empty() {
                    tags.push(body.to_lowercase());
                } else {
                    return None;
                }
            }
            None => return None,
        }
    }
    (!tags.is_empty()).then_some(tags)
}

/// "#work from X", "the tag work from X", "the work tag from X", "the tags
/// work and home from X" (after "remove"); after "untag", bare words are
/// tags too (`untag`): "untag work from X".
fn remove_tag(m: &Msg, lo: usize, hi: usize, untag: bool) -> Option<Command> {
    let from = (lo + 1..hi).find(|&f| m.w(f) == "from")?;
    let mut k = lo;
    if matches!(m.w(k), "the" | "a" | "its" | "my") {
        k += 1;
    }
    let is_tag_word = |w: &str| matches!(w, "tag" | "tags" | "label" | "labels");
    let named_first = is_tag_word(m.w(k));
    if named_first {
        k += 1;
    }
    let named_last = from > k + 1 && is_tag_word(m.w(from - 1));
    let tags = tag_words(m, k, if named_last { from - 1 } else { from }, untag || named_first || named_last)?;
    (from + 1 < hi).then(|| Command::Untag { target: todo_ref(m, from + 1, hi), tags })
}

/// "X is done", "X has no due date", "X is high priority", "X is due friday".
fn subject_first(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<Command> {
    if hi < lo + 2 {
        // "done" alone: the last one talked about.
        return match m.w(lo) {
            "done" | "finished" | "completed" | "complete" => Some(Command::Complete(TodoRef::Pronoun)),
            _ => None,
        };
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

/// Words a listing may contain without changing what it lists.
fn list_filler(w: &str) -> bool {
    matches!(
        w,
        "" | "show"
            | "me"
            | "list"
            | "display"
            | "view"
            | "see"
            | "get"
            | "give"
            | "tell"
            | "what"
            | "what's"
            | "whats"
            | "what're"
            | "is"
            | "are"
            | "do"
            | "does"
            | "i"
            | "have"
            | "has"
            | "got"
            | "to"
            | "on"
            | "my"
            | "the"
            | "of"
            | "for"
            | "any"
            | "anything"
            | "things"
            | "thing"
            | "stuff"
            | "items"
            | "item"
            | "tasks"
            | "task"
            | "todos"
            | "todo"
            | "to-do"
            | "to-dos"
            | "please"
            | "currently"
            | "right"
            | "now"
            | "again"
            | "agenda"
            | "plate"
            | "there"
            | "due"
            | "in"
            | "at"
            | "that"
            | "which"
            | "your"
            | "you"
            | "can"
            | "could"
            | "let"
            | "us"
            | "up"
            | "coming"
            | "need"
            | "needs"
            | "doing"
            | "a"
            | "an"
            | "so"
            | "far"
            | "am"
            | "i'm"
            | "it"
            | "reminders"
            | "reminder"
            | "current"
            | "schedule"
            | "planned"
            | "scheduled"
            | "look"
            | "like"
            | "how"
            | "many"
            | "much"
            | "lists"
            | "entire"
            | "whole"
            | "full"
            | "next"
            | "else"
            | "we"
            | "our"
            | "be"
            | "should"
            | "must"
            | "with"
            | "and"
            | "or"
            | "else's"
            | "where"
            | "those"
            | "them"
            | "these"
            | "one"
            | "ones"
            | "existing"
            | "back"
            | "pull"
            | "bring"
            | "check"
            | "status"
            | "overview"
            | "summary"
            | "quick"
            | "were"
            | "was"
            | "did"
            | "by"
            | "set"
            | "from"
            | "today's"
            | "tomorrow's"
            | "tonight's"
    )
}

/// One day a listing asks about: "friday", "march 3", "the 15th", "in 3
/// days", "2026-04-02"; today and tomorrow by their names. Not "by friday"
/// (up to a day) nor "next week" (more than one day).
fn listed_day(m: &Msg, k: usize, hi: usize, clock: &LocalClock) -> Option<(usize, ListDue)> {
    if k > 0 && matches!(m.w(k - 1), "by" | "before" | "until" | "till" | "til") {
        return None;
    }
    let (n, when::Part::Date { date, .. }) = when::at(m, k, hi, clock)? else { return None };
    if matches!(m.w(k + n - 1), "week" | "weeks" | "weekend" | "fortnight" | "fortnights" | "month" | "months" | "year" | "years") {
        return None;
    }
    let day = if date == clock.today {
        ListDue::Named(DueFilter::Today)
    } else if clock.today.succ_opt() == Some(date) {
        ListDue::Named(DueFilter::Tomorrow)
    } else {
        ListDue::On(date)
    };
    Some((n, day))
}

/// A listing: "what's due today", "show completed", "show #work", "what's due friday", "find milk".
fn list(m: &Msg, lo: usize, hi: usize, clock: &LocalClock) -> Option<ListSpec> {
    let first = verb(m.w(lo));
    let starter = matches!(first, "show" | "list" | "display" | "view" | "see" | "give" | "get" | "pull" | "bring" | "print");
    let question = matches!(
        first,
        "what"
            | "what's"
            | "whats"
            | "which"
            | "anything"
            | "any"
            | "do"
            | "how"
            | "are"
            | "is"
            | "tell"
            | "whats's"
            | "what're"
            | "where"
            | "got"
            | "have"
    );
    let mut spec = ListSpec { status: StatusFilter::Open, due: None, priority: None, tag: None, text: None, limit: None };
    let mut status: Option<StatusFilter> = None;
    let mut all = false;
    // Search: "find X", "search for X", "look for X", "look up X"
    let search_from = if matches!(first, "find" | "search" | "lookup" | "grep" | "locate") {
        let mut k = lo + 1;
        if matches!(m.w(k), "for" | "me") {
            k += 1;
        }
        if m.seq(k, &["todos|tasks|items|anything|things|everything", "about|with|containing|mentioning|matching|called|named|like|for|on"])
        {
            k += 2;
        }
        Some(k)
    } else if m.seq(lo, &["look", "for|up"]) || m.seq(lo, &["search", "for"]) {
        Some(lo + 2)
    } else {
        None
    };
    if let Some(k) = search_from {
        if k >= hi {
            return None;
        }
        let t = text_of(m, k, hi);
        if t.is_empty() {
            return None;
        }
        spec.status = StatusFilter::All;
        spec.text = Some(t);
        return Some(spec);
    }
    let mut unknown: Vec<usize> = Vec::new();
    let mut k = lo;
    let mut saw_list_word = starter || question;
    while k < hi {
        let w = m.w(k);
        if m.toks[k].quoted {
            unknown.push(k);
            k += 1;
            continue;
        }
        // Text filters: "about X", "containing X", "with X in the title"
        if matches!(
            w,
            "about"
                | "containing"
                | "mentioning"
                | "matching"
                | "titled"
                | "called"
                | "named"
                | "regarding"
                | "including"
                | "contain"
                | "contains"
                | "mention"
        ) && k + 1 < hi
            && k > lo
        {
            let mut e = hi;
            if let Some(t) = tail_is(m, k + 1, hi, &[&["in", "the", "title|name"], &["in", "it|them"], &["in", "their|its", "title|name"]])
            {
                e = t;
            }
            let t = text_of(m, k + 1, e);
            if !t.is_empty() {
                spec.text = Some(t);
                status.get_or_insert(StatusFilter::All);
                break;
            }
        }
        if let Some(t) = tag(w) {
            spec.tag = Some(t);
            k += 1;
            continue;
        }
        if matches!(w, "tagged" | "tag" | "labeled" | "labelled" | "label" | "category") && k + 1 < hi {
            let mut j = k + 1;
            if matches!(m.w(j), "with" | "as") {
                j += 1;
            }
            let t = m.w(j);
            let body = t.strip_prefix('#').unwrap_or(t);
            if !body.is_empty() && j < hi {
                spec.tag = Some(body.to_lowercase());
                k = j + 1;
                continue;
            }
        }
        if let Some((n, day)) = listed_day(m, k, hi, clock) {
            spec.due = Some(day);
            k += n;
            continue;
        }
        let mut n = 1;
        match w {
            "completed" | "done" | "finished" | "closed" | "complete" | "checked" | "ticked" | "accomplished" => {
                if k > lo && matches!(m.w(k - 1), "not" | "un") {
                    status = Some(StatusFilter::Open);
                } else {
                    status = Some(StatusFilter::Completed);
                }
                saw_list_word = true;
            }
            "finish" | "accomplish" | "achieve" | "achieved" => {
                status = Some(StatusFilter::Completed);
            }
            "did" if (k + 1..hi).any(|j| matches!(m.w(j), "do" | "get")) => status = Some(StatusFilter::Completed),
            "undone" | "incomplete" | "unfinished" | "open" | "pending" | "outstanding" | "remaining" | "left" | "active"
            | "uncompleted" | "todo's" => {
                status = Some(StatusFilter::Open);
                saw_list_word = true;
            }
            "not" => {}
            "all" | "everything" | "every" | "everything's" => all = true,
            "today" | "tonight" | "today's" | "tonight's" => spec.due = Some(ListDue::Named(DueFilter::Today)),
            "tomorrow" | "tomorrow's" | "tmrw" => spec.due = Some(ListDue::Named(DueFilter::Tomorrow)),
            "overdue" | "late" | "missed" | "behind" | "past-due" | "expired" => spec.due = Some(ListDue::Named(DueFilter::Overdue)),
            "past" if m.w(k + 1) == "due" => {
                spec.due = Some(ListDue::Named(DueFilter::Overdue));
                n = 2;
            }
            "week" | "week's" | "upcoming" | "soon" => spec.due = Some(ListDue::Named(DueFilter::Week)),
            "this" if matches!(m.w(k + 1), "week" | "week's") => {
                spec.due = Some(ListDue::Named(DueFilter::Week));
                n = 2;
            }
            "next" if m.seq(k + 1, &["7|seven", "days"]) => {
                spec.due = Some(ListDue::Named(DueFilter::Week));
                n = 3;
            }
            "undated" | "unscheduled" | "someday" => spec.due = Some(ListDue::Named(DueFilter::None)),
            "no" | "without"
                if m.seq(k + 1, &["due", "date|dates"])
                    || m.seq(k + 1, &["a", "due", "date"])
                    || m.seq(k + 1, &["date|dates|deadline|deadlines"]) =>
            {
                spec.due = Some(ListDue::Named(DueFilter::None));
                n = if m.w(k + 1) == "a" {
                    4
                } else if m.w(k + 1) == "due" {
                    3
                } else {
                    2
                };
            }
            "urgent" | "critical" | "p1" => spec.priority = Some(Priority::Urgent),
            "important" | "p2" | "high-priority" => spec.priority = Some(Priority::High),
            "p3" => spec.priority = Some(Priority::Medium),
            "p4" | "low-priority" => spec.priority = Some(Priority::Low),
            "high" | "medium" | "low" | "top" | "highest" | "lowest" | "med" => {
                spec.priority = Some(match w {
                    "high" | "highest" => Priority::High,
                    "top" => Priority::Urgent,
                    "medium" | "med" => Priority::Medium,
                    _ => Priority::Low,
                });
                if matches!(m.w(k + 1), "priority" | "prio" | "pri" | "priority:") {
                    n = 2;
                }
            }
            "priority" | "prioritized" | "prio" => {
                if spec.priority.is_none() {
                    spec.priority = Some(Priority::High);
                }
            }
            "todos" | "tasks" | "todo" | "list" | "to-dos" | "agenda" | "items" => saw_list_word = true,
            _ if list_filler(w) => {}
            _ => unknown.push(k),
        }
        k += n;
    }
    if !saw_list_word && spec.due.is_none() && spec.priority.is_none() && spec.tag.is_none() && status.is_none() && spec.text.is_none() {
        return None;
    }
    if !unknown.is_empty() && spec.text.is_none() {
        // "show work tasks": a tag; "show milk": a search.
        let only_known_words = unknown.iter().all(|&u| !m.toks[u].norm.is_empty() || m.toks[u].quoted);
        if !starter || !only_known_words {
            return None;
        }
        if unknown.len() == 1
            && spec.tag.is_none()
            && matches!(m.w(unknown[0] + 1), "tasks" | "todos" | "items" | "stuff" | "things" | "list" | "todo" | "task")
        {
            spec.tag = Some(m.w(unknown[0]).to_owned());
        } else {
            let (a, b) = (unknown[0], unknown[unknown.len() - 1] + 1);
            spec.text = Some(text_of(m, a, b));
            status.get_or_insert(StatusFilter::All);
        }
    }
    spec.status = match status {
        Some(s) => s,
        None if all && spec.due.is_none() && spec.priority.is_none() && spec.tag.is_none() && spec.text.is_none() => StatusFilter::All,
        None => StatusFilter::Open,
    };
    if spec.status == StatusFilter::Completed
        && matches!(spec.due, Some(ListDue::Named(DueFilter::Today | DueFilter::Week) | ListDue::On(_)))
    {
        // "what did I finish today", "… on monday": when it was done, not when it was due.
        spec.due = None;
    }
    Some(spec)
}

/// Search text: a quoted part, or the raw words.
fn text_of(m: &Msg, lo: usize, hi: usize) -> String {
    let mut hi = hi;
    while hi > lo && matches!(m.w(hi - 1), "please" | "in" | "tasks" | "todos" | "items") && hi - 1 > lo {
        hi -= 1;
    }
    let t = text(m, lo, hi);
    t.trim_matches(|c: char| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’')).trim().to_owned()
}
