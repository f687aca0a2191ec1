//! The optional LLM mode: a message goes to an OpenAI-compatible
//! chat-completions endpoint with the todo tools; the tool call it answers
//! becomes the same [`Command`] the rule parser produces, so one engine plans
//! and applies both. Any failure is logged and the caller falls back to the
//! rules. The API key is sent, never logged.

use std::time::Duration;

use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::{json, Value};
use todo_core::chat::{AddSpec, Command, ListDue, ListSpec, LocalClock, TodoEdit, TodoRef, When};
use todo_core::{parse_due_date, parse_due_time, DueFilter, Priority, StatusFilter, Todo};

/// Where and how to reach the model.
#[derive(Clone)]
pub struct LlmClient {
    http: reqwest::Client,
    endpoint: String,
    api_key: String,
    model: String,
}

// Written by hand so that the key never reaches a log line.
impl std::fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmClient").field("endpoint", &self.endpoint).field("model", &self.model).finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("request failed: {0}")]
    Request(String),
    #[error("the model answered {0}")]
    Status(u16),
    #[error("the answer was not understood: {0}")]
    Answer(String),
    #[error("the model called no tool")]
    NoToolCall,
}

/// The turn as the model needs to see it.
pub struct LlmTurn<'a> {
    pub message: &'a str,
    pub clock: LocalClock,
    pub timezone: Tz,
    /// The user's open todos, so the model can name them by id.
    pub open_todos: &'a [Todo],
}

impl LlmClient {
    pub fn new(base_url: &str, api_key: String, model: String, timeout: Duration) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder().timeout(timeout).build()?;
        let endpoint = format!("{}/chat/completions", base_url.trim_end_matches('/'));
        Ok(Self { http, endpoint, api_key, model })
    }

    /// Asks the model which tool the message calls for.
    pub async fn read(&self, turn: &LlmTurn<'_>) -> Result<Command, LlmError> {
        let body = json!({
            "model": self.model,
            "temperature": 0,
            "tool_choice": "auto",
            "tools": tools(),
            "messages": [
                {"role": "system", "content": system_prompt(turn)},
                {"role": "user", "content": turn.message},
            ],
        });
        let response = self
            .http
            .post(&self.endpoint)
            .bearer_auth(&self.api_key)
            .json(&body)
            .send()
            .await
            // Without the URL: it is ours, and reqwest's text could carry it.
            .map_err(|e| LlmError::Request(e.without_url().to_string()))?;
        if !response.status().is_success() {
            return Err(LlmError::Status(response.status().as_u16()));
        }
        let answer: Completion = response.json().await.map_err(|e| LlmError::Answer(e.without_url().to_string()))?;
        let call = answer
            .choices
            .into_iter()
            .next()
            .and_then(|choice| choice.message.tool_calls.into_iter().next())
            .ok_or(LlmError::NoToolCall)?;
        let arguments: Value = serde_json::from_str(&call.function.arguments).map_err(|e| LlmError::Answer(e.to_string()))?;
        command_from_tool(&call.function.name, arguments, turn.clock)
    }
}

#[derive(Deserialize)]
struct Completion {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: AssistantMessage,
}

#[derive(Deserialize)]
struct AssistantMessage {
    #[serde(default)]
    tool_calls: Vec<ToolCall>,
}

#[derive(Deserialize)]
struct ToolCall {
    function: FunctionCall,
}

#[derive(Deserialize)]
struct FunctionCall {
    name: String,
    arguments: String,
}

fn system_prompt(turn: &LlmTurn) -> String {
    let mut prompt = format!(
        "You manage the user's todo list by calling exactly one tool. Today is {} and the time is {} in {}. \
         Write dates as YYYY-MM-DD and times as HH:MM (24-hour). Refer to existing todos by task_id.\n\
         The user's open todos:\n",
        turn.clock.today.format("%A %Y-%m-%d"),
        turn.clock.time.format("%H:%M"),
        turn.timezone.name(),
    );
    for todo in turn.open_todos {
        prompt.push_str(&format!("- task_id {}: {}", todo.id, todo.title));
        if let Some(date) = todo.due_date {
            prompt.push_str(&format!(" (due {date})"));
        }
        prompt.push('\n');
    }
    prompt
}

