//! The per-user limit on chat turns (`CHAT_RATE_LIMIT`): a chat turn costs
//! the server more than any other request, so one account sending messages
//! in a loop could take the time the others need. The same kind of limit,
//! keyed by client address, guards the calendar feed, which needs no login.
//! Kept in memory: each replica counts its own.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use todo_core::OwnerId;

/// Past this many users, entries that have fully recovered are dropped.
const PRUNE_ABOVE_KEYS: usize = 10_000;

/// So many requests a minute for each key (a user, an address).
pub struct KeyedRateLimit<K: Hash + Eq + Clone> {
    by_key: DefaultKeyedRateLimiter<K>,
}

/// Chat turns, per user.
pub type ChatRateLimit = KeyedRateLimit<OwnerId>;

impl<K: Hash + Eq + Clone> KeyedRateLimit<K> {
    /// `per_minute` requests a key, all of which may come at once; `None` for 0 (off).
    pub fn new(per_minute: u32) -> Option<Self> {
        let per_minute = NonZeroU32::new(per_minute)?;
        Some(Self { by_key: RateLimiter::keyed(Quota::per_minute(per_minute)) })
    }

    /// Counts one request of `key`; `Err(wait)` when over the limit.
    pub fn check(&self, key: K) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        self.by_key.check_key(&key).map_err(|not_until| not_until.wait_time_from(now))?;
        if self.by_key.len() > PRUNE_ABOVE_KEYS {
            self.by_key.retain_recent();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_user_has_a_budget_of_their_own_and_zero_is_off() {
        assert!(ChatRateLimit::new(0).is_none());
        let limit = ChatRateLimit::new(2).unwrap();
        limit.check(OwnerId(2)).unwrap();
        limit.check(OwnerId(2)).unwrap();
        let wait = limit.check(OwnerId(2)).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(30), "{wait:?}");
        limit.check(OwnerId(3)).unwrap();
    }
}
