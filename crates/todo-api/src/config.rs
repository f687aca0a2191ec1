//! Configuration: every setting is a flag and an environment variable of the
//! same name (`--api-port` / `API_PORT`). Bad values stop the process with one
//! line that names the setting.

use std::net::IpAddr;
use std::time::Duration;

use chrono_tz::Tz;
use clap::{Parser, Subcommand};
use todo_serve::config::parse_seconds;
pub use todo_serve::config::ServeSettings;

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

    /// LOG_LEVEL, LOG_FORMAT, DRAIN_DELAY, SHUTDOWN_TIMEOUT.
    #[command(flatten)]
    pub serve: ServeSettings,

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

    /// Base URL of an OpenAI-compatible API (e.g. https://api.openai.com/v1).
    /// With LLM_API_KEY and LLM_MODEL it turns the LLM mode on.
    #[arg(long, env = "LLM_BASE_URL", value_name = "LLM_BASE_URL", value_parser = parse_public_url)]
    pub llm_base_url: Option<String>,

    /// The LLM API key (never logged).
    #[arg(long, env = "LLM_API_KEY", value_name = "LLM_API_KEY", hide_env_values = true)]
    pub llm_api_key: Option<Secret>,

    /// The model to ask, e.g. gpt-4o-mini.
    #[arg(long, env = "LLM_MODEL", value_name = "LLM_MODEL")]
    pub llm_model: Option<String>,

    /// Seconds to wait for the LLM before the rule engine answers instead.
    #[arg(long, env = "LLM_TIMEOUT", value_name = "LLM_TIMEOUT", default_value = "8", value_parser = parse_seconds)]
    pub llm_timeout: Duration,

    /// Seconds /ready waits for the database to answer.
    #[arg(long, env = "READY_TIMEOUT", value_name = "READY_TIMEOUT", default_value = "1", value_parser = parse_seconds)]
    pub ready_timeout: Duration,

    /// Host names the server answers besides loopback ones, comma-separated
    /// (`name` for any port, or `name:port`); anything else gets 403, which
    /// stops DNS-rebinding attacks. Single-user mode always checks (loopback
    /// names are always answered); accounts mode checks only when this is
    /// set. `*` accepts any Host (accounts mode only).
    #[arg(long, env = "ALLOWED_HOSTS", value_name = "ALLOWED_HOSTS", value_delimiter = ',', value_parser = parse_allowed_host)]
    pub allowed_hosts: Vec<String>,

    /// The old name of ALLOWED_HOSTS, which covered /mcp only: refused with
    /// a message naming the new one rather than silently ignored.
    #[arg(long = "mcp-allowed-hosts", env = "MCP_ALLOWED_HOSTS", value_name = "MCP_ALLOWED_HOSTS", hide = true)]
    pub retired_mcp_allowed_hosts: Option<String>,

    /// `accounts`: every API route but sign-up and login needs a session or
    /// a Bearer token. `single-user`: no login, one implicit owner; only
    /// allowed when API_HOST is a loopback address.
    #[arg(long, env = "AUTH_MODE", value_name = "AUTH_MODE", value_enum, default_value_t = AuthMode::Accounts)]
    pub auth_mode: AuthMode,

    /// Seconds a login session lasts without use.
    #[arg(long, env = "SESSION_IDLE_TIMEOUT", value_name = "SESSION_IDLE_TIMEOUT", default_value = "604800", value_parser = parse_seconds)]
    pub session_idle_timeout: Duration,

    /// Seconds a login session lasts at most, used or not.
    #[arg(long, env = "SESSION_MAX_AGE", value_name = "SESSION_MAX_AGE", default_value = "2592000", value_parser = parse_seconds)]
    pub session_max_age: Duration,

    /// Seconds a verified session or token is trusted without asking the
    /// database again. A revoke or logout takes effect at once on the replica
    /// that handles it, and within this on the others; 0 asks every time.
    #[arg(long, env = "AUTH_CACHE_TTL", value_name = "AUTH_CACHE_TTL", default_value = "5", value_parser = parse_seconds)]
    pub auth_cache_ttl: Duration,

    /// Sign-up and login attempts allowed per minute from one client IP, and
    /// (separately) for one username; more get 429.
    #[arg(long, env = "AUTH_ATTEMPTS_PER_MINUTE", value_name = "AUTH_ATTEMPTS_PER_MINUTE", default_value_t = 10,
        value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub auth_attempts_per_minute: u32,

    /// Chat messages one user may send per minute (all at once, at most);
    /// more get 429 with Retry-After. 0 turns the limit off; it is always off
    /// in single-user mode. Far above what a person types.
    #[arg(long, env = "CHAT_RATE_LIMIT", value_name = "CHAT_RATE_LIMIT", default_value_t = 60)]
    pub chat_rate_limit: u32,

    /// Searches (`q`) and chat history pages one user may ask for per minute
    /// (all at once, at most), on top of two at once; more get 429 with
    /// Retry-After. 0 turns the limit off; it is always off in single-user
    /// mode. Far above a person's search-as-you-type.
    #[arg(long, env = "COSTLY_READS_PER_MINUTE", value_name = "COSTLY_READS_PER_MINUTE", default_value_t = 60)]
    pub costly_reads_per_minute: u32,

    /// Event streams (`GET /api/v1/events`) one user may hold open on this
    /// server: a tab or a device each; more get 429.
    #[arg(long, env = "EVENT_STREAMS_PER_USER", value_name = "EVENT_STREAMS_PER_USER", default_value_t = 10,
        value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub event_streams_per_user: u32,

    /// Event streams this server holds open at most, over all users; more get 429.
    #[arg(long, env = "EVENT_STREAMS_MAX", value_name = "EVENT_STREAMS_MAX", default_value_t = 5000,
        value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub event_streams_max: u32,

    /// Sign-up and login attempts allowed per minute from all clients
    /// together; more get 429. The ceiling on guessing from many addresses.
    #[arg(long, env = "AUTH_ATTEMPTS_GLOBAL_PER_MINUTE", value_name = "AUTH_ATTEMPTS_GLOBAL_PER_MINUTE", default_value_t = 600,
        value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub auth_attempts_global_per_minute: u32,

    /// Take the client IP (for attempt limits) from the last X-Forwarded-For
    /// address, which the proxy in front (todo-web) appends: `true` (only
    /// when that proxy is the sole way in), `false`, or `loopback` (when the
    /// request comes from this host, as from a todo-web beside it).
    #[arg(long, env = "TRUST_FORWARDED_FOR", value_name = "TRUST_FORWARDED_FOR", value_enum, default_value_t = TrustForwardedFor::Loopback)]
    pub trust_forwarded_for: TrustForwardedFor,

    /// Origins other sites' browsers may call the API from, comma-separated
    /// (`https://app.example.com`); empty: none (CORS off). `*` allows any
    /// origin without cookies (Bearer tokens only). Read through
    /// [`Config::cors_origins`], which drops the empty entries.
    #[arg(long, env = "CORS_ALLOWED_ORIGINS", value_name = "CORS_ALLOWED_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub cors_allowed_origins: Vec<String>,

    /// Most todos one user may keep.
    #[arg(long, env = "MAX_TODOS_PER_USER", value_name = "MAX_TODOS_PER_USER", default_value_t = 10_000,
        value_parser = clap::value_parser!(u64).range(1..))]
    pub max_todos_per_user: u64,
}

