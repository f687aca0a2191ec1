//! The `todo-api` binary as an operator runs it: configuration errors, graceful
//! shutdown, the healthcheck subcommand, JSON logs, the default database file.
//! All on SQLite (hence `process::sqlite::…`).

mod sqlite {
    use std::time::{Duration, Instant};

    use reqwest::StatusCode;
    use serde_json::{json, Value};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use crate::helpers::{
        expect_json, free_port, id_of, parse_raw_response, poll_until, run_binary, start_server, wait_exit, Captured, ServerProcess,
        TempDir,
    };

    /// Starts the binary with a setting that cannot work; returns its stderr after it exited.
    async fn startup_failure(key: &str, value: &str) -> String {
        let started = Instant::now();
        let mut server = start_server(&[(key, Some(value))], None);
        let status = server.wait_exit(Duration::from_secs(10)).await;
        let elapsed = started.elapsed();
        server.stderr.wait_closed(Duration::from_secs(2)).await;
        server.stdout.wait_closed(Duration::from_secs(2)).await;
        let stderr = server.stderr.text();
        assert!(!status.success(), "{key}={value} must stop the server; it exited with {status}");
        assert!(elapsed < Duration::from_secs(5), "{key}={value}: refusing took {elapsed:?}");
        assert!(!stderr.contains("panicked"), "a configuration error is not a panic:\n{stderr}");
        stderr
    }

