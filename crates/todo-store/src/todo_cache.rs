//! The owners' todos, kept between chat turns.
//!
//! Every chat turn plans over all of the owner's todos; reading and decoding
//! them each time was most of a turn's CPU. A turn now reads only the owner's
//! version (`todo_versions`, which database triggers raise on every change to
//! their todos, from any server or release) and reuses the todos kept for that
//! version. Read the version before the todos: todos read after it are at least
//! as new, so a change that lands in between raises the version past the one
//! they are kept under, and the next turn reads them again.

use std::sync::Arc;

use quick_cache::sync::Cache;
use quick_cache::Weighter;
use todo_core::{OwnerId, Todo};

/// Most todos kept, over all owners (about 300 bytes each): the owners who
/// chatted last are kept first.
const CAPACITY_TODOS: u64 = 20_000;

pub(crate) struct TodoCache {
    owners: Cache<i64, Kept, ByTodos>,
}

/// One owner's todos, in order, as they were at `version`.
#[derive(Clone)]
struct Kept {
    version: i64,
    todos: Arc<Vec<Todo>>,
}

/// An owner weighs one more than their todos (an owner without todos is kept too).
#[derive(Clone)]
struct ByTodos;

impl Weighter<i64, Kept> for ByTodos {
    fn weight(&self, _owner: &i64, kept: &Kept) -> u64 {
        u64::try_from(kept.todos.len()).unwrap_or(u64::MAX).saturating_add(1)
    }
}

impl TodoCache {
    pub(crate) fn new() -> Self {
        Self { owners: Cache::with_weighter(1_000, CAPACITY_TODOS, ByTodos) }
    }

    /// The owner's todos kept for `version`, if that is what is kept.
    pub(crate) fn get(&self, owner: OwnerId, version: i64) -> Option<Arc<Vec<Todo>>> {
        self.owners.get(&owner.0).filter(|kept| kept.version == version).map(|kept| kept.todos)
    }

    /// Keeps the owner's todos as read after their version was `version`.
    pub(crate) fn put(&self, owner: OwnerId, version: i64, todos: Vec<Todo>) -> Arc<Vec<Todo>> {
        let todos = Arc::new(todos);
        self.owners.insert(owner.0, Kept { version, todos: Arc::clone(&todos) });
        todos
    }
}
