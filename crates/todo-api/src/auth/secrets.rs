//! The secrets of accounts: Argon2id password hashes, and the random
//! session and token secrets of which only a SHA-256 is stored.

use std::sync::Arc;

use anyhow::Context;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64ct::{Base64UrlUnpadded, Encoding};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

/// Session and token secrets start with this, so a leaked one is easy to
/// recognise (and to search for in logs).
const SECRET_PREFIX: &str = "tc_";

/// A new secret for a session or an API token: 256 random bits.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", Base64UrlUnpadded::encode_string(&bytes))
}

/// What the store keeps of a secret: its SHA-256, in hex. A fast hash is
/// right here: the secret is random, so there is nothing to brute-force.
pub fn secret_hash(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// Argon2id with the `argon2` crate's defaults, which are OWASP's
/// recommendation: 19 MiB of memory, 2 passes, 1 lane. Hashing runs on the
/// blocking pool, a few at a time, so that a burst of logins cannot use
/// 19 MiB per request.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified against when the username is unknown, so that an unknown
    /// user and a wrong password take the same time.
    decoy_hash: Arc<str>,
}

impl Passwords {
    pub fn new() -> anyhow::Result<Self> {
        let parallel = std::thread::available_parallelism().map_or(2, usize::from);
        let decoy_hash = hash_now("a password nobody has").context("cannot hash with Argon2id")?;
        Ok(Self { permits: Arc::new(Semaphore::new(parallel)), decoy_hash: decoy_hash.into() })
    }

    /// The PHC string of `password` with a fresh salt.
    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let password = password.to_owned();
        self.run(move || hash_now(&password)).await
    }

    /// Whether `password` matches `hash`; with no hash (unknown user) the
    /// decoy is checked and the answer is `false`.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> anyhow::Result<bool> {
        let (password, known) = (password.to_owned(), hash.is_some());
        let hash = hash.map_or_else(|| self.decoy_hash.to_string(), str::to_owned);
        let matches = self
            .run(move || {
                let parsed = PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored password hash is unreadable: {e}"))?;
                Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            })
            .await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> anyhow::Result<T> + Send + 'static) -> anyhow::Result<T> {
        let _permit = self.permits.acquire().await.context("password hashing stopped")?;
        tokio::task::spawn_blocking(work).await.context("password hashing task failed")?
    }
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default().hash_password(password.as_bytes(), &salt).map_err(|e| anyhow::anyhow!("Argon2id failed: {e}"))?;
    Ok(hash.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_prefixed_and_hashed_one_way() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(a.starts_with("tc_") && a.len() == 3 + 43, "{a}");
        assert_eq!(secret_hash(&a), secret_hash(&a));
        assert_ne!(secret_hash(&a), secret_hash(&b));
        assert_eq!(secret_hash(&a).len(), 64);
        assert!(!secret_hash(&a).contains(&a[3..]));
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let passwords = Passwords::new().unwrap();
        let hash = passwords.hash("correct horse battery").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(passwords.verify("correct horse battery", Some(&hash)).await.unwrap());
        assert!(!passwords.verify("correct horse battery!", Some(&hash)).await.unwrap());
        assert!(!passwords.verify("a password nobody has", None).await.unwrap(), "the decoy never lets anyone in");
        assert_ne!(hash, passwords.hash("correct horse battery").await.unwrap(), "a fresh salt each time");
    }
}
