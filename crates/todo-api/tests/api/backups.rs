//! `todo-api backup` and `todo-api restore`, run as the binary an operator
//! runs, on both stores: a backup taken while todos keep arriving brings
//! back every todo acknowledged before it began, and a file that is not a
//! whole backup of this or an older schema is refused with nothing changed.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::Connection;

use crate::helpers::{
    client_with_token, expect_json, fresh_database, http_client, run_binary, serve_in_process, spawn_app, wait_exit, Backend, TempDir,
    TEST_PASSWORD,
};

/// Runs `todo-api ARGS` against `database_url`; returns its exit code, stdout and stderr.
async fn todo_api(args: &[&str], database_url: &str) -> (Option<i32>, String, String) {
    let mut child = run_binary(args, &[("DATABASE_URL".to_owned(), database_url.to_owned())], None);
    let status = wait_exit(&mut child, Duration::from_secs(60)).await;
    let (mut stdout, mut stderr) = (String::new(), String::new());
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (status.code(), stdout, stderr)
}

/// A file name for `backend`'s backups, as `todo-api backup --dir` names them.
fn backup_file(dir: &TempDir, backend: Backend) -> String {
    let extension = if backend == Backend::Sqlite { "sqlite" } else { "jsonl" };
    dir.path().join(format!("backup.{extension}")).display().to_string()
}

async fn a_backup_taken_during_writes_restores_every_todo_acknowledged_before_it(backend: Backend) {
    let app = spawn_app(backend).await;
    for n in 0..40 {
        app.create_todo(json!({"title": format!("before {n}"), "tags": ["kept"], "due_date": "2026-12-24"})).await;
    }
    let chat = app.client.post(app.api("/chat")).json(&json!({"message": "add call the plumber tomorrow"})).send().await.unwrap();
    expect_json(chat, StatusCode::OK).await;
    let acknowledged = app.list_json("limit=100").await;

    // Todos keep arriving while the backup runs.
    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let (client, url, writing) = (app.client.clone(), app.api("/todos"), writing.clone());
        tokio::spawn(async move {
            let mut written = 0;
            while writing.load(Ordering::Relaxed) {
                let response = client.post(&url).json(&json!({"title": format!("during {written}")})).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::CREATED);
                written += 1;
            }
            written
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let dir = TempDir::new("todo-api-backup");
    let file = backup_file(&dir, backend);
    let (code, stdout, stderr) = todo_api(&["backup", "--to", &file], &app.database_url).await;
    writing.store(false, Ordering::Relaxed);
    let written_meanwhile = writer.await.unwrap();
    assert_eq!(code, Some(0), "backup failed:\n{stderr}");
    assert!(stdout.starts_with("backed up "), "{stdout}");
    assert!(written_meanwhile > 0, "no write ran beside the backup");

    // The volume is lost: a new, empty database.
    let (restored_url, _restored) = fresh_database(backend).await;
    let (code, stdout, stderr) = todo_api(&["restore", "--from", &file], &restored_url).await;
    assert_eq!(code, Some(0), "restore failed:\n{stderr}");
    assert!(stdout.starts_with("restored "), "{stdout}");

    let (client, address) = log_in_to_a_server_on(&restored_url).await;
    let listed = client.get(format!("{address}/api/v1/todos?limit=100")).send().await.unwrap();
    let restored: Vec<Value> = expect_json(listed, StatusCode::OK).await.as_array().unwrap().clone();
    // Compared without their URLs, which name the server's port.
    let without_url = |todos: &[Value]| -> Vec<Value> {
        todos
            .iter()
            .map(|t| t.as_object().unwrap().iter().filter(|(k, _)| *k != "url").map(|(k, v)| (k.clone(), v.clone())).collect())
            .collect()
    };
    let restored_todos = without_url(&restored);
    for todo in without_url(&acknowledged) {
        assert!(restored_todos.contains(&todo), "{todo} acknowledged before the backup is missing after the restore");
    }
    // Ids go on after the restored ones.
    let created = client.post(format!("{address}/api/v1/todos")).json(&json!({"title": "after the restore"})).send().await.unwrap();
    let created = expect_json(created, StatusCode::CREATED).await;
    let highest = restored.iter().map(|t| t["id"].as_i64().unwrap()).max().unwrap();
    assert!(created["id"].as_i64().unwrap() > highest, "{created}");

    // The restored database is no longer empty: a second restore needs --force.
    let (code, _, stderr) = todo_api(&["restore", "--from", &file], &restored_url).await;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("already holds data") && stderr.contains("--force"), "{stderr}");
    let (code, _, stderr) = todo_api(&["restore", "--from", &file, "--force"], &restored_url).await;
    assert_eq!(code, Some(0), "{stderr}");
    // A server started after it (as operations.md says: servers stopped
    // during a restore) sees the backup's todos only.
    let (client, address) = log_in_to_a_server_on(&restored_url).await;
    let listed = client.get(format!("{address}/api/v1/todos?limit=200")).send().await.unwrap();
    let titles: Vec<Value> = expect_json(listed, StatusCode::OK).await.as_array().unwrap().iter().map(|t| t["title"].clone()).collect();
    assert!(!titles.contains(&json!("after the restore")), "--force replaces what was there");
    assert!(titles.contains(&json!("before 0")), "{titles:?}");
}

