//! Taking todos out and bringing them in: `GET /api/v1/export` (our JSON
//! format, or iCalendar VTODOs) and `POST /api/v1/import` (our JSON, a
//! Todoist CSV, an iCalendar file), which creates what is new in one
//! transaction and reports what it did with every item.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use todo_core::{FieldError, SortKey, TodoFilter};
use todo_store::{ImportItem, ImportResult, Page};
use utoipa::{IntoParams, ToSchema};

use super::extract::ApiQuery;
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::formats::{ical, json, todoist, BadFile, ReadClock, Reading};
use crate::state::{now, today_in, AppState};

/// The largest file an import takes (the contract's one exception to its 64 KiB bodies).
pub const IMPORT_LIMIT: usize = 5 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/export", get(export)).route("/api/v1/import", post(import))
}

/// What an export is written as.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// Our own format (see `TodoExport`): every field, and what an import reads back.
    #[default]
    Json,
    /// iCalendar VTODOs, for other todo apps.
    Ics,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// json (default) or ics.
    #[param(value_type = Option<ExportFormat>)]
    format: Option<ExportFormat>,
}

#[utoipa::path(get, path = "/api/v1/export", tag = "transfer", params(ExportQuery),
    responses(
        (status = 200, description = "Every todo of the caller's, as a download (Content-Disposition: attachment)",
            content((json::Export = "application/json"), (String = "text/calendar"))),
        (status = 400, description = "An unknown format", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn export(State(state): State<AppState>, caller: Caller, ApiQuery(query): ApiQuery<ExportQuery>) -> Result<Response, ApiError> {
    let now = now();
    let todos = state.store.list(caller.owner, &TodoFilter::default(), SortKey::Order, Page::ALL).await?;
    let (body, content_type, extension) = match query.format.unwrap_or_default() {
        ExportFormat::Json => {
            let text = serde_json::to_string_pretty(&json::Export::new(todos, now)).map_err(|e| ApiError::Internal(e.into()))?;
            (text, "application/json", "json")
        }
        ExportFormat::Ics => (ical::export(&todos), "text/calendar; charset=utf-8", "ics"),
    };
    let disposition = format!("attachment; filename=\"todos-{}.{extension}\"", now.format("%Y-%m-%d"));
    let disposition = HeaderValue::try_from(disposition).map_err(|e| ApiError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// IANA time zone that relative dates ("tomorrow") and times given in
    /// UTC or another zone are read in; default: the server's.
    tz: Option<String>,
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// What the file was read as: `todo-chatbot-export`, `todoist-csv` or `icalendar`.
    #[schema(example = "todoist-csv")]
    format: &'static str,
    /// The todos made, one per item.
    created: Vec<CreatedItem>,
    /// The items that made nothing, and why (already imported, a section).
    skipped: Vec<SkippedItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedItem {
    /// Where it is in the file: `line 4`, `VTODO 2`, `todos[0]`.
    #[schema(example = "line 2")]
    item: String,
    /// The new todo's id.
    id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedItem {
    #[schema(example = "line 5")]
    item: String,
    #[schema(example = "already imported")]
    reason: String,
}

#[utoipa::path(post, path = "/api/v1/import", tag = "transfer", params(ImportQuery),
    request_body(description = "Our JSON export, a Todoist CSV (its template's columns TYPE, CONTENT, DESCRIPTION, PRIORITY, INDENT, \
AUTHOR, RESPONSIBLE, DATE, DATE_LANG, TIMEZONE) or an iCalendar file (VTODOs, and VEVENTs as dated todos), UTF-8, at most 5 MiB. \
The format is recognised from the content.",
        content((json::Export = "application/json"), (String = "text/csv"), (String = "text/calendar"))),
    responses(
        (status = 200, description = "Imported in one transaction; an item imported before (same UID, export id or row) is skipped",
            body = ImportReport),
        (status = 409, description = "The todos would not fit under MAX_TODOS_PER_USER; nothing was imported", body = Problem,
            content_type = "application/problem+json"),
        (status = 413, description = "The file is over 5 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not UTF-8, an unknown format, broken CSV, a date that cannot be read, or an item that breaks \
a todo rule: `errors` names each bad item; nothing was imported", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    let tz = match &query.tz {
        Some(name) => name.parse::<Tz>().map_err(|_| ApiError::InvalidQuery {
            detail: format!("tz must be an IANA time zone such as Europe/Paris (got {name:?})"),
            field: Some("tz".into()),
        })?,
        None => state.default_timezone,
    };
    let bytes = axum::body::to_bytes(body, IMPORT_LIMIT).await.map_err(|e| {
        let too_large = std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if too_large {
            ApiError::BodyTooLarge { limit: IMPORT_LIMIT }
        } else {
            ApiError::UnreadableBody(e.to_string())
        }
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| bad_file(BadFile::whole(format!("the file is not UTF-8 text: {e}"))))?;
    let now = now();
    let clock = ReadClock { now, tz };
    let (format, reading) = read_any(text, clock).map_err(bad_file)?;
    let today = today_in(tz, now);
    let mut items = Vec::with_capacity(reading.candidates.len());
    let mut labels = Vec::with_capacity(reading.candidates.len());
    let mut problems = Vec::new();
    for candidate in reading.candidates {
        match candidate.body.validate(today) {
            Ok(todo) => {
                items.push(ImportItem { import_id: candidate.import_id, todo, completed_at: candidate.completed_at });
                labels.push(candidate.item);
            }
            Err(errors) => problems.extend(errors.0.into_iter().map(|e| (candidate.item.clone(), format!("{}: {}", e.field, e.message)))),
        }
    }
    if !problems.is_empty() {
        return Err(bad_file(BadFile(problems)));
    }
    let results = state.store.import(caller.owner, &items, now).await?;
    let mut report = ImportReport {
        format,
        created: Vec::new(),
        skipped: reading.skipped.into_iter().map(|s| SkippedItem { item: s.item, reason: s.reason }).collect(),
    };
    for (item, result) in labels.into_iter().zip(results) {
        match result {
            ImportResult::Created { id } => report.created.push(CreatedItem { item, id }),
            ImportResult::AlreadyImported => report.skipped.push(SkippedItem { item, reason: "already imported".into() }),
        }
    }
    metrics::counter!("todo_operations_total", "operation" => "create").increment(report.created.len() as u64);
    Ok(Json(report))
}

/// Reads `text` in the format its content shows.
fn read_any(text: &str, clock: ReadClock) -> Result<(&'static str, Reading), BadFile> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.is_empty() {
        Err(BadFile::whole("the file is empty"))
    } else if start.starts_with('{') {
        Ok((json::FORMAT, json::read(text)?))
    } else if start.get(..15).is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCALENDAR")) {
        Ok(("icalendar", ical::read(text, clock)?))
    } else if todoist::looks_like(text) {
        Ok(("todoist-csv", todoist::read(text, clock)?))
    } else {
        Err(BadFile::whole(
            "unknown format: send a todo-chatbot JSON export, a Todoist CSV (header TYPE,CONTENT,…) or an iCalendar file (BEGIN:VCALENDAR)",
        ))
    }
}

fn bad_file(BadFile(problems): BadFile) -> ApiError {
    let detail = match problems.as_slice() {
        [(item, message)] if item.is_empty() => message.clone(),
        [(item, message)] => format!("{item}: {message}"),
        _ => format!("{} items cannot be imported (nothing was); see errors", problems.len()),
    };
    let errors = problems
        .into_iter()
        .map(|(item, message)| FieldError { field: if item.is_empty() { "file".into() } else { item }, message })
        .collect();
    ApiError::BadImport { detail, errors }
}
