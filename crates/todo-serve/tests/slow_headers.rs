//! Issue 16: 600 connections sending their headers a byte at a time were
//! held for as long as the clients liked. A client now gets
//! HEADER_READ_TIMEOUT to send them, then the connection closes.

use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use todo_serve::shutdown::{serve_until, ShutdownTiming, HEADER_READ_TIMEOUT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = Router::new().route("/", get(|| async { "ok" }));
    let timing = ShutdownTiming { drain_delay: Duration::ZERO, shutdown_timeout: Duration::from_secs(1) };
    tokio::spawn(serve_until(listener, app, timing, std::future::pending(), || {}));

    let started = Instant::now();
    let mut slow = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: test\r\n").await.unwrap();
    // A header line now and then, never the blank line that ends them.
    let mut buf = [0u8; 1024];
    let closed = loop {
        match tokio::time::timeout(Duration::from_secs(1), slow.read(&mut buf)).await {
            Ok(Ok(_) | Err(_)) => break started.elapsed(),
            Err(_) => {
                assert!(started.elapsed() < HEADER_READ_TIMEOUT + Duration::from_secs(5), "still open after {:?}", started.elapsed());
                let _ = slow.write_all(b"X-Slow: 1\r\n").await;
            }
        }
    };
    assert!(closed >= HEADER_READ_TIMEOUT - Duration::from_secs(1), "closed too early: {closed:?}");

    // A client that sends its request at once is served as before.
    let mut quick = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    quick.write_all(b"GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    quick.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