/// Starts a server on `database_url` and logs the test user in (the
/// account comes from the backup); returns its client and address.
async fn log_in_to_a_server_on(database_url: &str) -> (reqwest::Client, String) {
    let (address, _, _) = serve_in_process(database_url, &[]).await;
    let login = http_client().post(format!("{address}/api/v1/auth/login")).json(&json!({"username": "tester", "password": TEST_PASSWORD}));
    let token = expect_json(login.send().await.unwrap(), StatusCode::OK).await["token"].as_str().unwrap().to_owned();
    (client_with_token(&token), address)
}

/// Whether the database `url` names holds todo-api's tables (PostgreSQL) or exists (SQLite).
async fn was_touched(backend: Backend, url: &str) -> bool {
    match backend {
        Backend::Sqlite => Path::new(url.trim_start_matches("sqlite://")).exists(),
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            let touched: bool = sqlx::query_scalar("SELECT to_regclass('todos') IS NOT NULL").fetch_one(&mut conn).await.unwrap();
            conn.close().await.ok();
            touched
        }
    }
}

/// Refuses `file` into a fresh database with a message holding `expected`, and leaves the database untouched.
async fn refused(backend: Backend, file: &str, expected: &str) {
    let (url, _guard) = fresh_database(backend).await;
    let (code, _, stderr) = todo_api(&["restore", "--from", file], &url).await;
    assert_eq!(code, Some(1), "restoring {file} must fail:\n{stderr}");
    assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!was_touched(backend, &url).await, "a refused restore changed the database");
}

async fn a_foreign_truncated_or_newer_file_is_refused_and_nothing_changes(backend: Backend) {
    let app = spawn_app(backend).await;
    for n in 0..60 {
        app.create_todo(json!({"title": format!("todo {n}"), "notes": "x".repeat(200)})).await;
    }
    let dir = TempDir::new("todo-api-bad-backup");
    let good = backup_file(&dir, backend);
    let (code, _, stderr) = todo_api(&["backup", "--to", &good], &app.database_url).await;
    assert_eq!(code, Some(0), "{stderr}");
    let bytes = std::fs::read(&good).unwrap();

    let foreign = dir.path().join("notes.txt").display().to_string();
    std::fs::write(&foreign, "shopping list\nmilk\n").unwrap();
    refused(backend, &foreign, "is not a todo-api backup").await;

    let empty = dir.path().join("empty").display().to_string();
    std::fs::write(&empty, "").unwrap();
    refused(backend, &empty, "is not a todo-api backup").await;

    let truncated = dir.path().join("truncated").display().to_string();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    refused(backend, &truncated, "is damaged or cut short").await;

    let newer = dir.path().join("newer").display().to_string();
    match backend {
        Backend::Sqlite => {
            std::fs::write(&newer, &bytes).unwrap();
            let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{newer}")).await.unwrap();
            sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'from the future', 1, x'00', 0)")
                .execute(&mut conn)
                .await
                .unwrap();
            conn.close().await.unwrap();
        }
        Backend::Postgres => {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let (header, rest) = text.split_once('\n').unwrap();
            let version = header.split(r#""schema_version":"#).nth(1).unwrap().split(',').next().unwrap();
            let header = header.replace(&format!(r#""schema_version":{version}"#), r#""schema_version":9999"#);
            std::fs::write(&newer, format!("{header}\n{rest}")).unwrap();
        }
    }
    refused(backend, &newer, "was made by a newer release").await;

    // A backup of the other store.
    let other = match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    };
    let (url, _guard) = fresh_database(other).await;
    let (code, _, stderr) = todo_api(&["restore", "--from", &good], &url).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("backup, but DATABASE_URL names a"), "{stderr}");
    assert!(!was_touched(other, &url).await);
}

backend_tests!(
    a_backup_taken_during_writes_restores_every_todo_acknowledged_before_it,
    a_foreign_truncated_or_newer_file_is_refused_and_nothing_changes
);
