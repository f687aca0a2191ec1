//! The MCP endpoint `/mcp`: the todo operations as tools for AI agents
//! (Model Context Protocol over Streamable HTTP, served by rmcp).
//!
//! One job: adapt tool calls to store calls. Input is validated by the same
//! code as the REST bodies (`todos.rs`), whose rules are todo-core's. Every
//! problem with the input, and every storage failure, is a tool error (the
//! agent reads it and can retry); nothing here answers 500.
//!
//! Stateless: no MCP session lives in this process (each POST is answered on
//! its own, as JSON), so any replica can answer any request and a rolling
//! update loses nothing.

use axum::http::request::Parts;
use axum::Router;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::Extension;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig};
use rmcp::schemars::{self, JsonSchema};
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{tool, tool_handler, tool_router, Json, ServerHandler};
use serde::Serialize;
use todo_core::{Completion, OwnerId, Todo, TodoChanges, TodoId};
use todo_store::StoreError;

use super::extract::BODY_LIMIT;
use super::todos::{CreateTodoBody, ListQuery, PatchTodoBody};
use crate::auth::{require_caller, Accepts, Caller};
use crate::error::ApiError;
use crate::metrics::record_todo_operation;
use crate::state::{now, today_in, AppState};
use crate::tools::{self, clearable, AddTaskParams, ListTasksParams, TaskIdParams, UpdateTaskParams};

/// `/mcp`, answering only the Host headers in `allowed_hosts` (`*`: any).
pub fn router(state: &AppState, allowed_hosts: &[String]) -> Router<AppState> {
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_max_request_body_bytes(BODY_LIMIT);
    let config = if allowed_hosts.iter().any(|h| h == "*") {
        config.disable_allowed_hosts()
    } else {
        config.with_allowed_hosts(allowed_hosts.iter().cloned())
    };
    let (state, state_for_auth) = (state.clone(), state.clone());
    let service = StreamableHttpService::new(move || Ok(TodoTools::new(state.clone())), NeverSessionManager::default().into(), config);
    // Every MCP request needs a Bearer token in accounts mode; the middleware
    // puts the `Caller` where the tools read it (rmcp hands them the request parts).
    Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn_with_state((state_for_auth, Accepts::BearerOnly), require_caller))
}

fn owner(parts: &Parts) -> Result<OwnerId, String> {
    match parts.extensions.get::<Caller>() {
        Some(caller) => Ok(caller.owner),
        None => {
            tracing::error!("an MCP request reached a tool without an owner");
            Err("internal error: this request has no owner".to_owned())
        }
    }
}

/// The MCP server: one instance per request, sharing the app's state.
#[derive(Clone)]
pub struct TodoTools {
    state: AppState,
    tool_router: ToolRouter<Self>,
}

/// A todo as the tools return it. `status` says what the call did
/// (`created`, `completed`, `updated`, `deleted`) or, in a listing, whether
/// the task is `open` or `completed`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Task {
    pub task_id: TodoId,
    /// created, completed, updated or deleted: what the call did; in a
    /// listing, open or completed.
    pub status: &'static str,
    pub title: String,
    pub completed: bool,
    /// YYYY-MM-DD, a calendar date in the user's time zone.
    pub due_date: Option<String>,
    /// HH:MM, 24-hour clock.
    pub due_time: Option<String>,
    /// none, low, medium, high or urgent.
    pub priority: &'static str,
    pub tags: Vec<String>,
    /// An RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO.
    pub recurrence: Option<String>,
    pub notes: Option<String>,
}

impl Task {
    fn new(todo: Todo, status: &'static str) -> Self {
        Self {
            task_id: todo.id,
            status,
            title: todo.title,
            completed: todo.completed,
            due_date: todo.due_date.map(|d| d.format("%Y-%m-%d").to_string()),
            due_time: todo.due_time.map(|t| t.format("%H:%M").to_string()),
            priority: todo.priority.as_str(),
            tags: todo.tags,
            recurrence: todo.recurrence,
            notes: todo.notes,
        }
    }

    fn listed(todo: Todo) -> Self {
        let status = if todo.completed { "completed" } else { "open" };
        Self::new(todo, status)
    }
}

impl From<AddTaskParams> for CreateTodoBody {
    fn from(p: AddTaskParams) -> Self {
        Self {
            title: p.title,
            notes: p.notes,
            completed: false,
            due_date: p.due_date,
            due_time: p.due_time,
            priority: p.priority,
            tags: p.tags,
            recurrence: p.recurrence,
            order: None,
        }
    }
}

impl From<UpdateTaskParams> for PatchTodoBody {
    fn from(p: UpdateTaskParams) -> Self {
        Self {
            title: p.title.map(Some),
            due_date: clearable(p.due_date),
            due_time: clearable(p.due_time),
            priority: p.priority.map(Some),
            tags: p.tags.map(Some),
            notes: clearable(p.notes),
            ..Self::default()
        }
    }
}

/// What a tool tells the agent when the input or the store fails.
fn api_error_message(err: ApiError) -> String {
    match err {
        ApiError::Validation(errors) => errors.to_string(),
        ApiError::InvalidQuery { detail, .. } => format!("invalid input: {detail}"),
        other => other.to_string(),
    }
}

