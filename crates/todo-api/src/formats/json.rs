//! Our own export format, versioned so that a later release can still read
//! what an earlier one wrote:
//!
//! ```json
//! {"format": "todo-chatbot-export", "version": 1, "exported_at": "…",
//!  "todos": [{…every field of a todo, as the REST API shows it, without url…}]}
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use todo_core::Todo;
use utoipa::ToSchema;

use super::{BadFile, Candidate, Reading};
use crate::http::CreateTodoBody;

pub const FORMAT: &str = "todo-chatbot-export";
pub const VERSION: u32 = 1;

/// An export: every todo of the account, every field.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = TodoExport)]
pub struct Export {
    /// Always `todo-chatbot-export`.
    #[schema(example = "todo-chatbot-export")]
    pub format: &'static str,
    /// The format's version: 1.
    #[schema(example = 1)]
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub todos: Vec<Todo>,
}

impl Export {
    pub fn new(todos: Vec<Todo>, exported_at: DateTime<Utc>) -> Self {
        Self { format: FORMAT, version: VERSION, exported_at, todos }
    }
}

/// What an import reads of an export: the header, then each todo loosely
/// (as JSON values), so that one bad todo is named rather than the file refused.
#[derive(Deserialize)]
struct ExportFile {
    format: String,
    version: u32,
    todos: Vec<serde_json::Value>,
}

/// A todo of an export, as imported: the fields a new todo takes.
#[derive(Deserialize)]
struct ExportedTodo {
    id: i64,
    title: String,
    notes: Option<String>,
    #[serde(default)]
    completed: bool,
    completed_at: Option<DateTime<Utc>>,
    due_date: Option<String>,
    due_time: Option<String>,
    priority: Option<String>,
    tags: Option<Vec<String>>,
    recurrence: Option<String>,
    /// Absent from exports made before todos had reminder offsets.
    remind_before: Option<i64>,
    order: Option<i64>,
    created_at: DateTime<Utc>,
}

pub fn read(text: &str) -> Result<Reading, BadFile> {
    let file: ExportFile = serde_json::from_str(text).map_err(|e| BadFile::whole(format!("not a todo-chatbot export: {e}")))?;
    if file.format != FORMAT {
        return Err(BadFile::whole(format!("format is {:?}, not {FORMAT:?}", file.format)));
    }
    if file.version != VERSION {
        return Err(BadFile::whole(format!(
            "version {} of the export format is not known (this server reads version {VERSION})",
            file.version
        )));
    }
    let mut reading = Reading::default();
    let mut problems = Vec::new();
    for (index, value) in file.todos.into_iter().enumerate() {
        let item = format!("todos[{index}]");
        match serde_json::from_value::<ExportedTodo>(value) {
            Ok(todo) => reading.candidates.push(Candidate {
                item,
                // The todo as it was made on its server: another export of
                // the same account names it the same way.
                import_id: format!("export:{}:{}", todo.id, todo.created_at.timestamp_micros()),
                body: CreateTodoBody {
                    title: todo.title,
                    notes: todo.notes,
                    completed: todo.completed,
                    due_date: todo.due_date,
                    due_time: todo.due_time,
                    priority: todo.priority,
                    tags: todo.tags,
                    recurrence: todo.recurrence,
                    remind_before: todo.remind_before,
                    order: todo.order,
                },
                completed_at: todo.completed_at,
            }),
            Err(e) => problems.push((item, e.to_string())),
        }
    }
    if !problems.is_empty() {
        return Err(BadFile(problems));
    }
    Ok(reading)
}
