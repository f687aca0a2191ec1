//! Accounts: sign-up, login, sessions (cookie and Bearer), expiry, logout,
//! personal API tokens, attempt limits, CSRF, CORS, single-user mode, caps.

use std::time::Duration;

use reqwest::header::{HeaderMap, COOKIE, ORIGIN, RETRY_AFTER, SET_COOKIE, WWW_AUTHENTICATE};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::chat::{action, Conversation};
use crate::helpers::{
    assert_problem, assert_validation, client_with_token, expect_json, http_client, id_of, read, sign_up, spawn_app, spawn_app_with,
    Backend, TestApp, TEST_PASSWORD,
};

backend_tests!(
    signup_logs_the_user_in_with_a_cookie_and_a_token,
    usernames_are_unique_case_insensitively,
    weak_passwords_and_bad_usernames_are_refused,
    login_answers_the_same_for_unknown_users_and_wrong_passwords,
    every_api_route_but_login_needs_credentials,
    logout_ends_the_session,
    sessions_end_after_the_idle_timeout,
    a_session_in_use_outlives_a_short_idle_timeout,
    sessions_end_at_their_max_age,
    api_tokens_are_created_listed_and_revoked,
    sessions_are_listed_and_ended_one_by_one_or_everywhere,
    a_token_cannot_outlive_the_credential_that_makes_it,
    revocations_take_effect_at_once_through_the_credential_cache,
    login_attempts_are_limited_per_ip,
    failed_logins_slow_the_guesser_and_never_lock_the_owner_out,
    login_attempts_have_a_global_ceiling,
    cookie_changes_need_the_servers_own_origin,
    cors_is_off_unless_configured,
    single_user_mode_needs_no_login,
    each_user_may_keep_a_limited_number_of_todos,
    undo_cannot_pass_the_todo_limit,
);

async fn post_json(client: &reqwest::Client, url: String, body: Value) -> reqwest::Response {
    client.post(url).json(&body).send().await.expect("POST")
}

async fn login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    post_json(&http_client(), app.api("/auth/login"), json!({ "username": username, "password": password })).await
}

/// The `todo_session=…` pair of a response's Set-Cookie, and the whole header.
fn session_cookie(headers: &HeaderMap) -> (String, String) {
    let set = headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("todo_session="))
        .expect("a todo_session cookie is set");
    (set.split(';').next().unwrap().to_owned(), set)
}

async fn me_with(client: &reqwest::Client, app: &TestApp) -> reqwest::Response {
    client.get(app.api("/me")).send().await.expect("GET /me")
}

