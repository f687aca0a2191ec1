//! The SQL of every store operation, written once for both backends.
//!
//! sqlx's generic executor bounds make a `impl<DB: Database>` store hard to
//! write and read, so [`impl_todo_store!`] stamps the same code out for each
//! concrete backend instead. A backend supplies its pools and the two pieces
//! of SQL that differ (see [`Dialect`]); query text goes through
//! `QueryBuilder`, which writes each backend's placeholders.

/// Starts a transaction on `pool` in a task of its own, so that a caller
/// dropped meanwhile (the client went away, the request was cut at its time
/// limit) cannot leave it open. sqlx 0.8.6 counts a PostgreSQL transaction
/// only once its `BEGIN` has answered, and rolls back on drop only what it
/// counted (sqlx#4393): a `begin()` dropped while its `BEGIN` was on the wire
/// gave the connection back to the pool inside a transaction, where the next
/// requests' statements ran uncommitted and kept their locks (an owner's
/// create there was answered but not stored, and the owner's other writes
/// waited on their `todo_counts` row for seconds). In a task, `begin()`
/// always finishes; a transaction nobody awaits any more is then dropped
/// there, which rolls it back.
pub(crate) async fn begin<DB: sqlx::Database>(pool: &sqlx::Pool<DB>) -> Result<sqlx::Transaction<'static, DB>, sqlx::Error> {
    let pool = pool.clone();
    match tokio::spawn(async move { pool.begin().await }).await {
        Ok(begun) => begun,
        Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
        // Cancelled: the runtime is shutting down.
        Err(_) => Err(sqlx::Error::PoolClosed),
    }
}

