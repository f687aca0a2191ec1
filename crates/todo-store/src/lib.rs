//! Where todos live: the [`TodoStore`] trait, and its SQLite and PostgreSQL
//! implementations. Both run their migrations when they connect.

mod accounts;
pub mod backup;
mod calendar;
mod error;
pub mod events;
mod postgres;
mod row;
mod sql;
mod sqlite;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use todo_core::chat::{Action, Applied, ConversationState, Intent, TodoNeeds, TurnPlan, TurnTodos};
use todo_core::{Completion, NewTodo, OwnerId, SortKey, Todo, TodoChanges, TodoFilter, TodoId};

pub use accounts::{AccountStore, Credential, CredentialKind, NewCredential, User};
pub use calendar::{CalendarFeed, CalendarStore, ImportItem, ImportResult};
pub use error::StoreError;
pub use events::{ChangeSignal, ChangeWatch, EventBody, EventKind, EventsAfter, TodoEvent, EVENT_RETENTION};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// Connection settings shared by both backends.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Most connections open at once (for SQLite: readers; there is one writer).
    pub pool_size: u32,
    /// How long a request waits for a connection before it fails as unavailable.
    pub acquire_timeout: Duration,
    /// Most todos one owner may keep; creating more fails with `TodoLimit`.
    pub max_todos_per_owner: u64,
    /// Longest a statement may run (PostgreSQL: `statement_timeout`; SQLite:
    /// from taking the connection, by a progress handler) before it is
    /// interrupted and fails as unavailable, so a costly query gives its
    /// connection back instead of starving the pool. The API sets its request
    /// timeout: the work stops when the answer has gone.
    pub statement_timeout: Duration,
}

/// How full the connection pool is, for metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStats {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// A page of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u64,
}

impl Page {
    /// Every row: for reads that need the whole list (the calendar feed, an
    /// export), bounded by MAX_TODOS_PER_USER rather than by a page.
    pub const ALL: Page = Page { limit: u32::MAX, offset: 0 };
}

/// A conversation keeps this many messages (two a turn); older ones are
/// dropped as new turns come.
pub const CONVERSATION_MAX_MESSAGES: i64 = 200;
/// An owner keeps this many conversations, the most recently used; starting
/// another drops the oldest.
pub const OWNER_MAX_CONVERSATIONS: i64 = 20;

/// Which messages of a conversation to read: the newest `limit` of those
/// before the message `before` (all, without it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessagePage {
    pub before: Option<i64>,
    pub limit: u32,
}

/// Which conversation a chat turn belongs to.
#[derive(Debug, Clone)]
pub struct ConversationKey {
    pub id: String,
    /// Start it: the id is new. Otherwise it must exist (for this owner).
    pub is_new: bool,
}

/// Decides a chat turn from the conversation's state and the owner's todos
/// it needs: the store reads only those ([`TodoNeeds`]), so a turn costs the
/// same however many todos the owner has. Both must be quick and pure: a turn
/// may be planned twice (first on a reader, then again inside the write
/// transaction if the plan changes todos or another turn of the conversation
/// was saved meanwhile).
pub trait Planner: Send + Sync {
    /// Which of the owner's todos the turn is planned from.
    fn needs(&self, state: &ConversationState) -> TodoNeeds;

    /// Decides the turn from the todos read for [`Planner::needs`].
    fn plan(&self, todos: &TurnTodos, state: &ConversationState) -> TurnPlan;
}

/// What a chat turn decided and did.
#[derive(Debug, Clone)]
pub struct TurnOutcome {
    pub plan: TurnPlan,
    pub applied: Vec<Applied>,
    pub actions: Vec<Action>,
    /// Rows of todos the turn read (the last time it was planned).
    pub todos_read: usize,
}

/// One message of a conversation, as stored.
#[derive(Debug, Clone)]
pub struct StoredMessage {
    pub id: i64,
    /// `user` or `assistant`.
    pub role: String,
    pub text: String,
    /// The assistant's reading of the turn.
    pub intent: Option<Intent>,
    pub actions: Vec<Action>,
    pub suggestions: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// The owner's todos counted per view (as the `status` and `due` filters
/// select them) and the tags in use, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodoSummary {
    pub open: u64,
    /// Open and due on the day asked about.
    pub today: u64,
    /// Open and due before it.
    pub overdue: u64,
    pub completed: u64,
    pub tags: Vec<String>,
}

