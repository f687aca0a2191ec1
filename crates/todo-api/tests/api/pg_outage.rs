//! PostgreSQL going away and coming back while the server runs: requests fail
//! fast with 503, readiness follows the database, and the server recovers on
//! its own. Needs `TEST_PG_SCRIPT` (scripts/postgres.sh; `make test` sets it).

mod postgres {
    use std::path::PathBuf;
    use std::process::Command;
    use std::time::{Duration, Instant};

    use reqwest::StatusCode;
    use serde_json::json;

    use crate::helpers::{assert_problem, expect_json, free_port, id_of, poll_until, start_server, unique_suffix};

    fn pg_script() -> PathBuf {
        let path = std::env::var_os("TEST_PG_SCRIPT")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/postgres.sh"));
        assert!(
            path.is_file(),
            "TEST_PG_SCRIPT is not set and {} does not exist: run `make test`, which starts PostgreSQL",
            path.display()
        );
        path
    }

    fn pg(script: &PathBuf, args: &[&str]) -> String {
        let output = Command::new("bash").arg(script).args(args).output().expect("run postgres.sh");
        assert!(output.status.success(), "postgres.sh {args:?} failed ({}):\n{}", output.status, String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Stops the private cluster and removes its folder, even when the test fails.
    struct Cluster {
        script: PathBuf,
        dir: String,
    }

    impl Drop for Cluster {
        fn drop(&mut self) {
            let _ = Command::new("bash").arg(&self.script).args(["stop", &self.dir]).output();
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn storage_outage_answers_503_fast_and_recovers() {
        let script = pg_script();
        let port = free_port().to_string();
        let cluster = Cluster { script: script.clone(), dir: format!("/tmp/todo-pg-outage-{}", unique_suffix()) };
        pg(&script, &["start", &cluster.dir, &port]);
        let database_url = pg(&script, &["url", &port]);

        let mut server = start_server(
            &[
                ("DATABASE_URL", Some(database_url.as_str())),
                ("DB_ACQUIRE_TIMEOUT", Some("2")),
                ("READY_TIMEOUT", Some("1")),
                ("REQUEST_TIMEOUT", Some("30")),
            ],
            None,
        );
        server.wait_ready(Duration::from_secs(30)).await;
        let client = server.client.clone();
        let todos = server.url("/api/v1/todos");
        let todo =
            expect_json(client.post(&todos).json(&json!({ "title": "survives the outage" })).send().await.unwrap(), StatusCode::CREATED)
                .await;
        let one = server.url(&format!("/api/v1/todos/{}", id_of(&todo)));

        pg(&script, &["stop", &cluster.dir]);

        // Requests fail fast and cleanly.
        for attempt in 0..3 {
            let started = Instant::now();
            let response = client.get(&one).timeout(Duration::from_secs(15)).send().await.expect("an answer, not a hang");
            let took = started.elapsed();
            let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
            assert_problem(response, 503, "storage-unavailable").await;
            assert_eq!(retry_after.as_deref(), Some("1"), "503 carries Retry-After: 1");
            assert!(took < Duration::from_secs(5), "attempt {attempt}: the 503 took {took:?}");
        }
        let started = Instant::now();
        let response =
            client.post(&todos).json(&json!({ "title": "during the outage" })).timeout(Duration::from_secs(15)).send().await.unwrap();
        assert_problem(response, 503, "storage-unavailable").await;
        assert!(started.elapsed() < Duration::from_secs(5), "POST 503 took {:?}", started.elapsed());

        let started = Instant::now();
        let ready = client.get(server.url("/ready")).timeout(Duration::from_secs(15)).send().await.unwrap();
        assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE, "/ready fails while the database is down");
        let body: serde_json::Value = ready.json().await.unwrap();
        assert_eq!(body["status"], "not ready");
        assert!(started.elapsed() < Duration::from_secs(5), "/ready took {:?}", started.elapsed());
        let health = client.get(server.url("/health")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK, "/health is about the process, not the database");

        // The database comes back: so does the server, without a restart.
        pg(&script, &["start", &cluster.dir, &port]);
        let ready_url = server.url("/ready");
        poll_until(Duration::from_secs(20), "/ready to return to 200 after PostgreSQL restarted", || {
            let client = client.clone();
            let url = ready_url.clone();
            async move { client.get(&url).send().await.ok().filter(|r| r.status() == StatusCode::OK).map(|_| ()) }
        })
        .await;
        let fetched = expect_json(client.get(&one).send().await.unwrap(), StatusCode::OK).await;
        assert_eq!(fetched["title"], "survives the outage");
        let created =
            expect_json(client.post(&todos).json(&json!({ "title": "after the outage" })).send().await.unwrap(), StatusCode::CREATED).await;
        assert!(id_of(&created) > id_of(&todo));
        assert!(server.child.try_wait().unwrap().is_none(), "the server kept running throughout");
        drop(server);
        drop(cluster);
    }
}