/// The SQL that differs between backends.
pub(crate) trait Dialect {
    /// Wraps a bound tag in a condition "the `tags` JSON array holds it".
    const TAG_MATCH: (&'static str, &'static str);
    /// Wraps a bound lowercased text in a condition "`search_text` holds
    /// it". A plain substring search (`instr`, `strpos`), not `LIKE '%…%'`:
    /// LIKE's pattern matcher compares character by character from every
    /// position, so a long pattern over long notes cost each row the product
    /// of the two lengths (issue 16: ten such searches held every reader).
    const TEXT_MATCH: (&'static str, &'static str);
    /// Wraps a bound [`Dialect::title_query`] in a condition "the title has
    /// a word starting with one of the prefixes", served by the title-word
    /// index of the migration `todo_title_words`.
    const TITLE_MATCH: (&'static str, &'static str);
    /// A chat listing's order by due date, as `Listing::due_key`: undated
    /// and untimed first, then manual order; an index (owner, completed,
    /// due date, time, position) serves it without a sort.
    const DUE_ORDER: &'static str;
    /// The distinct tags in the `tags` arrays of the owner bound after it.
    const TAGS_IN_USE: &'static str;
    /// Appended to a `SELECT` that reads a row it is about to update.
    const LOCK_ROW: &'static str;
    /// Wraps a bound owner id in the statement that reads the owner's
    /// `todo_counts` row (`todo_count`, `next_position`) for the rest of the
    /// transaction: locked, and made first where it is missing, where the
    /// backend locks rows (a missing row, locked by nobody, let an owner's
    /// first concurrent creates race past the cap and deadlock).
    const COUNTED_ROW: (&'static str, &'static str);
    /// Between the column list and `VALUES` of an insert that sets `id`
    /// itself (undo re-creating a deleted todo).
    const KEEP_ID: &'static str;
    /// The ids of the owner's todos with a tag, through an index: the SQL
    /// before the bound owner, between it and the bound tag, and after.
    /// `None`: no such index (a tag is matched todo by todo).
    const TAGGED_IDS: Option<[&'static str; 3]>;
    /// The ids of the todos, of any owner, whose `search_text` holds a text,
    /// through an index: the SQL around the bound [`Dialect::text_query`].
    /// `None`: no such index.
    const TEXT_IDS: Option<(&'static str, &'static str)>;
    /// After `FROM todos` in a read of todos bound by id: look each up by
    /// its id, not through an index of the owner's todos.
    const BY_ID: &'static str;
    /// A turn's conversation and messages can be saved in one statement
    /// (a data-modifying `WITH`): one round trip, and atomic without a
    /// transaction of its own.
    const ONE_STATEMENT_TURN: bool;

    /// The full-text query "a word starting with one of each group of
    /// `prefixes`" (`every`), or "of any group" (each prefix lowercase ASCII
    /// letters and digits, see `todo_core::chat::TitleReference`).
    fn title_query(prefixes: &[Vec<String>], every: bool) -> String;

    /// The query of [`Dialect::TEXT_IDS`] for a lowercased text, `None`
    /// when the index cannot serve it.
    fn text_query(_text: &str) -> Option<String> {
        None
    }
}

/// A reminder offset as its `INTEGER` column stores it (at most
/// `todo_core::REMIND_BEFORE_MAX`, well within).
pub(crate) fn remind_before_column(minutes: u32) -> i32 {
    i32::try_from(minutes).unwrap_or(i32::MAX)
}

/// A new todo as its insert stores it, made at `now`, but for what the
/// database assigns: the id (0 here) and, without an `order`, the position
/// (0 here).
pub(crate) fn new_todo_row(new: &todo_core::NewTodo, now: chrono::DateTime<chrono::Utc>) -> todo_core::Todo {
    todo_core::Todo {
        id: 0,
        title: new.title.as_str().to_owned(),
        notes: new.notes.as_ref().map(|n| n.as_str().to_owned()),
        completed: new.completed,
        completed_at: new.completed.then_some(now),
        due_date: new.due_date,
        due_time: new.due_time,
        priority: new.priority,
        tags: new.tags.to_strings(),
        recurrence: new.recurrence.as_ref().map(|r| r.as_str().to_owned()),
        remind_before: new.remind_before,
        order: new.order.unwrap_or(0),
        created_at: now,
        updated_at: now,
    }
}

/// The start of an insert of events: a `todo_events` row is the owner, the
/// event's id in the owner's sequence, its kind (`EventKind::as_str`), its
/// body (`EventBody` as JSON) and when it was stored.
pub(crate) const INSERT_EVENTS: &str = "INSERT INTO todo_events (owner_id, id, kind, body, created_at) ";

/// Most ids bound in one `IN (…)`, within what both backends allow.
pub(crate) const IDS_PER_QUERY: usize = 1_000;

/// A subquery of todo ids through one of the dialect's indexes, with what it
/// binds (see `listing_candidates`).
pub(crate) enum IndexedIds {
    /// The owner's todos with a tag: [`Dialect::TAGGED_IDS`].
    Tagged([&'static str; 3], String),
    /// The todos whose `search_text` holds a text: [`Dialect::TEXT_IDS`]
    /// around its [`Dialect::text_query`].
    Holding((&'static str, &'static str), String),
}

/// The version of a conversation a turn saves over.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ConversationVersion {
    /// Read without a lock: save only if it is still this.
    Read(i64),
    /// Read under the row lock (or SQLite's one writer): nothing came between.
    Locked,
}

/// What a chat turn saves (see `save_turn`).
pub(crate) struct TurnRecord<'a> {
    pub conversation: &'a crate::ConversationKey,
    /// The version the save must find; `None` for a new conversation.
    pub version: Option<ConversationVersion>,
    pub state: todo_core::chat::ConversationState,
    pub message: &'a str,
    pub plan: &'a todo_core::chat::TurnPlan,
    pub actions: &'a [todo_core::chat::Action],
    pub now: chrono::DateTime<chrono::Utc>,
}

/// A turn's actions: the changes applied, then the list it showed, its todos
/// in the order shown (as read for the turn).
pub(crate) fn turn_actions(
    plan: &todo_core::chat::TurnPlan,
    applied: &[todo_core::chat::Applied],
    todos: &todo_core::chat::TurnTodos,
) -> Vec<todo_core::chat::Action> {
    let listed = plan.listed.as_ref().map(|ids| ids.iter().filter_map(|id| todos.get(*id).cloned()).collect());
    todo_core::chat::actions(applied, listed)
}

/// Implements `TodoStore` for `$store`, whose `reader()` and `writer()` give
/// `sqlx::Pool<$db>`, whose `max_todos()` is the per-owner cap, whose
/// `create_todo()` commits a new todo (with `insert_todo`, its own way, and
/// its event), whose `change_signal()` wakes this process's event streams and
/// whose `cross_process_payload(owner)` is the `pg_notify` payload that wakes
/// other processes' (`None`: the store has no other process), and which
/// implements [`Dialect`].
macro_rules! impl_todo_store {
    ($store:ty, $db:ty, $backend:literal) => {
        impl $store {
            fn push_filter(qb: &mut sqlx::QueryBuilder<'_, $db>, owner: todo_core::OwnerId, filter: &todo_core::TodoFilter) {
                use todo_core::{DueRange, StatusFilter};
                qb.push(" WHERE owner_id = ").push_bind(owner.0);
                // Comparisons, not `NOT completed`: an index on (owner_id,
                // completed, position) serves only an equality.
                match filter.status {
                    StatusFilter::Open => {
                        qb.push(" AND completed = FALSE");
                    }
                    StatusFilter::Completed => {
                        qb.push(" AND completed = TRUE");
                    }
                    StatusFilter::All => {}
                }
                match filter.due {
                    Some(DueRange::OpenBefore(day)) => {
                        qb.push(" AND completed = FALSE AND due_date < ").push_bind(day);
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
                    let (before, after) = <Self as $crate::sql::Dialect>::TEXT_MATCH;
                    qb.push(before).push_bind(text.to_lowercase()).push(after);
                }
            }

            /// `SELECT` of one of the owner's todos, locked for update where the backend can.
            async fn select_for_update(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                id: todo_core::TodoId,
            ) -> Result<Option<todo_core::Todo>, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new(format!("SELECT {} FROM todos WHERE owner_id = ", $crate::row::TODO_COLUMNS));
                qb.push_bind(owner.0).push(" AND id = ").push_bind(id).push(<Self as $crate::sql::Dialect>::LOCK_ROW);
                let row: Option<$crate::row::TodoRow> = qb.build_query_as().fetch_optional(&mut *conn).await?;
                Ok(row.map(Into::into))
            }

            /// Starts a statement with `counted`, the owner's row of
            /// `todo_counts` (none for an owner who never had a todo), locked
            /// where the backend locks rows. Every statement that adds or
            /// removes todos takes it before any todo row, and so do the
            /// transactions that change several (chat turns, imports): one
            /// order, so two of them cannot each hold what the other waits for.
            fn push_counted(qb: &mut sqlx::QueryBuilder<'_, $db>, owner: todo_core::OwnerId) {
                let (before, after) = <Self as $crate::sql::Dialect>::COUNTED_ROW;
                qb.push("WITH counted AS MATERIALIZED (").push(before).push_bind(owner.0).push(after).push(") ");
            }

            /// The condition of an insert from `counted`: the owner has fewer
            /// than `limit` todos. Exact on both stores: SQLite's one writer
            /// and PostgreSQL's lock on the row (made with the lock when
            /// missing) serialise the owner's inserts.
            fn push_room(qb: &mut sqlx::QueryBuilder<'_, $db>, limit: u64) {
                qb.push(" WHERE COALESCE((SELECT todo_count FROM counted), 0) < ");
                qb.push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
            }

            /// A condition always true that makes a statement read `counted`
            /// (and so take its lock) before it touches any todo row.
            fn push_read_counted(qb: &mut sqlx::QueryBuilder<'_, $db>) {
                qb.push(" AND (SELECT COUNT(*) FROM counted) >= 0");
            }

            /// Takes the owner's row of `todo_counts` for the rest of the
            /// transaction (see `push_counted`); nothing to do where one
            /// writer serialises every write (SQLite).
            async fn lock_owner(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
            ) -> Result<(), $crate::StoreError> {
                if !<Self as $crate::sql::Dialect>::LOCK_ROW.is_empty() {
                    let (before, after) = <Self as $crate::sql::Dialect>::COUNTED_ROW;
                    let mut qb = sqlx::QueryBuilder::<$db>::new(before);
                    qb.push_bind(owner.0).push(after);
                    qb.build().execute(&mut *conn).await?;
                }
                Ok(())
            }

            /// Inserts a new todo, in one statement, unless the owner already
            /// has `limit` (`TodoLimit`).
            async fn insert_todo(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                new: &todo_core::NewTodo,
                now: chrono::DateTime<chrono::Utc>,
                limit: u64,
            ) -> Result<todo_core::Todo, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new("");
                Self::push_counted(&mut qb, owner);
                Self::push_insert_new(&mut qb, owner, new, now, limit);
                let row: Option<$crate::row::TodoRow> = qb.build_query_as().fetch_optional(&mut *conn).await?;
                row.map(Into::into).ok_or($crate::StoreError::TodoLimit { limit })
            }

            /// The insert of a new todo after `push_counted`, returning its
            /// row, or none when the owner already has `limit`. Without an
            /// `order` it goes after the owner's last one
            /// (`todo_counts.next_position`).
            fn push_insert_new(
                qb: &mut sqlx::QueryBuilder<'_, $db>,
                owner: todo_core::OwnerId,
                new: &todo_core::NewTodo,
                now: chrono::DateTime<chrono::Utc>,
                limit: u64,
            ) {
                qb.push(
                    "INSERT INTO todos (owner_id, title, notes, completed, completed_at, due_date, due_time, \
                     priority, tags, recurrence, remind_before, search_text, position, created_at, updated_at) SELECT ",
                );
                let todo = $crate::sql::new_todo_row(new, now);
                let search_text = todo_core::search_text(&todo.title, todo.notes.as_deref());
                qb.separated(", ")
                    .push_bind(owner.0)
                    .push_bind(todo.title)
                    .push_bind(todo.notes)
                    .push_bind(todo.completed)
                    .push_bind(todo.completed_at)
                    .push_bind(todo.due_date)
                    .push_bind(todo.due_time)
                    .push_bind(todo.priority.rank())
                    .push_bind(sqlx::types::Json(todo.tags))
                    .push_bind(todo.recurrence)
                    .push_bind(todo.remind_before.map($crate::sql::remind_before_column))
                    .push_bind(search_text)
                    .push("COALESCE(")
                    .push_bind_unseparated(new.order)
                    .push_unseparated(", (SELECT next_position FROM counted), 1)")
                    .push_bind(todo.created_at)
                    .push_bind(todo.updated_at);
                Self::push_room(qb, limit);
                qb.push(" RETURNING ").push($crate::row::TODO_COLUMNS);
            }

            /// Writes every field of `todo` over the stored row; `false` when there is none.
            async fn overwrite_todo(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                todo: &todo_core::Todo,
            ) -> Result<bool, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new("UPDATE todos SET ");
                let mut set = qb.separated(", ");
                set.push("title = ").push_bind_unseparated(todo.title.clone());
                set.push("notes = ").push_bind_unseparated(todo.notes.clone());
                set.push("completed = ").push_bind_unseparated(todo.completed);
                set.push("completed_at = ").push_bind_unseparated(todo.completed_at);
                set.push("due_date = ").push_bind_unseparated(todo.due_date);
                set.push("due_time = ").push_bind_unseparated(todo.due_time);
                set.push("priority = ").push_bind_unseparated(todo.priority.rank());
                set.push("tags = ").push_bind_unseparated(sqlx::types::Json(todo.tags.clone()));
                set.push("recurrence = ").push_bind_unseparated(todo.recurrence.clone());
                set.push("remind_before = ").push_bind_unseparated(todo.remind_before.map($crate::sql::remind_before_column));
                set.push("search_text = ").push_bind_unseparated(todo_core::search_text(&todo.title, todo.notes.as_deref()));
                set.push("position = ").push_bind_unseparated(todo.order);
                set.push("updated_at = ").push_bind_unseparated(todo.updated_at);
                qb.push(" WHERE owner_id = ").push_bind(owner.0).push(" AND id = ").push_bind(todo.id);
                Ok(qb.build().execute(&mut *conn).await?.rows_affected() > 0)
            }

            /// Inserts `todo` with its own id (undo re-creating a deleted
            /// todo, which counts like a new one): `TodoLimit` unless the
            /// owner has fewer than `limit`.
            async fn reinsert_todo(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                todo: &todo_core::Todo,
                limit: u64,
            ) -> Result<(), $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new("");
                Self::push_counted(&mut qb, owner);
                qb.push(
                    "INSERT INTO todos (id, owner_id, title, notes, completed, completed_at, due_date, due_time, \
                     priority, tags, recurrence, remind_before, search_text, position, created_at, updated_at)",
                );
                qb.push(<Self as $crate::sql::Dialect>::KEEP_ID).push(" SELECT ");
                qb.separated(", ")
                    .push_bind(todo.id)
                    .push_bind(owner.0)
                    .push_bind(todo.title.clone())
                    .push_bind(todo.notes.clone())
                    .push_bind(todo.completed)
                    .push_bind(todo.completed_at)
                    .push_bind(todo.due_date)
                    .push_bind(todo.due_time)
                    .push_bind(todo.priority.rank())
                    .push_bind(sqlx::types::Json(todo.tags.clone()))
                    .push_bind(todo.recurrence.clone())
                    .push_bind(todo.remind_before.map($crate::sql::remind_before_column))
                    .push_bind(todo_core::search_text(&todo.title, todo.notes.as_deref()))
                    .push_bind(todo.order)
                    .push_bind(todo.created_at)
                    .push_bind(todo.updated_at);
                Self::push_room(&mut qb, limit);
                if qb.build().execute(&mut *conn).await?.rows_affected() == 0 {
                    return Err($crate::StoreError::TodoLimit { limit });
                }
                Ok(())
            }