/// Todos, always scoped by their owner: no method reads or writes a row of
/// another owner, so no caller can forget the check.
#[async_trait]
pub trait TodoStore: Send + Sync + 'static {
    /// Stores a new todo; without an `order` it goes after the owner's last
    /// one. `TodoLimit` when the owner has as many as allowed.
    async fn create(&self, owner: OwnerId, new: &NewTodo, now: DateTime<Utc>) -> Result<Todo, StoreError>;

    async fn get(&self, owner: OwnerId, id: TodoId) -> Result<Todo, StoreError>;

    async fn list(&self, owner: OwnerId, filter: &TodoFilter, sort: SortKey, page: Page) -> Result<Vec<Todo>, StoreError>;

    /// How many of the owner's todos each view of a todo list holds on
    /// `today`, and every tag in use: two aggregate queries instead of
    /// reading every todo.
    async fn summary(&self, owner: OwnerId, today: NaiveDate) -> Result<TodoSummary, StoreError>;

    /// Applies `changes` (see [`Todo::apply`]) in one transaction.
    async fn update(
        &self,
        owner: OwnerId,
        id: TodoId,
        changes: TodoChanges,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<(Todo, Completion), StoreError>;

    async fn delete(&self, owner: OwnerId, id: TodoId) -> Result<(), StoreError>;

    /// Deletes what `filter` selects; returns how many went.
    async fn delete_matching(&self, owner: OwnerId, filter: &TodoFilter) -> Result<u64, StoreError>;

    /// One chat turn in one transaction: loads the conversation's state and
    /// the owner's todos the planner needs, lets `planner` decide, applies the changes, and
    /// stores the new state and both messages. A conversation that is not new
    /// and not the owner's is `NotFound`.
    async fn chat_turn(
        &self,
        owner: OwnerId,
        conversation: &ConversationKey,
        message: &str,
        now: DateTime<Utc>,
        today: NaiveDate,
        planner: &dyn Planner,
    ) -> Result<TurnOutcome, StoreError>;

    /// A page of the messages of one of the owner's conversations (see
    /// [`MessagePage`]), oldest first. What a turn stored is bounded (see
    /// `todo_core::chat::history`), and so is what a conversation and an
    /// owner keep ([`CONVERSATION_MAX_MESSAGES`], [`OWNER_MAX_CONVERSATIONS`]).
    async fn messages(&self, owner: OwnerId, conversation_id: &str, page: MessagePage) -> Result<Vec<StoredMessage>, StoreError>;

    /// The id of the owner's latest event (0 before their first).
    async fn latest_event(&self, owner: OwnerId) -> Result<i64, StoreError>;

    /// At most `limit` of the owner's events after the id `after`, oldest
    /// first, or `Gone` when some of them were pruned (see [`EVENT_RETENTION`]).
    async fn events_after(&self, owner: OwnerId, after: i64, limit: u32) -> Result<EventsAfter, StoreError>;

    /// Wakes this process's event streams when an owner's todos change, or
    /// one of their credentials is revoked, on this process or, for
    /// PostgreSQL, on any process sharing the database.
    fn changes(&self) -> &Arc<ChangeSignal>;

    /// Answers when the database does (a `SELECT 1`).
    async fn ping(&self) -> Result<(), StoreError>;

    fn pool_stats(&self) -> PoolStats;

    /// Closes every connection; waits for the ones in use.
    async fn close(&self);

    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;
}

/// Everything the server keeps: todos and conversations, accounts and
/// credentials, calendar feeds and imports.
pub trait Store: TodoStore + AccountStore + CalendarStore {}

impl<T: TodoStore + AccountStore + CalendarStore> Store for T {}

/// Connects to the database that `url` names (`sqlite:…` or `postgres:…`)
/// and brings its schema up to date.
pub async fn connect(url: &str, options: &StoreOptions) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url, options).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(PostgresStore::connect(url, options).await?))
    } else {
        Err(StoreError::Config("DATABASE_URL must start with sqlite: or postgres:".into()))
    }
}
