//! A user's calendar feed (its token's hash) and imports of todos, which
//! remember what each item of a file created so a second import of the same
//! file adds nothing.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use todo_core::{NewTodo, OwnerId};

use crate::StoreError;

/// A user's calendar feed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeed {
    pub created_at: DateTime<Utc>,
}

/// One todo of an imported file.
#[derive(Debug, Clone)]
pub struct ImportItem {
    /// Names the item in its file (a UID, an exported id, a row's content):
    /// the same item imported again is skipped.
    pub import_id: String,
    pub todo: NewTodo,
    /// When it was completed, if it is (default: the time of the import).
    pub completed_at: Option<DateTime<Utc>>,
}

/// What an import did with each item, in the order given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportResult {
    Created {
        id: i64,
    },
    /// An earlier import, or an earlier item of this one, has the same import id.
    AlreadyImported,
}

#[async_trait]
pub trait CalendarStore: Send + Sync + 'static {
    /// Gives the owner a feed with this token hash, replacing the token of
    /// the one they have (which then opens nothing).
    async fn replace_calendar_feed(&self, owner: OwnerId, token_hash: &str, now: DateTime<Utc>) -> Result<CalendarFeed, StoreError>;

    async fn calendar_feed(&self, owner: OwnerId) -> Result<Option<CalendarFeed>, StoreError>;

    /// Revokes the owner's feed; `NotFound` if they have none.
    async fn delete_calendar_feed(&self, owner: OwnerId) -> Result<(), StoreError>;

    /// Whose feed a token hash opens.
    async fn calendar_feed_owner(&self, token_hash: &str) -> Result<Option<OwnerId>, StoreError>;

    /// Creates the items not imported before, all in one transaction:
    /// `TodoLimit` (and nothing created) when they do not all fit.
    async fn import(&self, owner: OwnerId, items: &[ImportItem], now: DateTime<Utc>) -> Result<Vec<ImportResult>, StoreError>;
}

/// Implements `CalendarStore` for `$store` (see `impl_todo_store!`: the same
/// pools, and its `insert_todo`).
macro_rules! impl_calendar_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::CalendarStore for $store {
            async fn replace_calendar_feed(
                &self,
                owner: todo_core::OwnerId,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::CalendarFeed, $crate::StoreError> {
                sqlx::query(
                    "INSERT INTO calendar_feeds (owner_id, token_hash, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (owner_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
                )
                .bind(owner.0)
                .bind(token_hash)
                .bind(now)
                .execute(self.writer())
                .await?;
                Ok($crate::CalendarFeed { created_at: now })
            }

            async fn calendar_feed(&self, owner: todo_core::OwnerId) -> Result<Option<$crate::CalendarFeed>, $crate::StoreError> {
                let created: Option<chrono::DateTime<chrono::Utc>> =
                    sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE owner_id = $1")
                        .bind(owner.0)
                        .fetch_optional(self.reader())
                        .await?;
                Ok(created.map(|created_at| $crate::CalendarFeed { created_at }))
            }

            async fn delete_calendar_feed(&self, owner: todo_core::OwnerId) -> Result<(), $crate::StoreError> {
                let done = sqlx::query("DELETE FROM calendar_feeds WHERE owner_id = $1").bind(owner.0).execute(self.writer()).await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::NotFound);
                }
                Ok(())
            }

            async fn calendar_feed_owner(&self, token_hash: &str) -> Result<Option<todo_core::OwnerId>, $crate::StoreError> {
                let owner: Option<i64> = sqlx::query_scalar("SELECT owner_id FROM calendar_feeds WHERE token_hash = $1")
                    .bind(token_hash)
                    .fetch_optional(self.reader())
                    .await?;
                Ok(owner.map(todo_core::OwnerId))
            }

            async fn import(
                &self,
                owner: todo_core::OwnerId,
                items: &[$crate::ImportItem],
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::ImportResult>, $crate::StoreError> {
                use $crate::ImportResult;
                let mut tx = $crate::sql::begin(self.writer()).await?;
                Self::lock_owner(&mut tx, owner).await?;
                let mut results = Vec::with_capacity(items.len());
                let mut events = Vec::new();
                for item in items {
                    let claimed = sqlx::query(
                        "INSERT INTO todo_imports (owner_id, import_id, created_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (owner_id, import_id) DO NOTHING",
                    )
                    .bind(owner.0)
                    .bind(item.import_id.as_str())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if claimed == 0 {
                        results.push(ImportResult::AlreadyImported);
                        continue;
                    }
                    let mut todo = Self::insert_todo(&mut tx, owner, &item.todo, now, self.max_todos()).await?;
                    if let (true, Some(at)) = (item.todo.completed, item.completed_at) {
                        sqlx::query("UPDATE todos SET completed_at = $1 WHERE owner_id = $2 AND id = $3")
                            .bind(at)
                            .bind(owner.0)
                            .bind(todo.id)
                            .execute(&mut *tx)
                            .await?;
                        todo.completed_at = Some(at);
                    }
                    results.push(ImportResult::Created { id: todo.id });
                    events.push($crate::events::NewEvent::todo($crate::events::EventKind::Created, todo));
                }
                // Open pages show what the import added, like any other change.
                self.record_events(&mut tx, owner, events).await?;
                tx.commit().await?;
                $crate::TodoStore::changes(self).notify(owner);
                Ok(results)
            }
        }
    };
}

pub(crate) use impl_calendar_store;