fn store_error_message(err: StoreError, id: Option<TodoId>) -> String {
    match (err, id) {
        (StoreError::NotFound, Some(id)) => format!("no task with id {id}; list_tasks shows the ids"),
        (StoreError::Invalid(errors), _) => errors.to_string(),
        (err @ StoreError::Unavailable(_), _) => {
            tracing::warn!(error = %err, "storage unavailable");
            "the task store cannot be reached right now; try again shortly".to_owned()
        }
        (err, _) => {
            tracing::error!(error = ?err, "MCP tool call failed");
            "internal error; it has been logged".to_owned()
        }
    }
}

#[tool_router]
impl TodoTools {
    pub fn new(state: AppState) -> Self {
        Self { state, tool_router: Self::tool_router() }
    }

    #[tool(description = tools::ADD_TASK.description, input_schema = (tools::ADD_TASK.parameters)())]
    async fn add_task(
        &self,
        Extension(parts): Extension<Parts>,
        Parameters(params): Parameters<AddTaskParams>,
    ) -> Result<Json<Task>, String> {
        let owner = owner(&parts)?;
        let now = now();
        let new = CreateTodoBody::from(params)
            .validate(today_in(self.state.default_timezone, now))
            .map_err(|errors| api_error_message(errors.into()))?;
        let todo = self.state.store.create(owner, &new, now).await.map_err(|e| store_error_message(e, None))?;
        record_todo_operation("create");
        Ok(Json(Task::new(todo, "created")))
    }

    #[tool(
        description = tools::LIST_TASKS.description,
        input_schema = (tools::LIST_TASKS.parameters)(),
        annotations(read_only_hint = true)
    )]
    async fn list_tasks(
        &self,
        Extension(parts): Extension<Parts>,
        Parameters(params): Parameters<ListTasksParams>,
    ) -> Result<Json<Vec<Task>>, String> {
        let owner = owner(&parts)?;
        let query = ListQuery {
            status: params.status.map(Into::into),
            due: params.due.map(Into::into),
            tag: params.tag,
            priority: params.priority,
            q: params.q,
            limit: params.limit,
            ..ListQuery::default()
        };
        let filter = query.filter(self.state.default_timezone).map_err(api_error_message)?;
        let page = query.page().map_err(api_error_message)?;
        let todos =
            self.state.store.list(owner, &filter, query.sort.unwrap_or_default(), page).await.map_err(|e| store_error_message(e, None))?;
        Ok(Json(todos.into_iter().map(Task::listed).collect()))
    }

    #[tool(
        description = tools::COMPLETE_TASK.description,
        input_schema = (tools::COMPLETE_TASK.parameters)(),
        annotations(idempotent_hint = true)
    )]
    async fn complete_task(
        &self,
        Extension(parts): Extension<Parts>,
        Parameters(params): Parameters<TaskIdParams>,
    ) -> Result<Json<Task>, String> {
        let changes = TodoChanges { completed: Some(true), ..TodoChanges::default() };
        let todo = self.change(&parts, params.task_id, changes).await?;
        Ok(Json(Task::new(todo, "completed")))
    }

    #[tool(description = tools::UPDATE_TASK.description, input_schema = (tools::UPDATE_TASK.parameters)())]
    async fn update_task(
        &self,
        Extension(parts): Extension<Parts>,
        Parameters(params): Parameters<UpdateTaskParams>,
    ) -> Result<Json<Task>, String> {
        let id = params.task_id;
        let changes = PatchTodoBody::from(params).validate().map_err(|errors| api_error_message(errors.into()))?;
        let todo = self.change(&parts, id, changes).await?;
        record_todo_operation("update");
        Ok(Json(Task::new(todo, "updated")))
    }

    #[tool(
        description = tools::DELETE_TASK.description,
        input_schema = (tools::DELETE_TASK.parameters)(),
        annotations(destructive_hint = true, idempotent_hint = true)
    )]
    async fn delete_task(
        &self,
        Extension(parts): Extension<Parts>,
        Parameters(params): Parameters<TaskIdParams>,
    ) -> Result<Json<Task>, String> {
        let owner = owner(&parts)?;
        let id = params.task_id;
        // Read first: the answer names the task that went.
        let todo = self.state.store.get(owner, id).await.map_err(|e| store_error_message(e, Some(id)))?;
        self.state.store.delete(owner, id).await.map_err(|e| store_error_message(e, Some(id)))?;
        record_todo_operation("delete");
        Ok(Json(Task::new(todo, "deleted")))
    }
}

impl TodoTools {
    /// Applies `changes` to one task; counts a completion or a reopening.
    async fn change(&self, parts: &Parts, id: TodoId, changes: TodoChanges) -> Result<Todo, String> {
        let owner = owner(parts)?;
        let now = now();
        let today = today_in(self.state.default_timezone, now);
        let (todo, completion) =
            self.state.store.update(owner, id, changes, now, today).await.map_err(|e| store_error_message(e, Some(id)))?;
        match completion {
            Completion::Completed | Completion::Advanced => record_todo_operation("complete"),
            Completion::Reopened => record_todo_operation("reopen"),
            Completion::Unchanged => {}
        }
        Ok(todo)
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for TodoTools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("todo-chatbot", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "The user's todo list. Find a task's task_id with list_tasks (q searches titles and notes), \
                 then complete_task, update_task or delete_task it. Dates are YYYY-MM-DD in the user's time zone, \
                 times HH:MM.",
            )
    }
}
