//! The OpenAPI 3.1 document, generated from the handlers and types.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use super::{auth, calendar, chat, events, sessions, todos, transfer};
use crate::error::Problem;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Todo Chatbot API", description = "A todo list you manage over REST or by chat."),
    paths(todos::create, todos::list, todos::summary, todos::read, todos::update, todos::delete, todos::delete_matching, chat::chat, chat::messages, events::events,
        auth::signup, auth::login, auth::logout, auth::me, auth::create_token, auth::list_tokens, auth::revoke_token,
        sessions::list_sessions, sessions::end_session, sessions::logout_everywhere,
        calendar::create_feed, calendar::feed_status, calendar::revoke_feed, calendar::feed_file, transfer::export, transfer::import),
    components(schemas(todos::TodoResource, todos::SummaryBody, todos::CreateTodoBody, todos::PatchTodoBody, Problem, todo_core::Priority,
        todo_core::StatusFilter, todo_core::DueFilter, todo_core::SortKey, chat::ChatRequest, chat::ChatResponse,
        chat::ActionBody, chat::MessageBody, chat::Role, crate::config::AuthMode, todo_core::chat::Intent, todo_core::chat::ActionKind,
        auth::Credentials, auth::UserBody, auth::SessionBody, auth::MeBody, auth::NewTokenBody, auth::TokenBody,
        sessions::LoginSessionBody, events::ChangeEvent, events::ChangeType, calendar::NewFeedBody, calendar::FeedStatusBody,
        crate::formats::json::Export, transfer::ExportFormat, transfer::ImportReport, transfer::CreatedItem, transfer::SkippedItem)),
    tags((name = "todos", description = "Todo resources"), (name = "chat", description = "Managing todos by talking"),
        (name = "events", description = "Live updates: the caller's changes, from any client, as Server-Sent Events"),
        (name = "accounts", description = "Sign-up, login, login sessions and personal API tokens. In AUTH_MODE=accounts every other /api/v1 route \
needs the `todo_session` cookie or `Authorization: Bearer <token>`, and answers 401 without"),
        (name = "calendar", description = "A secret iCalendar (RFC 5545) feed of the caller's dated open todos, for calendar apps to subscribe to \
(docs/calendar.md)"),
        (name = "transfer", description = "Export (our versioned JSON format or iCalendar VTODOs) and import (that JSON, a Todoist CSV, iCalendar)"))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
