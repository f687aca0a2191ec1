//! REST resource `/api/v1/todos`: create, read, list, update, delete, and
//! the counts per view.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize};
use todo_core::{
    parse_due_date, parse_due_time, parse_order, parse_remind_before, Completion, DueFilter, NewTodo, Notes, OwnerId, Priority, Recurrence,
    SortKey, StatusFilter, Tag, Tags, Title, Todo, TodoChanges, TodoFilter, ValidationErrors, SEARCH_MAX_CHARS,
};
use todo_store::{Page, TodoSummary};
use utoipa::{IntoParams, ToSchema};

use super::base_url::BaseUrl;
use super::extract::{ApiJson, ApiQuery, IdPath};
use crate::auth::Caller;
use crate::costly_reads::{CostlyRead, CostlyReads};
use crate::error::{ApiError, Problem};
use crate::metrics::record_todo_operation;
use crate::state::{now, today_in, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/todos", get(list).post(create).delete(delete_matching))
        .route("/api/v1/todos/summary", get(summary))
        .route("/api/v1/todos/{id}", get(read).patch(update).delete(delete))
}

/// A todo with the absolute URL of its resource.
#[derive(Debug, Serialize, ToSchema)]
pub struct TodoResource {
    #[serde(flatten)]
    pub todo: Todo,
    /// Absolute URL of this todo.
    #[schema(example = "http://localhost:8080/api/v1/todos/1")]
    pub url: String,
}

impl TodoResource {
    pub fn new(todo: Todo, base: &BaseUrl) -> Self {
        let url = base.todo_url(todo.id);
        Self { todo, url }
    }
}

/// The body of `POST /api/v1/todos`. Unknown fields are ignored.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTodoBody {
    #[schema(example = "Call mom")]
    pub(crate) title: String,
    pub(crate) notes: Option<String>,
    #[serde(default)]
    pub(crate) completed: bool,
    #[schema(example = "2026-03-11")]
    pub(crate) due_date: Option<String>,
    #[schema(example = "17:00")]
    pub(crate) due_time: Option<String>,
    #[schema(value_type = Option<Priority>)]
    pub(crate) priority: Option<String>,
    pub(crate) tags: Option<Vec<String>>,
    #[schema(example = "FREQ=WEEKLY;BYDAY=MO")]
    pub(crate) recurrence: Option<String>,
    /// Minutes before the due time to remind (0–10080).
    #[schema(example = 30, minimum = 0, maximum = 10080)]
    pub(crate) remind_before: Option<i64>,
    pub(crate) order: Option<i64>,
}

impl CreateTodoBody {
    pub(crate) fn validate(self, today: chrono::NaiveDate) -> Result<NewTodo, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let title = errors.check("title", Title::parse(&self.title));
        let notes = self.notes.map(|n| errors.check("notes", Notes::parse(&n)));
        let due_date = self.due_date.map(|d| errors.check("due_date", parse_due_date(&d)));
        let due_time = self.due_time.map(|t| errors.check("due_time", parse_due_time(&t)));
        let priority = self.priority.map(|p| errors.check("priority", Priority::parse(&p)));
        let tags = self.tags.map(|t| errors.check("tags", Tags::parse(&t)));
        let recurrence = self.recurrence.map(|r| errors.check("recurrence", Recurrence::parse(&r)));
        let remind_before = self.remind_before.map(|m| errors.check("remind_before", parse_remind_before(m)));
        let order = self.order.map(|o| errors.check("order", parse_order(o)));
        let (Some(title), true) = (title, errors.is_empty()) else {
            return Err(errors);
        };
        let mut new = NewTodo::new(title);
        new.notes = notes.flatten();
        new.completed = self.completed;
        new.due_date = due_date.flatten();
        new.due_time = due_time.flatten();
        new.priority = priority.flatten().unwrap_or_default();
        new.tags = tags.flatten().unwrap_or_default();
        new.recurrence = recurrence.flatten();
        new.remind_before = remind_before.flatten();
        new.order = order.flatten();
        new.finish(today)
    }
}

