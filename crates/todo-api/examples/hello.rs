//! The smallest axum server: `GET /` answers "ok". `make bench` measures it
//! beside `todo-api` as a baseline for what the framework alone costs.
//!
//! Usage: `hello [PORT]` (or env `HELLO_PORT`; default 3000); listens on 127.0.0.1.

use std::io;

use axum::{routing::get, Router};

#[tokio::main]
async fn main() -> io::Result<()> {
    let port = std::env::args().nth(1).or_else(|| std::env::var("HELLO_PORT").ok()).unwrap_or_else(|| "3000".to_owned());
    let port: u16 = port.parse().map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, format!("not a port number: {port:?}")))?;

    let app = Router::new().route("/", get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app).await
}
