//! Which todo a message means: exact title first, then the todos holding
//! every content word of the reference, then the best partial match; a
//! position in the last list; "it" for the todo referred to last.

use super::command::{Position, TodoRef};
use super::needs::TurnTodos;
use super::state::ConversationState;
use super::words::content_words;
use crate::{Todo, TodoId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found(TodoId),
    /// Two or more fit equally well: ask.
    Ambiguous(Vec<TodoId>),
    /// Nothing fits; the reason reads as a reply.
    NotFound(String),
}

/// Resolves `target` among `pool` (the todos the action can apply to).
/// `todos` are those fetched for the turn, for positions, "it" and ids.
pub fn resolve(target: &TodoRef, pool: &[&Todo], todos: &TurnTodos, state: &ConversationState) -> Resolution {
    match target {
        TodoRef::Position(place) => position(*place, todos, state).map_or_else(Resolution::NotFound, Resolution::Found),
        TodoRef::Pronoun => match state.last_referred {
            Some(id) if todos.get(id).is_some() => Resolution::Found(id),
            _ => Resolution::NotFound("I'm not sure which todo you mean. Try its title or its number in the list.".to_owned()),
        },
        TodoRef::Words(words) => by_words(words, pool),
        TodoRef::Id(id) => match todos.get(*id).is_some() {
            true => Resolution::Found(*id),
            false => Resolution::NotFound(format!("There is no todo with id {id}.")),
        },
    }
}

/// The todo at `place` in the list shown last; before any list, in the
/// open todos in their manual order (fetched as `TodoNeeds::open_position`).
pub fn position(place: Position, todos: &TurnTodos, state: &ConversationState) -> Result<TodoId, String> {
    let (at, shown) = if state.last_list.is_empty() {
        todos.open_position()
    } else {
        (place.index(state.last_list.len()).map(|i| state.last_list[i]), state.last_list.len())
    };
    let living = at.filter(|id| todos.get(*id).is_some());
    match (place.index(shown), living, place) {
        (Some(_), Some(id), _) => Ok(id),
        (Some(_), None, Position::Nth(n)) => Err(format!("Todo #{n} of that list no longer exists.")),
        (Some(_), None, Position::Last) => Err("The last todo of that list no longer exists.".to_owned()),
        (None, _, Position::Nth(n)) if shown > 0 => Err(format!("The list has {shown} todos; there is no #{n}.")),
        (None, _, _) => Err("There are no todos in the list yet.".to_owned()),
    }
}

/// Lowercase, single spaces, no trailing `.!?,;:`: how titles compare.
fn normalize_title(title: &str) -> String {
    let collapsed = title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    collapsed.trim_end_matches(['.', '!', '?', ',', ';', ':']).to_owned()
}

fn by_words(words: &str, pool: &[&Todo]) -> Resolution {
    let wanted = normalize_title(words);
    let bare = ["the ", "my ", "a ", "an "].iter().find_map(|article| wanted.strip_prefix(article)).unwrap_or(&wanted);
    let exact: Vec<TodoId> = pool
        .iter()
        .filter(|t| {
            let title = normalize_title(&t.title);
            title == wanted || title == bare
        })
        .map(|t| t.id)
        .collect();
    if !exact.is_empty() {
        return decide(exact, words);
    }
    let wanted_words = content_words(words);
    if wanted_words.is_empty() {
        return not_found(words);
    }
    let scored: Vec<(TodoId, usize, bool)> = pool
        .iter()
        .map(|todo| {
            let title_words = content_words(&todo.title);
            let hits = wanted_words.iter().filter(|w| title_words.contains(w)).count();
            (todo.id, hits, hits == wanted_words.len())
        })
        .collect();
    let containing: Vec<TodoId> = scored.iter().filter(|(_, _, all)| *all).map(|(id, _, _)| *id).collect();
    if !containing.is_empty() {
        return decide(containing, words);
    }
    // The best partial match: the most words in common, at least half of the reference's.
    let best = scored.iter().map(|(_, hits, _)| *hits).max().unwrap_or(0);
    if best == 0 || best * 2 < wanted_words.len() {
        return not_found(words);
    }
    decide(scored.iter().filter(|(_, hits, _)| *hits == best).map(|(id, _, _)| *id).collect(), words)
}

