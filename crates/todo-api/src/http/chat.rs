//! `POST /api/v1/chat` (one turn) and the conversation history.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use todo_core::chat::history::history_message_size;
use todo_core::chat::{
    parse, plan_command, Action, ActionKind, Command, ConversationState, DateOrder, Intent, LocalClock, TodoNeeds, TurnContext, TurnPlan,
    TurnTodos,
};
use todo_core::{OwnerId, SortKey, StatusFilter, TodoFilter, ValidationErrors};
use todo_store::{ConversationKey, MessagePage, Page, Planner, StoredMessage};
use utoipa::{IntoParams, ToSchema};

use super::base_url::BaseUrl;
use super::extract::{ApiJson, ApiQuery};
use super::todos::TodoResource;
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::llm::LlmTurn;
use crate::metrics::record_todo_operation;
use crate::state::{now, AppState};

pub const MESSAGE_MAX_CHARS: usize = 2_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/chat", post(chat)).route("/api/v1/conversations/{id}/messages", get(messages))
}

/// One message to the assistant.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChatRequest {
    /// 1–2,000 characters.
    #[schema(example = "remind me to call mom tomorrow at 5pm")]
    message: String,
    /// Omit or null to start a conversation.
    conversation_id: Option<String>,
    /// IANA time zone of the user; default: the server's.
    #[schema(example = "America/New_York")]
    timezone: Option<String>,
    /// The client's clock (RFC 3339, with offset); default: the server's.
    #[schema(example = "2026-03-10T09:00:00-04:00")]
    now: Option<String>,
    /// BCP 47 language tag of the user; default `en-US`. It orders
    /// numbers-only dates: "5/31" is month/day in en-US, "31/5" day/month
    /// in en-GB and most other locales.
    #[schema(example = "en-GB")]
    locale: Option<String>,
}

/// The todos one thing happened to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionBody {
    #[serde(rename = "type")]
    kind: ActionKind,
    /// For `listed`: the todos in the order shown.
    todos: Vec<TodoResource>,
}

