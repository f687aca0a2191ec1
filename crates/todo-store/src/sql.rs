//! The SQL of every store operation, written once for both backends.
//!
//! sqlx's generic executor bounds make a `impl<DB: Database>` store hard to
//! write and read, so [`impl_todo_store!`] stamps the same code out for each
//! concrete backend instead. A backend supplies its pools and the two pieces
//! of SQL that differ (see [`Dialect`]); query text goes through
//! `QueryBuilder`, which writes each backend's placeholders.

/// The SQL that differs between backends.
pub(crate) trait Dialect {
    /// Wraps a bound tag in a condition "the `tags` JSON array holds it".
    const TAG_MATCH: (&'static str, &'static str);
    /// Appended to a `SELECT` that reads a row it is about to update.
    const LOCK_ROW: &'static str;
}

/// A `LIKE … ESCAPE '\'` pattern for a substring of `search_text` (see
/// `todo_core::search_text`): lowercased the same way, `%`, `_` and `\`
/// matching themselves.
pub(crate) fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Implements `TodoStore` for `$store`, whose `reader()` and `writer()` give
/// `sqlx::Pool<$db>` and which implements [`Dialect`].
macro_rules! impl_todo_store {
    ($store:ty, $db:ty, $backend:literal) => {
        impl $store {
            fn push_filter(qb: &mut sqlx::QueryBuilder<'_, $db>, owner: todo_core::OwnerId, filter: &todo_core::TodoFilter) {
                use todo_core::{DueRange, StatusFilter};
                qb.push(" WHERE owner_id = ").push_bind(owner.0);
                match filter.status {
                    StatusFilter::Open => {
                        qb.push(" AND NOT completed");
                    }
                    StatusFilter::Completed => {
                        qb.push(" AND completed");
                    }
                    StatusFilter::All => {}
                }
                match filter.due {
                    Some(DueRange::OpenBefore(day)) => {
                        qb.push(" AND NOT completed AND due_date < ").push_bind(day);
                    }
                    Some(DueRange::Between(first, last)) => {
                        qb.push(" AND due_date >= ").push_bind(first).push(" AND due_date <= ").push_bind(last);
                    }
                    Some(DueRange::Undated) => {
                        qb.push(" AND due_date IS NULL");
                    }
                    None => {}
                }
                if let Some(tag) = &filter.tag {
                    let (before, after) = <Self as $crate::sql::Dialect>::TAG_MATCH;
                    qb.push(before).push_bind(tag.as_str().to_owned()).push(after);
                }
                if let Some(priority) = filter.priority {
                    qb.push(" AND priority = ").push_bind(priority.rank());
                }
                if let Some(text) = &filter.text {
                    qb.push(" AND search_text LIKE ").push_bind($crate::sql::like_pattern(text)).push(" ESCAPE '\\'");
                }
            }
        }

        #[async_trait::async_trait]
        impl $crate::TodoStore for $store {
            async fn create(
                &self,
                owner: todo_core::OwnerId,
                new: &todo_core::NewTodo,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<todo_core::Todo, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO todos (owner_id, title, notes, completed, completed_at, due_date, due_time, \
                     priority, tags, recurrence, search_text, position, created_at, updated_at) VALUES (",
                );
                let mut values = qb.separated(", ");
                values
                    .push_bind(owner.0)
                    .push_bind(new.title.as_str().to_owned())
                    .push_bind(new.notes.as_ref().map(|n| n.as_str().to_owned()))
                    .push_bind(new.completed)
                    .push_bind(new.completed.then_some(now))
                    .push_bind(new.due_date)
                    .push_bind(new.due_time)
                    .push_bind(new.priority.rank())
                    .push_bind(sqlx::types::Json(new.tags.to_strings()))
                    .push_bind(new.recurrence.as_ref().map(|r| r.as_str().to_owned()))
                    .push_bind(todo_core::search_text(new.title.as_str(), new.notes.as_ref().map(|n| n.as_str())));
                match new.order {
                    Some(order) => {
                        values.push_bind(order);
                    }
                    None => {
                        values
                            .push("(SELECT COALESCE(MAX(position), 0) + 1 FROM todos WHERE owner_id = ")
                            .push_bind_unseparated(owner.0)
                            .push_unseparated(")");
                    }
                }
                values.push_bind(now).push_bind(now);
                qb.push(") RETURNING ").push($crate::row::TODO_COLUMNS);
                let row: $crate::row::TodoRow = qb.build_query_as().fetch_one(self.writer()).await?;
                Ok(row.into())
            }

            async fn get(&self, owner: todo_core::OwnerId, id: todo_core::TodoId) -> Result<todo_core::Todo, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new(format!("SELECT {} FROM todos WHERE owner_id = ", $crate::row::TODO_COLUMNS));
                qb.push_bind(owner.0).push(" AND id = ").push_bind(id);
                let row: Option<$crate::row::TodoRow> = qb.build_query_as().fetch_optional(self.reader()).await?;
                row.map(Into::into).ok_or($crate::StoreError::NotFound)
            }

            async fn list(
                &self,
                owner: todo_core::OwnerId,
                filter: &todo_core::TodoFilter,
                sort: todo_core::SortKey,
                page: $crate::Page,
            ) -> Result<Vec<todo_core::Todo>, $crate::StoreError> {
                use todo_core::SortKey;
                let mut qb = sqlx::QueryBuilder::<$db>::new(format!("SELECT {} FROM todos", $crate::row::TODO_COLUMNS));
                Self::push_filter(&mut qb, owner, filter);
                qb.push(match sort {
                    SortKey::Order => " ORDER BY position, id",
                    SortKey::Due => " ORDER BY due_date IS NULL, due_date, due_time IS NULL, due_time, position, id",
                    SortKey::Priority => " ORDER BY priority DESC, position, id",
                    SortKey::Created => " ORDER BY created_at, id",
                });
                qb.push(" LIMIT ").push_bind(i64::from(page.limit));
                qb.push(" OFFSET ").push_bind(i64::try_from(page.offset).unwrap_or(i64::MAX));
                let rows: Vec<$crate::row::TodoRow> = qb.build_query_as().fetch_all(self.reader()).await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn update(
                &self,
                owner: todo_core::OwnerId,
                id: todo_core::TodoId,
                changes: todo_core::TodoChanges,
                now: chrono::DateTime<chrono::Utc>,
                today: chrono::NaiveDate,
            ) -> Result<(todo_core::Todo, todo_core::Completion), $crate::StoreError> {
                let mut tx = self.writer().begin().await?;
                let mut select =
                    sqlx::QueryBuilder::<$db>::new(format!("SELECT {} FROM todos WHERE owner_id = ", $crate::row::TODO_COLUMNS));
                select.push_bind(owner.0).push(" AND id = ").push_bind(id).push(<Self as $crate::sql::Dialect>::LOCK_ROW);
                let current: Option<$crate::row::TodoRow> = select.build_query_as().fetch_optional(&mut *tx).await?;
                let current: todo_core::Todo = current.ok_or($crate::StoreError::NotFound)?.into();
                let (next, completion) = current.apply(changes, now, today)?;

                let mut qb = sqlx::QueryBuilder::<$db>::new("UPDATE todos SET ");
                let mut set = qb.separated(", ");
                set.push("title = ").push_bind_unseparated(next.title.clone());
                set.push("notes = ").push_bind_unseparated(next.notes.clone());
                set.push("completed = ").push_bind_unseparated(next.completed);
                set.push("completed_at = ").push_bind_unseparated(next.completed_at);
                set.push("due_date = ").push_bind_unseparated(next.due_date);
                set.push("due_time = ").push_bind_unseparated(next.due_time);
                set.push("priority = ").push_bind_unseparated(next.priority.rank());
                set.push("tags = ").push_bind_unseparated(sqlx::types::Json(next.tags.clone()));
                set.push("recurrence = ").push_bind_unseparated(next.recurrence.clone());
                set.push("search_text = ").push_bind_unseparated(todo_core::search_text(&next.title, next.notes.as_deref()));
                set.push("position = ").push_bind_unseparated(next.order);
                set.push("updated_at = ").push_bind_unseparated(next.updated_at);
                qb.push(" WHERE owner_id = ").push_bind(owner.0).push(" AND id = ").push_bind(id);
                qb.build().execute(&mut *tx).await?;
                tx.commit().await?;
                Ok((next, completion))
            }

            async fn delete(&self, owner: todo_core::OwnerId, id: todo_core::TodoId) -> Result<(), $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new("DELETE FROM todos WHERE owner_id = ");
                qb.push_bind(owner.0).push(" AND id = ").push_bind(id);
                match qb.build().execute(self.writer()).await?.rows_affected() {
                    0 => Err($crate::StoreError::NotFound),
                    _ => Ok(()),
                }
            }

            async fn delete_matching(&self, owner: todo_core::OwnerId, filter: &todo_core::TodoFilter) -> Result<u64, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new("DELETE FROM todos");
                Self::push_filter(&mut qb, owner, filter);
                Ok(qb.build().execute(self.writer()).await?.rows_affected())
            }

            async fn ping(&self) -> Result<(), $crate::StoreError> {
                sqlx::query("SELECT 1").execute(self.reader()).await?;
                Ok(())
            }

            fn pool_stats(&self) -> $crate::PoolStats {
                self.pools().iter().fold($crate::PoolStats::default(), |stats, pool| $crate::PoolStats {
                    open: stats.open + pool.size(),
                    idle: stats.idle + u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                    max: stats.max + pool.options().get_max_connections(),
                })
            }

            async fn close(&self) {
                for pool in self.pools() {
                    pool.close().await;
                }
            }

            fn backend(&self) -> &'static str {
                $backend
            }
        }
    };
}

pub(crate) use impl_todo_store;
