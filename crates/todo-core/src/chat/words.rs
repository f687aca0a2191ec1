//! Content words: how a title and a reference to it are compared.
//!
//! "I finished writing the reports" and "Write report" share the content
//! words `write` and `report`: both sides are lowercased, split on anything
//! that is not a letter or digit, stripped of stop words and lightly stemmed.

/// Words that say nothing about which todo is meant.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "my",
    "our",
    "your",
    "his",
    "her",
    "their",
    "its",
    "to",
    "as",
    "done",
    "of",
    "for",
    "on",
    "in",
    "at",
    "and",
    "or",
    "is",
    "it",
    "this",
    "that",
    "these",
    "those",
    "with",
    "from",
    "by",
    "be",
    "me",
    "i",
    "task",
    "tasks",
    "todo",
    "todos",
    "item",
    "items",
    "one",
    "thing",
    "please",
    "complete",
    "completed",
    "finished",
    "off",
    "up",
    "about",
    "some",
];

/// Lowercased content words of a title or reference: punctuation stripped,
/// stop words ("the", "a", "my", "to", "as", "done", …) removed, lightly
/// stemmed so that "writing" → "write", "reports" → "report",
/// "finished" → "finish", "called" → "call".
///
/// When every word is a stop word (a title such as "To do"), the stop words
/// are kept, and when there are no letters or digits at all (a title made
/// of emoji), the whitespace-separated pieces are returned, so a title
/// never has an empty word list.
pub fn content_words(text: &str) -> Vec<String> {
    let mut all = Vec::new();
    let mut content = Vec::new();
    for piece in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
        let lower = piece.to_lowercase().replace('’', "'");
        let word = lower.trim_matches('\'');
        let word = word.strip_suffix("'s").unwrap_or(word);
        let word: String = word.chars().filter(|&c| c != '\'').collect();
        if word.is_empty() {
            continue;
        }
        if !STOP_WORDS.contains(&word.as_str()) {
            content.push(stem(&word));
        }
        all.push(stem(&word));
    }
    if !content.is_empty() {
        return content;
    }
    if !all.is_empty() {
        return all;
    }
    text.split_whitespace().map(str::to_lowercase).collect()
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether byte `i` of an ASCII word is a consonant (Porter's definition:
/// `y` after a consonant is a vowel).
fn is_consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        c if is_vowel(c) => false,
        b'y' => i == 0 || !is_consonant(w, i - 1),
        _ => true,
    }
}

/// Porter's measure: the number of vowel-consonant sequences.
fn measure(w: &[u8]) -> usize {
    let mut m = 0;
    let mut prev_vowel = false;
    for i in 0..w.len() {
        let consonant = is_consonant(w, i);
        if consonant && prev_vowel {
            m += 1;
        }
        prev_vowel = !consonant;
    }
    m
}

fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

/// Ends consonant-vowel-consonant, the last not w, x or y ("writ", "mak").
fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3 && is_consonant(w, n - 3) && !is_consonant(w, n - 2) && is_consonant(w, n - 1) && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

/// After "-ing" or "-ed" is cut: undouble ("shopp" → "shop") or restore an
/// "e" ("writ" → "write").
fn after_suffix(stem: &str) -> String {
    let b = stem.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b[n - 2] && is_consonant(b, n - 1) && !matches!(b[n - 1], b'l' | b's' | b'z') {
        return stem[..n - 1].to_owned();
    }
    if measure(b) == 1 && ends_cvc(b) {
        return format!("{stem}e");
    }
    stem.to_owned()
}

/// Light English stemming of one lowercase word: plural "-s"/"-es"/"-ies",
/// "-ing" and "-ed". Words with anything but ASCII letters are left alone.
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some(base) = irregular(&w) {
        return base.to_owned();
    }
    if w.len() < 4 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return w;
    }
    let w = plural(w);
    if w.len() < 4 {
        return w;
    }
    if let Some(s) = w.strip_suffix("ied") {
        if s.len() >= 2 {
            return format!("{s}y");
        }
    }
    if let Some(s) = w.strip_suffix("ing") {
        if s.len() >= 2 && has_vowel(s.as_bytes()) {
            return after_suffix(s);
        }
        return w;
    }
    if w.ends_with("eed") {
        // "need", "feed", "agreed": not a past tense.
        return w;
    }
    if let Some(s) = w.strip_suffix("ed") {
        if s.len() >= 3 && has_vowel(s.as_bytes()) {
            return after_suffix(s);
        }
    }
    w
}