impl ActionBody {
    fn new(action: Action, base: &BaseUrl) -> Self {
        Self { kind: action.kind, todos: action.todos.into_iter().map(|t| TodoResource::new(t, base)).collect() }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChatResponse {
    conversation_id: String,
    #[schema(example = "Added “Call mom” for tomorrow (Wed, Mar 11) at 17:00.")]
    reply: String,
    intent: Intent,
    actions: Vec<ActionBody>,
    #[schema(example = json!(["Show my todos"]))]
    suggestions: Vec<String>,
}

/// Who wrote a message.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

impl Role {
    /// The store keeps the role as text, `user` or `assistant`.
    fn stored(role: &str) -> Self {
        if role == "user" {
            Self::User
        } else {
            Self::Assistant
        }
    }
}

/// One message of a conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageBody {
    id: i64,
    role: Role,
    text: String,
    intent: Option<Intent>,
    actions: Vec<ActionBody>,
    suggestions: Vec<String>,
    created_at: chrono::DateTime<chrono::Utc>,
}

impl MessageBody {
    fn new(message: StoredMessage, base: &BaseUrl) -> Self {
        Self {
            id: message.id,
            role: Role::stored(&message.role),
            text: message.text,
            intent: message.intent,
            actions: message.actions.into_iter().map(|a| ActionBody::new(a, base)).collect(),
            suggestions: message.suggestions,
            created_at: message.created_at,
        }
    }
}

/// The checked parts of a chat request.
struct Turn {
    message: String,
    conversation: ConversationKey,
    clock: LocalClock,
    timezone: Tz,
}

impl ChatRequest {
    fn validate(self, default_tz: Tz) -> Result<Turn, ApiError> {
        let mut errors = ValidationErrors::default();
        let chars = self.message.chars().count();
        if self.message.trim().is_empty() {
            errors.push("message", "must not be empty");
        } else if chars > MESSAGE_MAX_CHARS {
            errors.push("message", format!("must be at most {MESSAGE_MAX_CHARS} characters (got {chars})"));
        } else if self.message.contains('\0') {
            errors.push("message", "must not contain NUL characters");
        }
        let tz = match self.timezone.as_deref() {
            Some(name) => errors.check("timezone", name.parse::<Tz>().map_err(|_| format!("is not an IANA time zone: {name:?}"))),
            None => Some(default_tz),
        };
        let client_now = match self.now.as_deref() {
            Some(raw) => errors.check(
                "now",
                DateTime::<FixedOffset>::parse_from_rfc3339(raw)
                    .map(|t| t.to_utc())
                    .map_err(|e| format!("must be an RFC 3339 timestamp with offset, e.g. 2026-03-10T09:00:00-04:00 ({e})")),
            ),
            None => Some(now()),
        };
        let order = match self.locale.as_deref() {
            Some(tag) => errors
                .check("locale", DateOrder::of_locale(tag).ok_or_else(|| format!("is not a BCP 47 language tag such as en-US: {tag:?}"))),
            None => Some(DateOrder::MonthFirst),
        };
        let conversation = match self.conversation_id {
            Some(id) if is_conversation_id(&id) => ConversationKey { id, is_new: false },
            Some(id) => return Err(conversation_not_found(&id)),
            None => ConversationKey { id: new_conversation_id(), is_new: true },
        };
        let (Some(tz), Some(client_now), Some(order), true) = (tz, client_now, order, errors.is_empty()) else {
            return Err(errors.into());
        };
        let local = client_now.with_timezone(&tz);
        let clock = LocalClock { today: local.date_naive(), time: local.time(), order };
        Ok(Turn { message: self.message, conversation, clock, timezone: tz })
    }
}

/// Ids are UUIDs the server made; anything else names no conversation.
fn is_conversation_id(id: &str) -> bool {
    id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

fn new_conversation_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn conversation_not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no conversation with id {id:?}"))
}

#[utoipa::path(post, path = "/api/v1/chat", tag = "chat", request_body = ChatRequest,
    responses(
        (status = 200, description = "The assistant's answer and what changed", body = ChatResponse),
        (status = 404, description = "Unknown conversation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid message, time zone or clock", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More messages than CHAT_RATE_LIMIT a minute; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn chat(
    State(state): State<AppState>,
    caller: Caller,
    base: BaseUrl,
    ApiJson(request): ApiJson<ChatRequest>,
) -> Result<Json<ChatResponse>, ApiError> {
    if let Some(limit) = &state.chat_rate {
        limit.check(caller.owner).map_err(|retry_after| ApiError::TooManyRequests { what: "chat messages", retry_after })?;
    }
    let turn = request.validate(state.default_timezone)?;
    let command = read_message(&state, caller.owner, &turn).await?;
    let now = now();
    let planner = RulePlanner { command, message: &turn.message, clock: turn.clock, now };
    let outcome = state
        .store
        .chat_turn(caller.owner, &turn.conversation, &turn.message, now, turn.clock.today, &planner)
        .await
        .map_err(|err| ApiError::from_store(err, || conversation_not_found(&turn.conversation.id)))?;
    metrics::counter!("chat_turns_total", "intent" => outcome.plan.intent.as_str()).increment(1);
    metrics::counter!("chat_todos_read_total").increment(u64::try_from(outcome.todos_read).unwrap_or(u64::MAX));
    for applied in &outcome.applied {
        record_todo_operation(operation_name(applied.kind));
    }
    Ok(Json(ChatResponse {
        conversation_id: turn.conversation.id,
        reply: outcome.plan.reply,
        intent: outcome.plan.intent,
        actions: outcome.actions.into_iter().map(|a| ActionBody::new(a, &base)).collect(),
        suggestions: outcome.plan.suggestions,
    }))
}

/// Plans a turn's command with the rule engine, over the todos it needs.
struct RulePlanner<'a> {
    command: Command,
    message: &'a str,
    clock: LocalClock,
    now: chrono::DateTime<chrono::Utc>,
}

impl Planner for RulePlanner<'_> {
    fn needs(&self, state: &ConversationState) -> TodoNeeds {
        TodoNeeds::of(&self.command, state, self.clock.today)
    }

    fn plan(&self, todos: &TurnTodos, state: &ConversationState) -> TurnPlan {
        plan_command(self.command.clone(), self.message, &TurnContext { clock: self.clock, now: self.now, todos, state })
    }
}

/// What the message asks for: the rule parser's reading, or in the LLM mode
/// the model's tool call. A bare answer to a question ("2", "yes") stays
/// with the rules, which know the question; any LLM failure falls back to them.
async fn read_message(state: &AppState, owner: OwnerId, turn: &Turn) -> Result<Command, ApiError> {
    let rules = parse(&turn.message, &turn.clock);
    let Some(llm) = state.llm.as_ref().filter(|_| !matches!(rules, Command::Choose(_) | Command::Confirm)) else {
        return Ok(rules);
    };
    let open = TodoFilter { status: StatusFilter::Open, ..TodoFilter::default() };
    let open_todos = state.store.list(owner, &open, SortKey::Order, Page { limit: 100, offset: 0 }).await?;
    let llm_turn = LlmTurn { message: &turn.message, clock: turn.clock, timezone: turn.timezone, open_todos: &open_todos };
    match llm.read(&llm_turn).await {
        Ok(command) => Ok(command),
        Err(err) => {
            tracing::warn!(error = %err, "LLM mode failed; the rule engine answers");
            metrics::counter!("llm_fallbacks_total").increment(1);
            Ok(rules)
        }
    }
}

/// The `todo_operations_total` label of a chat change.
fn operation_name(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Created => "create",
        ActionKind::Completed => "complete",
        ActionKind::Reopened => "reopen",
        ActionKind::Deleted => "delete",
        ActionKind::Updated | ActionKind::Listed => "update",
    }
}

