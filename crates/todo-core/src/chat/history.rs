//! What a conversation's history keeps of a turn. The answer to the turn
//! carries every todo whole; the stored copy is bounded, so that no turn
//! (a listing of todos with long notes, a "clear completed" of thousands)
//! makes a history that takes megabytes to store and to read back.

use super::Action;
use crate::Todo;

/// Most todos kept per action: as many as a listing shows.
pub const HISTORY_TODOS_PER_ACTION: usize = 50;
/// A kept todo's notes are cut to this many characters.
pub const HISTORY_NOTES_CHARS: usize = 200;
/// Most bytes (about, as JSON) of one message's kept actions.
pub const HISTORY_ACTIONS_MAX_BYTES: usize = 32 * 1024;
/// A message's text is cut to this many characters.
pub const HISTORY_TEXT_MAX_CHARS: usize = 8_000;

/// Marks where kept text was cut.
const CUT: char = '…';

/// `text`, cut to `max` characters (the last one a `…`) when longer.
pub fn history_text(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((end, _)) if text[end..].chars().nth(1).is_some() => format!("{}{CUT}", &text[..end]),
        _ => text.to_owned(),
    }
}

/// The actions a message keeps: at most [`HISTORY_TODOS_PER_ACTION`] todos
/// each, notes cut to [`HISTORY_NOTES_CHARS`], and then the last todos
/// dropped until the whole fits [`HISTORY_ACTIONS_MAX_BYTES`].
pub fn history_actions(actions: &[Action]) -> Vec<Action> {
    let mut budget = HISTORY_ACTIONS_MAX_BYTES;
    let mut kept = Vec::with_capacity(actions.len());
    for action in actions {
        let mut todos = Vec::new();
        for todo in action.todos.iter().take(HISTORY_TODOS_PER_ACTION) {
            let todo = kept_todo(todo);
            let size = json_size(&todo);
            if size > budget {
                break;
            }
            budget -= size;
            todos.push(todo);
        }
        kept.push(Action { kind: action.kind, todos });
    }
    kept
}

fn kept_todo(todo: &Todo) -> Todo {
    Todo { notes: todo.notes.as_deref().map(|notes| history_text(notes, HISTORY_NOTES_CHARS)), ..todo.clone() }
}

/// About the bytes of a stored message with `text` and `actions` as JSON
/// (an upper bound for its todos, see [`json_size`]): what bounds the bytes
/// of one page of history.
pub fn history_message_size(text: &str, actions: &[Action]) -> usize {
    const FIXED: usize = 200;
    const PER_ACTION: usize = 40;
    let actions: usize = actions.iter().map(|action| PER_ACTION + action.todos.iter().map(json_size).sum::<usize>()).sum();
    FIXED + text.len() + actions
}

/// An upper bound of the bytes of `todo` as JSON: its strings (escapes
/// aside) and room for its names, numbers and timestamps.
fn json_size(todo: &Todo) -> usize {
    const FIXED: usize = 320;
    let strings = todo.title.len()
        + todo.notes.as_ref().map_or(0, String::len)
        + todo.recurrence.as_ref().map_or(0, String::len)
        + todo.tags.iter().map(|tag| tag.len() + 3).sum::<usize>();
    FIXED + strings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::ActionKind;
    use crate::test_fixtures;

    fn todo(id: i64, notes_chars: usize) -> Todo {
        Todo {
            notes: (notes_chars > 0).then(|| "n".repeat(notes_chars)),
            tags: vec!["home".into()],
            ..test_fixtures::todo(id, &format!("Todo {id}"), false)
        }
    }

    #[test]
    fn text_is_cut_with_a_mark_only_when_longer() {
        assert_eq!(history_text("abc", 3), "abc");
        assert_eq!(history_text("abcd", 3), "ab…");
        assert_eq!(history_text("éééé", 2), "é…");
        assert_eq!(history_text("", 2), "");
    }

    #[test]
    fn a_listing_with_long_notes_is_kept_small() {
        let listed = Action { kind: ActionKind::Listed, todos: (1..=100).map(|id| todo(id, 10_000)).collect() };
        let kept = history_actions(&[listed]);
        let todos = &kept[0].todos;
        assert!(todos.len() <= HISTORY_TODOS_PER_ACTION && !todos.is_empty());
        assert_eq!(todos[0].id, 1, "the first todos shown are the ones kept");
        assert!(todos.iter().all(|t| t.notes.as_ref().unwrap().chars().count() == HISTORY_NOTES_CHARS));
        assert!(todos.iter().map(json_size).sum::<usize>() <= HISTORY_ACTIONS_MAX_BYTES);
    }

    #[test]
    fn short_actions_are_kept_whole() {
        let actions = vec![
            Action { kind: ActionKind::Completed, todos: vec![todo(1, 20)] },
            Action { kind: ActionKind::Listed, todos: vec![todo(2, 0)] },
        ];
        assert_eq!(history_actions(&actions), actions);
    }

    #[test]
    fn the_budget_is_shared_by_the_actions_of_a_message() {
        let big = |kind| Action { kind, todos: (1..=50).map(|id| todo(id, 200)).collect() };
        let kept = history_actions(&[big(ActionKind::Deleted), big(ActionKind::Listed)]);
        let total: usize = kept.iter().flat_map(|a| &a.todos).map(json_size).sum();
        assert!(total <= HISTORY_ACTIONS_MAX_BYTES, "{total}");
        assert_eq!(kept.len(), 2, "every action is kept, even with no todo left");
    }
}
