//! Logs: JSON lines for machines, readable lines for people at a terminal.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::ServeSettings;
use crate::LogFormat;

/// Installs the global subscriber from `LOG_LEVEL` and `LOG_FORMAT`; call
/// once, from `main`. When `LOG_LEVEL` is a bare level, each of
/// `quiet_targets` (libraries that log every request at info) is held at
/// warn. No `LOG_FORMAT`: pretty on a terminal, JSON otherwise.
pub fn init(settings: &ServeSettings, quiet_targets: &[&str]) {
    let log_level = settings.log_level.as_str();
    let directives = if log_level.contains('=') {
        log_level.to_owned()
    } else {
        quiet_targets.iter().fold(log_level.to_owned(), |all, target| format!("{all},{target}=warn"))
    };
    let filter = EnvFilter::try_new(directives).unwrap_or_else(|_| EnvFilter::new("info"));
    let format = settings.log_format.unwrap_or(if std::io::stdout().is_terminal() { LogFormat::Pretty } else { LogFormat::Json });
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stdout);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).with_span_list(false).init(),
        LogFormat::Pretty => builder.init(),
    }
}
