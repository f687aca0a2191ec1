//! PostgreSQL: a logical dump of our tables through our own connection (no
//! `pg_dump` needed beside the server), read in one repeatable-read
//! transaction so that it is one consistent snapshot while writes go on.
//!
//! The file is JSON lines: a header, one line a row, an end line.
//!
//! ```text
//! {"format":"todo-api-backup","format_version":1,"store":"postgres","schema_version":7,"created_at":"…"}
//! {"table":"todos","row":{"id":1,"owner_id":1,"title":"…",…}}
//! {"end":true,"rows":1}
//! ```
//!
//! Rows are `row_to_json` of the table and go back through
//! `json_populate_recordset`, so every column type round-trips as
//! PostgreSQL itself prints and reads it. A row names its columns: restored
//! into a later schema, columns added since take their defaults.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::str::FromStr;

use futures_util::TryStreamExt;
use serde_json::{Map, Value};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

use super::{known_version, BackupError, Summary, TABLES};
use crate::postgres::MIGRATOR;
use crate::StoreError;

/// How every dump starts (its header's first key).
pub(super) const MAGIC: &[u8] = br#"{"format":"todo-api-backup""#;
/// The layout of the file; a later one is refused.
const FORMAT_VERSION: i64 = 1;
/// Rows inserted by one statement.
const BATCH: usize = 500;

fn options(url: &str) -> Result<PgConnectOptions, BackupError> {
    let options = PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("DATABASE_URL is not a valid PostgreSQL URL: {e}")))?
        .application_name("todo-api backup");
    Ok(options)
}

pub(super) async fn backup(url: &str, to: &Path) -> Result<Summary, BackupError> {
    let io_error = |source| BackupError::Io { action: "cannot write", path: to.into(), source };
    let mut conn = PgConnection::connect_with(&options(url)?).await?;
    let mut snapshot = conn.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *snapshot).await?;
    let schema_version: i64 = sqlx::query_scalar("SELECT coalesce(max(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut *snapshot)
        .await
        .map_err(|e| StoreError::Config(format!("the database has no todo-api schema to back up: {e}")))?;
    let mut out = BufWriter::new(File::create(to).map_err(io_error)?);
    let header = format!(
        r#"{{"format":"todo-api-backup","format_version":{FORMAT_VERSION},"store":"postgres","schema_version":{schema_version},"created_at":{}}}"#,
        Value::from(chrono::Utc::now().to_rfc3339())
    );
    writeln!(out, "{header}").map_err(io_error)?;
    let mut rows = 0_u64;
    let mut todos = 0_u64;
    for table in TABLES {
        let query = format!("SELECT row_to_json(t)::text FROM {table} t ORDER BY id");
        let mut stream = sqlx::query_scalar::<_, String>(&query).fetch(&mut *snapshot);
        while let Some(row) = stream.try_next().await? {
            writeln!(out, r#"{{"table":"{table}","row":{row}}}"#).map_err(io_error)?;
            rows += 1;
            todos += u64::from(table == "todos");
        }
    }
    writeln!(out, r#"{{"end":true,"rows":{rows}}}"#).map_err(io_error)?;
    out.into_inner().map_err(|e| io_error(e.into_error()))?.sync_all().map_err(io_error)?;
    snapshot.commit().await?;
    conn.close().await.ok();
    Ok(Summary { store: "postgres", schema_version, todos })
}

/// One line after the header: a row of a table, or the end.
enum Line {
    Row { table: &'static str, row: Map<String, Value> },
    End,
}

/// A dump being read, each line checked: anything but a whole dump fails,
/// so that a first pass can check the file before anything is written.
struct Dump<'a> {
    path: &'a Path,
    lines: std::io::Lines<BufReader<File>>,
    number: usize,
    rows: u64,
    ended: bool,
    schema_version: i64,
}

impl<'a> Dump<'a> {
    /// Opens the dump and checks its header.
    fn open(path: &'a Path) -> Result<Self, BackupError> {
        let file = File::open(path).map_err(|source| BackupError::Io { action: "cannot read", path: path.into(), source })?;
        let mut lines = BufReader::new(file).lines();
        let header: Value = lines.next().and_then(Result::ok).and_then(|line| serde_json::from_str(&line).ok()).ok_or_else(|| {
            BackupError::NotABackup { path: path.into(), reason: "its first line is not a todo-api backup header".into() }
        })?;
        if header["format"] != "todo-api-backup" || header["store"] != "postgres" {
            return Err(BackupError::NotABackup { path: path.into(), reason: "its header names another format".into() });
        }
        let format_version = header["format_version"].as_i64().unwrap_or(i64::MAX);
        let Some(schema_version) = header["schema_version"].as_i64() else {
            return Err(BackupError::Damaged { path: path.into(), reason: "the header has no schema_version".into() });
        };
        let known = known_version(&MIGRATOR);
        if format_version > FORMAT_VERSION || schema_version > known {
            return Err(BackupError::NewerSchema { path: path.into(), found: schema_version, known });
        }
        Ok(Self { path, lines, number: 1, rows: 0, ended: false, schema_version })
    }

    fn damaged(&self, reason: String) -> BackupError {
        BackupError::Damaged { path: self.path.into(), reason }
    }

    /// The next line; `None` after the end line, which must be the last.
    fn next_line(&mut self) -> Result<Option<Line>, BackupError> {
        let Some(line) = self.lines.next() else {
            return if self.ended { Ok(None) } else { Err(self.damaged("it has no end line: the file was cut short".into())) };
        };
        self.number += 1;
        let number = self.number;
        let line = line.map_err(|e| self.damaged(format!("line {number} cannot be read: {e}")))?;
        if self.ended {
            return Err(self.damaged(format!("line {number} follows the end line")));
        }
        let Ok(Value::Object(mut object)) = serde_json::from_str::<Value>(&line) else {
            return Err(self.damaged(format!("line {number} is not a JSON object")));
        };
        if object.get("end") == Some(&Value::Bool(true)) {
            let counted = object.get("rows").and_then(Value::as_u64);
            if counted != Some(self.rows) {
                return Err(self.damaged(format!("the end line counts {counted:?} rows, the file holds {}", self.rows)));
            }
            self.ended = true;
            return Ok(Some(Line::End));
        }
        let table = object.get("table").and_then(Value::as_str).and_then(|name| TABLES.into_iter().find(|t| *t == name));
        let (Some(table), Some(Value::Object(row))) = (table, object.remove("row")) else {
            return Err(self.damaged(format!("line {number} is not a row of one of todo-api's tables")));
        };
        self.rows += 1;
        Ok(Some(Line::Row { table, row }))
    }
}

pub(super) async fn restore(url: &str, from: &Path, force: bool) -> Result<Summary, BackupError> {
    // First pass: the whole file is checked before the database is touched.
    let mut dump = Dump::open(from)?;
    let schema_version = dump.schema_version;
    let mut todos = 0_u64;
    while let Some(line) = dump.next_line()? {
        todos += u64::from(matches!(line, Line::Row { table: "todos", .. }));
    }
    let mut conn = connect_or_create(&options(url)?).await?;
    if !force {
        if let Some(what) = holds_data(&mut conn).await? {
            return Err(BackupError::NotEmpty { what });
        }
    }
    MIGRATOR.run(&mut conn).await?;
    let mut restore = conn.begin().await?;
    if force {
        for table in TABLES.iter().rev() {
            // DELETE, not TRUNCATE: the todos' trigger moves every owner's
            // version on, so that no server keeps serving the replaced todos.
            sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *restore).await?;
        }
    }
    // Second pass: rows in batches, each of one table.
    let mut dump = Dump::open(from)?;
    let mut batch: Vec<Map<String, Value>> = Vec::new();
    let mut batch_table = "";
    while let Some(line) = dump.next_line()? {
        let next_table = match &line {
            Line::Row { table, .. } => Some(*table),
            Line::End => None,
        };
        if !batch.is_empty() && (next_table != Some(batch_table) || batch.len() == BATCH) {
            insert(&mut restore, batch_table, std::mem::take(&mut batch)).await?;
        }
        if let Line::Row { table, row } = line {
            batch_table = table;
            batch.push(row);
        }
    }
    for table in TABLES.into_iter().filter(|t| *t != "conversations") {
        // The identity columns go on after the restored ids.
        let query = format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} HAVING max(id) IS NOT NULL");
        sqlx::query(&query).execute(&mut *restore).await?;
    }
    restore.commit().await?;
    conn.close().await.ok();
    Ok(Summary { store: "postgres", schema_version, todos })
}

