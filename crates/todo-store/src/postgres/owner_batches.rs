//! An owner's concurrent creates in batches, on PostgreSQL.
//!
//! Every create locks its owner's `todo_counts` row (the cap, the next
//! position) until it commits, so an owner's creates run one after another
//! whatever the pool: with 64 at once, 16 connections' backends queued on
//! that one row, each woken at every commit to find it taken again. Here this
//! process sends one batch of an owner's creates at a time. The first runs
//! alone, as one statement, as soon as it comes; those that come meanwhile
//! wait in the process, and the next batch takes them all in one
//! transaction: one lock, one commit, one event-id reservation, one pruning
//! and one `pg_notify` for the batch. Each request is answered once its
//! todo is committed, as before.
//!
//! A batch whose transaction fails (a create the database refused aborts
//! it) is run again one create at a time, so that only a create that fails
//! alone fails. Creates at a given position (`order`) do not wait for a
//! batch: their position is theirs, not the next one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::PgPool;
use todo_core::{NewTodo, OwnerId, Todo};
use tokio::sync::oneshot;

use super::PostgresStore;
use crate::events::{ChangeSignal, EventKind, NewEvent};
use crate::row::TodoRow;
use crate::sql::{new_todo_row, INSERT_EVENTS};
use crate::StoreError;

/// Most creates in one batch: enough that a burst of requests shares a
/// commit, few enough that the owner's other writes, which wait for the
/// batch's lock, wait a few milliseconds at most.
const MOST_IN_A_BATCH: usize = 64;

/// A create waiting for its batch.
struct Job {
    new: NewTodo,
    now: DateTime<Utc>,
    answer: oneshot::Sender<Result<Todo, StoreError>>,
}

pub(super) struct OwnerBatches {
    pool: PgPool,
    max_todos: u64,
    changes: Arc<ChangeSignal>,
    /// The `pg_notify` payload's tag of this process.
    process_tag: String,
    /// The owners whose batches run now, with the creates waiting for the
    /// next one; an owner is here while a task of [`OwnerBatches::lead`] runs.
    waiting: Mutex<HashMap<OwnerId, Vec<Job>>>,
}

impl OwnerBatches {
    pub(super) fn new(pool: PgPool, max_todos: u64, changes: Arc<ChangeSignal>, process_tag: String) -> Arc<Self> {
        Arc::new(Self { pool, max_todos, changes, process_tag, waiting: Mutex::default() })
    }

    /// Creates a todo, in the owner's next batch; answers once it is committed.
    pub(super) async fn create(self: &Arc<Self>, owner: OwnerId, new: &NewTodo, now: DateTime<Utc>) -> Result<Todo, StoreError> {
        if new.order.is_some() {
            let created = self.create_one(owner, new, now).await;
            if created.is_ok() {
                self.changes.notify(owner);
            }
            return created;
        }
        let (answer, answered) = oneshot::channel();
        let job = Job { new: new.clone(), now, answer };
        let first = {
            let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
            match waiting.get_mut(&owner) {
                Some(queued) => {
                    queued.push(job);
                    None
                }
                None => {
                    waiting.insert(owner, Vec::new());
                    Some(job)
                }
            }
        };
        // A task of its own: the batches go on when this request is dropped
        // (its client left), for the others waiting in them.
        if let Some(job) = first {
            tokio::spawn(Arc::clone(self).lead(owner, job));
        }
        answered.await.map_err(|_| StoreError::Unavailable(sqlx::Error::PoolClosed))?
    }

    /// Runs the owner's batches, starting with `first`, until none waits.
    async fn lead(self: Arc<Self>, owner: OwnerId, first: Job) {
        let mut leading = Leading { batches: &self, owner, done: false };
        let mut batch = vec![first];
        while !batch.is_empty() {
            self.run(owner, batch).await;
            batch = leading.next_batch();
        }
    }

    async fn run(&self, owner: OwnerId, batch: Vec<Job>) {
        // A request that has gone no longer waits for its todo: it is not made.
        let batch: Vec<Job> = batch.into_iter().filter(|job| !job.answer.is_closed()).collect();
        let results = match batch.as_slice() {
            [] => return,
            [job] => vec![self.create_one(owner, &job.new, job.now).await],
            jobs => match self.create_many(owner, jobs).await {
                Ok(results) => results,
                Err(_) => {
                    let mut results = Vec::with_capacity(jobs.len());
                    for job in jobs {
                        results.push(self.create_one(owner, &job.new, job.now).await);
                    }
                    results
                }
            },
        };
        if results.iter().any(Result::is_ok) {
            self.changes.notify(owner);
        }
        for (job, result) in batch.into_iter().zip(results) {
            let _ = job.answer.send(result);
        }
    }

