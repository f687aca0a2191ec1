//! `GET /api/v1/events`: the caller's changes as Server-Sent Events.
//!
//! Each stream has a task that reads the owner's events from storage after
//! the last one it sent, whenever the store signals a change, and hands them
//! to the response through a small channel. A client that does not take
//! them within [`SLOW_CONSUMER_TIMEOUT`] is dropped (it reconnects and
//! resumes): nothing piles up for it. Events are stored with the change, so
//! resuming from `Last-Event-ID` loses and repeats none, within
//! [`todo_store::EVENT_RETENTION`]; from further back the client is told to
//! reload. A stream lasts no longer than the session or token it was opened
//! with: a revocation wakes it (on every replica), and it checks again.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use todo_core::{OwnerId, TodoId};
use todo_store::{ChangeWatch, Credential, EventKind, EventsAfter, TodoEvent};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::StreamExt;
use utoipa::{IntoParams, ToSchema};

use super::base_url::BaseUrl;
use super::extract::ApiQuery;
use super::todos::TodoResource;
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::event_streams::StreamSlot;
use crate::state::AppState;

/// A comment line this often keeps proxies from closing an idle stream.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How long a stream waits for its client to take an event before dropping it.
pub const SLOW_CONSUMER_TIMEOUT: Duration = Duration::from_secs(10);
/// Events waiting for the client, at most, per stream.
const STREAM_BUFFER: usize = 16;
/// Events read from storage at a time.
const READ_BATCH: u32 = 100;
/// How long a client waits before reconnecting (the `retry:` field).
const RECONNECT_AFTER: Duration = Duration::from_secs(2);

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/events", get(events))
}

/// What the `type` of an event says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeType {
    /// First event of a stream opened without `Last-Event-ID`: from here on
    /// nothing is missed; read the list now.
    Ready,
    /// Events after the client's `Last-Event-ID` are no longer kept (older
    /// than the retention window): read the list again; the stream goes on
    /// from this event's id.
    Reload,
    Created,
    Updated,
    Completed,
    Reopened,
    Deleted,
    /// Several todos deleted at once (`DELETE /api/v1/todos`): `ids` names them.
    Cleared,
}

impl From<EventKind> for ChangeType {
    fn from(kind: EventKind) -> Self {
        match kind {
            EventKind::Created => Self::Created,
            EventKind::Updated => Self::Updated,
            EventKind::Completed => Self::Completed,
            EventKind::Reopened => Self::Reopened,
            EventKind::Deleted => Self::Deleted,
            EventKind::Cleared => Self::Cleared,
        }
    }
}

/// The `data` of one event (its SSE `id` is the same `id`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeEvent {
    /// Counts the user's events, one more each time; send the last one seen
    /// as `Last-Event-ID` (or `last_event_id`) to resume.
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: ChangeType,
    /// The todo after the change; for `deleted`, as it was. Absent for
    /// `ready`, `reload` and `cleared`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub todo: Option<TodoResource>,
    /// For `cleared`: the ids of the deleted todos.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<TodoId>,
}

impl ChangeEvent {
    fn marker(id: i64, kind: ChangeType) -> Self {
        Self { id, kind, todo: None, ids: Vec::new() }
    }

    fn of(event: TodoEvent, base: &BaseUrl) -> Self {
        let todo = event.body.todo.map(|todo| TodoResource::new(todo, base));
        Self { id: event.id, kind: event.kind.into(), todo, ids: event.body.ids }
    }