/// Irregular past forms that name the same task: "I paid the rent" → "pay".
const IRREGULAR: &[(&str, &str)] = &[
    ("paid", "pay"),
    ("bought", "buy"),
    ("sent", "send"),
    ("wrote", "write"),
    ("written", "write"),
    ("made", "make"),
    ("took", "take"),
    ("taken", "take"),
    ("gave", "give"),
    ("given", "give"),
    ("went", "go"),
    ("gone", "go"),
    ("got", "get"),
    ("gotten", "get"),
    ("brought", "bring"),
    ("met", "meet"),
    ("ate", "eat"),
    ("eaten", "eat"),
    ("ran", "run"),
    ("found", "find"),
    ("told", "tell"),
    ("sold", "sell"),
    ("kept", "keep"),
    ("fed", "feed"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("swept", "sweep"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("rang", "ring"),
    ("rung", "ring"),
    ("did", "do"),
    ("booked", "book"),
];

fn irregular(w: &str) -> Option<&'static str> {
    IRREGULAR.iter().find(|(form, _)| *form == w).map(|(_, base)| *base)
}

/// The irregular forms that stem to `base`: "wrote" and "written" for "write".
pub fn irregular_forms(base: &str) -> impl Iterator<Item = &'static str> + '_ {
    IRREGULAR.iter().filter(move |(_, b)| *b == base).map(|(form, _)| *form)
}

/// "parties" → "party", "dishes" → "dish", "reports" → "report".
fn plural(w: String) -> String {
    if let Some(s) = w.strip_suffix("ies") {
        if s.len() >= 2 {
            return format!("{s}y");
        }
    }
    if let Some(s) = w.strip_suffix("es") {
        if s.ends_with("sh") || s.ends_with("ch") || s.ends_with('x') || s.ends_with('z') || s.ends_with("ss") {
            return s.to_owned();
        }
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..w.len() - 1].to_owned();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        let cases = [
            ("writing", "write"),
            ("write", "write"),
            ("writes", "write"),
            ("reports", "report"),
            ("report", "report"),
            ("finished", "finish"),
            ("finish", "finish"),
            ("called", "call"),
            ("calling", "call"),
            ("shopping", "shop"),
            ("running", "run"),
            ("making", "make"),
            ("baked", "bake"),
            ("reading", "read"),
            ("meeting", "meet"),
            ("meetings", "meet"),
            ("opening", "open"),
            ("visiting", "visit"),
            ("parties", "party"),
            ("carried", "carry"),
            ("boxes", "box"),
            ("dishes", "dish"),
            ("watches", "watch"),
            ("class", "class"),
            ("status", "status"),
            ("bring", "bring"),
            ("thing", "thing"),
            ("need", "need"),
            ("bills", "bill"),
            ("taxes", "tax"),
            ("planned", "plan"),
            ("paying", "pay"),
            ("milk", "milk"),
            ("Groceries", "grocery"),
            ("café", "café"),
            ("привет", "привет"),
            ("go", "go"),
            ("paid", "pay"),
            ("bought", "buy"),
            ("wrote", "write"),
        ];
        for (word, want) in cases {
            assert_eq!(stem(word), want, "stem({word:?})");
        }
    }

    #[test]
    fn content_words_of_titles_and_references() {
        let cases: &[(&str, &[&str])] = &[
            ("Write the report", &["write", "report"]),
            ("finished writing the reports", &["write", "report"]),
            ("the quarterly report", &["quarterly", "report"]),
            ("Finish quarterly report", &["finish", "quarterly", "report"]),
            ("mark my dentist appointment as done", &["mark", "dentist", "appointment"]),
            ("Call Mom's dentist!", &["call", "mom", "dentist"]),
            ("buy milk, eggs & bread", &["buy", "milk", "egg", "bread"]),
            ("To do", &["do"]),
            ("the one", &["the", "one"]),
            ("🥛", &["🥛"]),
            ("🥛 buy milk", &["buy", "milk"]),
            ("", &[]),
            ("   ", &[]),
            ("Café au lait", &["café", "au", "lait"]),
            ("e-mail Bob", &["e", "mail", "bob"]),
            ("don't forget", &["dont", "forget"]),
            ("2026 taxes", &["2026", "tax"]),
            ("paid the rent", &["pay", "rent"]),
            ("called the plumber", &["call", "plumber"]),
        ];
        for (text, want) in cases {
            assert_eq!(content_words(text), want.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "content_words({text:?})");
        }
    }
}
