//! The changes to an owner's todos, as events for the live stream, and the
//! in-process signal that wakes the streams waiting for them.
//!
//! Events are stored in the transaction that makes the change (see
//! `record_events` in `sql.rs`), so a committed change always has its event
//! and a rolled-back one never does. Streams read them from storage; the
//! signal only says "look again", so a wake that is lost or doubled costs a
//! query, never an event.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use todo_core::chat::{ActionKind, Applied};
use todo_core::{Completion, OwnerId, Todo, TodoId};
use tokio::sync::watch;

/// Events are kept at least this long; a stream may resume from any event
/// of this window without losing one. Older ones are pruned when their
/// owner next changes a todo, and resuming from before them asks the client
/// to reload.
pub const EVENT_RETENTION: Duration = Duration::from_secs(60 * 60);

/// Most events one `INSERT` stores: five binds each keep a statement well
/// under SQLite's limit of 32,766 variables and PostgreSQL's 65,535.
pub const EVENTS_PER_STATEMENT: usize = 1_000;

/// The PostgreSQL `NOTIFY` channel on which a process tells the others whose
/// todos changed (payload: `<owner id>:<process tag>`).
pub const CHANGES_CHANNEL: &str = "todo_changes";

/// What happened to the todo (or todos) an event carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Created,
    Updated,
    Completed,
    Reopened,
    Deleted,
    /// Several todos deleted at once (`DELETE /api/v1/todos`); carries their ids.
    Cleared,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Completed => "completed",
            Self::Reopened => "reopened",
            Self::Deleted => "deleted",
            Self::Cleared => "cleared",
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Self> {
        [Self::Created, Self::Updated, Self::Completed, Self::Reopened, Self::Deleted, Self::Cleared]
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// An update, named by what it did to completion.
    pub(crate) fn of_completion(completion: Completion) -> Self {
        match completion {
            Completion::Completed | Completion::Advanced => Self::Completed,
            Completion::Reopened => Self::Reopened,
            Completion::Unchanged => Self::Updated,
        }
    }
}

/// What an event says besides its kind: the todo (after the change; for a
/// deletion, as it was) or, for `cleared`, the ids deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub todo: Option<Todo>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<TodoId>,
}

/// An event not stored yet: its id comes from the owner's sequence.
#[derive(Debug, Clone)]
pub(crate) struct NewEvent {
    pub kind: EventKind,
    pub body: EventBody,
}

impl NewEvent {
    pub(crate) fn todo(kind: EventKind, todo: Todo) -> Self {
        Self { kind, body: EventBody { todo: Some(todo), ids: Vec::new() } }
    }

    pub(crate) fn cleared(ids: Vec<TodoId>) -> Self {
        Self { kind: EventKind::Cleared, body: EventBody { todo: None, ids } }
    }

    /// What one change of a chat turn did.
    pub(crate) fn applied(applied: &Applied) -> Option<Self> {
        let kind = match applied.kind {
            ActionKind::Created => EventKind::Created,
            ActionKind::Updated => EventKind::Updated,
            ActionKind::Completed => EventKind::Completed,
            ActionKind::Reopened => EventKind::Reopened,
            ActionKind::Deleted => EventKind::Deleted,
            ActionKind::Listed => return None,
        };
        let todo = applied.after.as_ref().or(applied.before.as_ref())?;
        Some(Self::todo(kind, todo.clone()))
    }
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodoEvent {
    /// Counts the owner's events: each is one more than the one before.
    pub id: i64,
    pub kind: EventKind,
    pub body: EventBody,
    pub created_at: DateTime<Utc>,
}

/// The events after a given id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventsAfter {
    /// The next ones, oldest first (none: nothing new).
    Events(Vec<TodoEvent>),
    /// Some of the events after that id were pruned (or the id was never
    /// handed out): the client must reload, then follow from `latest`.
    Gone { latest: i64 },
}

/// Wakes the streams of an owner when their todos change. One watch channel
/// per owner with a stream open; it holds no value, so a stream that has not
/// looked yet is woken once however many changes came.
#[derive(Default)]
pub struct ChangeSignal {
    owners: Mutex<HashMap<i64, watch::Sender<()>>>,
}

impl ChangeSignal {
    /// Wakes the owner's streams, if any.
    pub fn notify(&self, owner: OwnerId) {
        if let Some(sender) = self.lock().get(&owner.0) {
            sender.send_replace(());
        }
    }

    /// Wakes every stream: after a gap in which a wake may have been lost
    /// (the PostgreSQL listener reconnected).
    pub fn notify_all(&self) {
        for sender in self.lock().values() {
            sender.send_replace(());
        }
    }

    /// A watch of the owner's changes, for as long as the [`ChangeWatch`] lives.
    pub fn watch(self: &Arc<Self>, owner: OwnerId) -> ChangeWatch {
        let receiver = self.lock().entry(owner.0).or_insert_with(|| watch::channel(()).0).subscribe();
        ChangeWatch { owner, receiver: Some(receiver), signal: Arc::clone(self) }
    }

    /// How many owners have a stream open (for tests and metrics).
    pub fn watched_owners(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, watch::Sender<()>>> {
        // A panic while holding the lock leaves the map consistent (every
        // operation is one map call), so a poisoned lock is still usable.
        self.owners.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One stream's watch of its owner's changes; the owner's channel goes when
/// the last watch of it does.
pub struct ChangeWatch {
    owner: OwnerId,
    receiver: Option<watch::Receiver<()>>,
    signal: Arc<ChangeSignal>,
}

impl ChangeWatch {
    /// Resolves when the owner's todos changed since the last call (or
    /// since the watch began).
    pub async fn changed(&mut self) {
        match self.receiver.as_mut() {
            // The sender lives in the map while this receiver does.
            Some(receiver) => receiver.changed().await.unwrap_or(()),
            None => std::future::pending().await,
        }
    }
}

impl Drop for ChangeWatch {
    fn drop(&mut self) {
        let mut owners = self.signal.lock();
        drop(self.receiver.take());
        if owners.get(&self.owner.0).is_some_and(|sender| sender.receiver_count() == 0) {
            owners.remove(&self.owner.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_watch_wakes_on_its_owners_changes_only_and_goes_with_its_last_watcher() {
        let signal = Arc::new(ChangeSignal::default());
        let mut alice = signal.watch(OwnerId(1));
        let bob = signal.watch(OwnerId(2));
        assert_eq!(signal.watched_owners(), 2);
        signal.notify(OwnerId(2));
        let woken = tokio::time::timeout(Duration::from_millis(50), alice.changed()).await;
        assert!(woken.is_err(), "bob's change does not wake alice");
        signal.notify(OwnerId(1));
        signal.notify(OwnerId(1));
        tokio::time::timeout(Duration::from_secs(1), alice.changed()).await.expect("alice is woken");
        let again = tokio::time::timeout(Duration::from_millis(50), alice.changed()).await;
        assert!(again.is_err(), "two changes before a look wake once");
        drop(bob);
        assert_eq!(signal.watched_owners(), 1);
        signal.notify_all();
        tokio::time::timeout(Duration::from_secs(1), alice.changed()).await.expect("notify_all wakes everyone");
        drop(alice);
        assert_eq!(signal.watched_owners(), 0);
    }

    #[test]
    fn kinds_read_back_as_written() {
        for kind in
            [EventKind::Created, EventKind::Updated, EventKind::Completed, EventKind::Reopened, EventKind::Deleted, EventKind::Cleared]
        {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EventKind::parse("listed"), None);
    }
}
