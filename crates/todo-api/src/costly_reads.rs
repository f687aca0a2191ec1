//! The per-user bound on costly reads running at once: text searches (they
//! read every one of the user's todos, title and notes) and chat history
//! pages (up to 100 stored turns, with the todos each listed). Without a
//! bound, one account sending them in parallel could hold every connection
//! of the pool, or the CPU, that the other users' requests (and `/ready`)
//! need (issue 16). Kept in memory: each replica counts its own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use todo_core::OwnerId;

/// Costly reads one user may have running at once; more are answered 429.
pub const COSTLY_READS_PER_USER: usize = 2;

/// How many costly reads each user has running.
#[derive(Default)]
pub struct CostlyReads {
    running: Mutex<HashMap<OwnerId, usize>>,
}

/// A running costly read; its slot is given back when this is dropped (the
/// read answered, or its request was dropped at its time limit, when the
/// statement's own time limit stops the database's work too).
pub struct CostlyRead {
    reads: Arc<CostlyReads>,
    owner: OwnerId,
}

impl CostlyReads {
    /// A slot for one costly read of `owner`; `None` when they have
    /// [`COSTLY_READS_PER_USER`] running.
    pub fn start(self: &Arc<Self>, owner: OwnerId) -> Option<CostlyRead> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        let count = running.entry(owner).or_default();
        if *count >= COSTLY_READS_PER_USER {
            return None;
        }
        *count += 1;
        Some(CostlyRead { reads: self.clone(), owner })
    }
}

impl Drop for CostlyRead {
    fn drop(&mut self) {
        let mut running = self.reads.running.lock().unwrap_or_else(PoisonError::into_inner);
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
        let reads = Arc::new(CostlyReads::default());
        let held: Vec<_> = (0..COSTLY_READS_PER_USER).map(|_| reads.start(OwnerId(2)).unwrap()).collect();
        assert!(reads.start(OwnerId(2)).is_none());
        let other = reads.start(OwnerId(3)).expect("another user is not held up");
        drop(held);
        assert!(reads.start(OwnerId(2)).is_some());
        drop(other);
        assert!(reads.running.lock().unwrap().is_empty(), "no entry is kept for users with none running");
    }
}