/// The body of `PATCH /api/v1/todos/{id}`: a JSON merge patch. An absent
/// field stays as it is; `null` clears it.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct PatchTodoBody {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub(crate) title: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub(crate) notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<bool>)]
    pub(crate) completed: Option<Option<bool>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub(crate) due_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub(crate) due_time: Option<Option<String>>,
    /// `null` resets it to `none`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Priority>)]
    pub(crate) priority: Option<Option<String>>,
    /// `null` empties the list.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Vec<String>>)]
    pub(crate) tags: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub(crate) recurrence: Option<Option<String>>,
    /// Minutes before the due time to remind (0–10080); `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10080)]
    pub(crate) remind_before: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub(crate) order: Option<Option<i64>>,
}

/// Tells a field that was sent as `null` (`Some(None)`) from one that was
/// not sent at all (`None`, through `#[serde(default)]`).
fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

impl PatchTodoBody {
    pub(crate) fn validate(self) -> Result<TodoChanges, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let title = not_null(&mut errors, "title", self.title);
        let completed = not_null(&mut errors, "completed", self.completed);
        let order = not_null(&mut errors, "order", self.order);
        let changes = TodoChanges {
            title: title.and_then(|t| errors.check("title", Title::parse(&t))),
            notes: self.notes.map(|n| n.and_then(|n| errors.check("notes", Notes::parse(&n)))),
            completed,
            due_date: self.due_date.map(|d| d.and_then(|d| errors.check("due_date", parse_due_date(&d)))),
            due_time: self.due_time.map(|t| t.and_then(|t| errors.check("due_time", parse_due_time(&t)))),
            priority: self.priority.map(|p| p.and_then(|p| errors.check("priority", Priority::parse(&p))).unwrap_or_default()),
            tags: self.tags.map(|t| t.and_then(|t| errors.check("tags", Tags::parse(&t))).unwrap_or_default()),
            recurrence: self.recurrence.map(|r| r.and_then(|r| errors.check("recurrence", Recurrence::parse(&r)))),
            remind_before: self.remind_before.map(|m| m.and_then(|m| errors.check("remind_before", parse_remind_before(m)))),
            order: order.and_then(|o| errors.check("order", parse_order(o))),
        };
        errors.into_result(|| changes)
    }
}

/// A field that may be left out but not cleared.
fn not_null<T>(errors: &mut ValidationErrors, field: &str, value: Option<Option<T>>) -> Option<T> {
    if matches!(value, Some(None)) {
        errors.push(field, "cannot be null");
    }
    value.flatten()
}

/// The filters of `GET` and `DELETE /api/v1/todos`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// open, completed or all (default).
    #[param(value_type = Option<StatusFilter>)]
    pub(crate) status: Option<StatusFilter>,
    /// overdue, today, tomorrow, week (the seven days from today) or none (no due date).
    #[param(value_type = Option<DueFilter>)]
    pub(crate) due: Option<DueFilter>,
    /// Only todos with this tag (a leading # is ignored).
    pub(crate) tag: Option<String>,
    #[param(value_type = Option<Priority>)]
    pub(crate) priority: Option<Priority>,
    /// Case-insensitive substring of the title or the notes, at most 200
    /// characters. Each account may have two searches (or chat history
    /// pages) running at once, and `COSTLY_READS_PER_MINUTE` a minute; more
    /// are answered 429 with Retry-After.
    #[param(max_length = 200)]
    pub(crate) q: Option<String>,
    /// order (default), due, priority or created.
    #[param(value_type = Option<SortKey>)]
    pub(crate) sort: Option<SortKey>,
    /// 1–500, default 100.
    #[param(minimum = 1, maximum = 500)]
    pub(crate) limit: Option<u32>,
    pub(crate) offset: Option<u64>,
    /// IANA time zone for today/overdue/week; default: the server's.
    pub(crate) tz: Option<String>,
}

const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 500;

fn invalid_query(field: &str, detail: String) -> ApiError {
    ApiError::InvalidQuery { detail, field: Some(field.to_owned()) }
}

/// The `tz` query parameter, or the server's zone without one.
fn time_zone(tz: Option<&str>, default_tz: Tz) -> Result<Tz, ApiError> {
    match tz {
        Some(name) => {
            name.parse::<Tz>().map_err(|_| invalid_query("tz", format!("tz must be an IANA time zone such as Europe/Paris (got {name:?})")))
        }
        None => Ok(default_tz),
    }
}

