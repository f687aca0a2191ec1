//! The Todo Chatbot API server as a library, so tests can start it in-process.

pub mod auth;
pub mod chat_rate;
pub mod config;
pub mod costly_reads;
pub mod error;
pub mod event_streams;
pub mod formats;
pub mod http;
pub mod llm;
pub mod mcp_stdio;
pub mod metrics;
pub mod operations;
pub mod startup;
pub mod state;
pub mod tools;

pub use config::Config;
pub use startup::Application;

/// The OpenAPI document that `GET /api/v1/openapi.json` serves, as pretty JSON.
pub fn openapi_json() -> String {
    use utoipa::OpenApi;
    http::ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serializes")
}
