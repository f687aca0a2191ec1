//! The todo operations as tools for AI agents (Model Context Protocol,
//! served by rmcp): at `/mcp` over Streamable HTTP, and by `todo-api mcp`
//! over stdio (`mcp_stdio.rs`), which serves the same [`TodoTools`].
//!
//! One job: adapt tool calls to store calls. Input is validated by the same
//! code as the REST bodies (`todos.rs`), whose rules are todo-core's. Every
//! problem with the input, and every storage failure, is a tool error (the
//! agent reads it and can retry); nothing here answers 500.
//!
//! Stateless: no MCP session lives in this process (each POST is answered on
//! its own, as JSON), so any replica can answer any request and a rolling
//! update loses nothing.

use std::sync::Arc;

use axum::http::request::Parts;
use axum::Router;
use chrono_tz::Tz;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::{Extensions, Implementation, JsonObject, ServerCapabilities, ServerConfig};
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{tool, tool_handler, tool_router, Json, ServerHandler};
use serde::de::DeserializeOwned;
use todo_core::{Completion, OwnerId, Todo, TodoChanges, TodoId};
use todo_store::{Store, StoreError};

use super::extract::BODY_LIMIT;
use super::todos::{search_slot, CreateTodoBody, ListQuery, PatchTodoBody};
use crate::auth::{require_caller, Accepts, Caller};
use crate::costly_reads::CostlyReads;
use crate::error::ApiError;
use crate::metrics::record_todo_operation;
use crate::state::{now, today_in, AppState};
use crate::tools::{self, clearable, parse_arguments, AddTaskParams, ListTasksParams, Task, TaskIdParams, TaskList, UpdateTaskParams};

/// `/mcp`. The Host check is the one every route has (`host.rs`), so
/// rmcp's own is off.
pub fn router(state: &AppState) -> Router<AppState> {
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_max_request_body_bytes(BODY_LIMIT)
        .disable_allowed_hosts();
    let (store, timezone, costly_reads) = (state.store.clone(), state.default_timezone, state.costly_reads.clone());
    let service = StreamableHttpService::new(
        move || Ok(TodoTools::new(store.clone(), timezone, Owner::OfEachRequest, costly_reads.clone())),
        NeverSessionManager::default().into(),
        config,
    );
    // Every MCP request needs a Bearer token in accounts mode; the middleware
    // puts the `Caller` where the tools read it (rmcp hands them the request parts).
    Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn_with_state((state.clone(), Accepts::BearerOnly), require_caller))
}

/// Whose todos the tools work on.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// The caller of each HTTP request, as `require_caller` found it.
    OfEachRequest,
    /// Always this one (stdio: the process serves one user).
    Fixed(OwnerId),
}

/// What the server tells a client about itself, over any transport.
pub fn server_info() -> ServerConfig {
    ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
        .with_server_info(Implementation::new("todo-chatbot", env!("CARGO_PKG_VERSION")))
        .with_instructions(
            "The user's todo list. Find a task's task_id with list_tasks (q searches titles and notes), \
             then complete_task, update_task or delete_task it. Dates are YYYY-MM-DD in the user's time zone, \
             times HH:MM.",
        )
}

/// The MCP server: one instance per HTTP request, or one for a stdio session.
#[derive(Clone)]
pub struct TodoTools {
    store: Arc<dyn Store>,
    timezone: Tz,
    owner: Owner,
    /// Each user's searches running, shared with the REST routes.
    costly_reads: Arc<CostlyReads>,
    tool_router: ToolRouter<Self>,
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
            remind_before: p.remind_before,
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
            remind_before: p.remind_before.map(Some),
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
        (StoreError::TodoLimit { limit }, _) => format!("the user keeps at most {limit} tasks; delete or complete some first"),
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

/// A call's arguments as `T`. Arguments the schema rules out (a missing
/// title, a task_id that is not a number) are a tool error the agent can
/// read and correct, as the MCP specification asks, not a protocol error.
fn arguments<T: DeserializeOwned>(arguments: JsonObject) -> Result<T, String> {
    parse_arguments(serde_json::Value::Object(arguments))
}

#[tool_router]
impl TodoTools {
    pub fn new(store: Arc<dyn Store>, timezone: Tz, owner: Owner, costly_reads: Arc<CostlyReads>) -> Self {
        Self { store, timezone, owner, costly_reads, tool_router: Self::tool_router() }
    }

