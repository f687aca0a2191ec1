//! Configuration: every setting is a flag and an environment variable of the
//! same name (`--api-port` / `API_PORT`). Bad values stop the process with one
//! line that names the setting.

use std::net::IpAddr;
use std::time::Duration;

use chrono_tz::Tz;
use clap::{Parser, Subcommand, ValueEnum};
use tracing_subscriber::EnvFilter;

#[derive(Debug, Clone, Parser)]
#[command(name = "todo-api", version, about = "The Todo Chatbot API server")]
pub struct Config {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address to listen on (containers set 0.0.0.0).
    #[arg(long, env = "API_HOST", value_name = "API_HOST", default_value = "127.0.0.1")]
    pub api_host: IpAddr,

    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "API_PORT", value_name = "API_PORT", default_value_t = 8080)]
    pub api_port: u16,

    /// `sqlite://path/to/file.db` (created if missing) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", value_name = "DATABASE_URL", default_value = "sqlite://data/todos.db", hide_env_values = true)]
    pub database_url: String,

    /// Base of the todo URLs (e.g. https://todo.example.com); otherwise built
    /// from Host / X-Forwarded-Host / X-Forwarded-Proto.
    #[arg(long, env = "PUBLIC_URL", value_name = "PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// IANA time zone for "today", "overdue" and "this week" when a request names none.
    #[arg(long, env = "DEFAULT_TIMEZONE", value_name = "DEFAULT_TIMEZONE", default_value = "UTC", value_parser = parse_timezone)]
    pub default_timezone: Tz,

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

    /// Seconds a request may take before it is answered 408.
    #[arg(long, env = "REQUEST_TIMEOUT", value_name = "REQUEST_TIMEOUT", default_value = "30", value_parser = parse_seconds)]
    pub request_timeout: Duration,

    /// Database connections (for SQLite: readers; writes use one connection).
    #[arg(long, env = "DB_POOL_SIZE", value_name = "DB_POOL_SIZE", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_pool_size: u32,

    /// Seconds a request waits for a database connection before answering 503.
    #[arg(long, env = "DB_ACQUIRE_TIMEOUT", value_name = "DB_ACQUIRE_TIMEOUT", default_value = "2", value_parser = parse_seconds)]
    pub db_acquire_timeout: Duration,

    /// Seconds to keep retrying the database at start-up before giving up.
    #[arg(long, env = "DB_STARTUP_TIMEOUT", value_name = "DB_STARTUP_TIMEOUT", default_value = "30", value_parser = parse_seconds)]
    pub db_startup_timeout: Duration,

    /// Seconds /ready waits for the database to answer.
    #[arg(long, env = "READY_TIMEOUT", value_name = "READY_TIMEOUT", default_value = "1", value_parser = parse_seconds)]
    pub ready_timeout: Duration,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Probe a running server's /ready and exit 0 (ready) or 1 (not): a
    /// container HEALTHCHECK that needs no curl.
    Healthcheck {
        /// Default: http://127.0.0.1:$API_PORT/ready
        #[arg(long)]
        url: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Json,
    Pretty,
}

fn parse_seconds(raw: &str) -> Result<Duration, String> {
    raw.parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| "expected a non-negative number of seconds".to_owned())
}

fn parse_timezone(raw: &str) -> Result<Tz, String> {
    raw.parse::<Tz>().map_err(|_| "expected an IANA time zone such as Europe/Paris or UTC".to_owned())
}

fn parse_log_level(raw: &str) -> Result<String, String> {
    EnvFilter::try_new(raw).map(|_| raw.to_owned()).map_err(|e| format!("expected a level or tracing directives ({e})"))
}

fn parse_public_url(raw: &str) -> Result<String, String> {
    let url = url::Url::parse(raw).map_err(|e| format!("expected an absolute http(s) URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err("expected an absolute http(s) URL".to_owned());
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_contract() {
        let config = Config::try_parse_from(["todo-api"]).unwrap();
        assert_eq!(config.api_host.to_string(), "127.0.0.1");
        assert_eq!(config.api_port, 8080);
        assert_eq!(config.default_timezone, Tz::UTC);
        assert_eq!(config.drain_delay, Duration::from_secs(5));
    }

    #[test]
    fn bad_values_name_their_setting() {
        for (flag, value, name) in [
            ("--api-port", "abc", "API_PORT"),
            ("--default-timezone", "Mars/Base", "DEFAULT_TIMEZONE"),
            ("--drain-delay", "-1", "DRAIN_DELAY"),
            ("--public-url", "not a url", "PUBLIC_URL"),
            ("--log-level", "loud=[", "LOG_LEVEL"),
        ] {
            let err = Config::try_parse_from(["todo-api".to_owned(), format!("{flag}={value}")]).unwrap_err().to_string();
            assert!(err.contains(name), "{err}");
        }
    }
}
