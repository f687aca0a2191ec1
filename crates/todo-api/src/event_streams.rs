//! The open event streams of this server (`GET /api/v1/events`): their caps
//! per user (`EVENT_STREAMS_PER_USER`) and per server (`EVENT_STREAMS_MAX`),
//! and the signal that closes them all when the server starts draining, so
//! that clients reconnect to another replica.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use todo_core::OwnerId;
use tokio::sync::watch;

/// Gauge of the streams open on this server.
pub const EVENT_STREAMS_OPEN: &str = "event_streams_open";

/// Why a stream was not opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamRefused {
    /// The user has this many open already.
    User { limit: u32 },
    /// The server has this many open already.
    Server { limit: u32 },
}

pub struct EventStreams {
    per_user: u32,
    per_server: u32,
    open: Mutex<OpenStreams>,
    closing: watch::Sender<bool>,
}

#[derive(Default)]
struct OpenStreams {
    total: u32,
    by_owner: HashMap<i64, u32>,
}

impl EventStreams {
    pub fn new(per_user: u32, per_server: u32) -> Self {
        Self { per_user, per_server, open: Mutex::default(), closing: watch::channel(false).0 }
    }

    /// Counts a new stream of `owner` until the slot is dropped, unless a cap is reached.
    pub fn open(self: &Arc<Self>, owner: OwnerId) -> Result<StreamSlot, StreamRefused> {
        let mut open = self.lock();
        if open.total >= self.per_server {
            return Err(StreamRefused::Server { limit: self.per_server });
        }
        let mine = open.by_owner.entry(owner.0).or_default();
        if *mine >= self.per_user {
            return Err(StreamRefused::User { limit: self.per_user });
        }
        *mine += 1;
        open.total += 1;
        metrics::gauge!(EVENT_STREAMS_OPEN).set(f64::from(open.total));
        Ok(StreamSlot { owner, streams: Arc::clone(self) })
    }

    /// Resolves once the server has started draining (at once if it has).
    pub async fn closed(&self) {
        let mut closing = self.closing.subscribe();
        // The sender lives as long as `self`.
        let _ = closing.wait_for(|closing| *closing).await;
    }

    /// Ends every stream, now and from now on.
    pub fn close_all(&self) {
        self.closing.send_replace(true);
    }

    fn lock(&self) -> MutexGuard<'_, OpenStreams> {
        // Every update is a few integer operations: a panic cannot leave them half done.
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One open stream, counted until dropped.
pub struct StreamSlot {
    owner: OwnerId,
    streams: Arc<EventStreams>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.streams.lock();
        open.total -= 1;
        if let Some(mine) = open.by_owner.get_mut(&self.owner.0) {
            *mine -= 1;
            if *mine == 0 {
                open.by_owner.remove(&self.owner.0);
            }
        }
        metrics::gauge!(EVENT_STREAMS_OPEN).set(f64::from(open.total));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_count_per_user_and_per_server_and_free_on_drop() {
        let streams = Arc::new(EventStreams::new(2, 3));
        let a1 = streams.open(OwnerId(1)).unwrap();
        let _a2 = streams.open(OwnerId(1)).unwrap();
        assert_eq!(streams.open(OwnerId(1)).err(), Some(StreamRefused::User { limit: 2 }));
        let _b1 = streams.open(OwnerId(2)).unwrap();
        assert_eq!(streams.open(OwnerId(3)).err(), Some(StreamRefused::Server { limit: 3 }));
        drop(a1);
        let _a3 = streams.open(OwnerId(1)).expect("a closed stream frees its slot");
    }

    #[tokio::test]
    async fn closing_ends_the_wait_of_every_stream() {
        let streams = Arc::new(EventStreams::new(1, 1));
        let waiting = tokio::spawn({
            let streams = Arc::clone(&streams);
            async move { streams.closed().await }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        streams.close_all();
        tokio::time::timeout(std::time::Duration::from_secs(1), waiting).await.unwrap().unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(1), streams.closed()).await.expect("and of any opened later");
    }
}