    /// The one stderr line that names the setting (as env var or flag), or a failure.
    fn line_naming(stderr: &str, env_name: &str) -> String {
        let flag = format!("--{}", env_name.to_lowercase().replace('_', "-"));
        stderr
            .lines()
            .find(|l| l.contains(env_name) || l.contains(&flag))
            .unwrap_or_else(|| panic!("no stderr line names {env_name} or {flag}:\n{stderr}"))
            .to_owned()
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_non_numeric_port_is_refused_at_startup() {
        let stderr = startup_failure("API_PORT", "abc").await;
        let line = line_naming(&stderr, "API_PORT");
        assert!(line.contains("abc"), "the line shows the bad value: {line}");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_unknown_time_zone_is_refused_at_startup() {
        let stderr = startup_failure("DEFAULT_TIMEZONE", "Mars/Base").await;
        let line = line_naming(&stderr, "DEFAULT_TIMEZONE");
        assert!(line.contains("Mars/Base"), "the line shows the bad value: {line}");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn sigterm_fails_readiness_drains_then_finishes_requests_in_flight() {
        let mut server =
            start_server(&[("DRAIN_DELAY", Some("1")), ("SHUTDOWN_TIMEOUT", Some("10")), ("REQUEST_TIMEOUT", Some("30"))], None);
        server.wait_ready(Duration::from_secs(20)).await;

        // A POST whose body arrives slowly: half now, the rest after the drain delay.
        let body = r#"{"title": "sent slowly, across the shutdown"}"#;
        let (first, rest) = body.split_at(10);
        let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", server.port)).await.unwrap();
        let head = format!(
            "POST /api/v1/todos HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{first}",
            server.port,
            body.len()
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.flush().await.unwrap();
        // Let the server read the request head before the signal.
        let health = server.client.get(server.url("/health")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);

        let signalled = Instant::now();
        server.sigterm();

        // At once, readiness fails so that load balancers stop sending traffic...
        let client = server.client.clone();
        let ready_url = server.url("/ready");
        let not_ready = poll_until(Duration::from_millis(900), "/ready to answer 503 after SIGTERM", || {
            let client = client.clone();
            let url = ready_url.clone();
            async move {
                let response = client.get(&url).send().await.ok()?;
                (response.status() == StatusCode::SERVICE_UNAVAILABLE).then_some(response)
            }
        })
        .await;
        let body_503: Value = not_ready.json().await.unwrap();
        assert_eq!(body_503["status"], "not ready", "{body_503}");
        assert!(body_503.get("reason").is_some(), "a reason is given: {body_503}");

        // ...while the process and the API keep answering during the drain.
        let health = server.client.get(server.url("/health")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK, "/health stays 200 while draining");
        let list = server.client.get(server.url("/api/v1/todos")).send().await.unwrap();
        assert_eq!(list.status(), StatusCode::OK, "the API still serves during the drain");
        assert!(signalled.elapsed() < Duration::from_secs(1), "the checks above ran inside the drain delay");

        // Finish the slow request after the drain delay has ended.
        tokio::time::sleep(Duration::from_millis(1500).saturating_sub(signalled.elapsed())).await;
        socket.write_all(rest.as_bytes()).await.expect("the in-flight connection is still open after the drain");
        let mut received = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), async {
            let mut buf = [0u8; 4096];
            loop {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        received.extend_from_slice(&buf[..n]);
                        if let Some(r) = parse_raw_response(&received) {
                            if r.header("content-length").and_then(|l| l.parse::<usize>().ok()).is_some_and(|l| r.body.len() >= l) {
                                break;
                            }
                        }
                    }
                }
            }
        })
        .await;
        assert!(read.is_ok(), "no answer to the in-flight request within 10 s");
        let response = parse_raw_response(&received)
            .unwrap_or_else(|| panic!("the in-flight request got no HTTP response: {:?}", String::from_utf8_lossy(&received)));
        assert_eq!(response.status, 201, "the in-flight POST completes: {}", response.body);
        let todo: Value = serde_json::from_str(&response.body).unwrap();
        assert_eq!(todo["title"], "sent slowly, across the shutdown");

        let status = server.wait_exit(Duration::from_secs(5)).await;
        assert_eq!(status.code(), Some(0), "a graceful stop exits 0; stderr:\n{}", server.stderr.text());
        assert!(signalled.elapsed() < Duration::from_secs(6), "stopped within a few seconds: {:?}", signalled.elapsed());
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn sigterm_with_no_drain_delay_exits_promptly() {
        let mut server = start_server(&[("DRAIN_DELAY", Some("0"))], None);
        server.wait_ready(Duration::from_secs(20)).await;
        let signalled = Instant::now();
        server.sigterm();
        let status = server.wait_exit(Duration::from_secs(5)).await;
        assert_eq!(status.code(), Some(0));
        assert!(signalled.elapsed() < Duration::from_secs(3), "{:?}", signalled.elapsed());
    }

    /// Runs `todo-api healthcheck ARGS` with `env`; returns its exit code and how long it took.
    async fn healthcheck(args: &[&str], env: &[(String, String)]) -> (Option<i32>, Duration) {
        let started = Instant::now();
        let mut all = vec!["healthcheck"];
        all.extend_from_slice(args);
        let mut child = run_binary(&all, env, None);
        let out = Captured::default();
        out.spawn_reader(child.stdout.take().unwrap());
        let err = Captured::default();
        err.spawn_reader(child.stderr.take().unwrap());
        let status = wait_exit(&mut child, Duration::from_secs(15)).await;
        (status.code(), started.elapsed())
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn healthcheck_subcommand_reports_readiness() {
        let mut server = start_server(&[], None);
        server.wait_ready(Duration::from_secs(20)).await;
        let url = server.url("/ready");
        let (code, _) = healthcheck(&["--url", &url], &[]).await;
        assert_eq!(code, Some(0), "healthcheck against a ready server");

        // Without --url it probes 127.0.0.1:$API_PORT/ready.
        let (code, _) = healthcheck(&[], &[("API_PORT".into(), server.port.to_string())]).await;
        assert_eq!(code, Some(0), "healthcheck with the default URL from API_PORT");

        let nobody = format!("http://127.0.0.1:{}/ready", free_port());
        let (code, took) = healthcheck(&["--url", &nobody], &[]).await;
        assert_eq!(code, Some(1), "healthcheck when nothing listens");
        assert!(took < Duration::from_secs(10), "a failed probe is quick: {took:?}");

        // A URL answering something other than 200 fails too.
        let missing = server.url("/no-such-probe");
        let (code, _) = healthcheck(&["--url", &missing], &[]).await;
        assert_eq!(code, Some(1), "healthcheck on a 404");
    }

    /// `key` at the top level of a JSON log line, or inside `fields` / `span` / `spans[]`.
    fn log_field<'a>(line: &'a Value, key: &str) -> Option<&'a Value> {
        line.get(key)
            .or_else(|| line.get("fields").and_then(|f| f.get(key)))
            .or_else(|| line.get("span").and_then(|f| f.get(key)))
            .or_else(|| line.get("spans").and_then(Value::as_array).and_then(|spans| spans.iter().rev().find_map(|s| s.get(key))))
    }