/// When X-Forwarded-For names the client (see `Config::trust_forwarded_for`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrustForwardedFor {
    True,
    False,
    Loopback,
}

/// Who may use the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, utoipa::ToSchema)]
#[schema(rename_all = "kebab-case")]
pub enum AuthMode {
    Accounts,
    SingleUser,
}

impl AuthMode {
    /// The name the setting takes, as logs and `/me` show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::SingleUser => "single-user",
        }
    }
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
    /// Serve the todo tools to a desktop MCP client (Claude Desktop, an
    /// editor, an agent runtime) over stdin and stdout: on DATABASE_URL as
    /// the single local user (the todos of AUTH_MODE=single-user), or with
    /// --url as a bridge to a running server. Logs go to stderr.
    Mcp {
        /// A running server's address, e.g. https://todo.example.com: the
        /// tools are then that server's, for the owner of the token.
        #[arg(long, value_parser = parse_public_url)]
        url: Option<String>,
        /// The environment variable that holds the bridge's API token. The
        /// token itself is never an argument: other users of the machine
        /// can read command lines.
        #[arg(long, value_name = "NAME", default_value = "TODO_API_TOKEN")]
        token_env: String,
    },
    /// Print the OpenAPI document that /api/v1/openapi.json serves and exit
    /// (the web UI's API types are generated from it).
    Openapi,
    /// Write a consistent copy of the database DATABASE_URL names while
    /// servers keep using it: a SQLite file, or a dump of the PostgreSQL
    /// tables (docs/operations.md).
    Backup {
        #[command(flatten)]
        to: BackupTarget,
        /// With --dir: keep this many backups there, deleting older ones.
        #[arg(long, requires = "dir", conflicts_with = "to", value_parser = clap::value_parser!(u32).range(1..))]
        keep: Option<u32>,
    },
    /// Put a backup into the database DATABASE_URL names, which must be empty
    /// or not exist yet (a SQLite file, or a PostgreSQL database, is created),
    /// then migrate it to this release's schema. Stop the servers first.
    Restore {
        /// The backup file (from `todo-api backup`).
        #[arg(long, value_name = "FILE")]
        from: std::path::PathBuf,
        /// Replace what the database holds.
        #[arg(long)]
        force: bool,
    },
}

