use todo_core::ValidationErrors;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique name is taken (a username).
    #[error("already exists")]
    Conflict,
    /// The owner has as many todos as one account may keep.
    #[error("the limit of {limit} todos is reached")]
    TodoLimit { limit: u64 },
    /// The change breaks a rule between fields (see `Todo::apply`).
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// The database cannot be reached or is too busy: worth retrying later.
    #[error("storage unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    #[error("bad storage configuration: {0}")]
    Config(String),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("storage error: {0}")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        if is_unavailable(&err) {
            Self::Unavailable(err)
        } else {
            Self::Database(err)
        }
    }
}

/// Errors that say "the database is not there right now" rather than "this
/// query is wrong": lost connections, timeouts, a server shutting down, a
/// busy SQLite file.
pub(crate) fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code();
            let code = code.as_deref().unwrap_or_default();
            // PostgreSQL: connection exceptions (08), operator intervention
            // such as admin_shutdown (57P0x), insufficient resources (53).
            // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6). A statement
            // past its time limit: PostgreSQL's query_canceled (57014),
            // SQLite's SQLITE_INTERRUPT (9).
            code.starts_with("08") || code.starts_with("57P") || code.starts_with("53") || matches!(code, "57014" | "5" | "6" | "9")
        }
        _ => false,
    }
}