    /// The insert, its event (with the next id of the owner's sequence, the
    /// pruning of old ones) and the wake-up of the other processes in one
    /// statement, committed on its own: one round trip, and the owner's
    /// `todo_counts` row locked for that statement only.
    async fn create_one(&self, owner: OwnerId, new: &NewTodo, now: DateTime<Utc>) -> Result<Todo, StoreError> {
        // As PostgreSQL stores it, so that the event's todo is the one read back.
        let now = now.trunc_subsecs(6);
        let event = NewEvent::todo(EventKind::Created, new_todo_row(new, now));
        let stored_at = Utc::now();
        let mut qb = sqlx::QueryBuilder::new("");
        PostgresStore::push_counted(&mut qb, owner);
        qb.push(", created AS (");
        PostgresStore::push_insert_new(&mut qb, owner, new, now, self.max_todos);
        qb.push("), ids AS (");
        PostgresStore::push_take_event_ids(&mut qb, owner, 1, " FROM created");
        qb.push("), stored AS (").push(INSERT_EVENTS).push("SELECT ").push_bind(owner.0);
        // The id and position are the database's: set in the body as stored.
        qb.push(", ids.last_id, ").push_bind(event.kind.as_str());
        qb.push(", jsonb_set(jsonb_set(").push_bind(sqlx::types::Json(event.body));
        qb.push(", '{todo,id}', to_jsonb(created.id)), '{todo,order}', to_jsonb(created.position)), ").push_bind(stored_at);
        qb.push(" FROM created CROSS JOIN ids), pruned AS (");
        PostgresStore::push_prune_events(&mut qb, owner, stored_at);
        qb.push(") SELECT created.*, ");
        PostgresStore::push_notify(&mut qb, super::notify_payload(owner, &self.process_tag));
        qb.push(" FROM created");
        let row: Option<TodoRow> = qb.build_query_as().fetch_optional(&self.pool).await?;
        Ok(row.ok_or(StoreError::TodoLimit { limit: self.max_todos })?.into())
    }

    /// The batch's inserts, in order, then their events, in one transaction;
    /// each create's result (`TodoLimit` past the cap), or the error that
    /// aborted the transaction (nothing of the batch was kept).
    async fn create_many(&self, owner: OwnerId, jobs: &[Job]) -> Result<Vec<Result<Todo, StoreError>>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut results = Vec::with_capacity(jobs.len());
        for job in jobs {
            match PostgresStore::insert_todo(&mut tx, owner, &job.new, job.now, self.max_todos).await {
                Err(err @ StoreError::TodoLimit { .. }) => results.push(Err(err)),
                Err(err) => return Err(err),
                Ok(todo) => results.push(Ok(todo)),
            }
        }
        let events: Vec<NewEvent> =
            results.iter().filter_map(|result| result.as_ref().ok()).map(|todo| NewEvent::todo(EventKind::Created, todo.clone())).collect();
        if !events.is_empty() {
            PostgresStore::store_events(&mut tx, owner, events).await?;
            let mut notify = sqlx::QueryBuilder::new("SELECT ");
            PostgresStore::push_notify(&mut notify, super::notify_payload(owner, &self.process_tag));
            notify.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(results)
    }
}

/// The owner's place in [`OwnerBatches::waiting`] while its batches run.
/// Dropped unfinished (the task panicked or the runtime stops), it frees the
/// place, so that the owner's next create leads again, and the creates still
/// waiting hear that they failed.
struct Leading<'a> {
    batches: &'a OwnerBatches,
    owner: OwnerId,
    /// The place was freed: it may be another task's now.
    done: bool,
}

impl Leading<'_> {
    /// The creates that came while the last batch ran (at most
    /// [`MOST_IN_A_BATCH`]); none, and the owner's place freed, when none did.
    fn next_batch(&mut self) -> Vec<Job> {
        let mut waiting = self.batches.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(queued) = waiting.get_mut(&self.owner) else { return Vec::new() };
        if queued.is_empty() {
            waiting.remove(&self.owner);
            self.done = true;
            return Vec::new();
        }
        let take = queued.len().min(MOST_IN_A_BATCH);
        queued.drain(..take).collect()
    }
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        self.batches.waiting.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.owner);
    }
}
