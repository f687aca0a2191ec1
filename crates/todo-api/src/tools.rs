//! The five todo operations offered as tools, defined once: their names,
//! descriptions, parameter structs and results. The MCP server
//! (`http/mcp.rs`, over HTTP and stdio) serves them to agents and the LLM
//! mode (`llm.rs`) offers them to the model; both publish the parameters'
//! JSON schema as derived here from these structs (schemars), and both read
//! calls into them with [`parse_arguments`].

use std::sync::Arc;

use rmcp::handler::server::common::schema_for_input;
use rmcp::model::JsonObject;
use rmcp::schemars::{self, JsonSchema};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use todo_core::{DueFilter, Priority, StatusFilter, Todo, TodoId};

/// One tool: what it is called, what it does, and its parameters' schema.
pub struct ToolDefinition {
    pub name: &'static str,
    pub description: &'static str,
    pub parameters: fn() -> Arc<JsonObject>,
}

pub const ADD_TASK: ToolDefinition = ToolDefinition {
    name: "add_task",
    description: "Add a task to the user's todo list. Returns the new task with its task_id.",
    parameters: input_schema::<AddTaskParams>,
};

pub const LIST_TASKS: ToolDefinition = ToolDefinition {
    name: "list_tasks",
    description: "List the user's tasks in their manual order, each with its task_id, status (open or completed), \
                  due date and time, priority, tags, recurrence and notes.",
    parameters: input_schema::<ListTasksParams>,
};

pub const COMPLETE_TASK: ToolDefinition = ToolDefinition {
    name: "complete_task",
    description: "Mark a task as done. A recurring task stays open and moves to its next due date.",
    parameters: input_schema::<TaskIdParams>,
};

pub const UPDATE_TASK: ToolDefinition = ToolDefinition {
    name: "update_task",
    description: "Change a task: only the fields given change.",
    parameters: input_schema::<UpdateTaskParams>,
};

pub const DELETE_TASK: ToolDefinition =
    ToolDefinition { name: "delete_task", description: "Delete a task for good.", parameters: input_schema::<TaskIdParams> };

pub const ALL: [ToolDefinition; 5] = [ADD_TASK, LIST_TASKS, COMPLETE_TASK, UPDATE_TASK, DELETE_TASK];

/// A parameter struct's schema as MCP wants it (rmcp caches it): an object,
/// without the struct's Rust name and doc.
fn input_schema<T: JsonSchema + std::any::Any>() -> Arc<JsonObject> {
    schema_for_input::<T>().expect("a parameter struct's schema is an object")
}

/// A tool call's arguments read as `T`; what does not fit is an error that
/// names the argument, for the agent (or model) to correct.
pub fn parse_arguments<T: DeserializeOwned>(arguments: Value) -> Result<T, String> {
    serde_path_to_error::deserialize(arguments).map_err(|err| {
        let path = err.path().to_string();
        match path.as_str() {
            "." => format!("invalid arguments: {}", err.into_inner()),
            _ => format!("invalid argument {path}: {}", err.into_inner()),
        }
    })
}

/// Optional parameters are simply left out. schemars writes an `Option<T>`
/// as "T or null" with a default of null: clients that build a form from
/// the schema then send strings for "integer or null", and the default
/// fails the schema it belongs to. So an optional property here is just its
/// `T` (null is still accepted, and means left out).
fn optional_means_absent(schema: &mut schemars::Schema) {
    let required: Vec<Value> = schema.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else { return };
    for (name, property) in properties.iter_mut() {
        let Some(property) = property.as_object_mut().filter(|_| !required.contains(&Value::from(name.as_str()))) else { continue };
        if property.get("default").is_some_and(Value::is_null) {
            property.remove("default");
        }
        if let Some(Value::Array(types)) = property.get_mut("type") {
            types.retain(|t| t != "null");
            if let [single] = types.as_slice() {
                let single = single.clone();
                property.insert("type".into(), single);
            }
        }
        if let Some(Value::Array(values)) = property.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
    }
}

/// The priorities, from todo-core's own list.
fn priority_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = Priority::ALL.iter().map(|p| p.as_str()).collect();
    schemars::json_schema!({ "type": "string", "enum": names })
}

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = optional_means_absent)]
pub struct AddTaskParams {
    /// What to do, 1–500 characters.
    #[schemars(extend("examples" = ["Call mom", "Renew the passport"]))]
    pub title: String,
    /// Due date, YYYY-MM-DD, in the user's time zone.
    #[schemars(extend("examples" = ["2026-03-11"]))]
    pub due_date: Option<String>,
    /// Due time, HH:MM on a 24-hour clock; needs a due_date.
    #[schemars(extend("examples" = ["17:00"]))]
    pub due_time: Option<String>,
    /// How urgent it is.
    #[serde(default)] // with schema_with, what keeps it optional in the schema
    #[schemars(schema_with = "priority_schema", extend("default" = "none"))]
    pub priority: Option<String>,
    /// Tags: lowercase words without '#', at most 20.
    #[schemars(extend("examples" = [["family", "errands"]]))]
    pub tags: Option<Vec<String>>,
    /// How the task repeats, as an RFC 5545 RRULE; without a due_date the task is due on its first occurrence.
    #[schemars(extend("examples" = ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO"]))]
    pub recurrence: Option<String>,
    /// Remind this many minutes before the due time (0 to 10080, a week); without it, at the due time.
    #[schemars(range(min = 0, max = 10080), extend("examples" = [30]))]
    pub remind_before: Option<i64>,
    /// Free text, at most 10,000 characters.
    pub notes: Option<String>,
}

