//! Limits on sign-up and login attempts, per client IP and per username, so
//! that guessing passwords is slow. Kept in memory: each replica counts its
//! own, which still bounds an attacker to replicas × the limit.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Past this many keys, entries that have fully recovered are dropped.
const PRUNE_ABOVE_KEYS: usize = 10_000;

pub struct AttemptLimits {
    by_ip: DefaultKeyedRateLimiter<IpAddr>,
    by_username: DefaultKeyedRateLimiter<String>,
}

impl AttemptLimits {
    /// `per_minute` attempts, all of which may come at once.
    pub fn new(per_minute: NonZeroU32) -> Self {
        let quota = Quota::per_minute(per_minute);
        Self { by_ip: RateLimiter::keyed(quota), by_username: RateLimiter::keyed(quota) }
    }

    /// Counts one attempt; `Err(wait)` when the IP or the username is over
    /// its limit. An unknown IP (no peer address) counts under the username only.
    pub fn attempt(&self, ip: Option<IpAddr>, username: &str) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        if let Some(ip) = ip {
            self.by_ip.check_key(&ip).map_err(|not_until| not_until.wait_time_from(now))?;
        }
        let username = username.trim().to_lowercase();
        self.by_username.check_key(&username).map_err(|not_until| not_until.wait_time_from(now))?;
        if self.by_ip.len() > PRUNE_ABOVE_KEYS || self.by_username.len() > PRUNE_ABOVE_KEYS {
            self.by_ip.retain_recent();
            self.by_username.retain_recent();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_ip_and_each_username_has_its_own_budget() {
        let limits = AttemptLimits::new(NonZeroU32::new(3).unwrap());
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for name in ["alice", "bob", "carol"] {
            limits.attempt(Some(ip), name).unwrap();
        }
        let wait = limits.attempt(Some(ip), "dave").unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(20), "{wait:?}");

        for i in 0..3 {
            limits.attempt(Some(IpAddr::from([198, 51, 100, i])), "Eve").unwrap();
        }
        assert!(limits.attempt(Some("203.0.113.9".parse().unwrap()), "eve").is_err(), "usernames are counted case-insensitively");
        limits.attempt(None, "frank").unwrap();
    }
}
