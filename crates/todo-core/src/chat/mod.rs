//! The chat: a message is read into a [`Command`] (`parse`), which the
//! engine resolves against the user's todos and the conversation's state into
//! a [`TurnPlan`] (`engine`). Applying the plan is the store's job.

pub mod command;
pub mod engine;
pub mod history;
pub mod needs;
pub mod parse;
pub mod plan;
pub mod reply;
pub mod resolve;
pub mod state;
pub mod words;

pub use command::*;
pub use engine::{plan_command, plan_turn, TurnContext};
pub use needs::{Listing, TitleReference, TodoNeeds, TurnTodos};
pub use parse::{parse, read_due, DueReading};
pub use plan::{actions, Action, ActionKind, Applied, Change, Intent, TurnPlan};
pub use state::{ConversationState, PendingQuestion, TodoAction, TodoEdit, UndoRecord, UndoStep};