async fn signup_logs_the_user_in_with_a_cookie_and_a_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = post_json(&http_client(), app.api("/auth/signup"), json!({"username": "Alice", "password": TEST_PASSWORD})).await;
    let (status, headers, text) = read(response).await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["user"]["username"], "alice", "usernames are stored lowercased");
    assert!(body["user"]["id"].as_i64().unwrap() > 1, "account ids never take the single-user owner's id 1");
    assert!(body["user"].get("password_hash").is_none() && !text.contains("argon2"));
    let (pair, whole) = session_cookie(&headers);
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(whole.contains(attribute), "{whole} lacks {attribute}");
    }
    assert!(!whole.contains("Secure"), "plain http: a Secure cookie would never come back");
    assert_eq!(pair, format!("todo_session={}", body["token"].as_str().unwrap()));

    let by_token = expect_json(me_with(&client_with_token(body["token"].as_str().unwrap()), &app).await, StatusCode::OK).await;
    assert_eq!((by_token["username"].as_str(), by_token["auth_mode"].as_str()), (Some("alice"), Some("accounts")));
    let by_cookie = http_client().get(app.api("/me")).header(COOKIE, &pair).send().await.unwrap();
    assert_eq!(expect_json(by_cookie, StatusCode::OK).await["id"], body["user"]["id"]);

    // Behind an https proxy the cookie is Secure.
    let response = http_client()
        .post(app.api("/auth/login"))
        .header("x-forwarded-proto", "https")
        .json(&json!({"username": "alice", "password": TEST_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(session_cookie(response.headers()).1.contains("Secure"));
}

async fn usernames_are_unique_case_insensitively(backend: Backend) {
    let app = spawn_app(backend).await;
    let response =
        post_json(&http_client(), app.api("/auth/signup"), json!({"username": "TESTER", "password": "another long password"})).await;
    let problem = assert_problem(response, 409, "conflict").await;
    assert!(problem["detail"].as_str().unwrap().contains("taken"));
    // The first account still logs in with its own password.
    assert_eq!(login(&app, "tester", TEST_PASSWORD).await.status(), StatusCode::OK);
}

async fn weak_passwords_and_bad_usernames_are_refused(backend: Backend) {
    let app = spawn_app_with(backend, &["--auth-attempts-per-minute", "100"]).await;
    let anonymous = http_client();
    let signup = |username: &str, password: &str| {
        post_json(&anonymous, app.api("/auth/signup"), json!({"username": username, "password": password}))
    };
    for password in ["short", "password123", "QWERTYUIOP", "my name is bobby!"] {
        assert_validation(signup("bobby", password).await, "password").await;
    }
    for username in ["ab", "has space", "<script>", &"x".repeat(65), "semi;colon"] {
        assert_validation(signup(username, "a fine long password").await, "username").await;
    }
    let response = post_json(&http_client(), app.api("/auth/signup"), json!({"username": "bobby"})).await;
    assert_problem(response, 422, "invalid-body").await;
    let response =
        http_client().post(app.api("/auth/signup")).header("content-type", "application/json").body("{oops").send().await.unwrap();
    assert_problem(response, 400, "malformed-json").await;
    // Nothing was created: the name is still free.
    assert_eq!(signup("bobby", "a fine long password").await.status(), StatusCode::CREATED);
}

async fn login_answers_the_same_for_unknown_users_and_wrong_passwords(backend: Backend) {
    let app = spawn_app(backend).await;
    let wrong_password = assert_problem(login(&app, "tester", "not the password").await, 401, "unauthorized").await;
    let unknown_user = assert_problem(login(&app, "nobody-here", TEST_PASSWORD).await, 401, "unauthorized").await;
    let impossible_name = assert_problem(login(&app, "x", TEST_PASSWORD).await, 401, "unauthorized").await;
    assert_eq!(wrong_password, unknown_user);
    assert_eq!(wrong_password, impossible_name);
    let response = login(&app, "Tester", TEST_PASSWORD).await;
    let body = expect_json(response, StatusCode::OK).await;
    assert_eq!(body["user"]["username"], "tester");
    assert_ne!(body["token"].as_str().unwrap(), app.token, "each login is a session of its own");
}

async fn every_api_route_but_login_needs_credentials(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("mine").await;
    let id = todo["id"].as_i64().unwrap();
    let anonymous = http_client();
    let requests = [
        anonymous.get(app.api("/todos")),
        anonymous.get(app.api("/todos/summary")),
        anonymous.post(app.api("/todos")).json(&json!({"title": "x"})),
        anonymous.delete(app.api("/todos")),
        anonymous.get(app.api(&format!("/todos/{id}"))),
        anonymous.patch(app.api(&format!("/todos/{id}"))).json(&json!({"completed": true})),
        anonymous.delete(app.api(&format!("/todos/{id}"))),
        anonymous.post(app.api("/chat")).json(&json!({"message": "show my todos"})),
        anonymous.get(app.api("/conversations/00000000-0000-4000-8000-000000000000/messages")),
        anonymous.get(app.api("/me")),
        anonymous.post(app.api("/auth/logout")),
        anonymous.get(app.api("/tokens")),
        anonymous.post(app.api("/tokens")).json(&json!({"name": "x"})),
        anonymous.delete(app.api("/tokens/1")),
        client_with_token("tc_not-a-real-token").get(app.api("/todos")),
        anonymous.get(app.api("/todos")).header("authorization", "Basic dGVzdGVyOnBhc3M="),
        anonymous.get(app.api("/todos")).header(COOKIE, "todo_session=tc_forged"),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        let what = format!("{} {}", response.url().path(), response.status());
        assert_eq!(response.headers().get(WWW_AUTHENTICATE).map(|v| v.to_str().unwrap()), Some("Bearer"), "{what}");
        assert_problem(response, 401, "unauthorized").await;
    }
    // Public: the probes, the OpenAPI document; the todo is untouched.
    for path in ["/health", "/ready", "/api/v1/openapi.json", "/metrics"] {
        assert_eq!(anonymous.get(app.url(path)).send().await.unwrap().status(), StatusCode::OK, "{path}");
    }
    assert_eq!(expect_json(app.get_todo(id).await, StatusCode::OK).await["completed"], false);
}

async fn logout_ends_the_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let session = expect_json(login(&app, "tester", TEST_PASSWORD).await, StatusCode::OK).await;
    let client = client_with_token(session["token"].as_str().unwrap());
    assert_eq!(me_with(&client, &app).await.status(), StatusCode::OK);
    let response = client.post(app.api("/auth/logout")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (_, cleared) = session_cookie(response.headers());
    assert!(cleared.starts_with("todo_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
    assert_problem(me_with(&client, &app).await, 401, "unauthorized").await;
    // Other sessions of the same user live on.
    assert_eq!(me_with(&app.client, &app).await.status(), StatusCode::OK);
}

async fn sessions_end_after_the_idle_timeout(backend: Backend) {
    let app = spawn_app_with(backend, &["--session-idle-timeout", "2"]).await;
    assert_eq!(me_with(&app.client, &app).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_problem(me_with(&app.client, &app).await, 401, "unauthorized").await;
    // Logging in again works.
    assert_eq!(login(&app, "tester", TEST_PASSWORD).await.status(), StatusCode::OK);
}

/// Issue 16: with an idle timeout under a minute, a session in use ended
/// anyway (its use was recorded at most once a minute).
async fn a_session_in_use_outlives_a_short_idle_timeout(backend: Backend) {
    let app = spawn_app_with(backend, &["--session-idle-timeout", "3"]).await;
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(1_000)).await;
        assert_eq!(me_with(&app.client, &app).await.status(), StatusCode::OK, "a session used every second stays");
    }
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    assert_problem(me_with(&app.client, &app).await, 401, "unauthorized").await;
}

async fn sessions_end_at_their_max_age(backend: Backend) {
    let app = spawn_app_with(backend, &["--session-max-age", "2"]).await;
    let response = login(&app, "tester", TEST_PASSWORD).await;
    assert!(session_cookie(response.headers()).1.contains("Max-Age=2"));
    let client = client_with_token(expect_json(response, StatusCode::OK).await["token"].as_str().unwrap());
    assert_eq!(me_with(&client, &app).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_problem(me_with(&client, &app).await, 401, "unauthorized").await;
}

async fn api_tokens_are_created_listed_and_revoked(backend: Backend) {
    let app = spawn_app(backend).await;
    let created = expect_json(post_json(&app.client, app.api("/tokens"), json!({"name": "  my agent "})).await, StatusCode::CREATED).await;
    assert_eq!(created["name"], "my agent");
    let token = created["token"].as_str().unwrap().to_owned();
    let agent = client_with_token(&token);
    let todo = expect_json(post_json(&agent, app.api("/todos"), json!({"title": "from the agent"})).await, StatusCode::CREATED).await;
    assert_eq!(app.list_titles("").await, ["from the agent"], "a token acts as its user");

    let listed = expect_json(app.client.get(app.api("/tokens")).send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(listed[0].get("token").is_none() && !listed.to_string().contains(&token), "a secret is shown once");

    for name in ["", "   ", &"n".repeat(101)] {
        assert_validation(post_json(&app.client, app.api("/tokens"), json!({ "name": name })).await, "name").await;
    }
    // Another user can neither see nor revoke it.
    let other = client_with_token(&sign_up(&app.address, "other-user").await);
    let theirs = expect_json(other.get(app.api("/tokens")).send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(theirs, json!([]));
    let token_id = created["id"].as_i64().unwrap();
    assert_problem(other.delete(app.api(&format!("/tokens/{token_id}"))).send().await.unwrap(), 404, "not-found").await;
    assert_problem(app.client.delete(app.api("/tokens/999999")).send().await.unwrap(), 404, "not-found").await;
    assert_problem(app.client.delete(app.api("/tokens/abc")).send().await.unwrap(), 404, "not-found").await;

    let response = app.client.delete(app.api(&format!("/tokens/{token_id}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_problem(agent.get(app.api(&format!("/todos/{}", todo["id"]))).send().await.unwrap(), 401, "unauthorized").await;
}

/// A stolen session can be ended by its owner: one by one from the list, or
/// all at once with every token.
async fn sessions_are_listed_and_ended_one_by_one_or_everywhere(backend: Backend) {
    let app = spawn_app(backend).await;
    let second = expect_json(login(&app, "tester", TEST_PASSWORD).await, StatusCode::OK).await;
    let stolen = client_with_token(second["token"].as_str().unwrap());
    let sessions = expect_json(app.client.get(app.api("/sessions")).send().await.unwrap(), StatusCode::OK).await;
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    let current: Vec<bool> = sessions.iter().map(|s| s["current"].as_bool().unwrap()).collect();
    assert_eq!(current, [false, true], "newest first; the caller's own is marked");
    assert!(sessions.iter().all(|s| s["expires_at"].is_string()) && !sessions[0].to_string().contains("token"));

    let other = client_with_token(&sign_up(&app.address, "other-user").await);
    let stolen_id = sessions[0]["id"].as_i64().unwrap();
    assert_problem(other.delete(app.api(&format!("/sessions/{stolen_id}"))).send().await.unwrap(), 404, "not-found").await;
    assert_eq!(me_with(&stolen, &app).await.status(), StatusCode::OK, "another user cannot end it");
    let response = app.client.delete(app.api(&format!("/sessions/{stolen_id}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_problem(me_with(&stolen, &app).await, 401, "unauthorized").await;

    let token = expect_json(post_json(&app.client, app.api("/tokens"), json!({"name": "agent"})).await, StatusCode::CREATED).await;
    let agent = client_with_token(token["token"].as_str().unwrap());
    let again = expect_json(login(&app, "tester", TEST_PASSWORD).await, StatusCode::OK).await;
    let elsewhere = client_with_token(again["token"].as_str().unwrap());
    let response = app.client.post(app.api("/auth/logout-everywhere")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for client in [&app.client, &agent, &elsewhere] {
        assert_problem(me_with(client, &app).await, 401, "unauthorized").await;
    }
    assert_eq!(me_with(&other, &app).await.status(), StatusCode::OK, "other users stay logged in");
}

/// Issue 17: verified credentials are kept for `AUTH_CACHE_TTL` (an hour
/// here, so every check below is answered from the cache once warm), yet
/// every way of ending one works at once on this server, and the idle
/// timeout still ends a session.
async fn revocations_take_effect_at_once_through_the_credential_cache(backend: Backend) {
    let app = spawn_app_with(backend, &["--auth-cache-ttl", "3600"]).await;
    let token = expect_json(post_json(&app.client, app.api("/tokens"), json!({"name": "agent"})).await, StatusCode::CREATED).await;
    let agent = client_with_token(token["token"].as_str().unwrap());
    let second =
        client_with_token(expect_json(login(&app, "tester", TEST_PASSWORD).await, StatusCode::OK).await["token"].as_str().unwrap());
    let third = client_with_token(expect_json(login(&app, "tester", TEST_PASSWORD).await, StatusCode::OK).await["token"].as_str().unwrap());
    for client in [&app.client, &agent, &second, &third] {
        assert_eq!(me_with(client, &app).await.status(), StatusCode::OK);
    }

    let token_id = token["id"].as_i64().unwrap();
    let response = app.client.delete(app.api(&format!("/tokens/{token_id}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_problem(me_with(&agent, &app).await, 401, "unauthorized").await;

    let response = second.post(app.api("/auth/logout")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_problem(me_with(&second, &app).await, 401, "unauthorized").await;

    let sessions = expect_json(app.client.get(app.api("/sessions")).send().await.unwrap(), StatusCode::OK).await;
    let third_id = sessions[0]["id"].as_i64().unwrap();
    let response = app.client.delete(app.api(&format!("/sessions/{third_id}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_problem(me_with(&third, &app).await, 401, "unauthorized").await;

    let fourth =
        client_with_token(expect_json(login(&app, "tester", TEST_PASSWORD).await, StatusCode::OK).await["token"].as_str().unwrap());
    assert_eq!(me_with(&fourth, &app).await.status(), StatusCode::OK);
    let response = app.client.post(app.api("/auth/logout-everywhere")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for client in [&app.client, &fourth] {
        assert_problem(me_with(client, &app).await, 401, "unauthorized").await;
    }

    // The idle timeout (2 s) ends a session the cache still holds.
    let app = spawn_app_with(backend, &["--auth-cache-ttl", "3600", "--session-idle-timeout", "2"]).await;
    assert_eq!(me_with(&app.client, &app).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_problem(me_with(&app.client, &app).await, 401, "unauthorized").await;
}

/// A token made by a session (or by a token that expires) expires with it
/// at the latest: a stolen session cannot leave a token behind that outlives it.
async fn a_token_cannot_outlive_the_credential_that_makes_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let session_expiry =
        expect_json(app.client.get(app.api("/sessions")).send().await.unwrap(), StatusCode::OK).await[0]["expires_at"].clone();
    let by_default = expect_json(post_json(&app.client, app.api("/tokens"), json!({"name": "a"})).await, StatusCode::CREATED).await;
    assert_eq!(by_default["expires_at"], session_expiry, "a session's token expires with it");

    let far = (chrono::Utc::now() + chrono::Duration::days(3650)).to_rfc3339();
    assert_validation(post_json(&app.client, app.api("/tokens"), json!({"name": "b", "expires_at": far})).await, "expires_at").await;
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    assert_validation(post_json(&app.client, app.api("/tokens"), json!({"name": "c", "expires_at": past})).await, "expires_at").await;

    let soon = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let short =
        expect_json(post_json(&app.client, app.api("/tokens"), json!({"name": "d", "expires_at": soon})).await, StatusCode::CREATED).await;
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(short["expires_at"].as_str().unwrap()).unwrap(),
        chrono::DateTime::parse_from_rfc3339(&soon).unwrap()
    );
    let by_token = client_with_token(short["token"].as_str().unwrap());
    let minted = expect_json(post_json(&by_token, app.api("/tokens"), json!({"name": "e"})).await, StatusCode::CREATED).await;
    assert_eq!(minted["expires_at"], short["expires_at"], "a token's token expires with it");
    assert_validation(post_json(&by_token, app.api("/tokens"), json!({"name": "f", "expires_at": far})).await, "expires_at").await;
}

async fn login_attempts_are_limited_per_ip(backend: Backend) {
    let app = spawn_app_with(backend, &["--auth-attempts-per-minute", "3"]).await;
    // spawn_app's own sign-up was the first attempt from 127.0.0.1.
    for name in ["tester", "someone-else"] {
        assert_problem(login(&app, name, "wrong password!").await, 401, "unauthorized").await;
    }
    let response = login(&app, "tester", TEST_PASSWORD).await;
    let retry_after: u64 = response.headers().get(RETRY_AFTER).expect("Retry-After").to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let problem = assert_problem(response, 429, "too-many-attempts").await;
    assert!(problem["detail"].as_str().unwrap().contains("try again"));
    // Signing up counts too; requests with a session are not limited.
    let response =
        post_json(&http_client(), app.api("/auth/signup"), json!({"username": "newcomer", "password": "a long password!"})).await;
    assert_problem(response, 429, "too-many-attempts").await;
    assert_eq!(me_with(&app.client, &app).await.status(), StatusCode::OK);
}

/// A login from `ip` (as todo-web reports it in X-Forwarded-For, after what the client sent).
async fn login_from(app: &TestApp, ip: &str, username: &str, password: &str) -> reqwest::Response {
    http_client()
        .post(app.api("/auth/login"))
        .header("x-forwarded-for", format!("10.9.9.9, {ip}"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("POST /auth/login")
}

/// Guessing one user's password from several addresses slows each guesser
/// down, more with every failure, and never locks the owner out.
async fn failed_logins_slow_the_guesser_and_never_lock_the_owner_out(backend: Backend) {
    let app = spawn_app_with(backend, &["--trust-forwarded-for", "true"]).await;
    let guesses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"].map(|ip| {
        let app = &app;
        async move {
            for _ in 0..6 {
                assert_eq!(login_from(app, ip, "Tester", "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
            }
        }
    });
    futures_join_all(guesses).await;
    assert_eq!(login_from(&app, "198.51.100.7", "tester", TEST_PASSWORD).await.status(), StatusCode::OK, "the owner gets in");

    let started = std::time::Instant::now();
    let response = login_from(&app, "192.0.2.1", "tester", "wrong password!").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "slowed, not refused");
    assert!(started.elapsed() >= Duration::from_secs(2), "the seventh failure waits 2 s: {:?}", started.elapsed());
    // The first X-Forwarded-For entry (client-supplied) is not the key.
    assert_eq!(login_from(&app, "192.0.2.4", "nobody-at-all", "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
}

async fn login_attempts_have_a_global_ceiling(backend: Backend) {
    let app = spawn_app_with(backend, &["--trust-forwarded-for", "true", "--auth-attempts-global-per-minute", "3"]).await;
    // spawn_app's own sign-up was the first attempt.
    for ip in ["192.0.2.1", "192.0.2.2"] {
        assert_eq!(login_from(&app, ip, "tester", "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_problem(login_from(&app, "192.0.2.3", "tester", TEST_PASSWORD).await, 429, "too-many-attempts").await;
}

/// Runs the futures at once; their outputs in order.
async fn futures_join_all<F: std::future::Future>(futures: [F; 3]) -> [F::Output; 3] {
    let [a, b, c] = futures;
    let (a, b, c) = tokio::join!(a, b, c);
    [a, b, c]
}

async fn cookie_changes_need_the_servers_own_origin(backend: Backend) {
    let app = spawn_app(backend).await;
    let session = login(&app, "tester", TEST_PASSWORD).await;
    let (cookie, _) = session_cookie(session.headers());
    let browser = http_client();
    let post = |origin: Option<&str>| {
        let mut request = browser.post(app.api("/todos")).header(COOKIE, &cookie).json(&json!({"title": "from a page"}));
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        request.send()
    };
    assert_problem(post(Some("https://evil.example")).await.unwrap(), 403, "cross-site-request").await;
    assert_problem(post(Some("null")).await.unwrap(), 403, "cross-site-request").await;
    assert_problem(post(None).await.unwrap(), 403, "cross-site-request").await;
    assert!(app.list_json("").await.is_empty(), "refused changes change nothing");
    assert_eq!(post(Some(&app.address)).await.unwrap().status(), StatusCode::CREATED);
    // Reads need no Origin; Bearer requests need no CSRF check.
    assert_eq!(browser.get(app.api("/todos")).header(COOKIE, &cookie).send().await.unwrap().status(), StatusCode::OK);
    let response =
        app.client.post(app.api("/todos")).header(ORIGIN, "https://evil.example").json(&json!({"title": "script"})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    // Behind a proxy the server's own origin is the forwarded one.
    let response = browser
        .post(app.api("/todos"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, "https://todo.example.com")
        .header("x-forwarded-host", "todo.example.com")
        .header("x-forwarded-proto", "https")
        .json(&json!({"title": "via the proxy"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    // Login from another site's page is refused (login CSRF).
    let response = http_client()
        .post(app.api("/auth/login"))
        .header(ORIGIN, "https://evil.example")
        .json(&json!({"username": "tester", "password": TEST_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(response, 403, "cross-site-request").await;
}

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    http_client()
        .request(reqwest::Method::OPTIONS, app.api("/todos"))
        .header(ORIGIN, origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap()
}

async fn cors_is_off_unless_configured(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = preflight(&app, "https://app.example.com").await;
    assert!(response.headers().get("access-control-allow-origin").is_none());

    let app = spawn_app_with(backend, &["--cors-allowed-origins", "https://app.example.com"]).await;
    let response = preflight(&app, "https://app.example.com").await;
    assert_eq!(response.headers()["access-control-allow-origin"], "https://app.example.com");
    assert_eq!(response.headers()["access-control-allow-credentials"], "true");
    assert!(preflight(&app, "https://other.example.com").await.headers().get("access-control-allow-origin").is_none());
    // A listed origin's page may use the session cookie.
    let (cookie, _) = session_cookie(login(&app, "tester", TEST_PASSWORD).await.headers());
    let response = http_client()
        .post(app.api("/todos"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, "https://app.example.com")
        .json(&json!({"title": "from the app"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);

    let app = spawn_app_with(backend, &["--cors-allowed-origins", "*"]).await;
    let response = preflight(&app, "https://anyone.example").await;
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert!(response.headers().get("access-control-allow-credentials").is_none(), "`*` never comes with cookies");
}

async fn single_user_mode_needs_no_login(backend: Backend) {
    let app = spawn_app_with(backend, &["--auth-mode", "single-user"]).await;
    assert!(app.token.is_empty());
    let me = expect_json(http_client().get(app.api("/me")).send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(me, json!({"id": 1, "username": "local", "auth_mode": "single-user"}));
    app.create_titled("local todo").await;
    assert_eq!(app.list_titles("").await, ["local todo"]);
    let response = post_json(&http_client(), app.api("/auth/signup"), json!({"username": "alice", "password": TEST_PASSWORD})).await;
    assert_problem(response, 404, "not-found").await;
    let response = http_client().post(app.api("/auth/logout")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

async fn each_user_may_keep_a_limited_number_of_todos(backend: Backend) {
    let app = spawn_app_with(backend, &["--max-todos-per-user", "3"]).await;
    for title in ["one", "two", "three"] {
        app.create_titled(title).await;
    }
    let problem = assert_problem(app.post_todo(&json!({"title": "four"})).await, 409, "todo-limit").await;
    assert!(problem["detail"].as_str().unwrap().contains('3'));
    let response = app.client.post(app.api("/chat")).json(&json!({"message": "add four"})).send().await.unwrap();
    assert_problem(response, 409, "todo-limit").await;
    assert_eq!(app.list_titles("").await, ["one", "two", "three"], "nothing half-made");
    // After a delete there is room again; other users have their own allowance.
    let first = app.list_json("").await[0]["id"].as_i64().unwrap();
    assert_eq!(app.delete_todo(first).await.status(), StatusCode::NO_CONTENT);
    app.create_titled("four").await;
    let other = client_with_token(&sign_up(&app.address, "someone").await);
    let response = post_json(&other, app.api("/todos"), json!({"title": "theirs"})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

/// The cap cannot be passed by clearing todos in the chat, filling the room
/// through REST, then undoing the clear (over and over).
async fn undo_cannot_pass_the_todo_limit(backend: Backend) {
    let app = spawn_app_with(backend, &["--max-todos-per-user", "3"]).await;
    for (title, completed) in [("done a", true), ("done b", true), ("open c", false)] {
        app.create_todo(json!({"title": title, "completed": completed})).await;
    }
    let mut chat = Conversation::new(&app);
    assert_eq!(action(&chat.say("clear completed").await, "deleted").expect("a deleted action").len(), 2);
    app.create_titled("refill d").await;
    app.create_titled("refill e").await;

    let body = json!({"message": "undo", "conversation_id": chat.id});
    let response = app.client.post(app.api("/chat")).json(&body).send().await.unwrap();
    let problem = assert_problem(response, 409, "todo-limit").await;
    assert!(problem["detail"].as_str().unwrap().contains("3 todos"), "{problem}");
    assert_eq!(app.list_titles("").await, ["open c", "refill d", "refill e"], "nothing restored past the limit");

    // With room again, the undo is still there to take.
    for todo in app.list_json("q=refill").await {
        assert_eq!(app.delete_todo(id_of(&todo)).await.status(), StatusCode::NO_CONTENT);
    }
    assert_eq!(chat.say("undo").await["intent"], "undo");
    assert_eq!(app.list_titles("").await, ["done a", "done b", "open c"]);
}
