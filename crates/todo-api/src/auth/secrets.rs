//! The secrets of accounts: Argon2id password hashes, and the random
//! session and token secrets of which only a SHA-256 is stored.

use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Context;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

/// Password hashes that may run at once, at most (fewer on fewer cores).
const HASHES_AT_ONCE: usize = 4;

/// Argon2id with the `argon2` crate's defaults, which are OWASP's
/// recommendation: 19 MiB of memory, 2 passes, 1 lane. Hashing runs on the
/// blocking pool, a few at a time, each in a working memory kept for the
/// next hash: allocated and freed each time, the 19 MiB stayed in whichever
/// of glibc's per-thread arenas the blocking thread used, and a dozen logins
/// grew the process by 190 MiB for good (issue 16's isolation bench).
#[derive(Clone)]
pub struct Passwords {
    /// One per hash that may run; held until the hash ends, even when the
    /// request that wanted it has gone.
    permits: Arc<Semaphore>,
    /// Working memories not in use; at most one per permit ever exists.
    memories: Arc<Mutex<Vec<Memory>>>,
    /// Verified against when the username is unknown, so that an unknown
    /// user and a wrong password take the same time.
    decoy_hash: Arc<str>,
}

/// Argon2's working memory.
type Memory = Vec<Block>;

impl Passwords {
    pub fn new() -> anyhow::Result<Self> {
        let parallel = std::thread::available_parallelism().map_or(2, usize::from).min(HASHES_AT_ONCE);
        let decoy_hash = hash_in("a password nobody has", &mut Memory::new())?;
        Ok(Self { permits: Arc::new(Semaphore::new(parallel)), memories: Arc::default(), decoy_hash: decoy_hash.into() })
    }

    /// The PHC string of `password` with a fresh salt.
    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let password = password.to_owned();
        self.run(move |memory| hash_in(&password, memory)).await
    }

    /// Whether `password` matches `hash`; with no hash (unknown user) the
    /// decoy is checked and the answer is `false`.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> anyhow::Result<bool> {
        let (password, known) = (password.to_owned(), hash.is_some());
        let hash = hash.map_or_else(|| self.decoy_hash.to_string(), str::to_owned);
        let matches = self.run(move |memory| verify_in(&password, &hash, memory)).await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce(&mut Memory) -> anyhow::Result<T> + Send + 'static) -> anyhow::Result<T> {
        let permit = self.permits.clone().acquire_owned().await.context("password hashing stopped")?;
        let memories = self.memories.clone();
        tokio::task::spawn_blocking(move || {
            let mut memory = memories.lock().unwrap_or_else(PoisonError::into_inner).pop().unwrap_or_default();
            let result = work(&mut memory);
            memories.lock().unwrap_or_else(PoisonError::into_inner).push(memory);
            drop(permit);
            result
        })
        .await
        .context("password hashing task failed")?
    }
}

/// The PHC string of `password` with a fresh salt, hashed in `memory`.
fn hash_in(password: &str, memory: &mut Memory) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let argon2 = Argon2::default();
    let output = hash_output(&argon2, password, salt.as_salt(), Params::DEFAULT_OUTPUT_LEN, memory)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::default().into()),
        params: ParamsString::try_from(argon2.params()).map_err(|e| anyhow::anyhow!("Argon2id parameters: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Whether `password` hashes to the stored PHC string `hash` (compared in
/// constant time), hashed in `memory` with the parameters stored in it.
fn verify_in(password: &str, hash: &str, memory: &mut Memory) -> anyhow::Result<bool> {
    let unreadable = |e: &dyn std::fmt::Display| anyhow::anyhow!("stored password hash is unreadable: {e}");
    let parsed = PasswordHash::new(hash).map_err(|e| unreadable(&e))?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| unreadable(&e))?;
    let version = parsed.version.map(Version::try_from).transpose().map_err(|e| unreadable(&e))?.unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(|e| unreadable(&e))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(unreadable(&"no salt or no hash"));
    };
    let output = hash_output(&Argon2::new(algorithm, version, params), password, salt, expected.len(), memory)?;
    Ok(output == expected)
}

fn hash_output(argon2: &Argon2, password: &str, salt: Salt, len: usize, memory: &mut Memory) -> anyhow::Result<Output> {
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let salt = salt.decode_b64(&mut salt_bytes).map_err(|e| anyhow::anyhow!("password salt: {e}"))?;
    let blocks = argon2.params().block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    Output::init_with(len, |out| Ok(argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, &mut memory[..])?))
        .map_err(|e| anyhow::anyhow!("Argon2id failed: {e}"))
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

    #[test]
    fn hashes_made_by_the_argon2_crate_itself_verify() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"correct horse battery", &salt).unwrap().to_string();
        let mut memory = Memory::new();
        assert!(verify_in("correct horse battery", &theirs, &mut memory).unwrap());
        assert!(!verify_in("correct horse", &theirs, &mut memory).unwrap());
        let ours = hash_in("correct horse battery", &mut memory).unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(verify_in("x", "$argon2id$v=19$m=19456,t=2,p=1$bm90IGEgaGFzaA", &mut memory).is_err(), "no hash part");
    }

    #[tokio::test]
    async fn concurrent_hashes_share_a_few_working_memories() {
        let passwords = Passwords::new().unwrap();
        let mut hashes = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let passwords = passwords.clone();
            hashes.spawn(async move { passwords.verify("a guess", None).await });
        }
        while let Some(verified) = hashes.join_next().await {
            assert!(!verified.unwrap().unwrap());
        }
        let kept = passwords.memories.lock().unwrap().len();
        assert!((1..=HASHES_AT_ONCE).contains(&kept), "{kept} working memories for 8 hashes");
    }
}
