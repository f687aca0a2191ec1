//! The chat parser: a message and the turn's local clock in, a [`Command`]
//! out. Pure and total: any UTF-8 text gives a command (`Unknown` at worst),
//! without panicking and in microseconds.
//!
//! A message is cut into [`Tok`]ens (whitespace-separated words, or a whole
//! quoted part), each with a lowercase, punctuation-trimmed form for
//! matching; the original text is kept for titles. [`intent`] picks the
//! command from the command words (module per job, word tables apart); [`when`], [`recurrence`] and [`fields`]
//! recognise dates and times, repetition, priorities and tags; [`refs`]
//! reads which todo a message means.
//!
//! Choices the contract leaves open:
//! - "tonight" is today at 20:00 unless a time is given; "this morning",
//!   "tomorrow morning", "in the morning" are 09:00, afternoon 15:00,
//!   evening 19:00, night 20:00.
//! - Bare hours, "next friday", weekends, midnight and numbers-only dates
//!   follow the contract's "Reading people" conventions (see [`when`]).
//! - A time with no date is today, or tomorrow once it has passed; with a
//!   recurrence, the date is the first occurrence from today on, whatever
//!   the time ("every day at 8am" said at 9am is due today at 08:00).
//! - "postpone X" / "snooze X" without a date moves it to tomorrow.
//! - "push X by 2 days", "move X back a week", "X 3 days later" move X from
//!   its own due date (the engine knows it; a todo without one moves from
//!   today); "forward", "up", "earlier" move it earlier. "A month" is a
//!   calendar month.
//! - A day in a listing ("what's due friday") reads like a due date; today
//!   and tomorrow keep their names ("what's due friday" on a Thursday lists
//!   what is due tomorrow).
//! - An `Add` whose title comes out empty ("add", "add tomorrow" reads as
//!   the title "tomorrow") has an empty title: the engine asks what to add.

mod due;
mod fields;
mod intent;
mod recurrence;
mod refs;
mod reminder;
mod when;

use super::command::{Command, LocalClock};
pub use due::{read_due, DueReading};

/// Reads one chat message.
pub fn parse(message: &str, clock: &LocalClock) -> Command {
    let toks = tokenize(message);
    intent::read(&Msg { toks }, clock)
}

/// One word of a message, or one quoted part.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    /// As typed (for a quoted part: the text between the quotes, trimmed).
    pub raw: &'a str,
    /// Lowercase, with punctuation trimmed at both ends (a leading `#` is
    /// kept); empty for a quoted part, so it never matches a command word.
    pub norm: String,
    pub quoted: bool,
}

impl Tok<'_> {
    /// The raw text ends in a comma or semicolon: a phrase boundary.
    pub fn ends_clause(&self) -> bool {
        !self.quoted && (self.raw.ends_with(',') || self.raw.ends_with(';'))
    }
}

pub(crate) struct Msg<'a> {
    pub toks: Vec<Tok<'a>>,
}

impl Msg<'_> {
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The matching form of token `i`, or "" past the end.
    pub fn w(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.norm.as_str())
    }

    /// Whether tokens from `i` on read `words` (each may list alternatives
    /// separated by `|`).
    pub fn seq(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, alts)| {
            let w = self.w(i + k);
            !w.is_empty() && alts.split('|').any(|a| a == w)
        })
    }

    /// Whether tokens `lo..hi` are exactly `words`.
    pub fn exactly(&self, lo: usize, hi: usize, words: &[&str]) -> bool {
        hi >= lo && hi - lo == words.len() && self.seq(lo, words)
    }

    /// The raw text of tokens `lo..hi`, single-spaced.
    pub fn raw_join(&self, lo: usize, hi: usize) -> String {
        let mut out = String::new();
        for t in &self.toks[lo.min(hi)..hi] {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t.raw);
        }
        out
    }

    /// The lowercase words of tokens `lo..hi`, single-spaced.
    pub fn norm_join(&self, lo: usize, hi: usize) -> String {
        let mut out = String::new();
        for t in &self.toks[lo.min(hi)..hi] {
            if t.norm.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&t.norm);
        }
        out
    }
}

