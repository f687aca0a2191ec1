//! Logs: JSON lines for machines, readable lines for people at a terminal,
//! and the span each request's lines are written in.

use std::io::IsTerminal;

use axum::extract::{MatchedPath, Request};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

use crate::config::ServeSettings;
use crate::LogFormat;

/// Installs the global subscriber from `LOG_LEVEL` and `LOG_FORMAT`, writing
/// to stdout; call once, from `main`. When `LOG_LEVEL` is a bare level, each
/// of `quiet_targets` (libraries that log every request at info) is held at
/// warn. No `LOG_FORMAT`: pretty on a terminal, JSON otherwise.
pub fn init(settings: &ServeSettings, quiet_targets: &[&str]) {
    let directives: Vec<String> = quiet_targets.iter().map(|target| format!("{target}=warn")).collect();
    install(settings, &directives, std::io::stdout, std::io::stdout().is_terminal());
}

/// As [`init`], for a program whose stdout carries a protocol (an MCP server
/// over stdio): logs go to stderr, and `directives` (such as `rmcp=warn`)
/// are added to a bare `LOG_LEVEL`.
pub fn init_on_stderr(settings: &ServeSettings, directives: &[&str]) {
    let directives: Vec<String> = directives.iter().map(|d| (*d).to_owned()).collect();
    install(settings, &directives, std::io::stderr, std::io::stderr().is_terminal());
}

fn install<W>(settings: &ServeSettings, directives: &[String], writer: W, to_terminal: bool)
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let log_level = settings.log_level.as_str();
    let directives = if log_level.contains('=') {
        log_level.to_owned()
    } else {
        directives.iter().fold(log_level.to_owned(), |all, directive| format!("{all},{directive}"))
    };
    let filter = EnvFilter::try_new(directives).unwrap_or_else(|_| EnvFilter::new("info"));
    let format = settings.log_format.unwrap_or(if to_terminal { LogFormat::Pretty } else { LogFormat::Json });
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    match format {
        // The span list, not just the current span: a library's inner span
        // must not hide the request span's id and route.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).with_span_list(true).init(),
        LogFormat::Pretty => builder.init(),
    }
}

/// The span around everything one request logs: its `request_id` (the
/// `x-request-id` header, set before this runs), `method` and `route` (the
/// matched route template, `unmatched` for none). JSON lines carry it in
/// `spans`; terminal lines as a `request{…}` prefix.
pub fn request_span(request: &Request) -> tracing::Span {
    let request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str);
    tracing::info_span!("request", request_id, method = request.method().as_str(), route)
}
