//! The five todo operations offered as tools, defined once: their names,
//! descriptions and parameter structs. The MCP endpoint (`http/mcp.rs`)
//! serves them to agents and the LLM mode (`llm.rs`) offers them to the
//! model; both publish the parameters' JSON schema as rmcp derives it from
//! these structs (schemars), and both deserialize calls into them.

use std::sync::Arc;

use rmcp::handler::server::common::schema_for_type;
use rmcp::model::JsonObject;
use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;
use todo_core::{DueFilter, Priority, StatusFilter, TodoId};

/// One tool: what it is called, what it does, and its parameters' schema.
pub struct ToolDefinition {
    pub name: &'static str,
    pub description: &'static str,
    pub parameters: fn() -> Arc<JsonObject>,
}

pub const ADD_TASK: ToolDefinition = ToolDefinition {
    name: "add_task",
    description: "Add a task to the user's todo list. Returns the new task with its task_id.",
    parameters: schema_for_type::<AddTaskParams>,
};

pub const LIST_TASKS: ToolDefinition = ToolDefinition {
    name: "list_tasks",
    description: "List the user's tasks in their manual order, each with its task_id, status (open or completed), \
                  due date and time, priority, tags, recurrence and notes.",
    parameters: schema_for_type::<ListTasksParams>,
};

pub const COMPLETE_TASK: ToolDefinition = ToolDefinition {
    name: "complete_task",
    description: "Mark a task as done. A recurring task stays open and moves to its next due date.",
    parameters: schema_for_type::<TaskIdParams>,
};

pub const UPDATE_TASK: ToolDefinition = ToolDefinition {
    name: "update_task",
    description: "Change a task: only the fields given change.",
    parameters: schema_for_type::<UpdateTaskParams>,
};

pub const DELETE_TASK: ToolDefinition =
    ToolDefinition { name: "delete_task", description: "Delete a task for good.", parameters: schema_for_type::<TaskIdParams> };

pub const ALL: [ToolDefinition; 5] = [ADD_TASK, LIST_TASKS, COMPLETE_TASK, UPDATE_TASK, DELETE_TASK];

/// The priorities, from todo-core's own list.
fn priority_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = Priority::ALL.iter().map(|p| p.as_str()).collect();
    schemars::json_schema!({ "type": "string", "enum": names })
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct AddTaskParams {
    /// What to do, 1–500 characters.
    pub title: String,
    /// Due date, YYYY-MM-DD.
    #[serde(default)]
    pub due_date: Option<String>,
    /// Due time, HH:MM (24-hour); needs a due_date.
    #[serde(default)]
    pub due_time: Option<String>,
    /// none (the default), low, medium, high or urgent.
    #[serde(default)]
    #[schemars(schema_with = "priority_schema")]
    pub priority: Option<String>,
    /// Lowercase words without '#', at most 20.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// An RFC 5545 RRULE such as FREQ=DAILY or FREQ=WEEKLY;BYDAY=MO; without a due_date the task is due on its first occurrence.
    #[serde(default)]
    pub recurrence: Option<String>,
    /// Free text, at most 10,000 characters.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Which tasks `list_tasks` returns. Inlined in the schema: some agents do
/// not follow `$ref`s.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(inline)]
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

/// Which due dates `list_tasks` returns, in the user's time zone. Inlined
/// like [`ListStatus`].
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(inline)]
pub enum TaskDue {
    /// Open tasks due before today.
    Overdue,
    Today,
    Tomorrow,
    /// The seven days from today.
    Week,
    /// Tasks without a due date.
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
pub struct ListTasksParams {
    /// open, completed or all (the default).
    #[serde(default)]
    pub status: Option<ListStatus>,
    /// overdue, today, tomorrow, week (the seven days from today) or none (no due date).
    #[serde(default)]
    pub due: Option<TaskDue>,
    /// Only tasks of this priority: none, low, medium, high or urgent.
    #[serde(default)]
    #[schemars(schema_with = "priority_schema")]
    pub priority: Option<Priority>,
    /// Only tasks with this tag.
    #[serde(default)]
    pub tag: Option<String>,
    /// Only tasks whose title or notes contain this text (case-insensitive).
    #[serde(default)]
    pub q: Option<String>,
    /// At most this many tasks, 1–500 (default 100), in the user's manual order.
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct TaskIdParams {
    /// The task's id, as add_task or list_tasks returned it.
    pub task_id: TodoId,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct UpdateTaskParams {
    /// The task's id, as add_task or list_tasks returned it.
    pub task_id: TodoId,
    /// A new title, 1–500 characters.
    #[serde(default)]
    pub title: Option<String>,
    /// A new due date, YYYY-MM-DD; "" removes the due date (and time).
    #[serde(default)]
    pub due_date: Option<String>,
    /// A new due time, HH:MM (24-hour); "" removes it.
    #[serde(default)]
    pub due_time: Option<String>,
    /// none, low, medium, high or urgent.
    #[serde(default)]
    #[schemars(schema_with = "priority_schema")]
    pub priority: Option<String>,
    /// The new tags, replacing the old ones; [] removes them all.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// New notes; "" removes them.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A field of `update_task` as a change: absent (or null) stays as it is,
/// as agents often send null for what they do not mean to change; an empty
/// string clears it (`Some(None)`).
pub fn clearable(value: Option<String>) -> Option<Option<String>> {
    value.map(|v| Some(v).filter(|v| !v.trim().is_empty()))
}
