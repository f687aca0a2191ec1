//! Building and running the server: bind, connect storage, serve, and shut
//! down gracefully (drain, stop accepting, finish in-flight, close the pool).

use std::future::IntoFuture;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use todo_store::{StoreError, StoreOptions, TodoStore};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::config::Config;
use crate::state::AppState;

pub struct Application {
    listener: TcpListener,
    port: u16,
    state: AppState,
    config: Config,
}

impl Application {
    /// Binds the listener (port 0 picks a free one) and connects storage,
    /// retrying an unreachable database for `DB_STARTUP_TIMEOUT`.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind((config.api_host, config.api_port))
            .await
            .with_context(|| format!("cannot listen on {}:{} (API_HOST/API_PORT)", config.api_host, config.api_port))?;
        let port = listener.local_addr()?.port();
        let llm = config.llm()?;
        let store = connect_store(&config).await?;
        crate::metrics::record_build_info(store.backend());
        let mut state =
            AppState::new(store, config.default_timezone, config.public_url.clone(), config.ready_timeout, crate::metrics::recorder());
        if let Some(llm) = llm {
            tracing::info!(?llm, "LLM mode on; the rule engine answers when it fails");
            state.llm = Some(Arc::new(llm));
        }
        Ok(Self { listener, port, state, config })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Self { listener, state, config, port } = self;
        let app = crate::http::router(state.clone(), config.request_timeout, &config.mcp_allowed_hosts);
        tracing::info!(port, backend = state.store.backend(), "listening on {}:{port}", config.api_host);

        let stopped_accepting = Arc::new(Notify::new());
        let drain = drain_after_signal(state.clone(), config.drain_delay, stopped_accepting.clone());
        let server = axum::serve(listener, app).with_graceful_shutdown(drain).into_future();
        tokio::pin!(server);
        let finish_in_flight = async {
            stopped_accepting.notified().await;
            tokio::time::sleep(config.shutdown_timeout).await;
        };
        tokio::select! {
            result = &mut server => result.context("server failed")?,
            () = finish_in_flight => tracing::warn!(timeout = ?config.shutdown_timeout, "in-flight requests did not finish in time; stopping anyway"),
        }
        state.store.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Resolves when the server should stop accepting: after a shutdown signal,
/// readiness turns 503 at once and requests are still served for `delay`.
async fn drain_after_signal(state: AppState, delay: Duration, stopped_accepting: Arc<Notify>) {
    shutdown_signal().await;
    state.start_draining();
    tracing::info!(drain_delay = ?delay, "shutdown signal received; draining");
    tokio::time::sleep(delay).await;
    tracing::info!("no longer accepting connections; finishing in-flight requests");
    stopped_accepting.notify_one();
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM; only SIGINT stops the server");
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

async fn connect_store(config: &Config) -> anyhow::Result<Arc<dyn TodoStore>> {
    let options = StoreOptions { pool_size: config.db_pool_size, acquire_timeout: config.db_acquire_timeout };
    let deadline = Instant::now() + config.db_startup_timeout;
    loop {
        match todo_store::connect(&config.database_url, &options).await {
            Ok(store) => return Ok(store),
            Err(err @ StoreError::Unavailable(_)) if Instant::now() < deadline => {
                tracing::warn!(error = %err, "database not reachable yet; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(err) => return Err(err).context("cannot open the database (DATABASE_URL)"),
        }
    }
}
