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
use todo_core::{parse_due_date, parse_due_time, parse_remind_before, Priority, Todo};

use crate::tools::{self, clearable, AddTaskParams, ListTasksParams, TaskIdParams, UpdateTaskParams};

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
        command_from_tool(&call.function.name, arguments)
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

/// The tools in the chat-completions format: the same definitions and
/// parameter schemas the MCP endpoint serves.
fn tools() -> Value {
    let functions: Vec<Value> = tools::ALL
        .iter()
        .map(|tool| {
            let mut parameters = (tool.parameters)().as_ref().clone();
            // The schema dialect's URI is for MCP clients; some chat-completions servers refuse it.
            parameters.remove("$schema");
            json!({"type": "function", "function": {"name": tool.name, "description": tool.description, "parameters": parameters}})
        })
        .collect();
    Value::Array(functions)
}

fn args<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, LlmError> {
    tools::parse_arguments(value).map_err(LlmError::Answer)
}

fn parse<T>(field: &str, raw: Option<&str>, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, LlmError> {
    raw.map(parse).transpose().map_err(|problem| LlmError::Answer(format!("{field} {problem}")))
}

/// A field `update_task` may clear with "", read by `parse`.
fn change<T>(field: &str, raw: Option<String>, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<Option<T>>, LlmError> {
    clearable(raw)
        .map(|value| value.as_deref().map(&parse).transpose())
        .transpose()
        .map_err(|problem| LlmError::Answer(format!("{field} {problem}")))
}

fn remind_before(minutes: Option<i64>) -> Result<Option<u32>, LlmError> {
    minutes.map(parse_remind_before).transpose().map_err(|problem| LlmError::Answer(format!("remind_before {problem}")))
}

/// The command a tool call stands for. Its arguments follow the tool's
/// schema; what the model gets wrong is an error, and the rules answer.
fn command_from_tool(name: &str, arguments: Value) -> Result<Command, LlmError> {
    Ok(match name {
        "add_task" => {
            let p: AddTaskParams = args(arguments)?;
            let date = parse("due_date", p.due_date.as_deref(), parse_due_date)?;
            let time = parse("due_time", p.due_time.as_deref(), parse_due_time)?;
            let when = match (date, time) {
                (Some(date), time) => Some(When { date, time }),
                (None, Some(_)) => return Err(LlmError::Answer("due_time needs a due_date".into())),
                (None, None) => None,
            };
            Command::Add(AddSpec {
                title: p.title,
                when,
                priority: parse("priority", p.priority.as_deref(), Priority::parse)?,
                tags: p.tags.unwrap_or_default(),
                recurrence: p.recurrence,
                remind_before: remind_before(p.remind_before)?,
                notes: p.notes,
                unread: None,
            })
        }
        "list_tasks" => {
            let p: ListTasksParams = args(arguments)?;
            Command::List(ListSpec {
                status: p.status.unwrap_or_default().into(),
                due: p.due.map(|due| ListDue::Named(due.into())),
                priority: p.priority,
                tag: p.tag,
                text: p.q,
                limit: p.limit.and_then(|limit| usize::try_from(limit).ok()),
            })
        }
        "complete_task" => Command::Complete(TodoRef::Id(args::<TaskIdParams>(arguments)?.task_id)),
        "delete_task" => Command::Delete(TodoRef::Id(args::<TaskIdParams>(arguments)?.task_id)),
        "update_task" => {
            let p: UpdateTaskParams = args(arguments)?;
            let edit = TodoEdit {
                title: p.title,
                due_date: change("due_date", p.due_date, parse_due_date)?,
                due_time: change("due_time", p.due_time, parse_due_time)?,
                priority: parse("priority", p.priority.as_deref(), Priority::parse)?,
                tags: p.tags,
                notes: clearable(p.notes),
                remind_before: remind_before(p.remind_before)?,
            };
            Command::Edit { target: TodoRef::Id(p.task_id), edit }
        }
        other => return Err(LlmError::Answer(format!("unknown tool {other:?}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};
    use todo_core::{DueFilter, StatusFilter};

    #[test]
    fn tool_calls_become_commands() {
        let add = command_from_tool(
            "add_task",
            json!({"title": "Call mom", "due_date": "2026-03-11", "due_time": "17:00", "notes": "about the trip", "remind_before": 30}),
        );
        let Ok(Command::Add(spec)) = add else { panic!("{add:?}") };
        assert_eq!(spec.remind_before, Some(30));
        assert_eq!(spec.when, Some(When { date: NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(), time: NaiveTime::from_hms_opt(17, 0, 0) }));
        assert_eq!(spec.notes.as_deref(), Some("about the trip"));
        assert_eq!(command_from_tool("complete_task", json!({"task_id": 4})).unwrap(), Command::Complete(TodoRef::Id(4)));
        let update = command_from_tool(
            "update_task",
            json!({"task_id": 4, "title": "Buy oat milk", "priority": "high", "due_date": "", "due_time": null, "notes": "", "remind_before": 0}),
        )
        .unwrap();
        let edit = TodoEdit {
            title: Some("Buy oat milk".into()),
            due_date: Some(None),
            priority: Some(Priority::High),
            notes: Some(None),
            remind_before: Some(0),
            ..Default::default()
        };
        assert_eq!(update, Command::Edit { target: TodoRef::Id(4), edit });
        let list = command_from_tool("list_tasks", json!({"due": "week", "priority": "urgent", "tag": "work", "limit": 5})).unwrap();
        let spec = ListSpec {
            status: StatusFilter::All,
            due: Some(ListDue::Named(DueFilter::Week)),
            priority: Some(Priority::Urgent),
            tag: Some("work".into()),
            text: None,
            limit: Some(5),
        };
        assert_eq!(list, Command::List(spec));
    }

    #[test]
    fn bad_tool_calls_are_errors_not_guesses() {
        for (name, arguments) in [
            ("add_task", json!({"title": "x", "due_date": "friday"})),
            ("add_task", json!({"title": "x", "due_time": "17:00"})),
            ("add_task", json!({"title": 5})),
            ("delete_task", json!({})),
            ("update_task", json!({"title": "milk"})),
            ("update_task", json!({"task_id": 4, "due_time": "25:00"})),
            ("add_task", json!({"title": "x", "remind_before": -5})),
            ("update_task", json!({"task_id": 4, "remind_before": 20000})),
            ("list_tasks", json!({"status": "someday"})),
            ("list_tasks", json!({"priority": "extreme"})),
            ("format_disk", json!({})),
        ] {
            assert!(command_from_tool(name, arguments.clone()).is_err(), "{name}({arguments})");
        }
    }

    #[test]
    fn the_key_is_not_in_debug_output() {
        let client = LlmClient::new("http://127.0.0.1:9", "sk-secret".into(), "m".into(), Duration::from_secs(1)).unwrap();
        assert!(!format!("{client:?}").contains("sk-secret"));
    }
}