/// Which messages of a conversation to answer.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessagesQuery {
    /// 1–100, default 100.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Only messages older than the message with this id (from a `Link` rel="prev").
    before: Option<i64>,
}

/// Most messages one page answers, and the default.
const MESSAGES_MAX_LIMIT: u32 = 100;

/// Most bytes (about, as JSON: `history_message_size`) of the messages of
/// one page; fewer messages than `limit` are answered past it, with the
/// `Link` to the earlier ones. A full page of listings was 1.3 MB, 12-25 ms
/// of a worker thread to write, which the other users' requests waited for.
const MESSAGES_PAGE_MAX_BYTES: usize = 256 * 1024;

/// How many of `messages` (oldest first), counted from the newest, fit
/// [`MESSAGES_PAGE_MAX_BYTES`]: at least one.
fn newest_that_fit(messages: &[StoredMessage]) -> usize {
    let mut bytes = 0;
    let fit = messages
        .iter()
        .rev()
        .take_while(|message| {
            bytes += history_message_size(&message.text, &message.actions);
            bytes <= MESSAGES_PAGE_MAX_BYTES
        })
        .count();
    fit.max(1)
}

impl MessagesQuery {
    fn page(&self) -> Result<MessagePage, ApiError> {
        let limit = self.limit.unwrap_or(MESSAGES_MAX_LIMIT);
        if !(1..=MESSAGES_MAX_LIMIT).contains(&limit) {
            return Err(ApiError::InvalidQuery {
                detail: format!("limit must be between 1 and {MESSAGES_MAX_LIMIT} (got {limit})"),
                field: Some("limit".to_owned()),
            });
        }
        Ok(MessagePage { before: self.before, limit })
    }
}

#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", tag = "chat",
    params(("id" = String, Path, description = "Conversation id"), MessagesQuery),
    responses(
        (status = 200, description = "The conversation's most recent messages (before `before`, if given), oldest first. \
            A conversation keeps its latest 200 messages; a stored message keeps at most 50 todos per action, \
            their notes cut to 200 characters. A page holds at most `limit` messages and about 256 KiB: fewer \
            when they are long, with the `Link` to the earlier ones.", body = [MessageBody],
            headers(("Link" = String, description = "`<…>; rel=\"prev\"` when earlier messages remain"))),
        (status = 400, description = "A bad query value", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown conversation", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Two history pages or searches of this account are running already, or it has used its \
            budget of COSTLY_READS_PER_MINUTE a minute; see Retry-After",
            body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn messages(
    State(state): State<AppState>,
    caller: Caller,
    base: BaseUrl,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<MessagesQuery>,
) -> Result<Response, ApiError> {
    if !is_conversation_id(&id) {
        return Err(conversation_not_found(&id));
    }
    let page = query.page()?;
    // One more than asked tells whether earlier messages remain.
    let probe = MessagePage { limit: page.limit + 1, ..page };
    let _read = state.costly_reads.start(caller.owner)?;
    let mut messages =
        state.store.messages(caller.owner, &id, probe).await.map_err(|err| ApiError::from_store(err, || conversation_not_found(&id)))?;
    let mut headers = HeaderMap::new();
    let keep = newest_that_fit(&messages).min(page.limit as usize);
    if messages.len() > keep {
        messages.drain(..messages.len() - keep);
        let earlier =
            format!("<{}/api/v1/conversations/{id}/messages?before={}&limit={}>; rel=\"prev\"", base.0, messages[0].id, page.limit);
        if let Ok(value) = HeaderValue::try_from(earlier) {
            headers.insert(header::LINK, value);
        }
    }
    let body: Vec<MessageBody> = messages.into_iter().map(|m| MessageBody::new(m, &base)).collect();
    Ok((headers, Json(body)).into_response())
}