/// Inserts rows of one table, each naming the same columns.
async fn insert(conn: &mut PgConnection, table: &str, rows: Vec<Map<String, Value>>) -> Result<(), BackupError> {
    let columns: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    let named: Vec<&String> = rows[0].keys().collect();
    if let Some(unknown) = named.iter().find(|c| !columns.contains(c)) {
        return Err(StoreError::Config(format!("the backup's {table} rows have a column {unknown} this schema lacks")).into());
    }
    let list = named.iter().map(|c| format!(r#""{c}""#)).collect::<Vec<_>>().join(", ");
    let query =
        format!("INSERT INTO {table} ({list}) OVERRIDING SYSTEM VALUE SELECT {list} FROM json_populate_recordset(NULL::{table}, $1::json)");
    let rows = Value::Array(rows.into_iter().map(Value::Object).collect());
    sqlx::query(&query).bind(rows.to_string()).execute(&mut *conn).await?;
    Ok(())
}

/// Connects to the database `options` names, creating it first (from the
/// server's `postgres` database) if it does not exist.
async fn connect_or_create(options: &PgConnectOptions) -> Result<PgConnection, BackupError> {
    match PgConnection::connect_with(options).await {
        Err(sqlx::Error::Database(err)) if err.code().as_deref() == Some("3D000") => {
            let name = options.get_database().unwrap_or_default().replace('"', "\"\"");
            let mut admin = PgConnection::connect_with(&options.clone().database("postgres")).await?;
            sqlx::query(&format!(r#"CREATE DATABASE "{name}""#)).execute(&mut admin).await?;
            admin.close().await.ok();
            Ok(PgConnection::connect_with(options).await?)
        }
        connected => Ok(connected?),
    }
}

/// Which of our tables holds a row, if one does (tables not created yet hold none).
async fn holds_data(conn: &mut PgConnection) -> Result<Option<String>, BackupError> {
    for table in TABLES {
        let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL").bind(table).fetch_one(&mut *conn).await?;
        if exists && sqlx::query_scalar::<_, bool>(&format!("SELECT EXISTS (SELECT 1 FROM {table})")).fetch_one(&mut *conn).await? {
            return Ok(Some(format!("rows in {table}")));
        }
    }
    Ok(None)
}
