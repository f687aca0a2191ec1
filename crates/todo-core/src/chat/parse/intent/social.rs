//! Whole messages that are not about a todo: greetings, thanks,
//! acknowledgements and help requests.

use super::*;

pub(super) fn thanks(m: &Msg, lo: usize, hi: usize) -> bool {
    let mut thanked = false;
    let all = (lo..hi).all(|k| {
        let w = m.w(k);
        if THANKS_WORDS.contains(&w) {
            thanked = true;
        }
        THANKS_COMPANIONS.contains(&w) && !m.toks[k].quoted
    });
    all && thanked
}

/// Greetings, thanks, acknowledgements and help requests: whole messages.
pub(super) fn social(m: &Msg, lo: usize, hi: usize) -> Option<Command> {
    let words: Vec<&str> = (lo..hi).map(|k| m.w(k)).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    if m.toks[lo..hi].iter().any(|t| t.quoted) {
        return None;
    }
    let greeting_rest = |rest: &[&str]| rest.iter().all(|w| GREETING_COMPANIONS.contains(w));
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
    let help_rest = |rest: &[&str]| rest.iter().all(|w| HELP_COMPANIONS.contains(w));
    let is_help = match words.as_slice() {
        ["help", rest @ ..] => help_rest(rest),
        ["h" | "commands" | "instructions" | "usage" | "examples" | "menu" | "tutorial" | "manual" | "guide" | "info" | "options"] => true,
        ["i", "need" | "want", "help", rest @ ..] => help_rest(rest),
        ["i'm" | "im", "lost" | "confused" | "stuck"] => true,
        _ => words.len() <= 12 && HELP_PHRASES.iter().any(|p| joined.starts_with(p)),
    };
    if is_help || (words.is_empty() && m.toks[lo].raw == "?") {
        return Some(Command::Help);
    }
    if hi == lo + 1 && m.toks[lo].raw.trim() == "?" {
        return Some(Command::Help);
    }
    None
}
