//! Which of the user's todos a turn is planned from: not all of them, so that
//! a turn costs the same at 100 todos as at 10,000 (issue 17).
//!
//! Before planning, the engine says what it will look at ([`TodoNeeds`],
//! from the command and the conversation's state); the store fetches that
//! ([`TurnTodos`]) through its indexes, and the engine plans over it. A
//! reference by words needs only the todos that share a content word with it:
//! the rules of `resolve` (exact title, every content word, best partial)
//! score every other todo zero, so they cannot change the answer.

use chrono::NaiveDate;

use super::command::{Command, ListSpec, Position, TodoRef};
use super::resolve::holds_every_word;
use super::state::{ConversationState, UndoStep};
use super::words::{content_words, irregular_forms};
use crate::{StatusFilter, Todo, TodoFilter, TodoId};

/// What a turn will look at among the user's todos.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodoNeeds {
    /// Todos by id: the one at a position of the last list, "it", the
    /// pending question's candidates, the todos undo would delete, a tool
    /// call's id.
    pub ids: Vec<TodoId>,
    /// A reference by words: the todos whose titles share a word with it.
    pub title: Option<TitleReference>,
    /// Before any list was shown, a position counts among the open todos:
    /// the open todo at this place, and how many there are.
    pub open_position: Option<Position>,
    /// A listing, a bulk change or clearing completed todos.
    pub listing: Option<Listing>,
    /// Every todo: a reference by words that the title index cannot serve
    /// (a word outside ASCII letters and digits).
    pub everything: bool,
}

/// Most todos a listing counts: past it, a reply says "over 1,000" instead
/// of the number, so that a listing reads at most this many rows whatever
/// the size of the list (issue 17). Bulk changes, which list every todo they
/// change, count them all.
pub const LISTING_COUNT_MAX: usize = 1_000;

/// The todos a filter selects: the first `limit` (all, without one) in
/// manual order, or by due date, and how many it selects in all (with a
/// `limit`, at most [`LISTING_COUNT_MAX`] + 1: more than that).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub filter: TodoFilter,
    /// By due date, then time (undated and untimed first), then manual order.
    pub by_due: bool,
    pub limit: Option<usize>,
}

impl Listing {
    /// The sort key of `by_due`, as the stores' `ORDER BY` reads it.
    pub fn due_key(todo: &Todo) -> impl Ord {
        (todo.due_date, todo.due_time, todo.order, todo.id)
    }
}

impl TodoNeeds {
    /// What planning `command` needs, the conversation being in `state`.
    pub fn of(command: &Command, state: &ConversationState, today: NaiveDate) -> Self {
        let mut needs = Self::default();
        if let Some(pending) = &state.pending {
            // A yes/no question's candidates matter only to a yes (they may be many).
            if !pending.confirm || matches!(command, Command::Confirm) {
                needs.ids.extend(&pending.candidates);
            }
        }
        match command {
            Command::List(spec) => {
                let limit = spec.limit.map_or(super::engine::LIST_LIMIT, |limit| limit.clamp(1, super::engine::LIST_LIMIT));
                needs.listing =
                    Some(Listing { filter: super::engine::filter_of(spec, today), by_due: spec.due.is_some(), limit: Some(limit) });
            }
            Command::Complete(target)
            | Command::Reopen(target)
            | Command::Delete(target)
            | Command::Rename { target, .. }
            | Command::Reschedule { target, .. }
            | Command::Shift { target, .. }
            | Command::ClearDue(target)
            | Command::SetPriority { target, .. }
            | Command::Remind { target, .. }
            | Command::Tag { target, .. }
            | Command::Untag { target, .. }
            | Command::Edit { target, .. } => needs.add_reference(target, preferred(command), state),
            Command::Choose(place) => needs.add_position(*place, state),
            Command::ClearCompleted => {
                let filter = TodoFilter { status: StatusFilter::Completed, ..TodoFilter::default() };
                needs.listing = Some(Listing { filter, by_due: false, limit: None });
            }
            Command::Bulk { filter, .. } => {
                let spec = ListSpec { status: StatusFilter::Open, limit: None, ..filter.clone() };
                needs.listing = Some(Listing { filter: super::engine::filter_of(&spec, today), by_due: false, limit: None });
            }
            Command::Undo => {
                let steps = state.undo.iter().flat_map(|record| &record.steps);
                needs.ids.extend(steps.filter_map(|step| match step {
                    UndoStep::Delete { id } => Some(*id),
                    UndoStep::Restore { .. } => None,
                }));
            }
            Command::Add(_)
            | Command::AddMany(_)
            | Command::Confirm
            | Command::Help
            | Command::Greeting
            | Command::Thanks
            | Command::Unknown => {}
        }
        // An answer to "which one?" in words is resolved among the candidates (above).
        needs
    }

