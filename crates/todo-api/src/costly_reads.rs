//! The per-user bounds on costly reads: text searches (they read every one
//! of the user's todos, title and notes) and chat history pages (up to 100
//! stored turns, with the todos each listed). Without them, one account
//! sending such reads in parallel could hold every connection of the pool,
//! or the CPU, that the other users' requests (and `/ready`) need; and one
//! sending them in a loop, two at a time, kept a core of PostgreSQL busy
//! (issue 16). So each user may have two running at once and
//! `COSTLY_READS_PER_MINUTE` a minute. Kept in memory: each replica counts
//! its own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use todo_core::OwnerId;

use crate::chat_rate::KeyedRateLimit;
use crate::error::ApiError;

/// Costly reads one user may have running at once; more are answered 429.
pub const COSTLY_READS_PER_USER: usize = 2;

/// How many costly reads each user has running, and their budget a minute.
#[derive(Default)]
pub struct CostlyReads {
    running: Mutex<HashMap<OwnerId, usize>>,
    /// `None` when there is no limit a minute (0, or single-user mode).
    per_minute: Option<KeyedRateLimit<OwnerId>>,
}

/// A running costly read; its slot is given back when this is dropped (the
/// read answered, or its request was dropped at its time limit, when the
/// statement's own time limit stops the database's work too).
pub struct CostlyRead {
    reads: Arc<CostlyReads>,
    owner: OwnerId,
}

impl CostlyReads {
    /// `per_minute` costly reads a user, all of which may come at once; 0: no
    /// such limit (the bound on reads running at once stays).
    pub fn new(per_minute: u32) -> Self {
        Self { running: Mutex::default(), per_minute: KeyedRateLimit::new(per_minute) }
    }

    /// A slot for one costly read of `owner`: 429 when they have
    /// [`COSTLY_READS_PER_USER`] running, or have used their minute's budget.
    pub fn start(self: &Arc<Self>, owner: OwnerId) -> Result<CostlyRead, ApiError> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        let count = running.get(&owner).copied().unwrap_or(0);
        if count >= COSTLY_READS_PER_USER {
            return Err(ApiError::TooManyCostlyReads);
        }
        // Checked after the bound above, so that a read refused for it costs
        // nothing of the budget.
        if let Some(limit) = &self.per_minute {
            limit.check(owner).map_err(|retry_after| ApiError::TooManyRequests { what: "searches and chat history pages", retry_after })?;
        }
        running.insert(owner, count + 1);
        Ok(CostlyRead { reads: self.clone(), owner })
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
        assert!(matches!(reads.start(OwnerId(2)), Err(ApiError::TooManyCostlyReads)));
        let other = reads.start(OwnerId(3)).expect("another user is not held up");
        drop(held);
        assert!(reads.start(OwnerId(2)).is_ok());
        drop(other);
        assert!(reads.running.lock().unwrap().is_empty(), "no entry is kept for users with none running");
    }

    #[test]
    fn each_user_has_a_budget_a_minute_that_refusals_do_not_spend() {
        let reads = Arc::new(CostlyReads::new(3));
        let held: Vec<_> = (0..COSTLY_READS_PER_USER).map(|_| reads.start(OwnerId(2)).unwrap()).collect();
        assert!(matches!(reads.start(OwnerId(2)), Err(ApiError::TooManyCostlyReads)), "two running: refused, budget kept");
        drop(held);
        reads.start(OwnerId(2)).expect("the third of three");
        match reads.start(OwnerId(2)) {
            Err(ApiError::TooManyRequests { retry_after, .. }) => assert!(retry_after.as_secs() <= 20, "{retry_after:?}"),
            Err(other) => panic!("a fourth within the minute: {other:?}"),
            Ok(_) => panic!("a fourth within the minute was allowed"),
        }
        reads.start(OwnerId(3)).expect("another user has a budget of their own");
        assert!(reads.running.lock().unwrap().is_empty(), "a refusal keeps no entry");
    }
}