/// Characters trimmed off the ends of a word for matching.
fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | '!'
            | '?'
            | ';'
            | ':'
            | '"'
            | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '…'
            | '¿'
            | '¡'
            | '*'
            | '_'
            | '~'
            | '`'
    )
}

fn normalize(raw: &str) -> String {
    let trimmed = raw.trim_matches(is_edge_punct);
    let mut out = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        if c == '’' {
            out.push('\'');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The closing quote for an opening one.
fn closing_quotes(open: char) -> Option<(usize, &'static [char])> {
    match open {
        '"' => Some((0, &['"', '”'])),
        '“' => Some((1, &['”', '"'])),
        '„' => Some((2, &['“', '”', '"'])),
        '\'' => Some((3, &['\'', '’'])),
        '‘' => Some((4, &['’', '\''])),
        '«' => Some((5, &['»'])),
        _ => None,
    }
}

/// The byte index of the quote closing one opened at `open_at` (a char of
/// `open_len` bytes), if the message has one: a closing quote follows a
/// non-space and is followed by the end, a space or punctuation.
fn find_closing(text: &str, open_at: usize, open_len: usize, closers: &[char]) -> Option<usize> {
    let body_start = open_at + open_len;
    let mut prev: Option<char> = None;
    let mut iter = text[body_start..].char_indices().peekable();
    while let Some((off, c)) = iter.next() {
        if closers.contains(&c) {
            let next = iter.peek().map(|&(_, n)| n);
            let before_ok = prev.is_some_and(|p| !p.is_whitespace());
            let after_ok = next.is_none_or(|n| n.is_whitespace() || matches!(n, '.' | ',' | '!' | '?' | ';' | ':' | ')'));
            if before_ok && after_ok {
                return Some(body_start + off);
            }
        }
        prev = Some(c);
    }
    None
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut i = 0;
    let len = text.len();
    // Per kind of opening quote, the position from which no closing quote
    // exists (a failed search need not be repeated): keeps this linear.
    let mut hopeless_from: [usize; 6] = [usize::MAX; 6];
    while i < len {
        let Some(c) = text[i..].chars().next() else { break };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        // A quoted part: an opening quote at the start of a word with a closing one later.
        if let Some((kind, closers)) = closing_quotes(c) {
            if i < hopeless_from[kind] {
                match find_closing(text, i, c.len_utf8(), closers) {
                    Some(close) => {
                        let inner = text[i + c.len_utf8()..close].trim();
                        if !inner.is_empty() {
                            toks.push(Tok { raw: inner, norm: String::new(), quoted: true });
                            i = close + text[close..].chars().next().map_or(1, char::len_utf8);
                            continue;
                        }
                    }
                    None => hopeless_from[kind] = i,
                }
            }
        }
        let end = text[i..].find(char::is_whitespace).map_or(len, |off| i + off);
        let raw = &text[i..end];
        toks.push(Tok { raw, norm: normalize(raw), quoted: false });
        i = end;
    }
    toks
}

/// Spelled-out or digit numbers up to twelve ("3", "three", "a").
pub(crate) fn small_number(w: &str) -> Option<u32> {
    let n = match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        _ => return number(w),
    };
    Some(n)
}

/// Digits only, at most 4 of them.
pub(crate) fn number(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

/// "first", "2nd", "third", … (up to twelfth, or any digits with a suffix).
pub(crate) fn ordinal(w: &str) -> Option<u32> {
    let n = match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        _ => {
            let digits =
                w.strip_suffix("st").or_else(|| w.strip_suffix("nd")).or_else(|| w.strip_suffix("rd")).or_else(|| w.strip_suffix("th"))?;
            return number(digits);
        }
    };
    Some(n)
}

#[cfg(test)]
mod tests;