    fn add_reference(&mut self, target: &TodoRef, prefer: StatusFilter, state: &ConversationState) {
        match target {
            TodoRef::Position(place) => self.add_position(*place, state),
            TodoRef::Pronoun => self.ids.extend(state.last_referred),
            TodoRef::Id(id) => self.ids.push(*id),
            TodoRef::Words(words) => match TitleReference::new(words, prefer) {
                Some(title) => self.title = Some(title),
                None => self.everything = true,
            },
        }
    }

    fn add_position(&mut self, place: Position, state: &ConversationState) {
        if state.last_list.is_empty() {
            self.open_position = Some(place);
        } else if let Some(i) = place.index(state.last_list.len()) {
            self.ids.push(state.last_list[i]);
        }
    }
}

/// The todos an action on one todo looks among first (see `engine::on_todo`).
fn preferred(command: &Command) -> StatusFilter {
    match command {
        Command::Complete(_) => StatusFilter::Open,
        Command::Reopen(_) => StatusFilter::Completed,
        _ => StatusFilter::All,
    }
}

/// A reference by words, as the title index looks it up.
///
/// A title word has the content word `w` when it stems to `w`. Stemming only
/// cuts suffixes, then may restore an "e" ("writ" → "write") or turn "i" into
/// "y" ("carri" → "carry"): the word starts with `w` less a last "e" or "y".
/// Irregular forms ("paid" for "pay") are looked up as themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleReference {
    /// The reference's content words.
    pub words: Vec<String>,
    /// For each content word, the prefixes of the title words that may have it
    /// (lowercase ASCII letters and digits).
    pub prefixes: Vec<Vec<String>>,
    /// The todos the action looks among first (open ones to complete).
    pub prefer: StatusFilter,
}

impl TitleReference {
    /// `None` when a content word is not plain ASCII letters and digits,
    /// which the title indexes may split or fold differently.
    pub fn new(reference: &str, prefer: StatusFilter) -> Option<Self> {
        let words = content_words(reference);
        let mut prefixes = Vec::with_capacity(words.len());
        for word in &words {
            if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
                return None;
            }
            let stem = word.strip_suffix(['e', 'y']).filter(|s| !s.is_empty()).unwrap_or(word);
            let mut group = vec![stem.to_owned()];
            group.extend(irregular_forms(word).map(str::to_owned));
            prefixes.push(group);
        }
        Some(Self { words, prefixes, prefer })
    }

    /// Every prefix once: the todos sharing any word with the reference.
    pub fn any_word(&self) -> Vec<String> {
        let mut all: Vec<String> = self.prefixes.iter().flatten().cloned().collect();
        all.sort();
        all.dedup();
        all
    }

    /// Whether the todos with every word of the reference (`every`, a
    /// superset read first) decide it alone: one the action prefers holds
    /// every content word, so the exact-title and every-word rules answer
    /// among them and the best partial match never comes into it. Otherwise
    /// the todos sharing any word are needed.
    pub fn settled_by(&self, every: &[Todo]) -> bool {
        let filter = TodoFilter { status: self.prefer, ..TodoFilter::default() };
        every.iter().any(|todo| filter.matches(todo) && holds_every_word(&todo.title, &self.words))
    }
}

/// Whether a title has a word starting with one of `prefixes`, split and
/// lowercased as the title indexes do: what the stores' index selects.
pub fn title_has_prefix(title: &str, prefixes: &[String]) -> bool {
    let folded: String = title.to_lowercase().chars().filter(|c| !matches!(c, '\'' | '’')).collect();
    folded.split(|c: char| !c.is_alphanumeric()).any(|word| prefixes.iter().any(|p| word.starts_with(p.as_str())))
}

/// The todos a turn is planned from, as the store fetched them for its
/// [`TodoNeeds`].
#[derive(Debug, Clone, Default)]
pub struct TurnTodos {
    /// Every todo fetched, once each, in manual order.
    todos: Vec<Todo>,
    /// The listing's todos in its order, and how many its filter selects.
    listing: Option<(Vec<TodoId>, usize)>,
    /// The open todo at the position asked, if there is one, and how many open todos there are.
    open_position: Option<(Option<TodoId>, usize)>,
}

impl TurnTodos {
    /// Puts together what a store fetched: `todos` in any order and with
    /// repeats; the listing's ids in its order with its count; the open
    /// todo at the position asked with the count of open todos (when there
    /// is one at the position, a store may give the position's number
    /// instead: `resolve::position` then decides the same).
    pub fn new(mut todos: Vec<Todo>, listing: Option<(Vec<TodoId>, usize)>, open_position: Option<(Option<TodoId>, usize)>) -> Self {
        todos.sort_by_key(|t| (t.order, t.id));
        todos.dedup_by_key(|t| t.id);
        Self { todos, listing, open_position }
    }