    fn to_sse(&self) -> Event {
        // Serialising these types cannot fail (string keys, no maps of other keys).
        let data = serde_json::to_string(self).unwrap_or_default();
        Event::default().id(self.id.to_string()).data(data)
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Resume after this event id, for clients that cannot send the
    /// `Last-Event-ID` header (the header wins when both are sent).
    #[param(minimum = 0)]
    pub(crate) last_event_id: Option<i64>,
}

/// Where the client asks to resume: the `Last-Event-ID` header (which a
/// browser sends when it reconnects by itself), else the query parameter.
fn resume_after(headers: &HeaderMap, query: &EventsQuery) -> Result<Option<i64>, ApiError> {
    let bad = |detail: String| ApiError::InvalidQuery { detail, field: Some("last_event_id".to_owned()) };
    let resume = match headers.get("last-event-id") {
        Some(value) => {
            let text = value.to_str().unwrap_or_default().trim();
            if text.is_empty() {
                None
            } else {
                Some(text.parse::<i64>().map_err(|_| bad(format!("Last-Event-ID must be an event id, a whole number (got {text:?})")))?)
            }
        }
        None => query.last_event_id,
    };
    match resume {
        Some(id) if id < 0 => Err(bad(format!("an event id is never negative (got {id})"))),
        other => Ok(other),
    }
}

#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventsQuery,
        ("Last-Event-ID" = Option<i64>, Header, description = "Resume after this event id")),
    responses(
        (status = 200, description = "A Server-Sent Events stream of the caller's changes, oldest first, never another \
            user's. Each event's `id` is its id and its `data` a `ChangeEvent`. Resuming after an id (`Last-Event-ID` or \
            `last_event_id`) loses and repeats nothing for events of the last hour (the retention window); from further \
            back the first event is `reload`. A comment line every 15 seconds keeps the connection open. The stream ends \
            when the server shuts down, or when the client takes more than 10 seconds to read an event: reconnect and resume.",
            body = ChangeEvent, content_type = "text/event-stream"),
        (status = 400, description = "A bad Last-Event-ID", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many streams open for this user or this server", body = Problem,
            content_type = "application/problem+json"),
        (status = 503, description = "The server is shutting down: connect again (to another replica)", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn events(
    State(state): State<AppState>,
    caller: Caller,
    base: BaseUrl,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<EventsQuery>,
) -> Result<Response, ApiError> {
    let resume = resume_after(&headers, &query)?;
    if state.is_draining() {
        return Err(ApiError::ShuttingDown);
    }
    let slot = state.event_streams.open(caller.owner)?;
    // Watch before reading: a change that lands in between wakes the feed.
    let watch = state.store.changes().watch(caller.owner);
    let start = match resume {
        Some(after) => Start::After(after),
        None => Start::Ready(state.store.latest_event(caller.owner).await?),
    };
    let (sender, receiver) = mpsc::channel(STREAM_BUFFER);
    let opened_with = caller.account.map(|(_, credential)| OpenedWith::from(credential));
    let feed = Feed { state, owner: caller.owner, opened_with, base, watch, sender, _slot: slot };
    tokio::spawn(feed.run(start));
    let stream = ReceiverStream::new(receiver).map(Ok::<_, Infallible>);
    let sse = Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT));
    // nginx-style proxies buffer responses unless told not to.
    Ok(([(HeaderName::from_static("x-accel-buffering"), HeaderValue::from_static("no"))], sse).into_response())
}

enum Start {
    /// A new stream: send `ready` with the latest id, then what comes after it.
    Ready(i64),
    /// A resumed one: what came after this id.
    After(i64),
}

/// The credential a stream was opened with (none in single-user mode).
struct OpenedWith {
    id: i64,
    expires_at: Option<DateTime<Utc>>,
}

impl From<Credential> for OpenedWith {
    fn from(credential: Credential) -> Self {
        Self { id: credential.id, expires_at: credential.expires_at }
    }
}

/// One stream's reader: sends the owner's events as they come.
struct Feed {
    state: AppState,
    owner: OwnerId,
    opened_with: Option<OpenedWith>,
    base: BaseUrl,
    watch: ChangeWatch,
    sender: mpsc::Sender<Event>,
    /// Counts the stream against the caps until the feed ends.
    _slot: StreamSlot,
}

