//! todo-web: serves the built chat UI and reverse-proxies `/api/` and `/mcp`
//! to the API server, as a library so that tests can start it in-process.

pub mod config;
mod http;
mod probes;
mod proxy;
pub mod startup;
mod static_files;

pub use config::Config;
pub use http::CONTENT_SECURITY_POLICY_VALUE;
pub use startup::Application;