/// Whether `title` holds every one of `words` (content words of a reference).
pub fn holds_every_word(title: &str, words: &[String]) -> bool {
    let title_words = content_words(title);
    words.iter().all(|w| title_words.contains(w))
}

fn decide(ids: Vec<TodoId>, words: &str) -> Resolution {
    match ids.as_slice() {
        [] => not_found(words),
        [one] => Resolution::Found(*one),
        _ => Resolution::Ambiguous(ids),
    }
}

fn not_found(words: &str) -> Resolution {
    Resolution::NotFound(format!("I couldn't find a todo matching “{}”.", words.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::command::Command;
    use crate::chat::needs::TodoNeeds;
    use crate::test_fixtures::todo;

    /// Resolves over the todos a store would fetch for the reference among `all`.
    fn resolve_all(target: &TodoRef, pool: &[&Todo], all: &[Todo], state: &ConversationState) -> Resolution {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let needs = TodoNeeds::of(&Command::Delete(target.clone()), state, today);
        resolve(target, pool, &TurnTodos::select(&needs, all), state)
    }

    fn words(todos: &[Todo], reference: &str) -> Resolution {
        let pool: Vec<&Todo> = todos.iter().collect();
        resolve_all(&TodoRef::Words(reference.to_owned()), &pool, todos, &ConversationState::default())
    }

    #[test]
    fn exact_title_wins_over_containing() {
        let todos = [todo(1, "Buy milk", false), todo(2, "buy milk chocolate", false)];
        assert_eq!(words(&todos, "buy milk"), Resolution::Found(1));
        assert_eq!(words(&todos, "the Buy Milk."), Resolution::Found(1));
        assert_eq!(words(&todos, "milk"), Resolution::Ambiguous(vec![1, 2]));
        assert_eq!(words(&todos, "chocolate"), Resolution::Found(2));
    }

    #[test]
    fn stems_and_partial_matches() {
        let todos = [todo(1, "Write the quarterly report", false), todo(2, "Call the plumber", false)];
        assert_eq!(words(&todos, "writing the report"), Resolution::Found(1));
        assert_eq!(words(&todos, "quarterly report for the board"), Resolution::Found(1));
        assert!(matches!(words(&todos, "dentist"), Resolution::NotFound(_)));
    }

    #[test]
    fn positions_use_the_last_list_or_open_todos() {
        let todos = [todo(1, "a", false), todo(2, "b", true), todo(3, "c", false)];
        let fresh = ConversationState::default();
        let nth = |n| TodoRef::Position(Position::Nth(n));
        let last = TodoRef::Position(Position::Last);
        assert_eq!(resolve_all(&nth(2), &[], &todos, &fresh), Resolution::Found(3));
        assert_eq!(resolve_all(&last, &[], &todos, &fresh), Resolution::Found(3), "the last open todo");
        let shown = ConversationState { last_list: vec![2, 1], ..Default::default() };
        assert_eq!(resolve_all(&nth(1), &[], &todos, &shown), Resolution::Found(2));
        assert_eq!(resolve_all(&last, &[], &todos, &shown), Resolution::Found(1));
        assert!(matches!(resolve_all(&nth(3), &[], &todos, &shown), Resolution::NotFound(_)));
        assert!(matches!(resolve_all(&nth(0), &[], &todos, &shown), Resolution::NotFound(_)));
        let gone = ConversationState { last_list: vec![2, 9], ..Default::default() };
        assert_eq!(resolve_all(&last, &[], &todos, &gone), Resolution::NotFound("The last todo of that list no longer exists.".into()));
        let none = [todo(2, "b", true)];
        assert!(matches!(resolve_all(&last, &[], &none, &fresh), Resolution::NotFound(_)), "no open todos, no last one");
    }

    #[test]
    fn pronouns_need_a_living_referent() {
        let todos = [todo(1, "a", false)];
        let state = ConversationState { last_referred: Some(1), ..Default::default() };
        assert_eq!(resolve_all(&TodoRef::Pronoun, &[], &todos, &state), Resolution::Found(1));
        let gone = ConversationState { last_referred: Some(9), ..Default::default() };
        assert!(matches!(resolve_all(&TodoRef::Pronoun, &[], &todos, &gone), Resolution::NotFound(_)));
    }
}
