//! Configuration: every setting is a flag and an environment variable of the
//! same name (`--web-port` / `WEB_PORT`). Bad values stop the process with one
//! line that names the setting.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use todo_serve::config::{parse_seconds, ServeSettings};

#[derive(Debug, Clone, Parser)]
#[command(name = "todo-web", version, about = "Serves the Todo Chatbot UI and proxies /api and /mcp to the API server")]
pub struct Config {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address to listen on (containers set 0.0.0.0).
    #[arg(long, env = "WEB_HOST", value_name = "WEB_HOST", default_value = "127.0.0.1")]
    pub web_host: IpAddr,

    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "WEB_PORT", value_name = "WEB_PORT", default_value_t = 8080)]
    pub web_port: u16,

    /// The API server that /api/ and /mcp are passed to: http://host[:port], no path.
    #[arg(long, env = "BACKEND_URL", value_name = "BACKEND_URL", default_value = "http://127.0.0.1:8081", value_parser = parse_backend_url)]
    pub backend_url: BackendUrl,

    /// The built UI (the Vite build's `dist` folder, with index.html).
    #[arg(long, env = "STATIC_DIR", value_name = "STATIC_DIR", default_value = "web/dist")]
    pub static_dir: PathBuf,

    /// Seconds the API server gets to start answering a proxied request before
    /// it is answered 504 (a streamed answer may then go on for longer).
    #[arg(long, env = "PROXY_TIMEOUT", value_name = "PROXY_TIMEOUT", default_value = "30", value_parser = parse_positive_seconds)]
    pub proxy_timeout: Duration,

    /// LOG_LEVEL, LOG_FORMAT, DRAIN_DELAY, SHUTDOWN_TIMEOUT.
    #[command(flatten)]
    pub serve: ServeSettings,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Probe a running server's /ready and exit 0 (ready) or 1 (not): a
    /// container HEALTHCHECK that needs no curl.
    Healthcheck {
        /// Default: http://127.0.0.1:$WEB_PORT/ready
        #[arg(long)]
        url: Option<String>,
    },
}

/// `BACKEND_URL`, checked: plain http, a host, no path, query or user info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendUrl {
    /// `host[:port]`, as the proxied requests' URIs carry it.
    pub authority: String,
}

fn parse_backend_url(raw: &str) -> Result<BackendUrl, String> {
    let expected = "expected http://host[:port] with no path (e.g. http://todo-chatbot-backend:80)";
    let url = url::Url::parse(raw).map_err(|e| format!("{expected} ({e})"))?;
    let host = url.host_str().filter(|h| !h.is_empty());
    let plain = url.scheme() == "http"
        && url.username().is_empty()
        && url.password().is_none()
        && matches!(url.path(), "" | "/")
        && url.query().is_none()
        && url.fragment().is_none();
    match host {
        Some(host) if plain => {
            let port = url.port().unwrap_or(80);
            Ok(BackendUrl { authority: format!("{host}:{port}") })
        }
        _ => Err(expected.to_owned()),
    }
}

fn parse_positive_seconds(raw: &str) -> Result<Duration, String> {
    parse_seconds(raw).and_then(|d| if d.is_zero() { Err("expected a positive number of seconds".to_owned()) } else { Ok(d) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_run_next_to_a_local_api_server() {
        let config = Config::try_parse_from(["todo-web"]).unwrap();
        assert_eq!(config.web_host.to_string(), "127.0.0.1");
        assert_eq!(config.web_port, 8080);
        assert_eq!(config.backend_url.authority, "127.0.0.1:8081");
        assert_eq!(config.static_dir, PathBuf::from("web/dist"));
        assert_eq!(config.proxy_timeout, Duration::from_secs(30));
        assert_eq!(config.serve.drain_delay, Duration::from_secs(5));
        assert_eq!(config.serve.shutdown_timeout, Duration::from_secs(10));
    }

    #[test]
    fn backend_urls_are_plain_http_hosts() {
        let parsed = |raw: &str| parse_backend_url(raw).map(|b| b.authority);
        assert_eq!(parsed("http://todo-chatbot-backend:80").unwrap(), "todo-chatbot-backend:80");
        assert_eq!(parsed("http://todo-chatbot-backend/").unwrap(), "todo-chatbot-backend:80");
        assert_eq!(parsed("http://[::1]:8081").unwrap(), "[::1]:8081");
        for bad in ["https://api.example.com", "http://api/v1", "http://user:pw@api", "todo-chatbot-backend:80", "http://api?x=1"] {
            assert!(parse_backend_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_values_name_their_setting() {
        for (flag, value, name) in [
            ("--web-port", "abc", "WEB_PORT"),
            ("--backend-url", "ftp://x", "BACKEND_URL"),
            ("--proxy-timeout", "0", "PROXY_TIMEOUT"),
            ("--drain-delay", "-1", "DRAIN_DELAY"),
            ("--log-level", "loud=[", "LOG_LEVEL"),
            ("--log-format", "xml", "LOG_FORMAT"),
        ] {
            let err = Config::try_parse_from(["todo-web".to_owned(), format!("{flag}={value}")]).unwrap_err().to_string();
            assert!(err.contains(name), "{err}");
        }
    }
}
