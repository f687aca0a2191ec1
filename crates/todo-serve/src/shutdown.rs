//! Serving until SIGTERM or SIGINT, then stopping without dropping a request:
//! readiness fails at once, requests are still served for the drain delay
//! (while load balancers stop sending traffic), then the listener closes and
//! in-flight requests get the shutdown timeout to finish.
//!
//! While draining, every answer carries `Connection: close` and its
//! connection closes after it. Otherwise a client's pooled keep-alive
//! connection (todo-web's proxy, an ingress) sits idle until the drain delay
//! ends, the server closes it, and a request the client sends on it at that
//! moment fails with "connection closed before message completed" — for a
//! POST the client cannot tell whether it was carried out.
//!
//! Connections are served by hyper directly (not `axum::serve`) so that a
//! client gets [`HEADER_READ_TIMEOUT`] to send a request's headers: a
//! connection that trickles them (slowloris) is closed, not held.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::header::CONNECTION;
use axum::http::{HeaderValue, Request};
use axum::response::Response;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a client may take to send a request's headers (also the wait
/// for the next request on a kept-alive connection) before the connection
/// is closed.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// `DRAIN_DELAY` and `SHUTDOWN_TIMEOUT`.
#[derive(Debug, Clone, Copy)]
pub struct ShutdownTiming {
    /// How long to keep serving after the signal, with readiness failing.
    pub drain_delay: Duration,
    /// How long in-flight requests get once the server stops accepting.
    pub shutdown_timeout: Duration,
}

/// Serves `app` on `listener` until a shutdown signal, then drains as the
/// module describes. `start_draining` runs as soon as the signal arrives: it
/// is where readiness turns 503. Handlers can read the peer address as
/// `ConnectInfo<SocketAddr>`.
pub async fn serve_until_signal(
    listener: TcpListener,
    app: Router,
    timing: ShutdownTiming,
    start_draining: impl FnOnce() + Send + 'static,
) -> anyhow::Result<()> {
    serve_until(listener, app, timing, signal(), start_draining).await
}

/// [`serve_until_signal`] with the signal given: draining starts when
/// `shutdown` resolves.
pub async fn serve_until(
    listener: TcpListener,
    app: Router,
    timing: ShutdownTiming,
    shutdown: impl Future<Output = ()> + Send + 'static,
    start_draining: impl FnOnce() + Send + 'static,
) -> anyhow::Result<()> {
    let draining = Arc::new(AtomicBool::new(false));
    let app = app.layer(axum::middleware::map_response_with_state(draining.clone(), close_while_draining));
    let start_draining = move || {
        draining.store(true, Ordering::SeqCst);
        start_draining();
    };
    let connections = accept_until(listener, app, drain_after(shutdown, timing.drain_delay, start_draining)).await;
    tokio::select! {
        () = connections.shutdown() => {}
        () = tokio::time::sleep(timing.shutdown_timeout) => {
            tracing::warn!(timeout = ?timing.shutdown_timeout, "in-flight requests did not finish in time; stopping anyway");
        }
    }
    Ok(())
}

/// Serves every connection `listener` accepts until `stop` resolves; then
/// the listener closes, and the connections still open are returned, for a
/// graceful shutdown (idle ones close, in-flight requests finish). Handlers
/// can read the peer address as `ConnectInfo<SocketAddr>`.
async fn accept_until(listener: TcpListener, app: Router, stop: impl Future<Output = ()>) -> GracefulShutdown {
    let connections = GracefulShutdown::new();
    // HTTP/1.1 only, as axum::serve without its http2 feature served: HTTP/2
    // (h2) would add about a megabyte to the static binaries for clients
    // that all speak HTTP/1.1 (browsers reach the apps through an ingress).
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, a connection reset before it was accepted …
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        tracing::trace!(%peer, "connection accepted");
        let service = app.clone().map_request(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request.map(Body::new)
        });
        let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            match connection.await {
                Ok(()) => tracing::trace!(%peer, "connection closed"),
                Err(err) => tracing::debug!(%peer, error = %err, "connection ended with an error"),
            }
        });
    }
    tracing::info!("no longer accepting connections; finishing in-flight requests");
    connections
}

/// Once draining, tells the client not to reuse the connection; hyper then
/// closes it after this answer.
async fn close_while_draining(State(draining): State<Arc<AtomicBool>>, mut response: Response) -> Response {
    if draining.load(Ordering::SeqCst) {
        response.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Resolves when the server should stop accepting.
async fn drain_after(shutdown: impl Future<Output = ()>, delay: Duration, start_draining: impl FnOnce()) {
    shutdown.await;
    start_draining();
    tracing::info!(drain_delay = ?delay, "shutdown signal received; draining");
    tokio::time::sleep(delay).await;
}

/// Resolves on SIGTERM (what Kubernetes and `podman stop` send) or SIGINT (Ctrl-C).
/// The listeners are installed when this is called, not when the future is
/// first polled: a signal that comes before then is not lost (nor does it kill
/// the process with the default action).
pub fn signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let listeners = signal(SignalKind::terminate()).and_then(|terminate| Ok((terminate, signal(SignalKind::interrupt())?)));
        async move {
            match listeners {
                Ok((mut terminate, mut interrupt)) => {
                    tokio::select! {
                        _ = terminate.recv() => {}
                        _ = interrupt.recv() => {}
                    }
                }
                Err(err) => {
                    tracing::error!(error = %err, "cannot listen for SIGTERM; only SIGINT stops the server");
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The end of both servers' `main`: runs `server` (build, then serve until a
/// signal) on a multi-threaded runtime; exit 0 after a graceful stop, 1 with
/// the error logged and on stderr otherwise.
pub fn run_to_exit(program: &str, server: impl std::future::Future<Output = anyhow::Result<()>>) -> std::process::ExitCode {
    let served = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .and_then(|runtime| runtime.block_on(server));
    match served {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = format!("{err:#}"), "{program} stopped with an error");
            eprintln!("{program}: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
