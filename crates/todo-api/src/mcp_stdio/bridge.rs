//! `todo-api mcp --url`: a running server's tools for a desktop client.
//!
//! The session with the client (the handshake, pings, the protocol version)
//! is held here; each `tools/list` and `tools/call` goes on to the server's
//! `/mcp` as one JSON-RPC request a POST, with the API token, and its answer
//! comes back as it came. The server keeps no MCP session, so there is none
//! to open. Forwarding to `/mcp` rather than to the REST API keeps one
//! implementation of the tools: names, schemas, results and errors are the
//! server's own, whatever its version.

use std::time::Duration;

use anyhow::{anyhow, Context};
use reqwest::header::ACCEPT;
use reqwest::StatusCode;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ErrorData, ListToolsResult, PaginatedRequestParams,
    ProtocolVersion, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::http::server_info;

/// How long one forwarded call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// The server's `/mcp`, and how to reach it.
pub struct RemoteTools {
    http: reqwest::Client,
    endpoint: String,
    token: String,
    /// Where the token came from, for error messages.
    token_env: String,
}

/// Why a forwarded call has no result.
enum Failure {
    /// The server answered a JSON-RPC error: passed on as it is.
    Answered(ErrorData),
    /// The call did not get through: said in words, and logged.
    NotThrough(String),
}

/// A JSON-RPC answer: a result or an error.
#[derive(Deserialize)]
struct Answer {
    result: Option<Value>,
    error: Option<ErrorData>,
}

impl RemoteTools {
    /// `url` is the server's address (its `/mcp` is used) or that endpoint
    /// itself; the token is read from the environment variable `token_env`.
    pub fn new(url: &str, token_env: &str) -> anyhow::Result<Self> {
        let token = std::env::var(token_env).ok().filter(|token| !token.trim().is_empty()).ok_or_else(|| {
            anyhow!(
                "the bridge needs an API token in the environment variable {token_env} (create one with POST \
                 /api/v1/tokens); it is read from the environment, never the command line"
            )
        })?;
        let endpoint = if url.ends_with("/mcp") { url.to_owned() } else { format!("{url}/mcp") };
        let plain = url::Url::parse(&endpoint).context("--url")?;
        let loopback = matches!(plain.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        if plain.scheme() == "http" && !loopback {
            tracing::warn!(%endpoint, "the API token goes over plain http; use https beyond this machine");
        }
        let http = reqwest::Client::builder()
            .timeout(CALL_TIMEOUT)
            .user_agent(concat!("todo-api-mcp-bridge/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("cannot build the HTTP client")?;
        Ok(Self { http, endpoint, token: token.trim().to_owned(), token_env: token_env.to_owned() })
    }

    /// Posts `method` with `params` to the server and reads the result as `R`.
    async fn forward<R: DeserializeOwned>(&self, method: &str, params: Value) -> Result<R, Failure> {
        let request = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let response = self
            .http
            .post(&self.endpoint)
            .bearer_auth(&self.token)
            .header(ACCEPT, "application/json, text/event-stream")
            // A version with the initialize handshake: the server serves it statelessly.
            .header("mcp-protocol-version", ProtocolVersion::LATEST_WITH_INITIALIZE.as_str())
            .json(&request)
            .send()
            .await
            .map_err(|e| self.not_through(format!("cannot reach {}: {}", self.endpoint, e.without_url())))?;
        let status = response.status();
        let body =
            response.text().await.map_err(|e| self.not_through(format!("{} broke off its answer: {}", self.endpoint, e.without_url())))?;
        if !status.is_success() {
            return Err(self.not_through(self.refusal(status, &body)));
        }
        let answer: Answer = serde_json::from_str(&body)
            .map_err(|e| self.not_through(format!("{} answered something other than a JSON-RPC message ({e})", self.endpoint)))?;
        match answer {
            Answer { error: Some(error), .. } => Err(Failure::Answered(error)),
            Answer { result: Some(result), .. } => serde_json::from_value(result)
                .map_err(|e| self.not_through(format!("{} answered {method} with an unexpected result ({e})", self.endpoint))),
            Answer { result: None, error: None } => Err(self.not_through(format!("{} answered {method} with nothing", self.endpoint))),
        }
    }

    fn not_through(&self, message: String) -> Failure {
        tracing::warn!(error = %message, "a call to the server failed");
        Failure::NotThrough(message)
    }

    /// What an answer other than 2xx means, with the server's own words
    /// (a problem's `detail`, or the start of the body).
    fn refusal(&self, status: StatusCode, body: &str) -> String {
        let detail = serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|problem| problem.get("detail").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| body.chars().take(300).collect());
        let hint = match status {
            StatusCode::UNAUTHORIZED => format!(" Check the API token in {}.", self.token_env),
            StatusCode::FORBIDDEN => " The server may not list this host name in ALLOWED_HOSTS.".to_owned(),
            _ => String::new(),
        };
        format!("{} answered {status}: {}.{hint}", self.endpoint, detail.trim().trim_end_matches('.'))
    }
}

impl ServerHandler for RemoteTools {
    fn get_info(&self) -> ServerConfig {
        server_info()
    }

    async fn list_tools(
        &self,
        request: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let params = match request.and_then(|r| r.cursor) {
            Some(cursor) => json!({ "cursor": cursor }),
            None => json!({}),
        };
        self.forward("tools/list", params).await.map_err(|failure| match failure {
            Failure::Answered(error) => error,
            Failure::NotThrough(message) => ErrorData::internal_error(message, None),
        })
    }

    /// A call that does not get through is a tool error, so the agent can
    /// tell the user why (a revoked token, a server that is down).
    async fn call_tool(&self, request: CallToolRequestParams, _: RequestContext<RoleServer>) -> Result<CallToolResponse, ErrorData> {
        // Name and arguments only: the client's request metadata belongs to its own session.
        let params = json!({ "name": request.name, "arguments": request.arguments.unwrap_or_default() });
        match self.forward::<CallToolResult>("tools/call", params).await {
            Ok(result) => Ok(result.into()),
            Err(Failure::Answered(error)) => Err(error),
            Err(Failure::NotThrough(message)) => Ok(CallToolResult::error(vec![ContentBlock::text(message)]).into()),
        }
    }
}
