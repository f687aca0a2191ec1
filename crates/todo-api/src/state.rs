use std::net::IpAddr;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use chrono_tz::Tz;
use metrics_exporter_prometheus::PrometheusHandle;
use todo_store::Store;

use crate::auth::Auth;
use crate::chat_rate::{ChatRateLimit, KeyedRateLimit};
use crate::costly_reads::CostlyReads;
use crate::event_streams::EventStreams;
use crate::llm::LlmClient;

/// Calendar feed requests one client address may make a minute: calendar
/// apps poll every few minutes to hours, so this only stops floods.
pub const FEED_REQUESTS_PER_MINUTE: u32 = 60;

/// What every handler can reach. axum copies the state for every request:
/// one shared allocation makes that copy one reference count, where a struct
/// of a dozen `Arc`s cost a dozen atomic increments and decrements on
/// counters every core touches (about 2% of `/health`'s CPU, docs/performance.md).
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

impl Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

impl From<SharedState> for AppState {
    fn from(shared: SharedState) -> Self {
        Self(Arc::new(shared))
    }
}

/// The fields of [`AppState`], set up before it is shared.
pub struct SharedState {
    pub store: Arc<dyn Store>,
    pub auth: Arc<Auth>,
    pub default_timezone: Tz,
    /// Base of todo URLs when configured (no trailing slash).
    pub public_url: Option<Arc<str>>,
    pub ready_timeout: Duration,
    pub metrics: PrometheusHandle,
    /// Set when the LLM mode is configured.
    pub llm: Option<Arc<LlmClient>>,
    /// The per-user limit on chat turns; `None` when off.
    pub chat_rate: Option<Arc<ChatRateLimit>>,
    /// Each user's searches and history pages, running and a minute (REST and MCP).
    pub costly_reads: Arc<CostlyReads>,
    /// Calendar feed requests per client address (the feed needs no login).
    pub feed_rate: Arc<KeyedRateLimit<Option<IpAddr>>>,
    /// The open `GET /api/v1/events` streams.
    pub event_streams: Arc<EventStreams>,
    draining: AtomicBool,
}

impl SharedState {
    pub fn new(
        store: Arc<dyn Store>,
        auth: Auth,
        default_timezone: Tz,
        public_url: Option<String>,
        ready_timeout: Duration,
        metrics: PrometheusHandle,
        event_streams: EventStreams,
    ) -> Self {
        Self {
            store,
            auth: Arc::new(auth),
            default_timezone,
            public_url: public_url.map(Arc::from),
            ready_timeout,
            metrics,
            llm: None,
            chat_rate: None,
            costly_reads: Arc::default(),
            feed_rate: Arc::new(KeyedRateLimit::new(FEED_REQUESTS_PER_MINUTE).expect("the feed limit is not zero")),
            event_streams: Arc::new(event_streams),
            draining: AtomicBool::new(false),
        }
    }

    /// From now on /ready answers 503 so that traffic drains away, and
    /// event streams end (their clients reconnect to another replica).
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
        self.event_streams.close_all();
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }
}

/// The server's clock, at the precision both databases store (microseconds).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The calendar day it is at `now` in `tz`.
pub fn today_in(tz: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}
