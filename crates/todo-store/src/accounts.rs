//! Accounts and their credentials (login sessions, personal API tokens).
//!
//! The store never sees a secret: callers pass the SHA-256 of a session or
//! token secret, and the Argon2id hash of a password.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use todo_core::{OwnerId, Username};

use crate::StoreError;

/// An account. Its id is the owner id of everything it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: OwnerId,
    pub username: String,
    pub created_at: DateTime<Utc>,
}

/// What a credential is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// A login: expires when idle and at an absolute time.
    Session,
    /// A personal API token for scripts and MCP clients: valid until revoked
    /// or its expiry, if it has one.
    ApiToken,
}

impl CredentialKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::ApiToken => "token",
        }
    }
}

/// A stored credential (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub id: i64,
    pub kind: CredentialKind,
    pub name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A credential to store.
#[derive(Debug, Clone)]
pub struct NewCredential<'a> {
    pub kind: CredentialKind,
    pub name: Option<&'a str>,
    /// Hex SHA-256 of the secret handed to the client.
    pub secret_hash: &'a str,
    pub expires_at: Option<DateTime<Utc>>,
}

/// `last_used_at` is written at most this often, so that authenticating a
/// request is a read, not a write, nearly always; and at least ten times per
/// idle timeout, so that a short one does not end a session in use.
const LAST_USED_GRANULARITY: Duration = Duration::seconds(60);

impl Credential {
    /// Whether it still lets its holder in at `now`; a session also ends
    /// after `session_idle` without use.
    pub fn is_valid_at(&self, now: DateTime<Utc>, session_idle: Duration) -> bool {
        let before_expiry = self.expires_at.is_none_or(|at| now < at);
        let recently_used = self.kind != CredentialKind::Session || now - self.last_used_at < session_idle;
        before_expiry && recently_used
    }

    /// Whether a use at `now` must be recorded (see `LAST_USED_GRANULARITY`).
    pub fn needs_touch(&self, now: DateTime<Utc>, session_idle: Duration) -> bool {
        now - self.last_used_at >= LAST_USED_GRANULARITY.min(session_idle / 10)
    }
}

/// Accounts, and credentials always scoped by their user.
#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// A new account; `Conflict` when the username is taken.
    async fn create_user(&self, username: &Username, password_hash: &str, now: DateTime<Utc>) -> Result<User, StoreError>;

    /// The account and its password hash, for a login.
    async fn find_login(&self, username: &Username) -> Result<Option<(User, String)>, StoreError>;

    /// Stores a credential for `user`, and forgets that user's expired sessions.
    async fn issue_credential(&self, user: OwnerId, new: &NewCredential<'_>, now: DateTime<Utc>) -> Result<Credential, StoreError>;

    /// The user and credential a secret's hash stands for, when it is still
    /// valid (see [`Credential::is_valid_at`]); records the use when due
    /// (see [`Credential::needs_touch`]), and returns the credential as recorded.
    async fn authenticate(
        &self,
        secret_hash: &str,
        now: DateTime<Utc>,
        session_idle: Duration,
    ) -> Result<Option<(User, Credential)>, StoreError>;

    /// The user's credentials of one kind, newest first.
    async fn credentials(&self, user: OwnerId, kind: CredentialKind) -> Result<Vec<Credential>, StoreError>;

    /// One of the user's credentials, while it is stored (valid or not).
    async fn credential(&self, user: OwnerId, id: i64) -> Result<Option<Credential>, StoreError>;

    /// Revokes one of the user's credentials of `kind`; `NotFound` if the
    /// user has no such credential. Wakes the user's watchers (see
    /// `TodoStore::changes`) on every process, so that an event stream
    /// opened with it ends.
    async fn revoke_credential(&self, user: OwnerId, kind: CredentialKind, id: i64) -> Result<(), StoreError>;

    /// Revokes every session and token of the user ("log out everywhere");
    /// returns how many. Wakes the user's watchers as `revoke_credential` does.
    async fn revoke_all_credentials(&self, user: OwnerId) -> Result<u64, StoreError>;
}

/// A `credentials` row joined with its user.
#[derive(sqlx::FromRow)]
pub(crate) struct CredentialRow {
    id: i64,
    kind: String,
    name: Option<String>,
    created_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
}

