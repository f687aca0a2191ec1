//! The OpenAPI 3.1 document, generated from the handlers and types.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use super::todos;
use crate::error::Problem;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Todo Chatbot API", description = "Todos you can manage over REST (and, later, by chat)."),
    paths(todos::create, todos::list, todos::read, todos::update, todos::delete, todos::delete_matching),
    components(schemas(todos::TodoResource, todos::CreateTodoBody, todos::PatchTodoBody, Problem, todo_core::Priority,
        todo_core::StatusFilter, todo_core::DueFilter, todo_core::SortKey)),
    tags((name = "todos", description = "Todo resources"))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
