//! Limits on sign-up and login attempts that make guessing passwords slow
//! without letting anyone lock an account's owner out:
//!
//! - failed logins for one username from one client address make that pair's
//!   next attempts wait, longer after each failure (up to [`MAX_DELAY`]); the
//!   owner logging in from another address is not slowed;
//! - one client address gets `AUTH_ATTEMPTS_PER_MINUTE`, then 429;
//! - all attempts together get `AUTH_ATTEMPTS_GLOBAL_PER_MINUTE`, then 429:
//!   the ceiling on what many addresses at once can try (and on the CPU
//!   that password hashing takes).
//!
//! Kept in memory: each replica counts its own.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Past this many keys, entries that have fully recovered are dropped.
const PRUNE_ABOVE_KEYS: usize = 10_000;
/// Failed logins of a username and address that cost nothing (typos).
const FREE_FAILURES: u32 = 3;
/// The wait after the first failure past the free ones; it doubles with each.
const FIRST_DELAY: Duration = Duration::from_millis(250);
/// The longest wait: well within any request timeout.
pub const MAX_DELAY: Duration = Duration::from_secs(8);
/// Failures older than this are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);

/// Failed logins of one username from one address.
#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

type FailureKey = (String, Option<IpAddr>);

pub struct AttemptLimits {
    global: DefaultDirectRateLimiter,
    by_ip: DefaultKeyedRateLimiter<IpAddr>,
    failures: Mutex<HashMap<FailureKey, Failures>>,
}

impl AttemptLimits {
    /// `per_ip` attempts a minute from one address, `global` from all; each
    /// budget may be spent at once.
    pub fn new(per_ip: NonZeroU32, global: NonZeroU32) -> Self {
        Self {
            global: RateLimiter::direct(Quota::per_minute(global)),
            by_ip: RateLimiter::keyed(Quota::per_minute(per_ip)),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one attempt. `Err(wait)` past the address's limit or the global
    /// ceiling; else `Ok(delay)`: how long to wait before checking the
    /// password, from this username's recent failures from this address. An
    /// unknown address (no peer) counts under the username alone.
    pub fn admit(&self, ip: Option<IpAddr>, username: &str) -> Result<Duration, Duration> {
        let now = DefaultClock::default().now();
        if let Some(ip) = ip {
            self.by_ip.check_key(&ip).map_err(|not_until| not_until.wait_time_from(now))?;
        }
        self.global.check().map_err(|not_until| not_until.wait_time_from(now))?;
        if self.by_ip.len() > PRUNE_ABOVE_KEYS {
            self.by_ip.retain_recent();
        }
        let failures = self.failures.lock().expect("not poisoned");
        Ok(failures.get(&key(ip, username)).map_or(Duration::ZERO, |f| delay_after(f.count, f.last.elapsed())))
    }

    /// A failed login: the next attempts of this username from this address wait longer.
    pub fn failed(&self, ip: Option<IpAddr>, username: &str) {
        let mut failures = self.failures.lock().expect("not poisoned");
        if failures.len() > PRUNE_ABOVE_KEYS {
            failures.retain(|_, f| f.last.elapsed() < FORGET_AFTER);
        }
        let now = Instant::now();
        let entry = failures.entry(key(ip, username)).or_insert(Failures { count: 0, last: now });
        if entry.last.elapsed() >= FORGET_AFTER {
            entry.count = 0;
        }
        *entry = Failures { count: entry.count.saturating_add(1), last: now };
    }

    /// A successful login: its username and address start afresh.
    pub fn succeeded(&self, ip: Option<IpAddr>, username: &str) {
        self.failures.lock().expect("not poisoned").remove(&key(ip, username));
    }
}

fn key(ip: Option<IpAddr>, username: &str) -> FailureKey {
    (username.trim().to_lowercase(), ip)
}

/// The wait after `count` failures, the last one `since` ago.
fn delay_after(count: u32, since: Duration) -> Duration {
    if count < FREE_FAILURES || since >= FORGET_AFTER {
        return Duration::ZERO;
    }
    let doublings = (count - FREE_FAILURES).min(16);
    (FIRST_DELAY * 2u32.pow(doublings)).min(MAX_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_ip: u32, global: u32) -> AttemptLimits {
        AttemptLimits::new(NonZeroU32::new(per_ip).unwrap(), NonZeroU32::new(global).unwrap())
    }

    #[test]
    fn the_wait_doubles_after_the_free_failures_up_to_a_ceiling() {
        let waits: Vec<Duration> = (0..10).map(|count| delay_after(count, Duration::ZERO)).collect();
        assert_eq!(waits[..3], [Duration::ZERO; 3]);
        assert_eq!(waits[3], FIRST_DELAY);
        assert_eq!(waits[4], FIRST_DELAY * 2);
        assert_eq!(waits[9], MAX_DELAY);
        assert_eq!(delay_after(u32::MAX, Duration::ZERO), MAX_DELAY);
        assert_eq!(delay_after(9, FORGET_AFTER), Duration::ZERO, "old failures are forgotten");
    }

    #[test]
    fn failures_slow_their_username_and_address_only_until_a_success() {
        let limits = limits(1000, 1000);
        let attacker: IpAddr = "192.0.2.1".parse().unwrap();
        let owner: IpAddr = "198.51.100.7".parse().unwrap();
        for _ in 0..5 {
            limits.failed(Some(attacker), "alice");
        }
        assert_eq!(limits.admit(Some(attacker), "Alice").unwrap(), FIRST_DELAY * 4, "usernames are counted case-insensitively");
        assert_eq!(limits.admit(Some(owner), "alice").unwrap(), Duration::ZERO, "the owner elsewhere is not slowed");
        assert_eq!(limits.admit(Some(attacker), "bob").unwrap(), Duration::ZERO);
        limits.succeeded(Some(attacker), "alice");
        assert_eq!(limits.admit(Some(attacker), "alice").unwrap(), Duration::ZERO);
    }

    #[test]
    fn an_address_and_all_of_them_together_have_a_budget() {
        let limits = limits(2, 3);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        limits.admit(Some(ip), "a").unwrap();
        limits.admit(Some(ip), "b").unwrap();
        let wait = limits.admit(Some(ip), "c").unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(30), "{wait:?}");
        limits.admit(Some("192.0.2.2".parse().unwrap()), "d").unwrap();
        assert!(limits.admit(Some("192.0.2.3".parse().unwrap()), "e").is_err(), "the global ceiling");
    }
}
