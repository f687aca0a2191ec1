//! Logs: JSON lines for machines, readable lines for people at a terminal.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::{Config, LogFormat};

/// Installs the global subscriber. Call once, from `main`.
pub fn init(config: &Config) {
    // sqlx logs every statement at info, and rmcp three lines for every MCP
    // request; keep that for when it is asked for.
    let directives =
        if config.log_level.contains('=') { config.log_level.clone() } else { format!("{},sqlx=warn,rmcp=warn", config.log_level) };
    let filter = EnvFilter::try_new(directives).unwrap_or_else(|_| EnvFilter::new("info"));
    let format = config.log_format.unwrap_or(if std::io::stdout().is_terminal() { LogFormat::Pretty } else { LogFormat::Json });
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stdout);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).with_span_list(false).init(),
        LogFormat::Pretty => builder.init(),
    }
}