impl ListQuery {
    pub(crate) fn filter(&self, default_tz: Tz) -> Result<TodoFilter, ApiError> {
        let tz = time_zone(self.tz.as_deref(), default_tz)?;
        let tag = match &self.tag {
            Some(raw) => Some(Tag::parse(raw).map_err(|e| invalid_query("tag", e))?),
            None => None,
        };
        Ok(TodoFilter {
            status: self.status.unwrap_or_default(),
            due: self.due.map(|due| due.resolve(today_in(tz, now()))),
            tag,
            priority: self.priority,
            text: match &self.q {
                Some(q) if q.chars().any(char::is_control) => {
                    return Err(invalid_query("q", "q must not contain control characters".into()))
                }
                Some(q) if q.chars().count() > SEARCH_MAX_CHARS => {
                    let got = q.chars().count();
                    return Err(invalid_query("q", format!("q must be at most {SEARCH_MAX_CHARS} characters (got {got})")));
                }
                Some(q) if !q.is_empty() => Some(q.clone()),
                _ => None,
            },
        })
    }

    pub(crate) fn page(&self) -> Result<Page, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(invalid_query("limit", format!("limit must be between 1 and {MAX_LIMIT} (got {limit})")));
        }
        Ok(Page { limit, offset: self.offset.unwrap_or(0) })
    }
}

/// A slot among `owner`'s costly reads when `filter` searches text (see
/// `costly_reads`), kept until the store has answered; 429 past the bounds.
pub(crate) fn search_slot(reads: &Arc<CostlyReads>, owner: OwnerId, filter: &TodoFilter) -> Result<Option<CostlyRead>, ApiError> {
    match filter.text {
        Some(_) => reads.start(owner).map(Some),
        None => Ok(None),
    }
}

