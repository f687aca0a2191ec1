//! The `healthcheck` subcommand of both servers: probes a server's /ready
//! over HTTP/1.1, so a container image needs no curl.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use http_body_util::Empty;
use hyper::body::Bytes;
use hyper::{header, Request, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

const TIMEOUT: Duration = Duration::from_secs(3);

/// Probes `url` and turns the outcome into the exit code: 0 when it answered
/// 200, otherwise 1 with the reason on stderr (prefixed by `program`).
pub fn run(program: &str, url: &str) -> ExitCode {
    let probed = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .and_then(|runtime| runtime.block_on(probe(url)));
    match probed {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{program} healthcheck: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(())` when `url` answers 200 within the timeout.
pub async fn probe(url: &str) -> anyhow::Result<()> {
    let status = tokio::time::timeout(TIMEOUT, get_status(url)).await.context("timed out")??;
    if status != hyper::StatusCode::OK {
        bail!("{url} answered {status}");
    }
    Ok(())
}

async fn get_status(url: &str) -> anyhow::Result<hyper::StatusCode> {
    let uri: Uri = url.parse().with_context(|| format!("not a URL: {url}"))?;
    if uri.scheme_str() != Some("http") {
        bail!("only http:// URLs can be probed: {url}");
    }
    let authority = uri.authority().context("the URL has no host")?.clone();
    let port = authority.port_u16().unwrap_or(80);
    let host = authority.host().trim_start_matches('[').trim_end_matches(']');
    let stream = TcpStream::connect((host, port)).await.with_context(|| format!("cannot connect to {authority}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let request = Request::get(path).header(header::HOST, authority.as_str()).body(Empty::<Bytes>::new())?;
    Ok(sender.send_request(request).await?.status())
}