    /// What `needs` selects among `all` (the user's todos): how a store
    /// without indexes would fetch, and how the tests plan.
    pub fn select(needs: &TodoNeeds, all: &[Todo]) -> Self {
        let mut todos: Vec<Todo> = all
            .iter()
            .filter(|t| {
                needs.everything
                    || needs.ids.contains(&t.id)
                    || needs.title.as_ref().is_some_and(|title| title_has_prefix(&t.title, &title.any_word()))
            })
            .cloned()
            .collect();
        let listing = needs.listing.as_ref().map(|listing| {
            let mut selected: Vec<&Todo> = all.iter().filter(|t| listing.filter.matches(t)).collect();
            selected.sort_by_key(|t| (t.order, t.id));
            if listing.by_due {
                selected.sort_by_key(|t| Listing::due_key(t));
            }
            let count = match listing.limit {
                Some(_) => selected.len().min(LISTING_COUNT_MAX + 1),
                None => selected.len(),
            };
            selected.truncate(listing.limit.unwrap_or(usize::MAX));
            todos.extend(selected.iter().map(|t| (*t).clone()));
            (selected.iter().map(|t| t.id).collect(), count)
        });
        let open_position = needs.open_position.map(|place| {
            let mut open: Vec<&Todo> = all.iter().filter(|t| !t.completed).collect();
            open.sort_by_key(|t| (t.order, t.id));
            let at = place.index(open.len()).map(|i| open[i]);
            todos.extend(at.cloned());
            (at.map(|t| t.id), open.len())
        });
        Self::new(todos, listing, open_position)
    }

    /// Every todo fetched, in manual order.
    pub fn iter(&self) -> impl Iterator<Item = &Todo> {
        self.todos.iter()
    }

    pub fn get(&self, id: TodoId) -> Option<&Todo> {
        self.todos.iter().find(|t| t.id == id)
    }

    /// The listing's todos in its order, and how many its filter selects
    /// (see [`Listing`]; none without a listing).
    pub fn listing(&self) -> (Vec<&Todo>, usize) {
        match &self.listing {
            Some((ids, count)) => (ids.iter().filter_map(|id| self.get(*id)).collect(), *count),
            None => (Vec::new(), 0),
        }
    }

    /// The open todo at the position asked, and how many open todos there are.
    pub fn open_position(&self) -> (Option<TodoId>, usize) {
        self.open_position.unwrap_or((None, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::words::stem;
    use crate::test_fixtures;

    #[test]
    fn every_word_starts_with_the_prefix_of_its_stem() {
        let words = [
            "writing", "written", "wrote", "reports", "finished", "called", "shopping", "running", "making", "baked", "parties", "carried",
            "boxes", "dishes", "watches", "paid", "bought", "meetings", "agreed", "fed", "using", "tries", "buses", "flies", "studied",
            "hopping", "hoping", "emptied", "ties", "dying", "does", "did", "goes", "moms", "2nd",
        ];
        for word in words {
            let prefixes = TitleReference::new(&stem(word), StatusFilter::All).expect("ASCII").any_word();
            assert!(title_has_prefix(word, &prefixes), "{word:?} (stem {:?}) does not start with one of {prefixes:?}", stem(word));
        }
    }

    #[test]
    fn the_todos_with_every_word_settle_a_reference_only_among_those_preferred() {
        let todo = |title: &str, completed: bool| test_fixtures::todo(1, title, completed);
        let to_complete = TitleReference::new("writing the reports", StatusFilter::Open).unwrap();
        assert!(to_complete.settled_by(&[todo("Write report", false)]));
        assert!(!to_complete.settled_by(&[todo("Write report", true)]), "completing looks among open todos first");
        assert!(!to_complete.settled_by(&[todo("Reporting writer", false)]), "prefixes that are not the words");
        assert!(!to_complete.settled_by(&[]));
    }

    #[test]
    fn references_outside_ascii_need_every_todo() {
        assert_eq!(TitleReference::new("the café", StatusFilter::All), None);
        assert_eq!(TitleReference::new("🎉", StatusFilter::All), None);
        assert_eq!(TitleReference::new("Mom's birthday", StatusFilter::All).unwrap().any_word(), ["birthda", "mom"]);
        assert!(title_has_prefix("Call MOM’S office", &["moms".to_owned()]), "apostrophes are left out of title words");
    }
}