pub(crate) const CREDENTIAL_COLUMNS: &str = "id, kind, name, created_at, last_used_at, expires_at";

impl From<CredentialRow> for Credential {
    fn from(row: CredentialRow) -> Self {
        Self {
            id: row.id,
            kind: if row.kind == CredentialKind::Session.as_str() { CredentialKind::Session } else { CredentialKind::ApiToken },
            name: row.name,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            expires_at: row.expires_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    username: String,
    created_at: DateTime<Utc>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        Self { id: OwnerId(row.id), username: row.username, created_at: row.created_at }
    }
}

/// Implements `AccountStore` for `$store` (see `impl_todo_store!`: the same
/// `reader()` / `writer()` pools).
macro_rules! impl_account_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::AccountStore for $store {
            async fn create_user(
                &self,
                username: &todo_core::Username,
                password_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::User, $crate::StoreError> {
                let row: $crate::accounts::UserRow = sqlx::query_as(
                    "INSERT INTO users (username, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id, username, created_at",
                )
                .bind(username.as_str())
                .bind(password_hash)
                .bind(now)
                .fetch_one(self.writer())
                .await
                .map_err(|err| match &err {
                    sqlx::Error::Database(db) if db.is_unique_violation() => $crate::StoreError::Conflict,
                    _ => err.into(),
                })?;
                Ok(row.into())
            }

            async fn find_login(&self, username: &todo_core::Username) -> Result<Option<($crate::User, String)>, $crate::StoreError> {
                let row: Option<(i64, String, chrono::DateTime<chrono::Utc>, String)> =
                    sqlx::query_as("SELECT id, username, created_at, password_hash FROM users WHERE username = $1")
                        .bind(username.as_str())
                        .fetch_optional(self.reader())
                        .await?;
                Ok(row.map(|(id, username, created_at, hash)| ($crate::User { id: todo_core::OwnerId(id), username, created_at }, hash)))
            }

            async fn issue_credential(
                &self,
                user: todo_core::OwnerId,
                new: &$crate::NewCredential<'_>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::Credential, $crate::StoreError> {
                let mut tx = $crate::sql::begin(self.writer()).await?;
                sqlx::query("DELETE FROM credentials WHERE user_id = $1 AND expires_at <= $2")
                    .bind(user.0)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                let row: $crate::accounts::CredentialRow = sqlx::query_as(&format!(
                    "INSERT INTO credentials (user_id, kind, name, secret_hash, created_at, last_used_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING {}",
                    $crate::accounts::CREDENTIAL_COLUMNS
                ))
                .bind(user.0)
                .bind(new.kind.as_str())
                .bind(new.name)
                .bind(new.secret_hash)
                .bind(now)
                .bind(new.expires_at)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(row.into())
            }

            async fn authenticate(
                &self,
                secret_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
                session_idle: chrono::Duration,
            ) -> Result<Option<($crate::User, $crate::Credential)>, $crate::StoreError> {
                #[derive(sqlx::FromRow)]
                struct Found {
                    #[sqlx(flatten)]
                    credential: $crate::accounts::CredentialRow,
                    user_id: i64,
                    username: String,
                    user_created_at: chrono::DateTime<chrono::Utc>,
                }
                let found: Option<Found> = sqlx::query_as(
                    "SELECT c.id, c.kind, c.name, c.created_at, c.last_used_at, c.expires_at, \
                     u.id AS user_id, u.username, u.created_at AS user_created_at \
                     FROM credentials c JOIN users u ON u.id = c.user_id WHERE c.secret_hash = $1",
                )
                .bind(secret_hash)
                .fetch_optional(self.reader())
                .await?;
                let Some(found) = found else { return Ok(None) };
                let mut credential = $crate::Credential::from(found.credential);
                if !credential.is_valid_at(now, session_idle) {
                    return Ok(None);
                }
                if credential.needs_touch(now, session_idle) {
                    sqlx::query("UPDATE credentials SET last_used_at = $1 WHERE id = $2")
                        .bind(now)
                        .bind(credential.id)
                        .execute(self.writer())
                        .await?;
                    credential.last_used_at = now;
                }
                let user =
                    $crate::User { id: todo_core::OwnerId(found.user_id), username: found.username, created_at: found.user_created_at };
                Ok(Some((user, credential)))
            }

            async fn credentials(
                &self,
                user: todo_core::OwnerId,
                kind: $crate::CredentialKind,
            ) -> Result<Vec<$crate::Credential>, $crate::StoreError> {
                let rows: Vec<$crate::accounts::CredentialRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM credentials WHERE user_id = $1 AND kind = $2 ORDER BY id DESC",
                    $crate::accounts::CREDENTIAL_COLUMNS
                ))
                .bind(user.0)
                .bind(kind.as_str())
                .fetch_all(self.reader())
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn credential(&self, user: todo_core::OwnerId, id: i64) -> Result<Option<$crate::Credential>, $crate::StoreError> {
                let row: Option<$crate::accounts::CredentialRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM credentials WHERE user_id = $1 AND id = $2",
                    $crate::accounts::CREDENTIAL_COLUMNS
                ))
                .bind(user.0)
                .bind(id)
                .fetch_optional(self.reader())
                .await?;
                Ok(row.map(Into::into))
            }

            async fn revoke_credential(
                &self,
                user: todo_core::OwnerId,
                kind: $crate::CredentialKind,
                id: i64,
            ) -> Result<(), $crate::StoreError> {
                let done = sqlx::query("DELETE FROM credentials WHERE user_id = $1 AND kind = $2 AND id = $3")
                    .bind(user.0)
                    .bind(kind.as_str())
                    .bind(id)
                    .execute(self.writer())
                    .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::NotFound);
                }
                self.wake_everywhere(user).await
            }

            async fn revoke_all_credentials(&self, user: todo_core::OwnerId) -> Result<u64, $crate::StoreError> {
                let done = sqlx::query("DELETE FROM credentials WHERE user_id = $1").bind(user.0).execute(self.writer()).await?;
                self.wake_everywhere(user).await?;
                Ok(done.rows_affected())
            }
        }
    };
}

