//! What both servers (`todo-api` and `todo-web`) share: the log set-up, the
//! `healthcheck` probe, the shutdown signal and drain, and the helpers their
//! `clap` configurations parse settings with. Nothing here knows either
//! server's types.

pub mod config;
pub mod healthcheck;
pub mod shutdown;
pub mod telemetry;

pub use config::LogFormat;