/// Where `todo-api backup` writes: one file, or a new timestamped file in a directory.
#[derive(Debug, Clone, clap::Args)]
#[group(required = true, multiple = false)]
pub struct BackupTarget {
    /// The backup file (replaced if it exists).
    #[arg(long, value_name = "FILE")]
    pub to: Option<std::path::PathBuf>,
    /// A directory: the backup goes to todo-backup-<UTC time>.sqlite (or .jsonl
    /// for PostgreSQL) in it.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

/// A setting whose value must never be printed, not even by `{:?}`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Ok(Self(raw.to_owned()))
    }
}

impl Config {
    /// The `CORS_ALLOWED_ORIGINS` entries (none when the setting is empty).
    pub fn cors_origins(&self) -> Vec<String> {
        self.cors_allowed_origins.iter().filter(|o| !o.is_empty()).cloned().collect()
    }

    /// Rules between settings that clap cannot express.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.auth_mode == AuthMode::SingleUser && !self.api_host.is_loopback() {
            anyhow::bail!(
                "AUTH_MODE=single-user lets anyone who reaches the server use it, so it only starts on a loopback \
                 API_HOST such as 127.0.0.1 (got {}); use AUTH_MODE=accounts",
                self.api_host
            );
        }
        if self.retired_mcp_allowed_hosts.is_some() {
            anyhow::bail!("MCP_ALLOWED_HOSTS is now ALLOWED_HOSTS, and covers every route (see the README); rename the setting");
        }
        if self.auth_mode == AuthMode::SingleUser && self.allowed_hosts.iter().any(|h| h == "*") {
            anyhow::bail!(
                "ALLOWED_HOSTS=* would let any web page whose name points at this machine use single-user mode \
                 (DNS rebinding); list the host names instead"
            );
        }
        if self.session_max_age.is_zero() || self.session_idle_timeout.is_zero() {
            anyhow::bail!("SESSION_MAX_AGE and SESSION_IDLE_TIMEOUT must be at least one second");
        }
        Ok(())
    }

    /// The LLM client when all three LLM settings are given; an error naming
    /// the missing ones when only some are.
    pub fn llm(&self) -> anyhow::Result<Option<crate::llm::LlmClient>> {
        match (&self.llm_base_url, &self.llm_api_key, &self.llm_model) {
            (None, None, None) => Ok(None),
            (Some(url), Some(key), Some(model)) => {
                Ok(Some(crate::llm::LlmClient::new(url, key.expose().to_owned(), model.clone(), self.llm_timeout)?))
            }
            _ => anyhow::bail!("the LLM mode needs all of LLM_BASE_URL, LLM_API_KEY and LLM_MODEL (or none of them)"),
        }
    }
}

