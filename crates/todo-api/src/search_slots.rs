//! The per-user bound on text searches running at once. A search reads
//! every one of the user's todos, title and notes, so it costs the database
//! far more than other reads; without a bound, one account sending searches
//! in parallel could hold every connection of the pool the other users'
//! reads (and `/ready`) need (issue 16). Kept in memory: each replica counts
//! its own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use todo_core::OwnerId;

/// Searches one user may have running at once; more are answered 429.
pub const SEARCHES_PER_USER: usize = 2;

/// How many searches each user has running.
#[derive(Default)]
pub struct SearchSlots {
    running: Mutex<HashMap<OwnerId, usize>>,
}

/// A running search; its slot is given back when this is dropped (the
/// search answered, or its request was dropped at its time limit, when the
/// statement's own time limit stops the database's work too).
pub struct SearchSlot {
    slots: Arc<SearchSlots>,
    owner: OwnerId,
}

impl SearchSlots {
    /// A slot for one search of `owner`; `None` when they have
    /// [`SEARCHES_PER_USER`] running.
    pub fn take(self: &Arc<Self>, owner: OwnerId) -> Option<SearchSlot> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        let count = running.entry(owner).or_default();
        if *count >= SEARCHES_PER_USER {
            return None;
        }
        *count += 1;
        Some(SearchSlot { slots: self.clone(), owner })
    }
}

impl Drop for SearchSlot {
    fn drop(&mut self) {
        let mut running = self.slots.running.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = running.get_mut(&self.owner) {
            *count -= 1;
            if *count == 0 {
                running.remove(&self.owner);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_user_has_slots_of_their_own_given_back_on_drop() {
        let slots = Arc::new(SearchSlots::default());
        let held: Vec<_> = (0..SEARCHES_PER_USER).map(|_| slots.take(OwnerId(2)).unwrap()).collect();
        assert!(slots.take(OwnerId(2)).is_none());
        let other = slots.take(OwnerId(3)).expect("another user is not held up");
        drop(held);
        assert!(slots.take(OwnerId(2)).is_some());
        drop(other);
        assert!(slots.running.lock().unwrap().is_empty(), "no entry is kept for users with none running");
    }
}
