//! What an account is made of: a username and a password strong enough to
//! keep. Validated once, where input enters; hashing is the server's job.

use crate::ValidationErrors;

pub const USERNAME_MIN_CHARS: usize = 3;
pub const USERNAME_MAX_CHARS: usize = 64;
pub const PASSWORD_MIN_CHARS: usize = 10;
/// Long enough for any passphrase or generated password; bounds the hashing work.
pub const PASSWORD_MAX_CHARS: usize = 256;

const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// 3–64 characters of `a-z`, `0-9`, `.`, `_`, `-`, stored lowercased, so
/// "Alice" and "alice" are one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim().to_lowercase();
        let chars = name.chars().count();
        if !(USERNAME_MIN_CHARS..=USERNAME_MAX_CHARS).contains(&chars) {
            return Err(format!("must be {USERNAME_MIN_CHARS}–{USERNAME_MAX_CHARS} characters (got {chars})"));
        }
        if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')) {
            return Err("may contain only letters a–z, digits, '.', '_' and '-'".into());
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password to set: at least 10 characters, not a well-known one, not the
/// username. Never logged or shown (no `Debug` of the text).
pub struct NewPassword(String);

impl NewPassword {
    /// `username` as typed: a password containing it is refused even when
    /// the username itself is not valid yet.
    pub fn parse(raw: &str, username: &str) -> Result<Self, String> {
        let chars = raw.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            return Err(format!("must be at least {PASSWORD_MIN_CHARS} characters (got {chars})"));
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(format!("must be at most {PASSWORD_MAX_CHARS} characters (got {chars})"));
        }
        let lowered = raw.to_lowercase();
        let username = username.trim().to_lowercase();
        if username.chars().count() >= USERNAME_MIN_CHARS && lowered.contains(&username) {
            return Err("must not contain the username".into());
        }
        if is_common_password(&lowered) {
            return Err("is one of the most common passwords; choose another".into());
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

fn is_common_password(lowered: &str) -> bool {
    COMMON_PASSWORDS.lines().filter(|l| !l.starts_with('#')).any(|common| common.eq_ignore_ascii_case(lowered))
}

/// Username and password of a sign-up, each error under its field.
pub fn parse_signup(username: &str, password: &str) -> Result<(Username, NewPassword), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let parsed_username = errors.check("username", Username::parse(username));
    let password = errors.check("password", NewPassword::parse(password, username));
    match (parsed_username, password) {
        (Some(username), Some(password)) => Ok((username, password)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lowercased_and_limited() {
        assert_eq!(Username::parse(" Alice ").unwrap().as_str(), "alice");
        assert_eq!(Username::parse("eval-1a2b.c_d").unwrap().as_str(), "eval-1a2b.c_d");
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse(&"a".repeat(65)).is_err());
        assert!(Username::parse(&"a".repeat(64)).is_ok());
        for bad in ["al ice", "al<ice>", "ålice", "alice\0", "a/b/c", "alice@example.com"] {
            assert!(Username::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        let alice = "Alice";
        assert!(NewPassword::parse("short", alice).unwrap_err().contains("at least 10"));
        assert!(NewPassword::parse("Password123", alice).unwrap_err().contains("common"));
        assert!(NewPassword::parse("QWERTYUIOP", alice).unwrap_err().contains("common"));
        assert!(NewPassword::parse("my-Alice-secret", alice).unwrap_err().contains("username"));
        assert!(NewPassword::parse(&"x".repeat(257), alice).is_err());
        assert!(NewPassword::parse("correct horse battery", alice).is_ok());
        assert!(NewPassword::parse("ünïcödé pässwörd", alice).is_ok());
    }

    #[test]
    fn the_common_list_holds_only_passwords_long_enough_to_matter() {
        let entries: Vec<&str> = COMMON_PASSWORDS.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(entries.len() > 50);
        assert!(entries.iter().all(|p| p.chars().count() >= PASSWORD_MIN_CHARS), "shorter ones are refused by length anyway");
    }

    #[test]
    fn a_signup_names_every_bad_field() {
        let errors = parse_signup("x", "y").unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["username", "password"]);
        let errors = parse_signup("alice", "1234567890").unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].field, "password");
        assert!(format!("{:?}", parse_signup("alice", "a long secret phrase").unwrap().1).contains('…'));
    }
}