    fn as_text(value: &Value) -> String {
        match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn access_logs_are_json_lines_with_route_and_request_id() {
        let mut server = start_server(&[("LOG_FORMAT", Some("json")), ("LOG_LEVEL", Some("info"))], None);
        server.wait_ready(Duration::from_secs(20)).await;
        let client = &server.client;
        assert_eq!(client.get(server.url("/health")).send().await.unwrap().status(), StatusCode::OK);
        let response = client.get(server.url("/api/v1/todos/1")).header("x-request-id", "log-check-404").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let response = client.get(server.url("/api/v1/todos")).header("x-request-id", "log-check-list").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);

        let parsed = |server: &ServerProcess| -> Vec<Value> {
            server.stdout.lines().iter().filter_map(|l| serde_json::from_str::<Value>(l).ok()).collect()
        };
        let has_id = |line: &Value, id: &str| log_field(line, "request_id").is_some_and(|v| as_text(v) == id);
        poll_until(Duration::from_secs(5), "the access log line of the second request", || {
            let found = parsed(&server).iter().any(|l| has_id(l, "log-check-list") && log_field(l, "status").is_some());
            async move { found.then_some(()) }
        })
        .await;

        let lines = parsed(&server);
        let stdout = server.stdout.text();
        let line = lines
            .iter()
            .find(|l| has_id(l, "log-check-404") && log_field(l, "status").is_some())
            .unwrap_or_else(|| panic!("no access log line with request_id log-check-404:\n{stdout}"));
        assert_eq!(log_field(line, "method").map(as_text).as_deref(), Some("GET"), "{line}");
        assert_eq!(log_field(line, "route").map(as_text).as_deref(), Some("/api/v1/todos/{id}"), "{line}");
        assert_eq!(log_field(line, "status").map(as_text).as_deref(), Some("404"), "{line}");
        let latency = log_field(line, "latency_ms").unwrap_or_else(|| panic!("no latency_ms: {line}"));
        assert!(as_text(latency).parse::<f64>().is_ok(), "latency_ms is a number: {line}");

        // Probes are logged at debug, so not at info.
        let mentions_health = |l: &Value| {
            ["route", "path", "uri", "url", "target_path"]
                .iter()
                .any(|k| log_field(l, k).is_some_and(|v| as_text(v).starts_with("/health")))
        };
        assert!(!lines.iter().any(mentions_health), "a /health request was logged at info:\n{stdout}");

        // Every stdout line is JSON.
        for raw in server.stdout.lines().iter().filter(|l| !l.trim().is_empty()) {
            assert!(serde_json::from_str::<Value>(raw).is_ok(), "not a JSON line with LOG_FORMAT=json: {raw}");
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_default_database_is_data_todos_db_in_the_working_directory() {
        let cwd = TempDir::new("todo-api-cwd");
        let mut server = start_server(&[("DATABASE_URL", None)], Some(cwd.path()));
        server.wait_ready(Duration::from_secs(20)).await;
        let response = server.client.post(server.url("/api/v1/todos")).json(&json!({ "title": "in the default db" })).send().await.unwrap();
        expect_json(response, StatusCode::CREATED).await;
        let file = cwd.path().join("data").join("todos.db");
        assert!(file.is_file(), "{} was not created", file.display());
        server.sigterm();
        let status = server.wait_exit(Duration::from_secs(10)).await;
        assert_eq!(status.code(), Some(0));
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn todos_and_ids_survive_a_restart() {
        let dir = TempDir::new("todo-api-restart");
        let url = format!("sqlite://{}", dir.path().join("keep.db").display());
        let mut server = start_server(&[("DATABASE_URL", Some(url.as_str()))], None);
        server.wait_ready(Duration::from_secs(20)).await;
        let post =
            |server: &ServerProcess, title: &str| server.client.post(server.url("/api/v1/todos")).json(&json!({ "title": title })).send();
        let kept = expect_json(post(&server, "kept").await.unwrap(), StatusCode::CREATED).await;
        let gone = expect_json(post(&server, "gone").await.unwrap(), StatusCode::CREATED).await;
        let deleted = server.client.delete(server.url(&format!("/api/v1/todos/{}", id_of(&gone)))).send().await.unwrap();
        assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
        server.sigterm();
        assert_eq!(server.wait_exit(Duration::from_secs(10)).await.code(), Some(0));

        let mut server = start_server(&[("DATABASE_URL", Some(url.as_str()))], None);
        server.wait_ready(Duration::from_secs(20)).await;
        let fetched = server.client.get(server.url(&format!("/api/v1/todos/{}", id_of(&kept)))).send().await.unwrap();
        assert_eq!(expect_json(fetched, StatusCode::OK).await["title"], "kept");
        let new = expect_json(post(&server, "new").await.unwrap(), StatusCode::CREATED).await;
        assert!(id_of(&new) > id_of(&gone), "id {} reused after a restart", id_of(&gone));
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn single_user_mode_refuses_to_listen_beyond_loopback() {
        let mut server = start_server(&[("AUTH_MODE", Some("single-user")), ("API_HOST", Some("0.0.0.0"))], None);
        let status = server.wait_exit(Duration::from_secs(10)).await;
        server.stderr.wait_closed(Duration::from_secs(2)).await;
        assert!(!status.success(), "single-user on 0.0.0.0 must not start");
        let stderr = server.stderr.text();
        assert!(stderr.contains("AUTH_MODE=single-user") && stderr.contains("loopback"), "{stderr}");
    }

    /// Issue 16: an empty CORS_ALLOWED_ORIGINS stopped the server, though it means "off".
    #[tokio::test(flavor = "multi_thread")]
    async fn an_empty_cors_setting_means_off() {
        let mut server = start_server(&[("CORS_ALLOWED_ORIGINS", Some(""))], None);
        server.wait_ready(Duration::from_secs(20)).await;
    }

    /// Every flow that handles a password or a secret, with the most verbose
    /// logs; none of them may show up in the logs, the metrics or an answer.
    #[tokio::test(flavor = "multi_thread")]
    async fn no_password_or_token_reaches_the_logs_or_metrics() {
        let mut server = start_server(&[("AUTH_MODE", Some("accounts")), ("LOG_LEVEL", Some("trace"))], None);
        server.wait_ready(Duration::from_secs(20)).await;
        let password = "pw-7c1e9d-correct-horse";
        let wrong_password = "pw-0b55aa-wrong-guess";
        let weak_password = "pw-31f";
        let client = &server.client;
        let call = |method: reqwest::Method, path: &str, token: Option<&str>, body: Option<Value>| {
            let mut request = client.request(method, server.url(path));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = body {
                request = request.json(&body);
            }
            request.send()
        };
        let mut answers = String::new();
        let signup = call(reqwest::Method::POST, "/api/v1/auth/signup", None, Some(json!({"username": "alice", "password": password})));
        let signup = expect_json(signup.await.unwrap(), StatusCode::CREATED).await;
        let session = signup["token"].as_str().unwrap().to_owned();
        let login = call(reqwest::Method::POST, "/api/v1/auth/login", None, Some(json!({"username": "alice", "password": password})));
        let login_session = expect_json(login.await.unwrap(), StatusCode::OK).await["token"].as_str().unwrap().to_owned();
        for body in [json!({"username": "alice", "password": wrong_password}), json!({"username": "mallory", "password": wrong_password})] {
            let response = call(reqwest::Method::POST, "/api/v1/auth/login", None, Some(body)).await.unwrap();
            answers += &response.text().await.unwrap();
        }
        let weak = call(reqwest::Method::POST, "/api/v1/auth/signup", None, Some(json!({"username": "bob", "password": weak_password})));
        answers += &weak.await.unwrap().text().await.unwrap();
        let created = call(reqwest::Method::POST, "/api/v1/tokens", Some(&session), Some(json!({"name": "agent"})));
        let api_token = expect_json(created.await.unwrap(), StatusCode::CREATED).await["token"].as_str().unwrap().to_owned();
        let listed = call(reqwest::Method::GET, "/api/v1/todos", Some(&api_token), None).await.unwrap();
        assert_eq!(listed.status(), StatusCode::OK);
        let mcp = client
            .post(server.url("/mcp"))
            .bearer_auth(&api_token)
            .header("accept", "application/json, text/event-stream")
            .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}))
            .send()
            .await
            .unwrap();
        answers += &mcp.text().await.unwrap();
        let forged = call(reqwest::Method::GET, "/api/v1/me", Some("tc_forged-token-value-0001"), None).await.unwrap();
        answers += &forged.text().await.unwrap();
        let logout = call(reqwest::Method::POST, "/api/v1/auth/logout", Some(&login_session), None).await.unwrap();
        assert_eq!(logout.status(), StatusCode::NO_CONTENT);
        answers += &client.get(server.url("/metrics")).send().await.unwrap().text().await.unwrap();
        answers += &client.get(server.url("/api/v1/openapi.json")).send().await.unwrap().text().await.unwrap();

        server.sigterm();
        assert!(server.wait_exit(Duration::from_secs(10)).await.success());
        server.stdout.wait_closed(Duration::from_secs(2)).await;
        server.stderr.wait_closed(Duration::from_secs(2)).await;
        let logs = format!("{}\n{}", server.stdout.text(), server.stderr.text());
        assert!(
            logs.lines().count() > 15 && logs.contains(r#""level":"TRACE""#),
            "trace logging produced too little to be a real check:\n{logs}"
        );
        let secrets = [password, wrong_password, weak_password, &session, &login_session, &api_token, "tc_forged-token-value-0001"];
        for secret in secrets {
            assert!(!logs.contains(secret), "a secret reached the logs: {secret}");
            assert!(!answers.contains(secret), "a secret reached an answer, the metrics or the OpenAPI document: {secret}");
        }
    }
}
