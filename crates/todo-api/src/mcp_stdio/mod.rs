//! `todo-api mcp`: the todo tools over stdin and stdout, the way desktop MCP
//! clients (Claude Desktop, editors, agent runtimes) start a server: as a
//! child process that reads and writes one JSON-RPC message a line.
//!
//! - Local (the default): [`TodoTools`] on `DATABASE_URL` for the single
//!   local user, the owner `AUTH_MODE=single-user` serves, so a desktop
//!   client and `make run` share one list (todo-store notices another
//!   process's changes through the owners' versions).
//! - Bridge (`--url`): the tools of a running server, for the owner of the
//!   API token read from the environment ([`bridge`]).
//!
//! Only protocol messages go to stdout; logs go to stderr (`main` sets that
//! up). rmcp reads the input: a line that is not JSON is logged and skipped,
//! JSON that is not a message is answered "Invalid request", a line over the
//! HTTP body limit is logged and discarded, and the end of stdin ends the
//! process with exit 0.

mod bridge;

use std::sync::Arc;

use anyhow::anyhow;
use rmcp::service::{QuitReason, ServerInitializeError};
use rmcp::transport::async_rw::AsyncRwTransport;
use rmcp::transport::stdio_pipes;
use rmcp::{ServerHandler, ServiceExt};
use todo_serve::shutdown;

use crate::auth::LOCAL_OWNER;
use crate::config::Config;
use crate::http::{Owner, TodoTools, BODY_LIMIT};
use crate::startup::connect_store;

/// Log directives for this mode, added to a bare `LOG_LEVEL`: rmcp and sqlx
/// are quiet as in the server, except that rmcp's notes on input it skips
/// (a line that is not JSON, JSON that is not a message) are shown: in this
/// mode they are the only sign of a confused client.
pub const LOG_DIRECTIVES: [&str; 3] = ["sqlx=warn", "rmcp=warn", "rmcp::transport::async_rw=debug"];

/// Serves one client on stdin and stdout until stdin ends or a signal comes.
pub async fn run(config: Config, url: Option<String>, token_env: &str) -> anyhow::Result<()> {
    match url {
        Some(url) => {
            let remote = bridge::RemoteTools::new(&url, token_env)?;
            tracing::info!(url = %url, "serving a running server's todo tools over stdio");
            serve(remote).await
        }
        None => {
            let store = connect_store(&config).await?;
            tracing::info!(backend = store.backend(), "serving the todo tools over stdio for the local user");
            let served = serve(TodoTools::new(store.clone(), config.default_timezone, Owner::Fixed(LOCAL_OWNER), Arc::default())).await;
            store.close().await;
            served
        }
    }
}

async fn serve(handler: impl ServerHandler) -> anyhow::Result<()> {
    let (stdin, stdout) = stdio_pipes();
    // The same bound as a POST to /mcp: a message is one line.
    let transport = AsyncRwTransport::new_server(stdin, stdout).with_max_line_length(BODY_LIMIT);
    // One listener from the start: a signal that comes as the handshake ends is not lost.
    let signal = shutdown::signal();
    tokio::pin!(signal);
    let service = tokio::select! {
        started = handler.serve(transport) => match started {
            Ok(service) => service,
            Err(ServerInitializeError::ConnectionClosed(_)) => {
                tracing::info!("stdin closed before the client initialized the session; stopping");
                return Ok(());
            }
            Err(err) => return Err(anyhow!("the MCP session did not start: {err}")),
        },
        () = &mut signal => {
            tracing::info!("stopping on a signal");
            return Ok(());
        }
    };
    let stop = service.cancellation_token();
    let waiting = service.waiting();
    tokio::pin!(waiting);
    let quit = tokio::select! {
        quit = &mut waiting => quit,
        () = &mut signal => {
            tracing::info!("stopping on a signal");
            stop.cancel();
            waiting.await
        }
    };
    match quit {
        Ok(QuitReason::Closed) => tracing::info!("stdin closed; stopping"),
        Ok(QuitReason::JoinError(err)) | Err(err) => return Err(anyhow!("the MCP session failed: {err}")),
        // Cancelled: by the signal, logged above.
        Ok(_) => {}
    }
    Ok(())
}
