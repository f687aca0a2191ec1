//! Scaling out (issue 17): two `todo-api` processes on one PostgreSQL
//! database, taking turns at one user's requests, answer exactly as one
//! process does. The same scenario runs twice, on a fresh database each time:
//! every request to one process, then alternating between two; the answers
//! are compared once the parts that differ between runs by nature (times,
//! conversation ids, tokens, the server's address) are masked.

mod postgres {
    use std::time::Duration;

    use reqwest::Method;
    use serde_json::{json, Value};

    use crate::helpers::{client_with_token, fresh_database, sign_up, start_server, Backend, ServerProcess};

    /// `AUTH_CACHE_TTL` of the processes: how long a credential revoked on
    /// one may still work on the other (docs/security.md).
    const AUTH_CACHE_TTL: Duration = Duration::from_secs(1);

    fn start_on(database_url: &str) -> ServerProcess {
        let ttl = AUTH_CACHE_TTL.as_secs().to_string();
        start_server(
            &[
                ("DATABASE_URL", Some(database_url)),
                ("AUTH_MODE", Some("accounts")),
                ("AUTH_CACHE_TTL", Some(ttl.as_str())),
                ("LOG_LEVEL", Some("warn")),
            ],
            None,
        )
    }

    /// The requests of one user, each sent to `servers[step % 2]`.
    struct Scenario<'a> {
        servers: [&'a ServerProcess; 2],
        client: reqwest::Client,
        step: usize,
        answers: Vec<Value>,
        conversation: Option<String>,
    }

    impl Scenario<'_> {
        fn server(&mut self) -> &ServerProcess {
            self.step += 1;
            self.servers[self.step % 2]
        }

        /// Sends one request and records its status and masked body.
        async fn send(&mut self, client: Option<&reqwest::Client>, method: Method, path: &str, body: Option<Value>) -> Value {
            let client = client.unwrap_or(&self.client).clone();
            let server = self.server();
            let address = server.address.clone();
            let mut request = client.request(method.clone(), server.url(path));
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
            let status = response.status().as_u16();
            let text = response.text().await.expect("body").replace(&address, "<server>");
            let body: Value = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).expect("a JSON body") };
            self.answers.push(json!({"request": format!("{method} {path}"), "status": status, "body": masked(&body)}));
            body
        }

        async fn say(&mut self, message: &str) -> Value {
            let body = json!({"message": message, "conversation_id": self.conversation, "timezone": "America/New_York",
                "now": "2026-03-10T09:00:00-04:00"});
            let answer = self.send(None, Method::POST, "/api/v1/chat", Some(body)).await;
            self.conversation = answer["conversation_id"].as_str().map(str::to_owned);
            answer
        }
    }

    /// Times, conversation ids and secrets differ from run to run.
    fn masked(value: &Value) -> Value {
        match value {
            Value::Object(map) => map
                .iter()
                .map(|(key, v)| {
                    let masked = match key.as_str() {
                        "conversation_id" | "token" | "created_at" | "updated_at" | "completed_at" | "last_used_at" | "expires_at"
                            if !v.is_null() =>
                        {
                            json!("<varies>")
                        }
                        _ => masked(v),
                    };
                    (key.clone(), masked)
                })
                .collect(),
            Value::Array(items) => items.iter().map(masked).collect(),
            other => other.clone(),
        }
    }

    /// REST creates, updates and lists, chat turns that refer to listed
    /// positions and undo, each possibly on the other process than the one
    /// before; a token used on both, revoked on one.
    async fn run(servers: [&ServerProcess; 2]) -> Vec<Value> {
        let token = sign_up(&servers[0].address, "replica-user").await;
        let mut s = Scenario { servers, client: client_with_token(&token), step: 0, answers: Vec::new(), conversation: None };
        let milk = s.send(None, Method::POST, "/api/v1/todos", Some(json!({"title": "buy milk", "tags": ["home"]}))).await;
        s.send(None, Method::POST, "/api/v1/todos", Some(json!({"title": "call mom", "due_date": "2026-03-11"}))).await;
        s.send(None, Method::POST, "/api/v1/todos", Some(json!({"title": "pay rent", "due_date": "2026-03-10"}))).await;
        let milk_path = format!("/api/v1/todos/{}", milk["id"]);
        s.send(None, Method::PATCH, &milk_path, Some(json!({"title": "buy oat milk"}))).await;
        s.send(None, Method::GET, "/api/v1/todos?limit=20", None).await;
        s.say("show my todos").await;
        s.say("done 2").await;
        s.send(None, Method::GET, "/api/v1/todos?limit=20", None).await;
        s.say("undo").await;
        s.send(None, Method::GET, &milk_path, None).await;
        s.say("add water the plants tomorrow").await;
        s.say("show my todos").await;
        s.say("delete 1").await;
        s.say("undo").await;
        s.send(None, Method::PATCH, &milk_path, Some(json!({"completed": true}))).await;
        s.say("what's due today").await;
        s.send(None, Method::GET, "/api/v1/todos?limit=20", None).await;

        // A token used on both processes, then revoked on one: refused there
        // at once, and on the other once AUTH_CACHE_TTL has passed.
        let made = s.send(None, Method::POST, "/api/v1/tokens", Some(json!({"name": "agent"}))).await;
        let agent = client_with_token(made["token"].as_str().expect("a token"));
        s.send(Some(&agent), Method::GET, "/api/v1/me", None).await;
        s.send(Some(&agent), Method::GET, "/api/v1/me", None).await;
        s.send(None, Method::DELETE, &format!("/api/v1/tokens/{}", made["id"]), None).await;
        s.step += 1; // the process that revoked it
        s.send(Some(&agent), Method::GET, "/api/v1/me", None).await;
        tokio::time::sleep(AUTH_CACHE_TTL + Duration::from_millis(200)).await;
        s.send(Some(&agent), Method::GET, "/api/v1/me", None).await;
        s.answers
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_processes_answer_as_one() {
        let (alone_url, _alone_db) = fresh_database(Backend::Postgres).await;
        let (shared_url, _shared_db) = fresh_database(Backend::Postgres).await;
        let mut alone = start_on(&alone_url);
        let mut first = start_on(&shared_url);
        let mut second = start_on(&shared_url);
        for server in [&mut alone, &mut first, &mut second] {
            server.wait_ready(Duration::from_secs(30)).await;
        }
        let expected = run([&alone, &alone]).await;
        let answers = run([&first, &second]).await;
        assert_eq!(expected.len(), answers.len());
        for (one, two) in expected.iter().zip(&answers) {
            assert_eq!(one, two, "one process and two alternating answered differently");
        }
        let statuses: Vec<u64> = answers.iter().rev().take(2).map(|a| a["status"].as_u64().unwrap()).collect();
        assert_eq!(statuses, [401, 401], "the revoked token is refused by both processes");
        assert!(answers.iter().all(|a| a["status"].as_u64().is_some_and(|s| s < 500)), "no server error");
    }
}
