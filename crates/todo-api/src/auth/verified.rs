//! Credentials verified against the store in the last few seconds
//! (`AUTH_CACHE_TTL`), so that a request with a session cookie or a Bearer
//! token is not a database read each time.
//!
//! Revocation: a revoke, logout or "log out everywhere" on this replica
//! forgets the credentials it ends before it answers, so they stop working
//! here at once. Another replica keeps using what it verified until its entry
//! is `AUTH_CACHE_TTL` old, then asks the store again: that is the bound on
//! how long a revoked credential may still work elsewhere. Expiry and the idle
//! timeout are checked on every hit, and a session due for its once-a-minute
//! use record goes to the store, which writes it.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use todo_core::OwnerId;
use todo_store::{Credential, User};

/// Entries kept at most; past it, expired ones are dropped, then all. Each is
/// about 300 bytes, so this caps the cache near 6 MB.
const MAX_ENTRIES: usize = 20_000;

/// The verified credentials of this process, by the SHA-256 of their secret.
pub struct VerifiedCredentials {
    ttl: Duration,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    /// Raised by every forget: a lookup that began before a forget must not
    /// store what it read, which may be the credential just revoked.
    generation: u64,
}

struct Entry {
    user: User,
    credential: Credential,
    verified: Instant,
}

/// Where a store lookup began, for [`VerifiedCredentials::remember`].
#[derive(Debug, Clone, Copy)]
pub struct Generation(u64);

impl VerifiedCredentials {
    /// Entries live `ttl`; zero keeps none (every request asks the store).
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, inner: Mutex::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The account and credential of `hash` when verified less than the TTL
    /// ago, still valid at `now`, and not due for a use record; otherwise the
    /// generation to pass to [`remember`](Self::remember) after asking the store.
    pub fn recall(&self, hash: &str, now: DateTime<Utc>, session_idle: chrono::Duration) -> Result<(User, Credential), Generation> {
        let inner = self.lock();
        match inner.entries.get(hash) {
            Some(entry)
                if entry.verified.elapsed() < self.ttl
                    && entry.credential.is_valid_at(now, session_idle)
                    && !entry.credential.needs_touch(now, session_idle) =>
            {
                Ok((entry.user.clone(), entry.credential.clone()))
            }
            _ => Err(Generation(inner.generation)),
        }
    }

    /// Keeps what the store just verified, unless something was forgotten
    /// since the lookup began at `since`.
    pub fn remember(&self, hash: String, user: &User, credential: &Credential, since: Generation) {
        if self.ttl.is_zero() {
            return;
        }
        let mut inner = self.lock();
        if inner.generation != since.0 {
            return;
        }
        if inner.entries.len() >= MAX_ENTRIES && !inner.entries.contains_key(&hash) {
            let ttl = self.ttl;
            inner.entries.retain(|_, entry| entry.verified.elapsed() < ttl);
            if inner.entries.len() >= MAX_ENTRIES {
                inner.entries.clear();
            }
        }
        inner.entries.insert(hash, Entry { user: user.clone(), credential: credential.clone(), verified: Instant::now() });
    }

    /// Forgets one credential (revoked, or logged out with).
    pub fn forget_credential(&self, id: i64) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.retain(|_, entry| entry.credential.id != id);
    }

    /// Forgets every credential of `user` ("log out everywhere").
    pub fn forget_user(&self, user: OwnerId) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.retain(|_, entry| entry.user.id != user);
    }
}

#[cfg(test)]
mod tests {
    use todo_store::CredentialKind;

    use super::*;

    fn account(user: i64, credential: i64, now: DateTime<Utc>) -> (User, Credential) {
        let user = User { id: OwnerId(user), username: format!("user{user}"), created_at: now };
        let credential =
            Credential { id: credential, kind: CredentialKind::ApiToken, name: None, created_at: now, last_used_at: now, expires_at: None };
        (user, credential)
    }

    const IDLE: chrono::Duration = chrono::Duration::days(7);

    #[test]
    fn a_verified_credential_is_recalled_until_forgotten() {
        let cache = VerifiedCredentials::new(Duration::from_secs(60));
        let now = Utc::now();
        let (user, credential) = account(2, 10, now);
        let since = cache.recall("h", now, IDLE).unwrap_err();
        cache.remember("h".into(), &user, &credential, since);
        assert_eq!(cache.recall("h", now, IDLE).unwrap().1.id, 10);
        cache.forget_credential(10);
        assert!(cache.recall("h", now, IDLE).is_err());

        let since = cache.recall("h", now, IDLE).unwrap_err();
        cache.remember("h".into(), &user, &credential, since);
        cache.forget_user(OwnerId(3));
        assert!(cache.recall("h", now, IDLE).is_ok(), "another user's logout leaves it");
        cache.forget_user(OwnerId(2));
        assert!(cache.recall("h", now, IDLE).is_err());
    }

    #[test]
    fn a_lookup_that_began_before_a_revoke_is_not_kept() {
        let cache = VerifiedCredentials::new(Duration::from_secs(60));
        let now = Utc::now();
        let (user, credential) = account(2, 10, now);
        let since = cache.recall("h", now, IDLE).unwrap_err();
        cache.forget_credential(10);
        cache.remember("h".into(), &user, &credential, since);
        assert!(cache.recall("h", now, IDLE).is_err());
    }

    #[test]
    fn nothing_is_kept_with_a_zero_ttl_and_expiry_is_checked_on_each_hit() {
        let now = Utc::now();
        let (user, credential) = account(2, 10, now);
        let off = VerifiedCredentials::new(Duration::ZERO);
        let since = off.recall("h", now, IDLE).unwrap_err();
        off.remember("h".into(), &user, &credential, since);
        assert!(off.recall("h", now, IDLE).is_err());

        let cache = VerifiedCredentials::new(Duration::from_secs(60));
        let expiring = Credential { expires_at: Some(now + chrono::Duration::seconds(1)), ..credential };
        let since = cache.recall("h", now, IDLE).unwrap_err();
        cache.remember("h".into(), &user, &expiring, since);
        assert!(cache.recall("h", now, IDLE).is_ok());
        assert!(cache.recall("h", now + chrono::Duration::seconds(1), IDLE).is_err());
    }
}
