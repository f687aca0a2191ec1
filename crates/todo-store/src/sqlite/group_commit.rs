//! Group commit of new todos on SQLite.
//!
//! SQLite has one writer. Each `POST /todos` in a transaction of its own
//! queued for it, then paid for `BEGIN`, `COMMIT` and the hand-over of the
//! writer connection. Here one task takes every create waiting, runs their
//! inserts in one transaction and commits once; each request is answered
//! after that commit, so an answer means what it meant before: the todo is
//! committed (WAL, `synchronous=NORMAL`: it survives the process crashing;
//! docs/api-behaviour.md says what a power cut may take).
//!
//! A create that fails does not fail the others in its group: each insert is
//! one statement, which SQLite undoes alone when it breaks a constraint, and
//! the cap is a condition of the insert (no row, `TodoLimit`), not an error.
//! Only a failed `BEGIN` or `COMMIT` fails the whole group: nothing of it was
//! kept, and every request of it hears so.
//!
//! Each new todo's `created` event is stored beside it in the group's
//! transaction, and the owners' event streams are woken once it commits.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use todo_core::{NewTodo, OwnerId, Todo};
use tokio::sync::{mpsc, oneshot};

use super::SqliteStore;
use crate::events::{ChangeSignal, EventKind, NewEvent};
use crate::StoreError;

/// Most creates in one transaction: enough that 64 or so concurrent
/// requests share one commit, few enough that a group's transaction stays
/// short for the other writes queued behind it.
const MOST_IN_A_GROUP: usize = 256;

/// A create waiting for its group.
struct Job {
    owner: OwnerId,
    new: NewTodo,
    now: DateTime<Utc>,
    answer: oneshot::Sender<Result<Todo, StoreError>>,
}

/// The way in to the task that commits groups; it stops when this is dropped.
pub(super) struct GroupCommit {
    jobs: mpsc::UnboundedSender<Job>,
}

impl GroupCommit {
    /// Starts the task, which writes through `writer` (the one writer
    /// connection, shared with the other writes, which go between groups).
    pub(super) fn start(writer: SqlitePool, max_todos: u64, changes: Arc<ChangeSignal>) -> Self {
        // Unbounded: each waiting job is a request waiting for its answer,
        // and those are bounded by the server's connections and timeouts.
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(commit_groups(writer, max_todos, changes, queue));
        Self { jobs }
    }

    /// Creates a todo in the next group; answers once the group is committed.
    pub(super) async fn create(&self, owner: OwnerId, new: &NewTodo, now: DateTime<Utc>) -> Result<Todo, StoreError> {
        let (answer, answered) = oneshot::channel();
        let job = Job { owner, new: new.clone(), now, answer };
        self.jobs.send(job).map_err(|_| StoreError::Unavailable(sqlx::Error::PoolClosed))?;
        answered.await.map_err(|_| StoreError::Unavailable(sqlx::Error::PoolClosed))?
    }
}

/// Takes what is waiting (at least one create), commits it as one group, and
/// again, until every `GroupCommit` is dropped.
async fn commit_groups(writer: SqlitePool, max_todos: u64, changes: Arc<ChangeSignal>, mut queue: mpsc::UnboundedReceiver<Job>) {
    let mut group = Vec::with_capacity(MOST_IN_A_GROUP);
    while queue.recv_many(&mut group, MOST_IN_A_GROUP).await > 0 {
        commit_group(&writer, max_todos, &changes, group.drain(..)).await;
    }
}

async fn commit_group(writer: &SqlitePool, max_todos: u64, changes: &ChangeSignal, group: impl Iterator<Item = Job>) {
    // A request that has gone (its client or its timeout) no longer waits
    // for its todo: it is not made.
    let group: Vec<Job> = group.filter(|job| !job.answer.is_closed()).collect();
    if group.is_empty() {
        return;
    }
    let mut tx = match writer.begin().await {
        Ok(tx) => tx,
        Err(err) => {
            let err = StoreError::from(err);
            return group.into_iter().for_each(|job| drop(job.answer.send(Err(group_failed(&err)))));
        }
    };
    let mut done = Vec::with_capacity(group.len());
    for job in group {
        let result = SqliteStore::insert_todo(&mut tx, job.owner, &job.new, job.now, max_todos).await;
        done.push((job.owner, job.answer, result));
    }
    // The group's created events, in one batch per owner: taking their ids,
    // inserting the rows and pruning cost a statement each per batch, which
    // per create had cut the group's throughput to a third.
    let created = done.iter().filter_map(|(owner, _, result)| Some((*owner, result.as_ref().ok()?)));
    let events =
        if let Err(err) = store_created_events(&mut tx, created).await { Err(err) } else { tx.commit().await.map_err(StoreError::from) };
    for (owner, answer, result) in done {
        let result = match &events {
            Ok(()) => result,
            // Nothing of the group was stored (the transaction rolls back
            // when dropped), so every create in it failed.
            Err(err) => Err(group_failed(err)),
        };
        if result.is_ok() {
            changes.notify(owner);
        }
        let _ = answer.send(result);
    }
}

/// One `store_events` per owner of `created`, with that owner's events in
/// the order of the group.
async fn store_created_events<'a>(
    tx: &mut sqlx::SqliteConnection,
    created: impl Iterator<Item = (OwnerId, &'a Todo)>,
) -> Result<(), StoreError> {
    let mut by_owner: Vec<(OwnerId, Vec<NewEvent>)> = Vec::new();
    for (owner, todo) in created {
        let event = NewEvent::todo(EventKind::Created, todo.clone());
        match by_owner.iter_mut().find(|(o, _)| *o == owner) {
            Some((_, events)) => events.push(event),
            None => by_owner.push((owner, vec![event])),
        }
    }
    for (owner, events) in by_owner {
        SqliteStore::store_events(tx, owner, events).await?;
    }
    Ok(())
}

/// What each create of a failed group answers: the group's error, as one
/// for each of them.
fn group_failed(err: &StoreError) -> StoreError {
    let copy = sqlx::Error::Io(std::io::Error::other(format!("the group's transaction failed: {err}")));
    if matches!(err, StoreError::Unavailable(_)) {
        StoreError::Unavailable(copy)
    } else {
        StoreError::Database(copy)
    }
}