/// Which tasks `list_tasks` returns. Inlined in the schema (some agents do
/// not follow references), without its own description (the field has one).
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(inline, description = "")]
pub enum ListStatus {
    Open,
    Completed,
    #[default]
    All,
}

impl From<ListStatus> for StatusFilter {
    fn from(status: ListStatus) -> Self {
        match status {
            ListStatus::Open => Self::Open,
            ListStatus::Completed => Self::Completed,
            ListStatus::All => Self::All,
        }
    }
}

/// Which due dates `list_tasks` returns, in the user's time zone; schema
/// as for `ListStatus`. (Comments on the variants would turn the schema's
/// plain enum into a `oneOf`, so the field's description explains them.)
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(inline, description = "")]
pub enum TaskDue {
    Overdue,
    Today,
    Tomorrow,
    Week,
    None,
}

impl From<TaskDue> for DueFilter {
    fn from(due: TaskDue) -> Self {
        match due {
            TaskDue::Overdue => Self::Overdue,
            TaskDue::Today => Self::Today,
            TaskDue::Tomorrow => Self::Tomorrow,
            TaskDue::Week => Self::Week,
            TaskDue::None => Self::None,
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = optional_means_absent)]
pub struct ListTasksParams {
    /// Open tasks, completed ones, or all of them.
    #[schemars(extend("default" = "all"))]
    pub status: Option<ListStatus>,
    /// By due date in the user's time zone: overdue (open, due before today), today, tomorrow, week (7 days from today), none (undated).
    pub due: Option<TaskDue>,
    /// Only tasks of this priority.
    #[serde(default)] // with schema_with, what keeps it optional in the schema
    #[schemars(schema_with = "priority_schema")]
    pub priority: Option<Priority>,
    /// Only tasks with this tag.
    #[schemars(extend("examples" = ["work"]))]
    pub tag: Option<String>,
    /// Only tasks whose title or notes contain this text (at most 200 characters), ignoring case.
    #[schemars(extend("examples" = ["dentist"]))]
    pub q: Option<String>,
    /// At most this many tasks, in the user's manual order.
    #[schemars(range(min = 1, max = 500), extend("default" = 100))]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = optional_means_absent)]
pub struct TaskIdParams {
    /// The task's id, as add_task or list_tasks returned it.
    #[schemars(range(min = 1), extend("examples" = [42]))]
    pub task_id: TodoId,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = optional_means_absent)]
pub struct UpdateTaskParams {
    /// The task's id, as add_task or list_tasks returned it.
    #[schemars(range(min = 1), extend("examples" = [42]))]
    pub task_id: TodoId,
    /// A new title, 1–500 characters.
    pub title: Option<String>,
    /// A new due date, YYYY-MM-DD; "" removes the due date (and time).
    #[schemars(extend("examples" = ["2026-03-11", ""]))]
    pub due_date: Option<String>,
    /// A new due time, HH:MM on a 24-hour clock; "" removes it.
    #[schemars(extend("examples" = ["09:30", ""]))]
    pub due_time: Option<String>,
    /// A new priority.
    #[serde(default)] // with schema_with, what keeps it optional in the schema
    #[schemars(schema_with = "priority_schema")]
    pub priority: Option<String>,
    /// The new tags, replacing the old ones; [] removes them all.
    #[schemars(extend("examples" = [["work"], []]))]
    pub tags: Option<Vec<String>>,
    /// New notes; "" removes them.
    pub notes: Option<String>,
    /// Remind this many minutes before the due time (0 to 10080, a week); 0 reminds at the due time.
    #[schemars(range(min = 0, max = 10080), extend("examples" = [30, 0]))]
    pub remind_before: Option<i64>,
}

/// A field of `update_task` as a change: absent (or null) stays as it is,
/// as agents often send null for what they do not mean to change; an empty
/// string clears it (`Some(None)`).
pub fn clearable(value: Option<String>) -> Option<Option<String>> {
    value.map(|v| Some(v).filter(|v| !v.trim().is_empty()))
}

/// A task as every tool returns it.
// Inlined in `TaskList`'s schema: some clients do not follow references.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub struct Task {
    /// The task's id, for complete_task, update_task and delete_task.
    pub task_id: TodoId,
    /// What the call did (created, completed, updated or deleted); in a listing, open or completed.
    pub status: &'static str,
    /// What to do.
    pub title: String,
    /// Whether it is done (a recurring task stays open when completed).
    pub completed: bool,
    /// YYYY-MM-DD, a calendar date in the user's time zone.
    pub due_date: Option<String>,
    /// HH:MM, 24-hour clock.
    pub due_time: Option<String>,
    /// none, low, medium, high or urgent.
    pub priority: &'static str,
    /// Lowercase words without '#'.
    pub tags: Vec<String>,
    /// An RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO.
    pub recurrence: Option<String>,
    /// Minutes before the due time it reminds; null: at the due time.
    pub remind_before: Option<u32>,
    /// Free text.
    pub notes: Option<String>,
}

impl Task {
    pub fn new(todo: Todo, status: &'static str) -> Self {
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
            remind_before: todo.remind_before,
            notes: todo.notes,
        }
    }

    pub fn listed(todo: Todo) -> Self {
        let status = if todo.completed { "completed" } else { "open" };
        Self::new(todo, status)
    }
}

/// What `list_tasks` returns: an object, as MCP's structured results must be.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TaskList {
    /// The tasks, in the user's manual order.
    pub tasks: Vec<Task>,
}