pub(crate) use impl_account_store;

#[cfg(test)]
mod tests {
    use super::*;

    fn credential(kind: CredentialKind, last_used_mins_ago: i64, expires_in_mins: Option<i64>) -> (Credential, DateTime<Utc>) {
        let now = DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z").unwrap().with_timezone(&Utc);
        let credential = Credential {
            id: 1,
            kind,
            name: None,
            created_at: now - Duration::days(1),
            last_used_at: now - Duration::minutes(last_used_mins_ago),
            expires_at: expires_in_mins.map(|m| now + Duration::minutes(m)),
        };
        (credential, now)
    }

    #[test]
    fn a_session_ends_when_idle_or_expired() {
        let idle = Duration::minutes(30);
        let (fresh, now) = credential(CredentialKind::Session, 5, Some(60));
        assert!(fresh.is_valid_at(now, idle));
        let (idle_too_long, now) = credential(CredentialKind::Session, 31, Some(60));
        assert!(!idle_too_long.is_valid_at(now, idle));
        let (expired, now) = credential(CredentialKind::Session, 1, Some(0));
        assert!(!expired.is_valid_at(now, idle));
    }

    #[test]
    fn an_api_token_does_not_idle_out() {
        let (token, now) = credential(CredentialKind::ApiToken, 60 * 24 * 365, None);
        assert!(token.is_valid_at(now, Duration::minutes(30)));
    }

    #[test]
    fn use_is_recorded_at_most_once_a_minute() {
        let week = Duration::days(7);
        let (recent, now) = credential(CredentialKind::Session, 0, None);
        assert!(!recent.needs_touch(now, week));
        let (stale, now) = credential(CredentialKind::Session, 2, None);
        assert!(stale.needs_touch(now, week));
    }

    #[test]
    fn use_is_recorded_ten_times_per_short_idle_timeout() {
        let (used, now) = credential(CredentialKind::Session, 0, None);
        let used_a_second_ago = Credential { last_used_at: now - Duration::seconds(1), ..used };
        assert!(used_a_second_ago.needs_touch(now, Duration::seconds(10)));
        assert!(!used_a_second_ago.needs_touch(now, Duration::seconds(20)));
    }
}
