//! Building and running the server: bind, serve, and shut down gracefully
//! (drain, stop accepting, finish in-flight requests).

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use todo_serve::shutdown::{serve_until_signal, ShutdownTiming};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Config;
use crate::proxy::Proxy;

/// What every handler can reach.
#[derive(Clone)]
pub struct WebState {
    pub proxy: Proxy,
    pub static_dir: Arc<Path>,
    draining: Arc<AtomicBool>,
    /// Turns true when draining starts: proxied event streams end then, so
    /// that their clients reconnect through another replica instead of
    /// holding this one until its shutdown timeout.
    closing: Arc<watch::Sender<bool>>,
}

impl WebState {
    pub fn new(config: &Config) -> Self {
        Self {
            proxy: Proxy::new(config.backend_url.clone(), config.proxy_timeout),
            static_dir: Arc::from(config.static_dir.as_path()),
            draining: Arc::new(AtomicBool::new(false)),
            closing: Arc::new(watch::channel(false).0),
        }
    }

    /// From now on /ready answers 503 so that traffic drains away.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
        self.closing.send_replace(true);
    }

    /// Resolves once draining has started (at once if it has).
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            // The sender lives in the state, which outlives every request.
            let _ = closing.wait_for(|closing| *closing).await;
        }
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }
}

pub struct Application {
    listener: TcpListener,
    port: u16,
    host: IpAddr,
    state: WebState,
    timing: ShutdownTiming,
}

impl Application {
    /// Binds the listener (port 0 picks a free one). A missing STATIC_DIR is
    /// not fatal: /ready says so, and the proxy still works.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind((config.web_host, config.web_port))
            .await
            .with_context(|| format!("cannot listen on {}:{} (WEB_HOST/WEB_PORT)", config.web_host, config.web_port))?;
        let port = listener.local_addr()?.port();
        let index: PathBuf = config.static_dir.join("index.html");
        if !index.is_file() {
            tracing::warn!(static_dir = %config.static_dir.display(), "no index.html in STATIC_DIR; /ready answers 503 until there is one");
        }
        Ok(Self { listener, port, host: config.web_host, state: WebState::new(&config), timing: config.serve.shutdown_timing() })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Self { listener, port, host, state, timing } = self;
        tracing::info!(port, backend = state.proxy.backend_authority(), static_dir = %state.static_dir.display(), "listening on {host}:{port}");
        let app = crate::http::router(state.clone());
        serve_until_signal(listener, app, timing, move || state.start_draining()).await?;
        tracing::info!("stopped");
        Ok(())
    }
}