/// The tools, as JSON schemas in the chat-completions format.
fn tools() -> Value {
    let target = json!({
        "task_id": {"type": "integer", "description": "id of the todo"},
        "title": {"type": "string", "description": "the todo's title, when its id is not known"}
    });
    let function = |name: &str, description: &str, properties: Value, required: &[&str]| {
        json!({"type": "function", "function": {"name": name, "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required}}})
    };
    let mut update = target.clone();
    update.as_object_mut().expect("an object").extend(
        json!({
            "new_title": {"type": "string"},
            "due_date": {"type": "string", "description": "YYYY-MM-DD"},
            "due_time": {"type": "string", "description": "HH:MM"},
            "priority": {"type": "string", "enum": ["none", "low", "medium", "high", "urgent"]},
            "tags": {"type": "array", "items": {"type": "string"}}
        })
        .as_object()
        .expect("an object")
        .clone(),
    );
    json!([
        function(
            "add_task",
            "Add a todo",
            json!({
                "title": {"type": "string"},
                "due_date": {"type": "string", "description": "YYYY-MM-DD"},
                "due_time": {"type": "string", "description": "HH:MM"},
                "priority": {"type": "string", "enum": ["none", "low", "medium", "high", "urgent"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "recurrence": {"type": "string", "description": "RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO"}
            }),
            &["title"]
        ),
        function(
            "list_tasks",
            "List todos",
            json!({
                "status": {"type": "string", "enum": ["open", "completed", "all"]},
                "due": {"type": "string", "enum": ["overdue", "today", "tomorrow", "week", "none"]},
                "priority": {"type": "string", "enum": ["none", "low", "medium", "high", "urgent"]},
                "tag": {"type": "string"},
                "q": {"type": "string", "description": "text to search for"}
            }),
            &[]
        ),
        function("complete_task", "Mark a todo as done", target.clone(), &[]),
        function("delete_task", "Delete a todo", target, &[]),
        function("update_task", "Change a todo's title, due date, time, priority or tags", update, &[]),
    ])
}

#[derive(Deserialize)]
struct AddArgs {
    title: String,
    due_date: Option<String>,
    due_time: Option<String>,
    priority: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    recurrence: Option<String>,
}

#[derive(Deserialize)]
struct ListArgs {
    status: Option<StatusFilter>,
    due: Option<DueFilter>,
    priority: Option<Priority>,
    tag: Option<String>,
    q: Option<String>,
}

#[derive(Deserialize)]
struct UpdateArgs {
    task_id: Option<i64>,
    title: Option<String>,
    new_title: Option<String>,
    due_date: Option<String>,
    due_time: Option<String>,
    priority: Option<String>,
    tags: Option<Vec<String>>,
}

impl UpdateArgs {
    fn target(&self) -> Result<TodoRef, LlmError> {
        match (self.task_id, &self.title) {
            (Some(id), _) => Ok(TodoRef::Id(id)),
            (None, Some(title)) => Ok(TodoRef::Words(title.clone())),
            (None, None) => Err(LlmError::Answer("the tool call names no todo".into())),
        }
    }
}

fn args<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, LlmError> {
    serde_json::from_value(value).map_err(|e| LlmError::Answer(e.to_string()))
}

/// A due moment from the tool's date and time; a time alone means today.
fn when(date: Option<&str>, time: Option<&str>, clock: LocalClock) -> Result<Option<When>, LlmError> {
    let date = date.map(parse_due_date).transpose().map_err(LlmError::Answer)?;
    let time = time.map(parse_due_time).transpose().map_err(LlmError::Answer)?;
    Ok(match (date, time) {
        (Some(date), time) => Some(When { date, time }),
        (None, Some(time)) => Some(When { date: clock.today, time: Some(time) }),
        (None, None) => None,
    })
}

fn priority(raw: Option<&str>) -> Result<Option<Priority>, LlmError> {
    raw.map(Priority::parse).transpose().map_err(LlmError::Answer)
}

/// The command a tool call stands for.
fn command_from_tool(name: &str, arguments: Value, clock: LocalClock) -> Result<Command, LlmError> {
    Ok(match name {
        "add_task" => {
            let a: AddArgs = args(arguments)?;
            Command::Add(AddSpec {
                when: when(a.due_date.as_deref(), a.due_time.as_deref(), clock)?,
                priority: priority(a.priority.as_deref())?,
                tags: a.tags,
                recurrence: a.recurrence,
                title: a.title,
            })
        }
        "list_tasks" => {
            let a: ListArgs = args(arguments)?;
            Command::List(ListSpec {
                status: a.status.unwrap_or(StatusFilter::Open),
                due: a.due.map(ListDue::Named),
                priority: a.priority,
                tag: a.tag,
                text: a.q,
            })
        }
        "complete_task" => Command::Complete(args::<UpdateArgs>(arguments)?.target()?),
        "delete_task" => Command::Delete(args::<UpdateArgs>(arguments)?.target()?),
        "update_task" => {
            let a: UpdateArgs = args(arguments)?;
            let due = when(a.due_date.as_deref(), a.due_time.as_deref(), clock)?;
            let edit = TodoEdit {
                title: a.new_title.clone(),
                date: due.map(|w| w.date),
                time: due.and_then(|w| w.time),
                priority: priority(a.priority.as_deref())?,
                tags: a.tags.clone(),
            };
            Command::Edit { target: a.target()?, edit }
        }
        other => return Err(LlmError::Answer(format!("unknown tool {other:?}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn clock() -> LocalClock {
        LocalClock { today: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(), time: NaiveTime::from_hms_opt(9, 0, 0).unwrap() }
    }

    #[test]
    fn tool_calls_become_commands() {
        let add = command_from_tool("add_task", json!({"title": "Call mom", "due_date": "2026-03-11", "due_time": "17:00"}), clock());
        let Ok(Command::Add(spec)) = add else { panic!("{add:?}") };
        assert_eq!(spec.when, Some(When { date: NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(), time: NaiveTime::from_hms_opt(17, 0, 0) }));
        assert_eq!(command_from_tool("complete_task", json!({"task_id": 4}), clock()).unwrap(), Command::Complete(TodoRef::Id(4)));
        let update = command_from_tool("update_task", json!({"title": "milk", "priority": "high"}), clock()).unwrap();
        assert_eq!(
            update,
            Command::Edit {
                target: TodoRef::Words("milk".into()),
                edit: TodoEdit { priority: Some(Priority::High), ..Default::default() }
            }
        );
    }

    #[test]
    fn bad_tool_calls_are_errors_not_guesses() {
        assert!(command_from_tool("add_task", json!({"title": "x", "due_date": "friday"}), clock()).is_err());
        assert!(command_from_tool("delete_task", json!({}), clock()).is_err());
        assert!(command_from_tool("format_disk", json!({}), clock()).is_err());
        assert!(command_from_tool("add_task", json!({"title": 5}), clock()).is_err());
    }

    #[test]
    fn the_key_is_not_in_debug_output() {
        let client = LlmClient::new("http://127.0.0.1:9", "sk-secret".into(), "m".into(), Duration::from_secs(1)).unwrap();
        assert!(!format!("{client:?}").contains("sk-secret"));
    }
}