impl Feed {
    async fn run(mut self, start: Start) {
        let mut last = match start {
            Start::Ready(latest) => {
                let ready = ChangeEvent::marker(latest, ChangeType::Ready).to_sse().retry(RECONNECT_AFTER);
                if !self.deliver(ready).await {
                    return;
                }
                latest
            }
            Start::After(after) => after,
        };
        let streams = std::sync::Arc::clone(&self.state.event_streams);
        let expires_at = self.opened_with.as_ref().and_then(|opened| opened.expires_at);
        loop {
            match self.state.store.events_after(self.owner, last, READ_BATCH).await {
                Ok(EventsAfter::Events(events)) => {
                    let more = events.len() == READ_BATCH as usize;
                    for event in events {
                        last = event.id;
                        if !self.deliver(ChangeEvent::of(event, &self.base).to_sse()).await {
                            return;
                        }
                    }
                    if more {
                        continue;
                    }
                }
                Ok(EventsAfter::Gone { latest }) => {
                    last = latest;
                    if !self.deliver(ChangeEvent::marker(latest, ChangeType::Reload).to_sse()).await {
                        return;
                    }
                }
                Err(err) => {
                    // The client reconnects and resumes where it was.
                    tracing::warn!(error = %err, "cannot read events; ending the stream");
                    return;
                }
            }
            tokio::select! {
                () = self.watch.changed() => {}
                () = until(expires_at) => return,
                () = streams.closed() => return,
                () = self.sender.closed() => return,
            }
            if !self.still_let_in().await {
                return;
            }
        }
    }

    /// Whether the stream's credential still lets its holder in (after a
    /// wake, which a revocation also sends): not logged out, not revoked.
    async fn still_let_in(&self) -> bool {
        let Some(opened) = &self.opened_with else { return true };
        match self.state.store.credential(self.owner, opened.id).await {
            Ok(Some(credential)) => credential.is_valid_at(Utc::now(), self.state.auth.session_idle),
            Ok(None) => false,
            Err(err) => {
                tracing::warn!(error = %err, "cannot check an event stream's credential; ending the stream");
                false
            }
        }
    }

    /// Hands `event` to the response; false when the stream must end: the
    /// client went away, or is too slow to take it.
    async fn deliver(&self, event: Event) -> bool {
        match self.sender.send_timeout(event, SLOW_CONSUMER_TIMEOUT).await {
            Ok(()) => true,
            Err(mpsc::error::SendTimeoutError::Timeout(_)) => {
                metrics::counter!("event_streams_dropped_total", "reason" => "slow_consumer").increment(1);
                tracing::info!(owner = self.owner.0, "dropping an event stream whose client does not read it");
                false
            }
            Err(mpsc::error::SendTimeoutError::Closed(_)) => false,
        }
    }
}

/// Resolves at `at` (a credential's expiry); never without one.
async fn until(at: Option<DateTime<Utc>>) {
    match at {
        Some(at) => tokio::time::sleep((at - Utc::now()).to_std().unwrap_or_default()).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(last_event_id: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("last-event-id", HeaderValue::from_str(last_event_id).unwrap());
        headers
    }

    #[test]
    fn the_header_wins_over_the_query_and_bad_ids_are_refused() {
        let query = EventsQuery { last_event_id: Some(3) };
        assert_eq!(resume_after(&HeaderMap::new(), &query).unwrap(), Some(3));
        assert_eq!(resume_after(&headers("7"), &query).unwrap(), Some(7));
        assert_eq!(resume_after(&headers(""), &EventsQuery::default()).unwrap(), None);
        assert!(resume_after(&headers("seven"), &query).is_err());
        assert!(resume_after(&HeaderMap::new(), &EventsQuery { last_event_id: Some(-1) }).is_err());
    }

    #[test]
    fn an_event_says_its_id_type_and_todo_ids() {
        let event = ChangeEvent { id: 4, kind: ChangeType::Cleared, todo: None, ids: vec![1, 2] };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json, serde_json::json!({"id": 4, "type": "cleared", "ids": [1, 2]}));
    }
}