    #[tool(description = tools::ADD_TASK.description, input_schema = (tools::ADD_TASK.parameters)())]
    async fn add_task(&self, extensions: Extensions, params: JsonObject) -> Result<Json<Task>, String> {
        let owner = self.owner(&extensions)?;
        let now = now();
        let new = CreateTodoBody::from(arguments::<AddTaskParams>(params)?)
            .validate(today_in(self.timezone, now))
            .map_err(|errors| api_error_message(errors.into()))?;
        let todo = self.store.create(owner, &new, now).await.map_err(|e| store_error_message(e, None))?;
        record_todo_operation("create");
        Ok(Json(Task::new(todo, "created")))
    }

    #[tool(
        description = tools::LIST_TASKS.description,
        input_schema = (tools::LIST_TASKS.parameters)(),
        annotations(read_only_hint = true)
    )]
    async fn list_tasks(&self, extensions: Extensions, params: JsonObject) -> Result<Json<TaskList>, String> {
        let owner = self.owner(&extensions)?;
        let params: ListTasksParams = arguments(params)?;
        let query = ListQuery {
            status: params.status.map(Into::into),
            due: params.due.map(Into::into),
            tag: params.tag,
            priority: params.priority,
            q: params.q,
            limit: params.limit,
            ..ListQuery::default()
        };
        let filter = query.filter(self.timezone).map_err(api_error_message)?;
        let page = query.page().map_err(api_error_message)?;
        let _search = search_slot(&self.costly_reads, owner, &filter).map_err(api_error_message)?;
        let todos =
            self.store.list(owner, &filter, query.sort.unwrap_or_default(), page).await.map_err(|e| store_error_message(e, None))?;
        Ok(Json(TaskList { tasks: todos.into_iter().map(Task::listed).collect() }))
    }

    #[tool(
        description = tools::COMPLETE_TASK.description,
        input_schema = (tools::COMPLETE_TASK.parameters)(),
        annotations(idempotent_hint = true)
    )]
    async fn complete_task(&self, extensions: Extensions, params: JsonObject) -> Result<Json<Task>, String> {
        let params: TaskIdParams = arguments(params)?;
        let changes = TodoChanges { completed: Some(true), ..TodoChanges::default() };
        let todo = self.change(&extensions, params.task_id, changes).await?;
        Ok(Json(Task::new(todo, "completed")))
    }

    #[tool(description = tools::UPDATE_TASK.description, input_schema = (tools::UPDATE_TASK.parameters)())]
    async fn update_task(&self, extensions: Extensions, params: JsonObject) -> Result<Json<Task>, String> {
        let params: UpdateTaskParams = arguments(params)?;
        let id = params.task_id;
        let changes = PatchTodoBody::from(params).validate().map_err(|errors| api_error_message(errors.into()))?;
        let todo = self.change(&extensions, id, changes).await?;
        record_todo_operation("update");
        Ok(Json(Task::new(todo, "updated")))
    }

    #[tool(
        description = tools::DELETE_TASK.description,
        input_schema = (tools::DELETE_TASK.parameters)(),
        annotations(destructive_hint = true, idempotent_hint = true)
    )]
    async fn delete_task(&self, extensions: Extensions, params: JsonObject) -> Result<Json<Task>, String> {
        let owner = self.owner(&extensions)?;
        let id = arguments::<TaskIdParams>(params)?.task_id;
        // Read first: the answer names the task that went.
        let todo = self.store.get(owner, id).await.map_err(|e| store_error_message(e, Some(id)))?;
        self.store.delete(owner, id).await.map_err(|e| store_error_message(e, Some(id)))?;
        record_todo_operation("delete");
        Ok(Json(Task::new(todo, "deleted")))
    }
}

impl TodoTools {
    /// Whose todos this call works on.
    fn owner(&self, extensions: &Extensions) -> Result<OwnerId, String> {
        match self.owner {
            Owner::Fixed(owner) => Ok(owner),
            Owner::OfEachRequest => match extensions.get::<Parts>().and_then(|parts| parts.extensions.get::<Caller>()) {
                Some(caller) => Ok(caller.owner),
                None => {
                    tracing::error!("an MCP request reached a tool without an owner");
                    Err("internal error: this request has no owner".to_owned())
                }
            },
        }
    }

    /// Applies `changes` to one task; counts a completion or a reopening.
    async fn change(&self, extensions: &Extensions, id: TodoId, changes: TodoChanges) -> Result<Todo, String> {
        let owner = self.owner(extensions)?;
        let now = now();
        let today = today_in(self.timezone, now);
        let (todo, completion) = self.store.update(owner, id, changes, now, today).await.map_err(|e| store_error_message(e, Some(id)))?;
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
        server_info()
    }
}