fn parse_timezone(raw: &str) -> Result<Tz, String> {
    raw.parse::<Tz>().map_err(|_| "expected an IANA time zone such as Europe/Paris or UTC".to_owned())
}

fn parse_public_url(raw: &str) -> Result<String, String> {
    let url = url::Url::parse(raw).map_err(|e| format!("expected an absolute http(s) URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err("expected an absolute http(s) URL".to_owned());
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

/// `*`, a host name or IP address, or either with a port.
fn parse_allowed_host(raw: &str) -> Result<String, String> {
    let host = raw.trim();
    if host == "*" || crate::http::HostName::parse(host).is_some() {
        Ok(host.to_ascii_lowercase())
    } else {
        Err(format!("expected host names such as localhost or todo.example.com:8080, or * (got {raw:?})"))
    }
}

/// `*`, a scheme://host[:port] origin without path, or nothing (an empty
/// setting, which means CORS off).
fn parse_origin(raw: &str) -> Result<String, String> {
    let origin = raw.trim();
    if origin == "*" || origin.is_empty() {
        return Ok(origin.to_owned());
    }
    let url = url::Url::parse(origin).map_err(|e| format!("expected an origin such as https://app.example.com ({e})"))?;
    let bare = url.origin().ascii_serialization();
    if !matches!(url.scheme(), "http" | "https") || bare != origin.trim_end_matches('/') {
        return Err(format!("expected an origin such as https://app.example.com, without a path (got {raw:?})"));
    }
    Ok(bare)
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
        assert_eq!(config.serve.drain_delay, Duration::from_secs(5));
        assert!(config.allowed_hosts.is_empty());
        assert_eq!(config.auth_mode, AuthMode::Accounts);
        assert!(config.cors_allowed_origins.is_empty());
        config.check().unwrap();
    }

    #[test]
    fn single_user_mode_only_on_loopback() {
        let local = Config::try_parse_from(["todo-api", "--auth-mode", "single-user"]).unwrap();
        local.check().unwrap();
        let exposed = Config::try_parse_from(["todo-api", "--auth-mode", "single-user", "--api-host", "0.0.0.0"]).unwrap();
        assert!(exposed.check().unwrap_err().to_string().contains("loopback"));
        let ipv6 = Config::try_parse_from(["todo-api", "--auth-mode", "single-user", "--api-host", "::1"]).unwrap();
        ipv6.check().unwrap();
    }

    #[test]
    fn cors_origins_are_bare_origins() {
        let config = Config::try_parse_from(["todo-api", "--cors-allowed-origins", "https://a.example.com,http://localhost:5173"]).unwrap();
        assert_eq!(config.cors_allowed_origins, ["https://a.example.com", "http://localhost:5173"]);
        assert!(Config::try_parse_from(["todo-api", "--cors-allowed-origins", "https://a.example.com/app"]).is_err());
        // Empty means off, as the README says (it used to stop the server).
        let empty = Config::try_parse_from(["todo-api", "--cors-allowed-origins="]).unwrap();
        assert!(empty.cors_origins().is_empty());
        empty.check().unwrap();
    }

    #[test]
    fn allowed_hosts_are_a_comma_separated_list() {
        let config = Config::try_parse_from(["todo-api", "--allowed-hosts", "todo.example.com, Backend:8080,[::1]:8080"]).unwrap();
        assert_eq!(config.allowed_hosts, ["todo.example.com", "backend:8080", "[::1]:8080"]);
    }

    #[test]
    fn single_user_mode_refuses_any_host_and_the_old_setting_is_named() {
        let any = Config::try_parse_from(["todo-api", "--auth-mode", "single-user", "--allowed-hosts", "*"]).unwrap();
        assert!(any.check().unwrap_err().to_string().contains("DNS rebinding"));
        Config::try_parse_from(["todo-api", "--allowed-hosts", "*"]).unwrap().check().unwrap();
        let old = Config::try_parse_from(["todo-api", "--mcp-allowed-hosts", "todo.example.com"]).unwrap();
        assert!(old.check().unwrap_err().to_string().contains("ALLOWED_HOSTS"));
    }

    #[test]
    fn the_mcp_subcommand_takes_a_url_and_the_name_of_a_token_variable() {
        let local = Config::try_parse_from(["todo-api", "mcp"]).unwrap();
        assert!(matches!(local.command, Some(Command::Mcp { url: None, ref token_env }) if token_env == "TODO_API_TOKEN"));
        let bridge =
            Config::try_parse_from(["todo-api", "mcp", "--url", "https://todo.example.com/", "--token-env", "WORK_TODOS"]).unwrap();
        let Some(Command::Mcp { url, token_env }) = bridge.command else { panic!("{bridge:?}") };
        assert_eq!((url.as_deref(), token_env.as_str()), (Some("https://todo.example.com"), "WORK_TODOS"));
        assert!(Config::try_parse_from(["todo-api", "mcp", "--url", "todo.example.com"]).is_err());
        assert!(Config::try_parse_from(["todo-api", "mcp", "--token", "tc_secret"]).is_err(), "no flag takes a token");
    }

    #[test]
    fn the_llm_mode_needs_all_three_settings() {
        let none = Config::try_parse_from(["todo-api"]).unwrap();
        assert!(none.llm().unwrap().is_none());
        let partial = Config::try_parse_from(["todo-api", "--llm-model", "m"]).unwrap();
        assert!(partial.llm().unwrap_err().to_string().contains("LLM_API_KEY"));
        let all =
            Config::try_parse_from(["todo-api", "--llm-base-url", "http://127.0.0.1:1/v1", "--llm-api-key", "sk-x", "--llm-model", "m"]);
        let all = all.unwrap();
        assert!(all.llm().unwrap().is_some());
        assert!(!format!("{all:?}").contains("sk-x"), "the key never shows in debug output");
    }

    #[test]
    fn bad_values_name_their_setting() {
        for (flag, value, name) in [
            ("--api-port", "abc", "API_PORT"),
            ("--default-timezone", "Mars/Base", "DEFAULT_TIMEZONE"),
            ("--drain-delay", "-1", "DRAIN_DELAY"),
            ("--public-url", "not a url", "PUBLIC_URL"),
            ("--log-level", "loud=[", "LOG_LEVEL"),
            ("--allowed-hosts", "localhost,,x", "ALLOWED_HOSTS"),
            ("--allowed-hosts", "http://evil.example", "ALLOWED_HOSTS"),
            ("--auth-mode", "none", "AUTH_MODE"),
            ("--cors-allowed-origins", "ftp://x", "CORS_ALLOWED_ORIGINS"),
            ("--max-todos-per-user", "0", "MAX_TODOS_PER_USER"),
        ] {
            let err = Config::try_parse_from(["todo-api".to_owned(), format!("{flag}={value}")]).unwrap_err().to_string();
            assert!(err.contains(name), "{err}");
        }
    }
}