#[utoipa::path(post, path = "/api/v1/todos", tag = "todos", request_body = CreateTodoBody,
    responses(
        (status = 201, description = "Created", body = TodoResource, headers(("Location" = String, description = "The todo's URL"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    base: BaseUrl,
    ApiJson(body): ApiJson<CreateTodoBody>,
) -> Result<Response, ApiError> {
    let now = now();
    let new = body.validate(today_in(state.default_timezone, now))?;
    let todo = state.store.create(caller.owner, &new, now).await?;
    record_todo_operation("create");
    let resource = TodoResource::new(todo, &base);
    let location = HeaderValue::try_from(resource.url.as_str()).map_err(|e| ApiError::Internal(e.into()))?;
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(resource)).into_response())
}

#[utoipa::path(get, path = "/api/v1/todos", tag = "todos", params(ListQuery),
    responses(
        (status = 200, description = "The todos, at most `limit`", body = [TodoResource],
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when more remain"))),
        (status = 400, description = "A bad query value", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Two searches (`q`) or chat history pages of this account are running already, or it has used its \
            budget of COSTLY_READS_PER_MINUTE a minute; see Retry-After", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    base: BaseUrl,
    uri: Uri,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    let filter = query.filter(state.default_timezone)?;
    let page = query.page()?;
    let _search = search_slot(&state.costly_reads, caller.owner, &filter)?;
    // One more than asked tells whether another page follows.
    let probe = Page { limit: page.limit + 1, ..page };
    let mut todos = state.store.list(caller.owner, &filter, query.sort.unwrap_or_default(), probe).await?;
    let more = todos.len() > page.limit as usize;
    todos.truncate(page.limit as usize);
    let mut headers = HeaderMap::new();
    if more {
        let next = next_page_link(&base, uri.query().unwrap_or_default(), page.offset + u64::from(page.limit));
        if let Ok(value) = HeaderValue::try_from(next) {
            headers.insert(header::LINK, value);
        }
    }
    let body: Vec<TodoResource> = todos.into_iter().map(|t| TodoResource::new(t, &base)).collect();
    Ok((headers, Json(body)).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// IANA time zone for today/overdue; default: the server's.
    pub(crate) tz: Option<String>,
}

/// How many todos each view holds (the same todos as `GET /todos` with
/// `status=open`, `status=open&due=today`, `due=overdue`, `status=completed`),
/// and every tag in use.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryBody {
    pub open: u64,
    pub today: u64,
    pub overdue: u64,
    pub completed: u64,
    /// Sorted, each once.
    pub tags: Vec<String>,
}

impl From<TodoSummary> for SummaryBody {
    fn from(summary: TodoSummary) -> Self {
        let TodoSummary { open, today, overdue, completed, tags } = summary;
        Self { open, today, overdue, completed, tags }
    }
}

#[utoipa::path(get, path = "/api/v1/todos/summary", tag = "todos", params(SummaryQuery),
    responses(
        (status = 200, description = "The counts per view and the tags in use, counted by the database", body = SummaryBody),
        (status = 400, description = "A bad time zone", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn summary(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> Result<Json<SummaryBody>, ApiError> {
    let tz = time_zone(query.tz.as_deref(), state.default_timezone)?;
    let summary = state.store.summary(caller.owner, today_in(tz, now())).await?;
    Ok(Json(summary.into()))
}

/// The same query with `offset` moved on.
fn next_page_link(base: &BaseUrl, query: &str, offset: u64) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k != "offset") {
        serializer.append_pair(&key, &value);
    }
    serializer.append_pair("offset", &offset.to_string());
    format!("<{}/api/v1/todos?{}>; rel=\"next\"", base.0, serializer.finish())
}

#[utoipa::path(get, path = "/api/v1/todos/{id}", tag = "todos", params(("id" = i64, Path, description = "Todo id")),
    responses(
        (status = 200, description = "The todo", body = TodoResource),
        (status = 404, description = "No such todo", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    base: BaseUrl,
    IdPath(id): IdPath,
) -> Result<Json<TodoResource>, ApiError> {
    let todo = state.store.get(caller.owner, id).await.map_err(|e| ApiError::from_store(e, || ApiError::todo_not_found(id)))?;
    Ok(Json(TodoResource::new(todo, &base)))
}

#[utoipa::path(patch, path = "/api/v1/todos/{id}", tag = "todos", params(("id" = i64, Path, description = "Todo id")),
    request_body(content = PatchTodoBody, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The updated todo", body = TodoResource),
        (status = 404, description = "No such todo", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    base: BaseUrl,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<PatchTodoBody>,
) -> Result<Json<TodoResource>, ApiError> {
    let changes = body.validate()?;
    let now = now();
    let (todo, completion) = state
        .store
        .update(caller.owner, id, changes, now, today_in(state.default_timezone, now))
        .await
        .map_err(|e| ApiError::from_store(e, || ApiError::todo_not_found(id)))?;
    record_todo_operation("update");
    match completion {
        Completion::Completed | Completion::Advanced => record_todo_operation("complete"),
        Completion::Reopened => record_todo_operation("reopen"),
        Completion::Unchanged => {}
    }
    Ok(Json(TodoResource::new(todo, &base)))
}

#[utoipa::path(delete, path = "/api/v1/todos/{id}", tag = "todos", params(("id" = i64, Path, description = "Todo id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such todo", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> Result<StatusCode, ApiError> {
    state.store.delete(caller.owner, id).await.map_err(|e| ApiError::from_store(e, || ApiError::todo_not_found(id)))?;
    record_todo_operation("delete");
    Ok(StatusCode::NO_CONTENT)
}

/// The parameters that select todos. DELETE takes only these, so that a
/// misspelt filter or a page size can never change what is deleted.
const FILTER_PARAMS: [&str; 6] = ["status", "due", "tag", "priority", "q", "tz"];

fn only_filter_params(query: &str) -> Result<(), ApiError> {
    match form_urlencoded::parse(query.as_bytes()).find(|(key, _)| !FILTER_PARAMS.contains(&key.as_ref())) {
        Some((key, _)) => {
            Err(invalid_query(&key, format!("{key:?} is not a filter; DELETE /api/v1/todos takes only {}", FILTER_PARAMS.join(", "))))
        }
        None => Ok(()),
    }
}

#[utoipa::path(delete, path = "/api/v1/todos", tag = "todos", params(ListQuery),
    responses(
        (status = 204, description = "The selected todos (all, without filters) are deleted. Only the filters \
            (status, due, tag, priority, q, tz) are accepted; any other parameter answers 400 and deletes nothing."),
        (status = 400, description = "A bad or unknown query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Two searches (`q`) or chat history pages of this account are running already, or it has used its \
            budget of COSTLY_READS_PER_MINUTE a minute; see Retry-After", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn delete_matching(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<StatusCode, ApiError> {
    only_filter_params(uri.query().unwrap_or_default())?;
    let filter = query.filter(state.default_timezone)?;
    let _search = search_slot(&state.costly_reads, caller.owner, &filter)?;
    let deleted = state.store.delete_matching(caller.owner, &filter).await?;
    metrics::counter!("todo_operations_total", "operation" => "delete").increment(deleted);
    Ok(StatusCode::NO_CONTENT)
}
