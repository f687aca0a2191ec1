//! The store's integration tests, in one test binary (one link instead of
//! one per file): each module is one behaviour, on SQLite and, where it
//! applies, on the PostgreSQL cluster that `TEST_DATABASE_URL` names.

mod common;

mod chat_turn_race;
mod checkpoints;
mod dropped_writes;
mod events;
mod migrations;
mod postgres_compression;
mod time_limits;
mod todo_counts;
mod turn_reads;
