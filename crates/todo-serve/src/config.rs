//! Parsing settings: value parsers for `clap` fields, and turning a parse
//! failure into the one line and exit code an operator sees.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, ValueEnum};
use tracing_subscriber::EnvFilter;

use crate::shutdown::ShutdownTiming;

/// The settings both servers have, flattened into each one's `Config`
/// (`#[command(flatten)] serve: ServeSettings`).
#[derive(Debug, Clone, Args)]
pub struct ServeSettings {
    /// Log filter: a level (error, warn, info, debug, trace) or tracing directives.
    #[arg(long, env = "LOG_LEVEL", value_name = "LOG_LEVEL", default_value = "info", value_parser = parse_log_level)]
    pub log_level: String,

    /// json (one object a line) or pretty; default: pretty on a terminal, json otherwise.
    #[arg(long, env = "LOG_FORMAT", value_name = "LOG_FORMAT")]
    pub log_format: Option<LogFormat>,

    /// Seconds to keep serving after SIGTERM while /ready answers 503, so the
    /// load balancer can stop sending traffic.
    #[arg(long, env = "DRAIN_DELAY", value_name = "DRAIN_DELAY", default_value = "5", value_parser = parse_seconds)]
    pub drain_delay: Duration,

    /// Seconds that in-flight requests get to finish once the server stops accepting.
    #[arg(long, env = "SHUTDOWN_TIMEOUT", value_name = "SHUTDOWN_TIMEOUT", default_value = "10", value_parser = parse_seconds)]
    pub shutdown_timeout: Duration,
}

impl ServeSettings {
    pub fn shutdown_timing(&self) -> ShutdownTiming {
        ShutdownTiming { drain_delay: self.drain_delay, shutdown_timeout: self.shutdown_timeout }
    }
}

/// `LOG_FORMAT`: one JSON object a line, or lines for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Json,
    Pretty,
}

/// A non-negative number of seconds, fractions allowed (`0.5`).
pub fn parse_seconds(raw: &str) -> Result<Duration, String> {
    raw.parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| "expected a non-negative number of seconds".to_owned())
}

/// `LOG_LEVEL`: a level or `tracing` directives, checked at start-up.
pub fn parse_log_level(raw: &str) -> Result<String, String> {
    EnvFilter::try_new(raw).map(|_| raw.to_owned()).map_err(|e| format!("expected a level or tracing directives ({e})"))
}

/// Parses the command line and environment. `--help` and `--version` print
/// and exit 0; a bad value prints one line that names the setting, e.g.
/// `todo-web: configuration error: invalid value 'abc' for '--web-port <WEB_PORT>': …`,
/// and exits 2.
pub fn parse_or_exit<C: Parser>(program: &str) -> Result<C, ExitCode> {
    C::try_parse().map_err(|err| {
        if !err.use_stderr() {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        eprintln!("{program}: configuration error: {}", first_line(&err));
        ExitCode::from(2)
    })
}

fn first_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    rendered.lines().next().unwrap_or("invalid configuration").trim_start_matches("error: ").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_non_negative_numbers() {
        assert_eq!(parse_seconds("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_seconds("0"), Ok(Duration::ZERO));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("ten").is_err());
    }

    #[test]
    fn log_levels_are_levels_or_directives() {
        assert!(parse_log_level("debug").is_ok());
        assert!(parse_log_level("info,hyper=warn").is_ok());
        assert!(parse_log_level("loud=[").is_err());
    }

    #[derive(Debug, Parser)]
    struct Example {
        #[arg(long, env = "EXAMPLE_PORT_FOR_TEST", value_name = "EXAMPLE_PORT_FOR_TEST")]
        port: u16,
    }

    #[test]
    fn a_bad_value_is_one_line_naming_the_setting() {
        let err = Example::try_parse_from(["example", "--port", "abc"]).unwrap_err();
        let line = first_line(&err);
        assert!(line.contains("EXAMPLE_PORT_FOR_TEST") && line.contains("abc"), "{line}");
        assert!(!line.contains('\n'));
    }
}
