//! Black-box tests of the todo API: every test talks HTTP to a real server
//! (in-process through `Application`, or the `todo-api` binary for process
//! behaviour), with its own database and port, so all run in parallel.
//!
//! The same suite runs against both stores: each test is an
//! `async fn name(backend: Backend)` listed in `backend_tests!`, which makes
//! `sqlite::name` and `postgres::name`. `cargo test --test api sqlite` needs
//! nothing; the PostgreSQL half needs `TEST_DATABASE_URL` (see `make test`).

/// Turns each listed `async fn name(backend: Backend)` of the calling module
/// into two tests, `sqlite::name` and `postgres::name`.
macro_rules! backend_tests {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await;
                }
            )+
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Postgres).await;
                }
            )+
        }
    };
}

mod helpers;

mod accounts;
mod backups;
mod calendar;
mod chat;
mod chat_history;
mod chat_rate;
mod conformance;
mod costly_reads;
mod errors;
mod events;
mod hosts;
mod isolation;
mod listing;
mod llm;
mod mcp;
mod mcp_stdio;
mod patch;
mod pg_outage;
mod probes;
mod process;
mod recurrence;
mod replicas;
mod searches;
mod todos;
mod transfer;
