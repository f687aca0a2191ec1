//! Building and running the server: bind, connect storage, serve, and shut
//! down gracefully (drain, stop accepting, finish in-flight, close the pool).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use todo_serve::shutdown::serve_until_signal;
use todo_store::{Store, StoreError, StoreOptions};
use tokio::net::TcpListener;

use crate::auth::Auth;
use crate::chat_rate::ChatRateLimit;
use crate::config::{AuthMode, Config};
use crate::costly_reads::CostlyReads;
use crate::event_streams::EventStreams;
use crate::state::{AppState, SharedState};

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
        config.check()?;
        let llm = config.llm()?;
        let auth = Auth::from_config(&config)?;
        let store = connect_store(&config).await?;
        // The recorder first: a gauge set before it is installed goes nowhere.
        let metrics = crate::metrics::recorder();
        crate::metrics::record_build_info(store.backend());
        let streams = EventStreams::new(config.event_streams_per_user, config.event_streams_max);
        let mut state =
            SharedState::new(store, auth, config.default_timezone, config.public_url.clone(), config.ready_timeout, metrics, streams);
        if let Some(llm) = llm {
            tracing::info!(?llm, "LLM mode on; the rule engine answers when it fails");
            state.llm = Some(Arc::new(llm));
        }
        if config.auth_mode == AuthMode::Accounts {
            state.chat_rate = ChatRateLimit::new(config.chat_rate_limit).map(Arc::new);
            state.costly_reads = Arc::new(CostlyReads::new(config.costly_reads_per_minute));
        }
        Ok(Self { listener, port, state: state.into(), config })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Self { listener, state, config, port } = self;
        let hosts = crate::http::HostPolicy::new(config.auth_mode, &config.allowed_hosts);
        let app = crate::http::router(state.clone(), config.request_timeout, hosts, &config.cors_origins());
        tracing::info!(
            port,
            backend = state.store.backend(),
            auth_mode = config.auth_mode.as_str(),
            "listening on {}:{port}",
            config.api_host
        );

        let draining = state.clone();
        serve_until_signal(listener, app, config.serve.shutdown_timing(), move || draining.start_draining()).await?;
        state.store.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

pub(crate) async fn connect_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let options = StoreOptions {
        pool_size: config.db_pool_size,
        acquire_timeout: config.db_acquire_timeout,
        max_todos_per_owner: config.max_todos_per_user,
        statement_timeout: config.request_timeout,
    };
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