            async fn update_todo(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                id: todo_core::TodoId,
                changes: todo_core::TodoChanges,
                now: chrono::DateTime<chrono::Utc>,
                today: chrono::NaiveDate,
            ) -> Result<(todo_core::Todo, todo_core::Todo, todo_core::Completion), $crate::StoreError> {
                let before = Self::select_for_update(conn, owner, id).await?.ok_or($crate::StoreError::NotFound)?;
                let (after, completion) = before.apply(changes, now, today)?;
                Self::overwrite_todo(conn, owner, &after).await?;
                Ok((before, after, completion))
            }

            async fn delete_todo(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                id: todo_core::TodoId,
            ) -> Result<todo_core::Todo, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new("");
                Self::push_counted(&mut qb, owner);
                qb.push("DELETE FROM todos WHERE owner_id = ").push_bind(owner.0).push(" AND id = ").push_bind(id);
                Self::push_read_counted(&mut qb);
                qb.push(" RETURNING ").push($crate::row::TODO_COLUMNS);
                let row: Option<$crate::row::TodoRow> = qb.build_query_as().fetch_optional(&mut *conn).await?;
                row.map(Into::into).ok_or($crate::StoreError::NotFound)
            }

            /// Wakes the owner's watchers in this process and, on a store
            /// shared by several, in the others: for a change outside a
            /// transaction on todos (a revoked credential).
            async fn wake_everywhere(&self, owner: todo_core::OwnerId) -> Result<(), $crate::StoreError> {
                if let Some(payload) = self.cross_process_payload(owner) {
                    sqlx::query("SELECT pg_notify($1, $2)")
                        .bind($crate::events::CHANGES_CHANNEL)
                        .bind(payload)
                        .execute(self.writer())
                        .await?;
                }
                $crate::TodoStore::changes(self).notify(owner);
                Ok(())
            }

            /// Stores `events` for the owner with the next ids of their
            /// sequence, prunes their events older than the retention window,
            /// and, on a store shared by several processes, tells the others
            /// once the transaction commits. Called last in a transaction
            /// that changes todos: the sequence's row lock is taken after
            /// every todo lock, and orders the owner's writers so that their
            /// events commit in id order.
            async fn record_events(
                &self,
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                events: Vec<$crate::events::NewEvent>,
            ) -> Result<(), $crate::StoreError> {
                if events.is_empty() {
                    return Ok(());
                }
                Self::store_events(conn, owner, events).await?;
                if let Some(payload) = self.cross_process_payload(owner) {
                    let mut notify = sqlx::QueryBuilder::<$db>::new("SELECT ");
                    Self::push_notify(&mut notify, payload);
                    notify.build().execute(&mut *conn).await?;
                }
                Ok(())
            }

            /// The part of `record_events` inside the database: the events
            /// with their ids, and the pruning (`events` is not empty).
            async fn store_events(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                events: Vec<$crate::events::NewEvent>,
            ) -> Result<(), $crate::StoreError> {
                let count = i64::try_from(events.len()).unwrap_or(i64::MAX);
                let now = chrono::Utc::now();
                let mut reserve = sqlx::QueryBuilder::<$db>::new("");
                Self::push_take_event_ids(&mut reserve, owner, count, "");
                let last: i64 = reserve.build_query_scalar().fetch_one(&mut *conn).await?;
                // Five binds a row: chunks keep a statement under SQLite's
                // 32,766 variables (an import of 10,000 todos went past it).
                let mut rows = events.into_iter().zip(last - count + 1..).peekable();
                while rows.peek().is_some() {
                    let mut insert = sqlx::QueryBuilder::<$db>::new($crate::sql::INSERT_EVENTS);
                    insert.push_values(rows.by_ref().take($crate::events::EVENTS_PER_STATEMENT), |mut row, (event, id)| {
                        row.push_bind(owner.0)
                            .push_bind(id)
                            .push_bind(event.kind.as_str())
                            .push_bind(sqlx::types::Json(event.body))
                            .push_bind(now);
                    });
                    insert.build().execute(&mut *conn).await?;
                }
                let mut prune = sqlx::QueryBuilder::<$db>::new("");
                Self::push_prune_events(&mut prune, owner, now);
                prune.build().execute(&mut *conn).await?;
                Ok(())
            }

            /// The insert that takes the owner's next `count` event ids and
            /// returns the last of them, once for each row of `source` (a
            /// `FROM` clause; empty: once).
            fn push_take_event_ids(qb: &mut sqlx::QueryBuilder<'_, $db>, owner: todo_core::OwnerId, count: i64, source: &str) {
                qb.push("INSERT INTO event_sequences (owner_id, last_id) SELECT ").push_bind(owner.0).push(", ").push_bind(count);
                // SQLite reads `ON CONFLICT` after a `SELECT` only behind a `WHERE`.
                qb.push(source).push(
                    " WHERE TRUE ON CONFLICT (owner_id) DO UPDATE SET last_id = event_sequences.last_id + excluded.last_id \
                     RETURNING last_id",
                );
            }

            /// The delete of the owner's events older than the retention window.
            fn push_prune_events(qb: &mut sqlx::QueryBuilder<'_, $db>, owner: todo_core::OwnerId, now: chrono::DateTime<chrono::Utc>) {
                let cutoff = now - chrono::Duration::from_std($crate::events::EVENT_RETENTION).unwrap_or(chrono::Duration::MAX);
                qb.push("DELETE FROM todo_events WHERE owner_id = ").push_bind(owner.0).push(" AND created_at < ").push_bind(cutoff);
            }

            /// `pg_notify` of `payload` on the channel other processes listen to.
            fn push_notify(qb: &mut sqlx::QueryBuilder<'_, $db>, payload: String) {
                qb.push("pg_notify(").push_bind($crate::events::CHANGES_CHANNEL).push(", ").push_bind(payload).push(")");
            }

            /// Applies one planned change; what it did, for the answer and for undo.
            async fn apply_change(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                change: &todo_core::chat::Change,
                now: chrono::DateTime<chrono::Utc>,
                today: chrono::NaiveDate,
                max_todos: u64,
            ) -> Result<todo_core::chat::Applied, $crate::StoreError> {
                use todo_core::chat::{ActionKind, Applied, Change};
                Ok(match change {
                    Change::Create(new) => {
                        let todo = Self::insert_todo(conn, owner, new, now, max_todos).await?;
                        Applied { kind: ActionKind::Created, before: None, after: Some(todo) }
                    }
                    Change::Update { id, changes } => {
                        let (before, after, completion) = Self::update_todo(conn, owner, *id, changes.clone(), now, today).await?;
                        Applied { kind: ActionKind::of_completion(completion), before: Some(before), after: Some(after) }
                    }
                    Change::Delete { id } => {
                        let before = Self::delete_todo(conn, owner, *id).await?;
                        Applied { kind: ActionKind::Deleted, before: Some(before), after: None }
                    }
                    Change::Restore(todo) => {
                        let before = Self::select_for_update(conn, owner, todo.id).await?;
                        if before.is_some() {
                            Self::overwrite_todo(conn, owner, todo).await?;
                        } else {
                            Self::reinsert_todo(conn, owner, todo, max_todos).await?;
                        }
                        let kind = ActionKind::of_restore(before.as_ref(), todo);
                        Applied { kind, before, after: Some((**todo).clone()) }
                    }
                })
            }

            /// The todos a chat turn needs (see `TodoNeeds`), each read
            /// through an index, and how many rows that read.
            async fn turn_todos(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                needs: &todo_core::chat::TodoNeeds,
            ) -> Result<(todo_core::chat::TurnTodos, usize), $crate::StoreError> {
                use todo_core::chat::TurnTodos;
                let select = || sqlx::QueryBuilder::<$db>::new(format!("SELECT {} FROM todos", $crate::row::TODO_COLUMNS));
                if needs.everything {
                    let mut all = select();
                    all.push(" WHERE owner_id = ").push_bind(owner.0).push(" ORDER BY position, id");
                    let all = Self::fetch_todos(conn, all).await?;
                    return Ok((TurnTodos::select(needs, &all), all.len()));
                }
                let mut todos = Vec::new();
                for ids in needs.ids.chunks($crate::sql::IDS_PER_QUERY) {
                    let mut by_id = select();
                    by_id.push(" WHERE owner_id = ").push_bind(owner.0).push(" AND id IN (");
                    let mut list = by_id.separated(", ");
                    for id in ids {
                        list.push_bind(*id);
                    }
                    by_id.push(")");
                    todos.extend(Self::fetch_todos(conn, by_id).await?);
                }
                if let Some(title) = &needs.title {
                    // The todos with every word first: when they settle the
                    // reference, those sharing only some (all the list, for a
                    // word every title has) are not read.
                    let every = Self::fetch_by_title(conn, owner, &title.prefixes, true).await?;
                    if title.settled_by(&every) {
                        todos.extend(every);
                    } else {
                        todos.extend(Self::fetch_by_title(conn, owner, &title.prefixes, false).await?);
                    }
                }
                let listing = match &needs.listing {
                    Some(listing) => {
                        let (rows, count) = Self::fetch_listing(conn, owner, listing).await?;
                        let ids = rows.iter().map(|t| t.id).collect();
                        todos.extend(rows);
                        Some((ids, count))
                    }
                    None => None,
                };
                let open_position = match needs.open_position {
                    Some(place) => {
                        let (at, count) = Self::fetch_open_position(conn, owner, place).await?;
                        let id = at.as_ref().map(|t| t.id);
                        todos.extend(at);
                        Some((id, count))
                    }
                    None => None,
                };
                let read = todos.len();
                Ok((TurnTodos::new(todos, listing, open_position), read))
            }

            /// A listing's todos (its first `limit`, in its order) and how
            /// many its filter selects: with a limit, counted up to
            /// `LISTING_COUNT_MAX` + 1, so that neither read grows with the
            /// owner's todos. When an index narrows a tag or a text to few
            /// todos, those few are looked up by id instead of walking the
            /// owner's todos for the ones that match.
            async fn fetch_listing(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                listing: &todo_core::chat::Listing,
            ) -> Result<(Vec<todo_core::Todo>, usize), $crate::StoreError> {
                use todo_core::chat::needs::LISTING_COUNT_MAX;
                let candidates = match listing.limit {
                    Some(_) => Self::listing_candidates(conn, owner, &listing.filter).await?,
                    None => None,
                };
                if let Some((_, 0)) = candidates {
                    return Ok((Vec::new(), 0));
                }
                let from = |select: &str| {
                    let mut qb = sqlx::QueryBuilder::<$db>::new(select);
                    if candidates.is_some() {
                        qb.push(<Self as $crate::sql::Dialect>::BY_ID);
                    }
                    Self::push_filter(&mut qb, owner, &listing.filter);
                    if let Some((ids, _)) = &candidates {
                        qb.push(" AND id IN (");
                        Self::push_indexed_ids(&mut qb, owner, ids);
                        qb.push(")");
                    }
                    qb
                };
                let mut rows = from(&format!("SELECT {} FROM todos", $crate::row::TODO_COLUMNS));
                rows.push(match listing.by_due {
                    true => <Self as $crate::sql::Dialect>::DUE_ORDER,
                    false => " ORDER BY position, id",
                });
                let Some(limit) = listing.limit else {
                    // A bulk change: every todo it changes.
                    let rows = Self::fetch_todos(conn, rows).await?;
                    let count = rows.len();
                    return Ok((rows, count));
                };
                rows.push(" LIMIT ").push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
                let rows = Self::fetch_todos(conn, rows).await?;
                if rows.len() < limit {
                    let count = rows.len();
                    return Ok((rows, count));
                }
                let mut count = from("SELECT COUNT(*) FROM (SELECT 1 FROM todos");
                count.push(" LIMIT ").push_bind(i64::try_from(LISTING_COUNT_MAX + 1).unwrap_or(i64::MAX)).push(") AS counted");
                let count: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
                Ok((rows, usize::try_from(count).unwrap_or(0)))
            }

            /// The subquery of `ids`, its values bound.
            fn push_indexed_ids(qb: &mut sqlx::QueryBuilder<'_, $db>, owner: todo_core::OwnerId, ids: &$crate::sql::IndexedIds) {
                match ids {
                    $crate::sql::IndexedIds::Tagged([before, between, after], tag) => {
                        qb.push(before).push_bind(owner.0).push(between).push_bind(tag.clone()).push(after);
                    }
                    $crate::sql::IndexedIds::Holding((before, after), query) => {
                        qb.push(before).push_bind(query.clone()).push(after);
                    }
                }
            }

            /// The index that narrows `filter`'s tag or text to at most
            /// `LISTING_COUNT_MAX` todos (the text's may be other owners'
            /// too), and how many: counted in SQL, one row back, not the ids.
            /// `None`: no index serves the filter, or each selects more.
            async fn listing_candidates(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                filter: &todo_core::TodoFilter,
            ) -> Result<Option<($crate::sql::IndexedIds, usize)>, $crate::StoreError> {
                use todo_core::chat::needs::LISTING_COUNT_MAX;
                use $crate::sql::{Dialect, IndexedIds};
                let tagged = match (&filter.tag, <Self as Dialect>::TAGGED_IDS) {
                    (Some(tag), Some(sql)) => Some(IndexedIds::Tagged(sql, tag.as_str().to_owned())),
                    _ => None,
                };
                let text = filter.text.as_ref().map(|text| text.to_lowercase());
                let holding = match (text.as_deref().and_then(<Self as Dialect>::text_query), <Self as Dialect>::TEXT_IDS) {
                    (Some(query), Some(sql)) => Some(IndexedIds::Holding(sql, query)),
                    _ => None,
                };
                for ids in tagged.into_iter().chain(holding) {
                    let mut count = sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM (");
                    Self::push_indexed_ids(&mut count, owner, &ids);
                    count.push(" LIMIT ").push_bind(i64::try_from(LISTING_COUNT_MAX + 1).unwrap_or(i64::MAX)).push(") AS indexed");
                    let count: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
                    let count = usize::try_from(count).unwrap_or(usize::MAX);
                    if count <= LISTING_COUNT_MAX {
                        return Ok(Some((ids, count)));
                    }
                }
                Ok(None)
            }

            /// The open todo at `place` in manual order, and how many open
            /// todos there are: counted when none is at the place (then
            /// fewer than its number); when one is, the place's number
            /// stands for the count (see `TurnTodos::new`), so that no read
            /// walks the owner's open todos past the place.
            async fn fetch_open_position(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                place: todo_core::chat::Position,
            ) -> Result<(Option<todo_core::Todo>, usize), $crate::StoreError> {
                use todo_core::chat::Position;
                let at = match place {
                    Position::Nth(0) => None,
                    Position::Nth(n) => Some((" ORDER BY position, id", n - 1, n)),
                    Position::Last => Some((" ORDER BY position DESC, id DESC", 0, 1)),
                };
                if let Some((order, offset, reached)) = at {
                    let mut at = sqlx::QueryBuilder::<$db>::new(format!("SELECT {} FROM todos", $crate::row::TODO_COLUMNS));
                    at.push(" WHERE owner_id = ").push_bind(owner.0).push(" AND completed = FALSE").push(order);
                    at.push(" LIMIT 1 OFFSET ").push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
                    if let Some(todo) = Self::fetch_todos(conn, at).await?.pop() {
                        return Ok((Some(todo), reached));
                    }
                }
                let mut count = sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM todos WHERE owner_id = ");
                count.push_bind(owner.0).push(" AND completed = FALSE");
                let count: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
                Ok((None, usize::try_from(count).unwrap_or(0)))
            }

            /// The owner's todos with a title word starting with one of
            /// each group of `prefixes` (`every`), or of any group.
            async fn fetch_by_title(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                prefixes: &[Vec<String>],
                every: bool,
            ) -> Result<Vec<todo_core::Todo>, $crate::StoreError> {
                if prefixes.is_empty() {
                    return Ok(Vec::new());
                }
                let (before, after) = <Self as $crate::sql::Dialect>::TITLE_MATCH;
                let query = <Self as $crate::sql::Dialect>::title_query(prefixes, every);
                let mut by_title = sqlx::QueryBuilder::<$db>::new(format!("SELECT {} FROM todos WHERE ", $crate::row::TODO_COLUMNS));
                // `+owner_id`: no index on the owner, so that the title index
                // leads instead of a walk through all the owner's todos.
                by_title.push(before).push_bind(query).push(after).push(" AND +owner_id = ").push_bind(owner.0);
                Self::fetch_todos(conn, by_title).await
            }

            async fn fetch_todos(
                conn: &mut <$db as sqlx::Database>::Connection,
                mut query: sqlx::QueryBuilder<'_, $db>,
            ) -> Result<Vec<todo_core::Todo>, $crate::StoreError> {
                let rows: Vec<$crate::row::TodoRow> = query.build_query_as().fetch_all(&mut *conn).await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            /// Most turns change no todo (lists, questions, greetings). Such a
            /// turn is read and planned on a reader, outside the write
            /// transaction, which then holds the one SQLite writer only to save
            /// it, and only if no other turn of the conversation was saved in
            /// between (its version). `None`: the turn changes todos or lost
            /// that race, and must be done under the lock.
            async fn read_only_turn(
                &self,
                owner: todo_core::OwnerId,
                conversation: &$crate::ConversationKey,
                message: &str,
                now: chrono::DateTime<chrono::Utc>,
                planner: &dyn $crate::Planner,
            ) -> Result<Option<$crate::TurnOutcome>, $crate::StoreError> {
                let mut reader = self.reader().acquire().await?;
                let (state, version) = Self::load_conversation(&mut reader, owner, conversation, false).await?;
                let (todos, todos_read) = Self::turn_todos(&mut reader, owner, &planner.needs(&state)).await?;
                drop(reader);
                let plan = planner.plan(&todos, &state);
                if !plan.changes.is_empty() {
                    return Ok(None);
                }
                let actions = $crate::sql::turn_actions(&plan, &[], &todos);
                let turn = $crate::sql::TurnRecord {
                    conversation,
                    version,
                    state: plan.next_state(&state, &[]),
                    message,
                    plan: &plan,
                    actions: &actions,
                    now,
                };
                if !self.save_turn_alone(owner, &turn).await? {
                    return Ok(None);
                }
                Ok(Some($crate::TurnOutcome { plan, applied: Vec::new(), actions, todos_read }))
            }

            /// A conversation's state and the version a turn will save over:
            /// `None` for a new conversation, not stored yet. `lock` reads it
            /// under the row lock (the turn's own write transaction); without
            /// it, the version read is what the save must find again.
            async fn load_conversation(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                conversation: &$crate::ConversationKey,
                lock: bool,
            ) -> Result<(todo_core::chat::ConversationState, Option<$crate::sql::ConversationVersion>), $crate::StoreError> {
                use $crate::sql::ConversationVersion;
                if conversation.is_new {
                    // Its id was made for this turn: nothing is stored under it yet.
                    return Ok((Default::default(), None));
                }
                let mut select = sqlx::QueryBuilder::<$db>::new("SELECT state, version FROM conversations WHERE owner_id = ");
                select.push_bind(owner.0).push(" AND id = ").push_bind(conversation.id.as_str());
                if lock {
                    select.push(<Self as $crate::sql::Dialect>::LOCK_ROW);
                }
                let stored: Option<(sqlx::types::Json<todo_core::chat::ConversationState>, i64)> =
                    select.build_query_as().fetch_optional(&mut *conn).await?;
                match stored {
                    Some((state, _)) if lock => Ok((state.0, Some(ConversationVersion::Locked))),
                    Some((state, version)) => Ok((state.0, Some(ConversationVersion::Read(version)))),
                    None => Err($crate::StoreError::NotFound),
                }
            }

            /// Saves a turn: the conversation's next state, raising its version
            /// (a new conversation is inserted, a stored one updated only if
            /// still at the version read), and the turn's two messages, the
            /// user's and the assistant's reply with what it did and showed.
            /// False, and nothing saved: another turn was saved first.
            ///
            /// Where the dialect allows (`ONE_STATEMENT_TURN`) it is one
            /// statement, the messages inserted from the row the conversation's
            /// save returns; else two, which the caller runs in a transaction.
            async fn save_turn(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                turn: &$crate::sql::TurnRecord<'_>,
            ) -> Result<bool, $crate::StoreError> {
                let mut save = sqlx::QueryBuilder::<$db>::new("");
                if <Self as $crate::sql::Dialect>::ONE_STATEMENT_TURN {
                    save.push("WITH saved AS (");
                    Self::push_save_conversation(&mut save, owner, turn);
                    save.push(" RETURNING id) ");
                    Self::push_record_messages(&mut save, None, turn);
                    return Ok(save.build().execute(&mut *conn).await?.rows_affected() > 0);
                }
                Self::push_save_conversation(&mut save, owner, turn);
                if save.build().execute(&mut *conn).await?.rows_affected() == 0 {
                    return Ok(false);
                }
                let mut record = sqlx::QueryBuilder::<$db>::new("");
                Self::push_record_messages(&mut record, Some(turn.conversation.id.as_str()), turn);
                record.build().execute(&mut *conn).await?;
                Ok(true)
            }

            /// Saves a turn that changes no todo, on a connection of its own:
            /// one statement needs no transaction.
            async fn save_turn_alone(
                &self,
                owner: todo_core::OwnerId,
                turn: &$crate::sql::TurnRecord<'_>,
            ) -> Result<bool, $crate::StoreError> {
                if <Self as $crate::sql::Dialect>::ONE_STATEMENT_TURN {
                    let mut conn = self.writer().acquire().await?;
                    let saved = Self::save_turn(&mut conn, owner, turn).await?;
                    if saved {
                        Self::prune_history(&mut conn, owner, turn).await?;
                    }
                    return Ok(saved);
                }
                let mut tx = $crate::sql::begin(self.writer()).await?;
                let saved = Self::save_turn(&mut tx, owner, turn).await?;
                if saved {
                    Self::prune_history(&mut tx, owner, turn).await?;
                }
                tx.commit().await?;
                Ok(saved)
            }

            /// Keeps a saved turn's history bounded: the conversation's
            /// newest [`CONVERSATION_MAX_MESSAGES`](crate::CONVERSATION_MAX_MESSAGES)
            /// messages, and, when the turn started a conversation, the
            /// owner's [`OWNER_MAX_CONVERSATIONS`](crate::OWNER_MAX_CONVERSATIONS)
            /// most recently used conversations (their messages go with them).
            async fn prune_history(
                conn: &mut <$db as sqlx::Database>::Connection,
                owner: todo_core::OwnerId,
                turn: &$crate::sql::TurnRecord<'_>,
            ) -> Result<(), $crate::StoreError> {
                let id = turn.conversation.id.as_str();
                let mut messages = sqlx::QueryBuilder::<$db>::new("DELETE FROM messages WHERE conversation_id = ");
                messages.push_bind(id).push(" AND id <= (SELECT id FROM messages WHERE conversation_id = ").push_bind(id);
                messages.push(" ORDER BY id DESC LIMIT 1 OFFSET ").push_bind($crate::CONVERSATION_MAX_MESSAGES).push(")");
                messages.build().execute(&mut *conn).await?;
                if turn.version.is_none() {
                    let mut conversations = sqlx::QueryBuilder::<$db>::new("DELETE FROM conversations WHERE owner_id = ");
                    conversations.push_bind(owner.0).push(" AND id NOT IN (SELECT id FROM conversations WHERE owner_id = ");
                    conversations.push_bind(owner.0).push(" ORDER BY updated_at DESC, id DESC LIMIT ");
                    conversations.push_bind($crate::OWNER_MAX_CONVERSATIONS).push(")");
                    conversations.build().execute(&mut *conn).await?;
                }
                Ok(())
            }

            /// The insert of a new conversation, or the update of a stored one
            /// at the version read.
            fn push_save_conversation<'a>(
                save: &mut sqlx::QueryBuilder<'a, $db>,
                owner: todo_core::OwnerId,
                turn: &'a $crate::sql::TurnRecord<'a>,
            ) {
                let Some(version) = turn.version else {
                    save.push("INSERT INTO conversations (id, owner_id, state, version, created_at, updated_at) VALUES (");
                    save.separated(", ")
                        .push_bind(turn.conversation.id.as_str())
                        .push_bind(owner.0)
                        .push_bind(sqlx::types::Json(&turn.state))
                        .push_bind(1_i64)
                        .push_bind(turn.now)
                        .push_bind(turn.now);
                    save.push(")");
                    return;
                };
                save.push("UPDATE conversations SET state = ").push_bind(sqlx::types::Json(&turn.state));
                save.push(", version = version + 1, updated_at = ").push_bind(turn.now);
                save.push(" WHERE owner_id = ").push_bind(owner.0).push(" AND id = ").push_bind(turn.conversation.id.as_str());
                if let $crate::sql::ConversationVersion::Read(read) = version {
                    save.push(" AND version = ").push_bind(read);
                }
            }

            /// The insert of the turn's two messages, into the conversation
            /// `id`, or (`None`) the one a `saved` query before it returned.
            fn push_record_messages<'a>(
                record: &mut sqlx::QueryBuilder<'a, $db>,
                id: Option<&'a str>,
                turn: &'a $crate::sql::TurnRecord<'a>,
            ) {
                record.push("INSERT INTO messages (conversation_id, role, text, intent, actions, suggestions, created_at) SELECT ");
                match id {
                    Some(id) => record.push_bind(id).push(", m.* FROM ("),
                    None => record.push("saved.id, m.* FROM saved CROSS JOIN ("),
                };
                let intent = turn.plan.intent.as_str();
                record.push_values(
                    [
                        ("user", turn.message, None, &[][..], &[][..]),
                        ("assistant", turn.plan.reply.as_str(), Some(intent), turn.actions, turn.plan.suggestions.as_slice()),
                    ],
                    |mut row, (role, text, intent, actions, suggestions)| {
                        use todo_core::chat::history::{history_actions, history_text, HISTORY_TEXT_MAX_CHARS};
                        row.push_bind(role)
                            .push_bind(history_text(text, HISTORY_TEXT_MAX_CHARS))
                            .push_bind(intent)
                            .push_bind(sqlx::types::Json(history_actions(actions)))
                            .push_bind(sqlx::types::Json(suggestions))
                            .push_bind(turn.now);
                    },
                );
                record.push(") AS m");
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
                self.create_todo(owner, new, now).await
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

            async fn summary(
                &self,
                owner: todo_core::OwnerId,
                today: chrono::NaiveDate,
            ) -> Result<$crate::TodoSummary, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT COUNT(CASE WHEN NOT completed THEN 1 END), COUNT(CASE WHEN NOT completed AND due_date = ",
                );
                qb.push_bind(today)
                    .push(" THEN 1 END), COUNT(CASE WHEN NOT completed AND due_date < ")
                    .push_bind(today)
                    .push(" THEN 1 END), COUNT(CASE WHEN completed THEN 1 END) FROM todos WHERE owner_id = ")
                    .push_bind(owner.0);
                let (open, due_today, overdue, completed): (i64, i64, i64, i64) = qb.build_query_as().fetch_one(self.reader()).await?;
                let mut tags: Vec<String> = sqlx::QueryBuilder::<$db>::new(<Self as $crate::sql::Dialect>::TAGS_IN_USE)
                    .push_bind(owner.0)
                    .build_query_scalar()
                    .fetch_all(self.reader())
                    .await?;
                tags.sort_unstable();
                let count = |n: i64| u64::try_from(n).unwrap_or(0);
                Ok($crate::TodoSummary {
                    open: count(open),
                    today: count(due_today),
                    overdue: count(overdue),
                    completed: count(completed),
                    tags,
                })
            }

            async fn update(
                &self,
                owner: todo_core::OwnerId,
                id: todo_core::TodoId,
                changes: todo_core::TodoChanges,
                now: chrono::DateTime<chrono::Utc>,
                today: chrono::NaiveDate,
            ) -> Result<(todo_core::Todo, todo_core::Completion), $crate::StoreError> {
                let mut tx = $crate::sql::begin(self.writer()).await?;
                let (_, after, completion) = Self::update_todo(&mut tx, owner, id, changes, now, today).await?;
                let kind = $crate::events::EventKind::of_completion(completion);
                self.record_events(&mut tx, owner, vec![$crate::events::NewEvent::todo(kind, after.clone())]).await?;
                tx.commit().await?;
                self.changes().notify(owner);
                Ok((after, completion))
            }

            async fn delete(&self, owner: todo_core::OwnerId, id: todo_core::TodoId) -> Result<(), $crate::StoreError> {
                let mut tx = $crate::sql::begin(self.writer()).await?;
                let deleted = Self::delete_todo(&mut tx, owner, id).await?;
                let event = $crate::events::NewEvent::todo($crate::events::EventKind::Deleted, deleted);
                self.record_events(&mut tx, owner, vec![event]).await?;
                tx.commit().await?;
                self.changes().notify(owner);
                Ok(())
            }

            async fn delete_matching(&self, owner: todo_core::OwnerId, filter: &todo_core::TodoFilter) -> Result<u64, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new("");
                Self::push_counted(&mut qb, owner);
                qb.push("DELETE FROM todos");
                Self::push_filter(&mut qb, owner, filter);
                Self::push_read_counted(&mut qb);
                qb.push(" RETURNING id");
                let mut tx = $crate::sql::begin(self.writer()).await?;
                let ids: Vec<i64> = qb.build_query_scalar().fetch_all(&mut *tx).await?;
                let count = u64::try_from(ids.len()).unwrap_or(u64::MAX);
                if ids.is_empty() {
                    return Ok(0);
                }
                self.record_events(&mut tx, owner, vec![$crate::events::NewEvent::cleared(ids)]).await?;
                tx.commit().await?;
                self.changes().notify(owner);
                Ok(count)
            }

            async fn chat_turn(
                &self,
                owner: todo_core::OwnerId,
                conversation: &$crate::ConversationKey,
                message: &str,
                now: chrono::DateTime<chrono::Utc>,
                today: chrono::NaiveDate,
                planner: &dyn $crate::Planner,
            ) -> Result<$crate::TurnOutcome, $crate::StoreError> {
                if let Some(outcome) = self.read_only_turn(owner, conversation, message, now, planner).await? {
                    return Ok(outcome);
                }
                // A turn that changes todos, or lost the race above: read and
                // planned again inside the write transaction, the conversation
                // locked, so no change rests on a stale read.
                let mut tx = $crate::sql::begin(self.writer()).await?;
                let (state, saved) = Self::load_conversation(&mut tx, owner, conversation, true).await?;
                Self::lock_owner(&mut tx, owner).await?;
                let (todos, todos_read) = Self::turn_todos(&mut tx, owner, &planner.needs(&state)).await?;
                let plan = planner.plan(&todos, &state);
                let mut applied = Vec::with_capacity(plan.changes.len());
                for change in &plan.changes {
                    applied.push(Self::apply_change(&mut tx, owner, change, now, today, self.max_todos()).await?);
                }
                let actions = $crate::sql::turn_actions(&plan, &applied, &todos);
                let turn = $crate::sql::TurnRecord {
                    conversation,
                    version: saved,
                    state: plan.next_state(&state, &applied),
                    message,
                    plan: &plan,
                    actions: &actions,
                    now,
                };
                Self::save_turn(&mut tx, owner, &turn).await?;
                Self::prune_history(&mut tx, owner, &turn).await?;
                let events: Vec<_> = applied.iter().filter_map($crate::events::NewEvent::applied).collect();
                let changed = !events.is_empty();
                self.record_events(&mut tx, owner, events).await?;
                tx.commit().await?;
                if changed {
                    self.changes().notify(owner);
                }
                Ok($crate::TurnOutcome { plan, applied, actions, todos_read })
            }

            async fn messages(
                &self,
                owner: todo_core::OwnerId,
                conversation_id: &str,
                page: $crate::MessagePage,
            ) -> Result<Vec<$crate::StoredMessage>, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT m.id, m.role, m.text, m.intent, m.actions, m.suggestions, m.created_at \
                     FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.owner_id = ",
                );
                qb.push_bind(owner.0).push(" AND c.id = ").push_bind(conversation_id.to_owned());
                if let Some(before) = page.before {
                    qb.push(" AND m.id < ").push_bind(before);
                }
                qb.push(" ORDER BY m.id DESC LIMIT ").push_bind(i64::from(page.limit));
                let rows: Vec<$crate::row::MessageRow> = qb.build_query_as().fetch_all(self.reader()).await?;
                if rows.is_empty() {
                    // No message before `before`, or no such conversation.
                    let mut exists = sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM conversations WHERE owner_id = ");
                    exists.push_bind(owner.0).push(" AND id = ").push_bind(conversation_id.to_owned());
                    let count: i64 = exists.build_query_scalar().fetch_one(self.reader()).await?;
                    if count == 0 {
                        return Err($crate::StoreError::NotFound);
                    }
                }
                Ok(rows.into_iter().rev().map(Into::into).collect())
            }

            async fn latest_event(&self, owner: todo_core::OwnerId) -> Result<i64, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new("SELECT last_id FROM event_sequences WHERE owner_id = ");
                qb.push_bind(owner.0);
                Ok(qb.build_query_scalar().fetch_optional(self.reader()).await?.unwrap_or(0))
            }

            async fn events_after(
                &self,
                owner: todo_core::OwnerId,
                after: i64,
                limit: u32,
            ) -> Result<$crate::events::EventsAfter, $crate::StoreError> {
                use $crate::events::EventsAfter;
                // The latest id first: events read after it are at least as
                // new, so event `after + 1` is read if it was kept.
                let latest = self.latest_event(owner).await?;
                if after > latest {
                    return Ok(EventsAfter::Gone { latest });
                }
                if after == latest {
                    return Ok(EventsAfter::Events(Vec::new()));
                }
                let mut qb = sqlx::QueryBuilder::<$db>::new("SELECT id, kind, body, created_at FROM todo_events WHERE owner_id = ");
                qb.push_bind(owner.0).push(" AND id > ").push_bind(after);
                qb.push(" ORDER BY id LIMIT ").push_bind(i64::from(limit.max(1)));
                let rows: Vec<$crate::row::EventRow> = qb.build_query_as().fetch_all(self.reader()).await?;
                if rows.first().map(|row| row.id) != Some(after + 1) {
                    return Ok(EventsAfter::Gone { latest });
                }
                rows.into_iter().map(TryInto::try_into).collect::<Result<Vec<_>, _>>().map(EventsAfter::Events)
            }

            fn changes(&self) -> &std::sync::Arc<$crate::events::ChangeSignal> {
                self.change_signal()
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
