//! The Todo Chatbot API server as a library, so tests can start it in-process.

pub mod auth;
pub mod config;
pub mod error;
pub mod http;
pub mod llm;
pub mod mcp_stdio;
pub mod metrics;
pub mod startup;
pub mod state;
pub mod tools;

pub use config::Config;
pub use startup::Application;
