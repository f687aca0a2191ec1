//! While draining, answers carry `Connection: close` and the server closes
//! the connection after them, so that no client sends a request on an idle
//! keep-alive connection just as the drain delay ends and the server closes it.

use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use todo_serve::shutdown::{serve_until, ShutdownTiming};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const DRAIN_DELAY: Duration = Duration::from_secs(3);

/// Sends a GET on `socket` and reads one answer (its head, lowercased, and body).
async fn get_on(socket: &mut TcpStream, path: &str) -> (String, String) {
    socket.write_all(format!("GET {path} HTTP/1.1\r\nHost: test\r\n\r\n").as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
            let length: usize =
                head.lines().find_map(|line| line.strip_prefix("content-length:")).map_or(0, |value| value.trim().parse().unwrap());
            if received.len() >= end + 4 + length {
                let body = String::from_utf8_lossy(&received[end + 4..end + 4 + length]).into_owned();
                return (head, body);
            }
        }
        let n = tokio::time::timeout_at(deadline.into(), socket.read(&mut buf)).await.expect("an answer in time").unwrap();
        assert!(n > 0, "connection closed before the answer; got {:?}", String::from_utf8_lossy(&received));
        received.extend_from_slice(&buf[..n]);
    }
}

/// Whether the server closes `socket` within `limit` (nothing more to read).
async fn closed_within(socket: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 64];
    matches!(tokio::time::timeout(limit, socket.read(&mut buf)).await, Ok(Ok(0) | Err(_)))
}

fn connection_close(head: &str) -> bool {
    head.lines().any(|line| line.strip_prefix("connection:").is_some_and(|value| value.trim() == "close"))
}

#[tokio::test]
async fn while_draining_answers_say_connection_close_and_the_connection_closes() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = Router::new().route("/", get(|| async { "ok" }));
    let (signal, signalled) = tokio::sync::oneshot::channel::<()>();
    let (draining_tx, draining) = tokio::sync::oneshot::channel::<()>();
    let timing = ShutdownTiming { drain_delay: DRAIN_DELAY, shutdown_timeout: Duration::from_secs(1) };
    let server = tokio::spawn(serve_until(
        listener,
        app,
        timing,
        async move {
            let _ = signalled.await;
        },
        move || {
            let _ = draining_tx.send(());
        },
    ));

    // Before the signal: keep-alive, two answers on one connection.
    let mut before = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    for _ in 0..2 {
        let (head, body) = get_on(&mut before, "/").await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert_eq!(body, "ok");
        assert!(!connection_close(&head), "no Connection: close before the signal:\n{head}");
    }
    assert!(!closed_within(&mut before, Duration::from_millis(200)).await, "the connection stays open before the signal");

    signal.send(()).unwrap();
    draining.await.expect("start_draining runs on the signal");
    let signalled_at = Instant::now();

    // A connection opened before the signal: its next answer says close, then it closes.
    let (head, body) = get_on(&mut before, "/").await;
    assert!(head.starts_with("http/1.1 200"), "still served while draining:\n{head}");
    assert_eq!(body, "ok");
    assert!(connection_close(&head), "Connection: close while draining:\n{head}");
    assert!(closed_within(&mut before, Duration::from_secs(1)).await, "the server closes the connection after that answer");

    // A new connection during the drain, and the fallback's 404, alike.
    let mut during = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let (head, _) = get_on(&mut during, "/nowhere").await;
    assert!(head.starts_with("http/1.1 404"), "{head}");
    assert!(connection_close(&head), "Connection: close on every answer while draining:\n{head}");
    assert!(closed_within(&mut during, Duration::from_secs(1)).await, "the server closes the connection after that answer");

    assert!(signalled_at.elapsed() < DRAIN_DELAY, "the checks above ran inside the drain delay, not at its end");

    // After the drain delay the server stops.
    let stopped = tokio::time::timeout(DRAIN_DELAY + Duration::from_secs(3), server).await.expect("the server stops after the drain");
    stopped.unwrap().unwrap();
}
