//! DNS rebinding: a web page whose name an attacker points at 127.0.0.1
//! reaches a local server as its own origin (`Host` and `Origin` both name
//! the page). Single-user mode answers only loopback names and ALLOWED_HOSTS.

use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::{raw_exchange, spawn_app_with, Backend, RawResponse, TestApp};

backend_tests!(a_rebinding_page_cannot_erase_a_single_user_list, allowed_hosts_are_answered_and_probes_answer_any_host);

/// A request as a browser sends it for the page at `http://{host}`.
async fn from_page(app: &TestApp, method: &str, path: &str, host: &str) -> RawResponse {
    let request =
        format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    raw_exchange(app.port, vec![request.into_bytes()], Duration::ZERO, Duration::from_secs(10)).await
}

async fn a_rebinding_page_cannot_erase_a_single_user_list(backend: Backend) {
    let app = spawn_app_with(backend, &["--auth-mode", "single-user"]).await;
    app.create_titled("keep me").await;

    let attacker = "evil.example:8080";
    let erase = from_page(&app, "DELETE", "/api/v1/todos", attacker).await;
    assert_eq!(erase.status, 403, "{}", erase.body);
    assert!(erase.body.contains("urn:todo-chatbot:problem:host-not-allowed"), "{}", erase.body);
    for path in ["/api/v1/todos", "/api/v1/me", "/metrics", "/api/v1/openapi.json", "/no-such-route"] {
        assert_eq!(from_page(&app, "GET", path, attacker).await.status, 403, "GET {path}");
    }
    assert_eq!(app.list_titles("").await, ["keep me"], "nothing was erased");

    // The same request from the real page (make run's todo-web forwards the browser's Host) goes through.
    let own = from_page(&app, "DELETE", "/api/v1/todos", &format!("localhost:{}", app.port)).await;
    assert_eq!(own.status, 204, "{}", own.body);
    assert!(app.list_titles("").await.is_empty());
}

async fn allowed_hosts_are_answered_and_probes_answer_any_host(backend: Backend) {
    let app = spawn_app_with(backend, &["--auth-mode", "single-user", "--allowed-hosts", "laptop.lan:8080"]).await;
    assert_eq!(from_page(&app, "GET", "/api/v1/todos", "laptop.lan:8080").await.status, 200);
    assert_eq!(from_page(&app, "GET", "/api/v1/todos", "laptop.lan:9999").await.status, 403);
    assert_eq!(from_page(&app, "GET", "/api/v1/todos", "[::1]:8080").await.status, 200);
    // Kubelets probe with the pod's IP address as Host.
    for path in ["/health", "/ready"] {
        assert_eq!(from_page(&app, "GET", path, "10.1.2.3:8080").await.status, 200, "{path}");
    }
    assert_eq!(StatusCode::OK, app.list("").await.status());
}
