//! The rule-based chat engine: a message, the turn's clock, the user's todos
//! and the conversation's state in; a [`TurnPlan`] out. Pure: it reads no
//! clock and touches no storage.

use chrono::{DateTime, NaiveDate, Utc};

use super::command::{AddSpec, BulkAction, Command, ListDue, ListSpec, LocalClock, TodoRef};
use super::needs::{TodoNeeds, TurnTodos, LISTING_COUNT_MAX};
use super::plan::{Change, Intent, TurnPlan};
use super::reply::{count, describe_day, describe_due, describe_shift, numbered, quoted};
use super::resolve::{position, resolve, Resolution};
use super::state::{ConversationState, PendingQuestion, TodoAction, TodoEdit, UndoStep};
use crate::fields::check_due_date_range;
use crate::{DueFilter, NewTodo, Notes, Priority, Recurrence, StatusFilter, Tag, Tags, Title, Todo, TodoChanges, TodoId};

/// Replies show at most this many todos of a list.
pub(super) const LIST_LIMIT: usize = 50;

const EXAMPLES: &str = "“add call mom tomorrow at 5pm”, “what's due today?”, “done 2”, “move the dentist to friday”, “undo”";

/// Everything a turn is decided from.
pub struct TurnContext<'a> {
    pub clock: LocalClock,
    /// The server's clock, for timestamps.
    pub now: DateTime<Utc>,
    /// The user's todos the turn needs (see [`TodoNeeds`]).
    pub todos: &'a TurnTodos,
    pub state: &'a ConversationState,
}

/// Reads `message` and decides the turn over `all` the user's todos, taking
/// from them what a store would fetch for it: for tests and tools that hold
/// the todos in memory.
pub fn plan_turn(message: &str, clock: LocalClock, now: DateTime<Utc>, all: &[Todo], state: &ConversationState) -> TurnPlan {
    let command = super::parse(message, &clock);
    let todos = TurnTodos::select(&TodoNeeds::of(&command, state, clock.today), all);
    plan_command(command, message, &TurnContext { clock, now, todos: &todos, state })
}

/// Decides the turn for a command already read from `message`.
pub fn plan_command(command: Command, message: &str, ctx: &TurnContext) -> TurnPlan {
    if let Some(pending) = &ctx.state.pending {
        if let Some(plan) = answer_pending(pending, &command, message, ctx) {
            return plan;
        }
    }
    match command {
        Command::Add(spec) => add(spec, message, ctx),
        Command::AddMany(specs) => add_many(specs, message, ctx),
        Command::Bulk { action, filter } => ask_bulk(action, &filter, ctx),
        Command::Confirm => TurnPlan::answer(Intent::Unknown, "There's nothing to confirm.").with_suggestions(&["Show my todos"]),
        Command::List(spec) => list(&spec, ctx),
        Command::Complete(target) => on_todo(&target, TodoAction::Complete, ctx),
        Command::Reopen(target) => on_todo(&target, TodoAction::Reopen, ctx),
        Command::Delete(target) => on_todo(&target, TodoAction::Delete, ctx),
        Command::Rename { target, title } => on_todo(&target, TodoAction::Rename { title }, ctx),
        Command::Reschedule { target, when } => on_todo(&target, TodoAction::reschedule(when), ctx),
        Command::Shift { target, by } => on_todo(&target, TodoAction::Shift { by }, ctx),
        Command::ClearDue(target) => on_todo(&target, TodoAction::ClearDue, ctx),
        Command::SetPriority { target, priority } => on_todo(&target, TodoAction::SetPriority { priority }, ctx),
        Command::Remind { target, minutes } => on_todo(&target, TodoAction::Remind { minutes }, ctx),
        Command::Tag { target, tags } => on_todo(&target, TodoAction::Tag { tags }, ctx),
        Command::Untag { target, tags } => on_todo(&target, TodoAction::Untag { tags }, ctx),
        Command::Edit { target, edit } => on_todo(&target, TodoAction::Edit(edit), ctx),
        Command::ClearCompleted => clear_completed(ctx),
        Command::Undo => undo(ctx),
        Command::Choose(place) => match position(place, ctx.todos, ctx.state) {
            Ok(id) => {
                let todo = find(ctx.todos, id);
                let reply =
                    format!("What should I do with {}? You can say “done”, “delete it” or “move it to friday”.", quoted(&todo.title));
                referred(TurnPlan::answer(Intent::Clarify, reply), todo).with_suggestions(&["Mark it done", "Delete it"])
            }
            Err(reason) => TurnPlan::answer(Intent::Unknown, reason),
        },
        Command::Help => TurnPlan::answer(
            Intent::Help,
            format!(
                "I keep your todo list. Tell me what to add, ask what's due, or change a todo by its title or number. For example: {EXAMPLES}."
            ),
        )
        .with_suggestions(&["Show my todos", "What's due today?", "Add buy milk tomorrow"]),
        Command::Greeting => TurnPlan::answer(Intent::Greeting, "Hi! What do you need to get done? Try “add call mom tomorrow at 5pm”.")
            .with_suggestions(&["Show my todos", "What's due today?", "Help"]),
        Command::Thanks => TurnPlan::answer(Intent::Greeting, "You're welcome! Anything else to add?").with_suggestions(&["Show my todos"]),
        Command::Unknown => TurnPlan::answer(Intent::Unknown, format!("Sorry, I didn't understand that. You can say things like {EXAMPLES}."))
            .with_suggestions(&["Help", "Show my todos"]),
    }
}

fn find(todos: &TurnTodos, id: TodoId) -> &Todo {
    todos.get(id).expect("resolved ids come from the todos fetched for them")
}

/// A message answering "which one do you mean?": a number, or words that
/// pick out one candidate. Anything else drops the question.
fn answer_pending(pending: &PendingQuestion, command: &Command, message: &str, ctx: &TurnContext) -> Option<TurnPlan> {
    if pending.confirm {
        // "no", "cancel", "never mind" read as nothing else: say so; any
        // other request drops the question and is answered as usual.
        return match command {
            Command::Confirm => Some(bulk(pending, ctx)),
            Command::Unknown => Some(TurnPlan::answer(Intent::Unknown, "OK, I left your todos as they are.")),
            _ => None,
        };
    }
    let candidates: Vec<&Todo> = pending.candidates.iter().filter_map(|id| ctx.todos.get(*id)).collect();
    let chosen = match command {
        Command::Choose(place) => candidates.get(place.index(candidates.len())?).map(|t| t.id),
        Command::Unknown | Command::List(_) => {
            match resolve(&TodoRef::Words(message.to_owned()), &candidates, ctx.todos, &ConversationState::default()) {
                Resolution::Found(id) => Some(id),
                _ => None,
            }
        }
        _ => None,
    }?;
    Some(perform(find(ctx.todos, chosen), &pending.action, ctx))
}

/// The reply to a date past what a due date can be (years 1 to 9999).
const OUT_OF_RANGE: &str = "I can't move it that far: a due date must be in the years 1 to 9999.";

fn add(spec: AddSpec, message: &str, ctx: &TurnContext) -> TurnPlan {
    add_many(vec![spec], message, ctx)
}

/// Adds every todo of one message in one turn: one change to undo.
fn add_many(specs: Vec<AddSpec>, message: &str, ctx: &TurnContext) -> TurnPlan {
    let mut created = Vec::with_capacity(specs.len());
    let mut unread = Vec::new();
    for mut spec in specs {
        // Several todos cut from one list share their date words: name them once.
        if let Some(words) = spec.unread.take().filter(|words| !unread.contains(words)) {
            unread.push(words);
        }
        match new_todo(spec, message, ctx) {
            Ok(new) => created.push(new),
            Err(reply) => return TurnPlan::answer(Intent::Add, reply),
        }
    }
    let described: Vec<String> = created.iter().map(|new| describe_new(new, ctx)).collect();
    let mut reply = match described.as_slice() {
        [one] => format!("Added {one}."),
        many => format!("Added {} todos: {}.", many.len(), many.join("; ")),
    };
    // No silent misreading: words that looked like a date but weren't one stay
    // in the title, and the reply says so.
    for words in unread {
        reply.push_str(&format!(" I couldn't read {} as a date or time, so it stays in the title.", quoted(&words)));
    }
    let description = match created.as_slice() {
        [one] => format!("adding {}", quoted(one.title.as_str())),
        many => format!("adding {}", count(many.len(), "todo")),
    };
    TurnPlan {
        changes: created.into_iter().map(Change::Create).collect(),
        undo_description: Some(description),
        ..TurnPlan::answer(Intent::Add, reply)
    }
    .with_suggestions(&["Show my todos", "Undo"])
}

/// The todo one [`AddSpec`] makes, or the reply that says why it can't.
fn new_todo(spec: AddSpec, message: &str, ctx: &TurnContext) -> Result<NewTodo, String> {
    let title = match Title::parse(&chat_title(&spec.title, message)) {
        Ok(title) => title,
        Err(_) if spec.title.trim().is_empty() => return Err("What should the todo say? For example “add buy milk tomorrow”.".to_owned()),
        Err(problem) => return Err(format!("I can't add that: the title {problem}.")),
    };
    let mut new = NewTodo::new(title);
    if let Some(when) = spec.when {
        new.due_date = Some(when.date);
        new.due_time = when.time;
    }
    new.priority = spec.priority.unwrap_or_default();
    new.tags = Tags::parse(&spec.tags).map_err(|problem| format!("I can't add that: {problem}."))?;
    new.remind_before = spec.remind_before;
    new.recurrence = spec.recurrence.as_deref().and_then(|rule| Recurrence::parse(rule).ok());
    new.notes = spec.notes.as_deref().map(Notes::parse).transpose().map_err(|problem| format!("I can't add that: the notes {problem}."))?;
    new.finish(ctx.clock.today).map_err(|errors| format!("I can't add that: {errors}."))
}

/// "“Call mom” for tomorrow (Wed, Mar 11) at 17:00, high priority #family".
fn describe_new(new: &NewTodo, ctx: &TurnContext) -> String {
    let mut text = quoted(new.title.as_str());
    if let Some(date) = new.due_date {
        text.push_str(&format!(" for {}", describe_due(date, new.due_time, ctx.clock.today)));
    }
    if new.recurrence.is_some() {
        text.push_str(", repeating");
    }
    if new.priority != Priority::None {
        text.push_str(&format!(", {} priority", new.priority.as_str()));
    }
    for tag in new.tags.iter() {
        text.push_str(&format!(" #{tag}"));
    }
    if let Some(minutes) = new.remind_before {
        text.push_str(&format!(", reminding you {} before", describe_offset(minutes)));
    }
    text
}

/// "10 minutes", "an hour", "1 hour 30 minutes", "2 days".
fn describe_offset(minutes: u32) -> String {
    let part =
        |n: u32, unit: &str| if n == 1 { format!("{} {unit}", if unit == "hour" { "an" } else { "a" }) } else { format!("{n} {unit}s") };
    match (minutes / 1440, minutes % 1440 / 60, minutes % 60) {
        (0, 0, m) => part(m, "minute"),
        (0, h, 0) => part(h, "hour"),
        (0, h, m) => format!("{} {}", part(h, "hour"), part(m, "minute")),
        (d, 0, 0) => part(d, "day"),
        _ => part(minutes, "minute"),
    }
}

/// The title to store: as the parser read it, with its first letter
/// capitalised, unless the user quoted it (a quoted title is literal).
fn chat_title(title: &str, message: &str) -> String {
    let title = title.trim();
    let was_quoted = ['\'', '"', '“', '‘'].iter().any(|q| message.contains(&format!("{q}{title}")));
    let mut chars = title.chars();
    match chars.next() {
        Some(first) if !was_quoted && first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => title.to_owned(),
    }
}

fn list(spec: &ListSpec, ctx: &TurnContext) -> TurnPlan {
    let today = ctx.clock.today;
    // The first todos the filter selects, as many as the reply shows (see `TodoNeeds::of`).
    let (shown, selected) = ctx.todos.listing();
    let what = describe_list(spec, today);
    let reply = match selected {
        0 => format!("No {what}."),
        // Counted no further (see `LISTING_COUNT_MAX`).
        n if n > LISTING_COUNT_MAX => {
            format!("{} (over {LISTING_COUNT_MAX}, the first {} shown):\n{}", capitalized(&what), shown.len(), numbered(&shown, today))
        }
        n if n > shown.len() => format!("{} ({n}, the first {} shown):\n{}", capitalized(&what), shown.len(), numbered(&shown, today)),
        n => format!("{} ({n}):\n{}", capitalized(&what), numbered(&shown, today)),
    };
    let suggestions = list_suggestions(&shown, spec);
    TurnPlan { listed: Some(shown.iter().map(|t| t.id).collect()), ..TurnPlan::answer(Intent::List, reply) }.with_suggestions(&suggestions)
}

/// Follow-ups that fit the list shown: "Done 1" only when the first todo is
/// open ("Reopen 1" when it is done), and no "What's overdue?" under the overdue list.
fn list_suggestions(shown: &[&Todo], spec: &ListSpec) -> Vec<&'static str> {
    let mut suggestions = Vec::with_capacity(3);
    match shown.first() {
        Some(first) if first.completed => suggestions.push("Reopen 1"),
        Some(_) => suggestions.push("Done 1"),
        None => {}
    }
    if spec.due != Some(ListDue::Named(DueFilter::Overdue)) {
        suggestions.push("What's overdue?");
    }
    suggestions.push("Add a todo");
    suggestions
}

/// The todos a listing (or a bulk change) selects.
pub(super) fn filter_of(spec: &ListSpec, today: NaiveDate) -> crate::TodoFilter {
    crate::TodoFilter {
        status: spec.status,
        due: spec.due.map(|due| due.resolve(today)),
        tag: spec.tag.as_deref().and_then(|t| Tag::parse(t).ok()),
        priority: spec.priority,
        text: spec.text.clone(),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// "open todos", "todos due today", "completed todos tagged #work".
fn describe_list(spec: &ListSpec, today: NaiveDate) -> String {
    let mut words = String::new();
    match spec.status {
        StatusFilter::Open if spec.due != Some(ListDue::Named(DueFilter::Overdue)) => words.push_str("open "),
        StatusFilter::Completed => words.push_str("completed "),
        _ => {}
    }
    if let Some(priority) = spec.priority {
        words.push_str(&format!("{} priority ", priority.as_str()));
    }
    words.push_str("todos");
    match spec.due {
        Some(ListDue::Named(DueFilter::Overdue)) => words.push_str(" overdue"),
        Some(ListDue::Named(DueFilter::Today)) => words.push_str(" due today"),
        Some(ListDue::Named(DueFilter::Tomorrow)) => words.push_str(" due tomorrow"),
        Some(ListDue::Named(DueFilter::Week)) => words.push_str(" due this week"),
        Some(ListDue::Named(DueFilter::None)) => words.push_str(" without a due date"),
        Some(ListDue::On(day)) => words.push_str(&format!(" due on {}", describe_day(day, today))),
        Some(ListDue::Between(first, last)) => {
            words.push_str(&format!(" due from {} to {}", describe_day(first, today), describe_day(last, today)))
        }
        None => {}
    }
    if let Some(tag) = &spec.tag {
        words.push_str(&format!(" tagged #{tag}"));
    }
    if let Some(text) = &spec.text {
        words.push_str(&format!(" matching “{text}”"));
    }
    words
}

/// The intent an action on one todo reports.
fn intent_of(action: &TodoAction) -> Intent {
    match action {
        TodoAction::Complete => Intent::Complete,
        TodoAction::Reopen => Intent::Reopen,
        TodoAction::Delete => Intent::Delete,
        _ => Intent::Update,
    }
}

/// Resolves `target` and performs `action` on it, or asks which one.
fn on_todo(target: &TodoRef, action: TodoAction, ctx: &TurnContext) -> TurnPlan {
    let intent = intent_of(&action);
    // Completing looks among open todos first, reopening among completed ones.
    let preferred: Vec<&Todo> = match action {
        TodoAction::Complete => ctx.todos.iter().filter(|t| !t.completed).collect(),
        TodoAction::Reopen => ctx.todos.iter().filter(|t| t.completed).collect(),
        _ => ctx.todos.iter().collect(),
    };
    let everything: Vec<&Todo> = ctx.todos.iter().collect();
    let resolution = match resolve(target, &preferred, ctx.todos, ctx.state) {
        Resolution::NotFound(_) if matches!(target, TodoRef::Words(_)) => resolve(target, &everything, ctx.todos, ctx.state),
        other => other,
    };
    match resolution {
        Resolution::Found(id) => perform(find(ctx.todos, id), &action, ctx),
        Resolution::Ambiguous(ids) => {
            let candidates: Vec<&Todo> = ids.iter().map(|id| find(ctx.todos, *id)).collect();
            let reply =
                format!("Which one do you mean?\n{}\nReply with a number or a fuller title.", numbered(&candidates, ctx.clock.today));
            TurnPlan {
                listed: Some(ids.clone()),
                pending: Some(PendingQuestion { candidates: ids, action, confirm: false }),
                ..TurnPlan::answer(Intent::Clarify, reply)
            }
            .with_suggestions(&["1", "2"])
        }
        Resolution::NotFound(reason) => TurnPlan::answer(intent, reason).with_suggestions(&["Show my todos"]),
    }
}

/// Plans `action` on `todo`, computing the result to describe it.
fn perform(todo: &Todo, action: &TodoAction, ctx: &TurnContext) -> TurnPlan {
    let intent = intent_of(action);
    let today = ctx.clock.today;
    let name = quoted(&todo.title);
    let mut changes = TodoChanges::default();
    let (reply, description) = match action {
        TodoAction::Complete if todo.completed => return referred(TurnPlan::answer(intent, format!("{name} is already done.")), todo),
        TodoAction::Complete => {
            changes.completed = Some(true);
            (format!("Marked {name} as done."), format!("completing {name}"))
        }
        TodoAction::Reopen if !todo.completed => return referred(TurnPlan::answer(intent, format!("{name} is not done yet.")), todo),
        TodoAction::Reopen => {
            changes.completed = Some(false);
            (format!("Reopened {name}."), format!("reopening {name}"))
        }
        TodoAction::Delete => {
            let plan = TurnPlan {
                changes: vec![Change::Delete { id: todo.id }],
                undo_description: Some(format!("deleting {name}")),
                ..TurnPlan::answer(intent, format!("Deleted {name}."))
            };
            return plan.with_suggestions(&["Undo", "Show my todos"]);
        }
        TodoAction::Rename { title } => match Title::parse(title) {
            Ok(title) => {
                let reply = format!("Renamed {name} to {}.", quoted(title.as_str()));
                changes.title = Some(title);
                (reply, format!("renaming {name}"))
            }
            Err(problem) => return TurnPlan::answer(intent, format!("I can't rename it: the new title {problem}.")),
        },
        TodoAction::Reschedule { date, time } => {
            if check_due_date_range(*date).is_err() {
                return TurnPlan::answer(intent, OUT_OF_RANGE);
            }
            changes.due_date = Some(Some(*date));
            // Without a new time the todo keeps the time it had.
            let time = time.or(todo.due_time);
            changes.due_time = Some(time);
            (format!("Moved {name} to {}.", describe_due(*date, time, today)), format!("moving {name}"))
        }
        TodoAction::Shift { by } => {
            // A todo without a due date moves from today.
            let Some(date) = by.apply(todo.due_date.unwrap_or(today)).filter(|date| check_due_date_range(*date).is_ok()) else {
                return TurnPlan::answer(intent, OUT_OF_RANGE);
            };
            changes.due_date = Some(Some(date));
            let due = describe_due(date, todo.due_time, today);
            let reply = match todo.due_date {
                Some(_) => format!("Moved {name} {}, to {due}.", describe_shift(*by)),
                None => format!("{name} had no due date, so I counted from today: it is now due {due}."),
            };
            (reply, format!("moving {name}"))
        }
        TodoAction::ClearDue => {
            changes.due_date = Some(None);
            (format!("Removed the due date from {name}."), format!("removing the due date of {name}"))
        }
        TodoAction::SetPriority { priority } => {
            changes.priority = Some(*priority);
            (format!("Set {name} to {} priority.", priority.as_str()), format!("changing the priority of {name}"))
        }
        TodoAction::Remind { minutes } => {
            changes.remind_before = Some(Some(*minutes));
            let mut reply = format!("I'll remind you {} before {name} is due.", describe_offset(*minutes));
            if todo.due_time.is_none() {
                reply.push_str(" It has no due time yet: tell me when (\"move it to 3pm\").");
            }
            (reply, format!("setting the reminder of {name}"))
        }
        TodoAction::Tag { tags } => {
            let all: Vec<String> = todo.tags.iter().chain(tags.iter()).cloned().collect();
            match Tags::parse(&all) {
                Ok(tags_after) => {
                    let added: Vec<String> = tags.iter().map(|t| format!("#{}", t.trim_start_matches('#').to_lowercase())).collect();
                    changes.tags = Some(tags_after);
                    (format!("Tagged {name} with {}.", added.join(" ")), format!("tagging {name}"))
                }
                Err(problem) => return TurnPlan::answer(intent, format!("I can't tag it: {problem}.")),
            }
        }
        TodoAction::Untag { tags } => {
            let named: Vec<Tag> = tags.iter().filter_map(|t| Tag::parse(t).ok()).collect();
            let (removed, kept): (Vec<&String>, Vec<&String>) =
                todo.tags.iter().partition(|t| named.iter().any(|n| n.as_str() == t.as_str()));
            if removed.is_empty() {
                let asked: Vec<String> = named.iter().map(|t| format!("#{}", t.as_str())).collect();
                let reply = match asked.as_slice() {
                    [one] => format!("{name} has no tag {one}."),
                    _ => format!("{name} has none of the tags {}.", asked.join(" ")),
                };
                return referred(TurnPlan::answer(intent, reply), todo);
            }
            match Tags::parse(&kept) {
                Ok(tags_after) => {
                    changes.tags = Some(tags_after);
                    let removed: Vec<String> = removed.iter().map(|t| format!("#{t}")).collect();
                    (format!("Removed {} from {name}.", removed.join(" ")), format!("untagging {name}"))
                }
                Err(problem) => return TurnPlan::answer(intent, format!("I can't untag it: {problem}.")),
            }
        }
        TodoAction::Edit(edit) => match edit_changes(edit) {
            Ok(edit_changes) => {
                changes = edit_changes;
                (format!("Updated {name}."), format!("updating {name}"))
            }
            Err(problem) => return TurnPlan::answer(intent, format!("I can't update it: {problem}.")),
        },
    };
    // Apply in memory to describe the outcome (a recurring todo moves on).
    let reply = match todo.apply(changes.clone(), ctx.now, today) {
        Ok((after, _)) if matches!(action, TodoAction::Complete) && !after.completed => {
            let next = after.due_date.map(|d| describe_due(d, after.due_time, today)).unwrap_or_default();
            format!("Done! {name} repeats; next due {next}.")
        }
        Ok(_) => reply,
        Err(errors) => return TurnPlan::answer(intent, format!("I can't do that: {errors}.")),
    };
    let plan = TurnPlan {
        changes: vec![Change::Update { id: todo.id, changes }],
        undo_description: Some(description),
        ..TurnPlan::answer(intent, reply)
    };
    referred(plan, todo).with_suggestions(&["Undo", "Show my todos"])
}

/// The changes of a several-field edit, each field checked by its own rule.
fn edit_changes(edit: &TodoEdit) -> Result<TodoChanges, String> {
    Ok(TodoChanges {
        title: edit.title.as_deref().map(Title::parse).transpose().map_err(|e| format!("the title {e}"))?,
        notes: edit
            .notes
            .as_ref()
            .map(|notes| notes.as_deref().map(Notes::parse).transpose())
            .transpose()
            .map_err(|e| format!("the notes {e}"))?,
        due_date: edit.due_date,
        due_time: edit.due_time,
        priority: edit.priority,
        tags: edit.tags.as_deref().map(Tags::parse).transpose()?,
        remind_before: edit.remind_before.map(Some),
        ..TodoChanges::default()
    })
}

fn referred(mut plan: TurnPlan, todo: &Todo) -> TurnPlan {
    plan.referred = Some(todo.id);
    plan
}

fn clear_completed(ctx: &TurnContext) -> TurnPlan {
    let (done, _) = ctx.todos.listing();
    if done.is_empty() {
        return TurnPlan::answer(Intent::ClearCompleted, "There are no completed todos to clear.");
    }
    let what = count(done.len(), "completed todo");
    TurnPlan {
        changes: done.iter().map(|t| Change::Delete { id: t.id }).collect(),
        undo_description: Some(format!("clearing {what}")),
        ..TurnPlan::answer(Intent::ClearCompleted, format!("Cleared {what}."))
    }
    .with_suggestions(&["Undo", "Show my todos"])
}

/// "Delete all 12 open todos? Say yes to confirm.": nothing changes yet.
fn ask_bulk(action: BulkAction, filter: &ListSpec, ctx: &TurnContext) -> TurnPlan {
    let today = ctx.clock.today;
    let spec = ListSpec { status: StatusFilter::Open, limit: None, ..filter.clone() };
    let ids: Vec<TodoId> = ctx.todos.listing().0.iter().map(|t| t.id).collect();
    let (intent, verb, todo_action) = match action {
        BulkAction::Complete => (Intent::Complete, "Complete", TodoAction::Complete),
        BulkAction::Delete => (Intent::Delete, "Delete", TodoAction::Delete),
    };
    let what = describe_list(&spec, today);
    if ids.is_empty() {
        return TurnPlan::answer(intent, format!("There are no {what}, so nothing changed."));
    }
    let all = if ids.len() == 1 { "the 1".to_owned() } else { format!("all {}", ids.len()) };
    let what = what.replacen("todos", if ids.len() == 1 { "todo" } else { "todos" }, 1);
    TurnPlan {
        pending: Some(PendingQuestion { candidates: ids, action: todo_action, confirm: true }),
        ..TurnPlan::answer(Intent::Clarify, format!("{verb} {all} {what}? Say yes to confirm."))
    }
    .with_suggestions(&["Yes", "Show my todos"])
}

/// The confirmed bulk change: every candidate still open, in one turn.
fn bulk(pending: &PendingQuestion, ctx: &TurnContext) -> TurnPlan {
    let todos: Vec<&Todo> = pending.candidates.iter().filter_map(|id| ctx.todos.get(*id).filter(|t| !t.completed)).collect();
    let changes: Vec<Change> = todos.iter().flat_map(|todo| perform(todo, &pending.action, ctx).changes).collect();
    let (intent, done, doing) = match pending.action {
        TodoAction::Delete => (Intent::Delete, "Deleted", "deleting"),
        _ => (Intent::Complete, "Completed", "completing"),
    };
    let what = count(todos.len(), "todo");
    TurnPlan { changes, undo_description: Some(format!("{doing} {what}")), ..TurnPlan::answer(intent, format!("{done} {what}.")) }
        .with_suggestions(&["Undo", "Show my todos"])
}

fn undo(ctx: &TurnContext) -> TurnPlan {
    let Some(record) = &ctx.state.undo else {
        return TurnPlan::answer(Intent::Undo, "There's nothing to undo.");
    };
    let changes = record
        .steps
        .iter()
        .filter_map(|step| match step {
            UndoStep::Delete { id } => ctx.todos.get(*id).is_some().then_some(Change::Delete { id: *id }),
            UndoStep::Restore { todo } => Some(Change::Restore(todo.clone())),
        })
        .collect();
    TurnPlan { changes, reverts: true, ..TurnPlan::answer(Intent::Undo, format!("Undid {}.", record.description)) }
        .with_suggestions(&["Show my todos"])
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveTime, TimeZone};

    use super::*;
    use crate::chat::command::DateOrder;
    use crate::chat::plan::{ActionKind, Applied};
    use crate::test_fixtures;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// Tuesday 2026-03-10 at 09:00.
    fn clock() -> LocalClock {
        LocalClock { today: d(3, 10), time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(), order: DateOrder::MonthFirst }
    }

    fn todo(id: TodoId, title: &str, due: Option<NaiveDate>, tags: &[&str]) -> Todo {
        Todo {
            notes: Some("notes".into()),
            due_date: due,
            due_time: due.and(NaiveTime::from_hms_opt(8, 30, 0)),
            priority: Priority::High,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..test_fixtures::todo(id, title, false)
        }
    }

    fn todos() -> Vec<Todo> {
        vec![
            todo(1, "Pay rent", Some(d(3, 13)), &["home"]),
            todo(2, "Write the report", Some(d(3, 20)), &["work", "q1"]),
            todo(3, "Buy milk", None, &[]),
            todo(4, "Call mom", Some(d(3, 13)), &[]),
        ]
    }

    fn plan(message: &str, todos: &[Todo], state: &ConversationState) -> TurnPlan {
        let now = Utc.with_ymd_and_hms(2026, 3, 10, 14, 0, 0).unwrap();
        plan_turn(message, clock(), now, todos, state)
    }

    /// Applies a plan's updates in memory as a store would, returning the
    /// todos after it and the state the next turn sees.
    fn apply(plan: &TurnPlan, todos: &[Todo], state: &ConversationState) -> (Vec<Todo>, ConversationState) {
        let now = Utc.with_ymd_and_hms(2026, 3, 10, 14, 0, 0).unwrap();
        let mut after = todos.to_vec();
        let mut applied = Vec::new();
        for change in &plan.changes {
            match change {
                Change::Update { id, changes } => {
                    let slot = after.iter_mut().find(|t| t.id == *id).unwrap();
                    let (next, _) = slot.apply(changes.clone(), now, clock().today).unwrap();
                    applied.push(Applied { kind: ActionKind::Updated, before: Some(slot.clone()), after: Some(next.clone()) });
                    *slot = next;
                }
                Change::Restore(todo) => {
                    let slot = after.iter_mut().find(|t| t.id == todo.id).unwrap();
                    applied.push(Applied { kind: ActionKind::Updated, before: Some(slot.clone()), after: Some((**todo).clone()) });
                    *slot = (**todo).clone();
                }
                other => panic!("not expected here: {other:?}"),
            }
        }
        (after, plan.next_state(state, &applied))
    }

    fn by_id(todos: &[Todo], id: TodoId) -> &Todo {
        todos.iter().find(|t| t.id == id).unwrap()
    }

    fn titles(plan: &TurnPlan, todos: &[Todo]) -> Vec<String> {
        let listed = plan.listed.as_ref().expect("a list");
        listed.iter().map(|id| by_id(todos, *id).title.clone()).collect()
    }

    #[test]
    fn an_add_says_which_date_words_it_could_not_read() {
        let state = ConversationState::default();
        let added = plan("add renew the lease on feb 30", &[], &state);
        assert_eq!(added.reply, "Added “Renew the lease on feb 30”. I couldn't read “feb 30” as a date or time, so it stays in the title.");
        let clean = plan("add renew the lease on feb 27", &[], &state);
        assert!(!clean.reply.contains("couldn't read"), "{}", clean.reply);
    }

    #[test]
    fn a_day_filter_lists_that_days_todos() {
        let todos = todos();
        let fresh = ConversationState::default();
        let friday = plan("what's due friday", &todos, &fresh);
        assert_eq!(friday.intent, Intent::List);
        assert_eq!(titles(&friday, &todos), ["Pay rent", "Call mom"]);
        assert!(friday.reply.starts_with("Open todos due on Friday, Mar 13 (2):\n1. Pay rent"), "{}", friday.reply);
        let march_20 = plan("show tasks for march 20 #work", &todos, &fresh);
        assert_eq!(titles(&march_20, &todos), ["Write the report"]);
        let empty = plan("what do I have on monday", &todos, &fresh);
        assert_eq!(empty.reply, "No open todos due on Monday, Mar 16.");
        assert!(empty.changes.is_empty());
    }

    #[test]
    fn list_suggestions_fit_the_todos_shown() {
        let mut todos = todos();
        for todo in &mut todos[..2] {
            todo.completed = true;
        }
        let fresh = ConversationState::default();
        assert_eq!(plan("show completed", &todos, &fresh).suggestions, ["Reopen 1", "What's overdue?", "Add a todo"]);
        assert_eq!(plan("show my todos", &todos, &fresh).suggestions, ["Done 1", "What's overdue?", "Add a todo"]);
        assert_eq!(plan("what's overdue", &todos, &fresh).suggestions, ["Add a todo"], "nothing to complete in an empty list");
    }

    #[test]
    fn the_last_one_is_the_end_of_the_list_shown() {
        let todos = todos();
        let shown = ConversationState { last_list: vec![4, 1, 2], ..Default::default() };
        let done = plan("done the last one", &todos, &shown);
        assert_eq!(done.intent, Intent::Complete);
        assert!(matches!(done.changes.as_slice(), [Change::Update { id: 2, .. }]), "{:?}", done.changes);
        // Before any list: the last open todo.
        let fresh = plan("delete the last", &todos, &ConversationState::default());
        assert!(matches!(fresh.changes.as_slice(), [Change::Delete { id: 4 }]), "{:?}", fresh.changes);
        // As the answer to "which one?": the last candidate.
        let asked = ConversationState {
            pending: Some(PendingQuestion { candidates: vec![1, 4], action: TodoAction::Complete, confirm: false }),
            ..Default::default()
        };
        let chosen = plan("the last one", &todos, &asked);
        assert!(matches!(chosen.changes.as_slice(), [Change::Update { id: 4, .. }]), "{:?}", chosen.changes);
    }

    #[test]
    fn a_shift_moves_the_todos_own_date_and_undo_puts_it_back() {
        let todos = todos();
        let fresh = ConversationState::default();
        let pushed = plan("push the report by 2 days", &todos, &fresh);
        assert_eq!(pushed.intent, Intent::Update);
        assert_eq!(pushed.reply, "Moved “Write the report” 2 days later, to Sun, Mar 22 (in 12 days) at 08:30.");
        let (after, state) = apply(&pushed, &todos, &fresh);
        let report = by_id(&after, 2);
        assert_eq!((report.due_date, report.due_time), (Some(d(3, 22)), NaiveTime::from_hms_opt(8, 30, 0)), "the time stays");

        let undone = plan("undo", &after, &state);
        assert_eq!(undone.reply, "Undid moving “Write the report”.");
        let (restored, _) = apply(&undone, &after, &state);
        assert_eq!(restored, todos, "every field as it was");

        let earlier = plan("move pay rent forward a week", &todos, &fresh);
        let (after, _) = apply(&earlier, &todos, &fresh);
        assert_eq!(by_id(&after, 1).due_date, Some(d(3, 6)));
    }

    #[test]
    fn a_todo_without_a_date_shifts_from_today() {
        let todos = todos();
        let fresh = ConversationState::default();
        let pushed = plan("postpone buy milk by a week", &todos, &fresh);
        assert_eq!(pushed.reply, "“Buy milk” had no due date, so I counted from today: it is now due Tue, Mar 17 (in 7 days).");
        let (after, _) = apply(&pushed, &todos, &fresh);
        assert_eq!((by_id(&after, 3).due_date, by_id(&after, 3).due_time), (Some(d(3, 17)), None));
    }

    /// A command as the LLM mode's tool calls make them, by id.
    fn plan_tool(command: Command, todos: &[Todo]) -> TurnPlan {
        let now = Utc.with_ymd_and_hms(2026, 3, 10, 14, 0, 0).unwrap();
        let state = ConversationState::default();
        let fetched = TurnTodos::select(&TodoNeeds::of(&command, &state, clock().today), todos);
        plan_command(command, "", &TurnContext { clock: clock(), now, todos: &fetched, state: &state })
    }

    #[test]
    fn a_tool_edit_sets_and_clears_fields_and_a_tool_listing_has_a_limit() {
        let todos = todos();
        let edit = TodoEdit { due_date: Some(None), notes: Some(Some("oat".into())), ..TodoEdit::default() };
        let edited = plan_tool(Command::Edit { target: TodoRef::Id(1), edit }, &todos);
        let (after, _) = apply(&edited, &todos, &ConversationState::default());
        let rent = by_id(&after, 1);
        assert_eq!((rent.due_date, rent.due_time, rent.notes.as_deref()), (None, None, Some("oat")), "the time goes with the date");
        let cleared = TodoEdit { due_time: Some(None), notes: Some(None), ..TodoEdit::default() };
        let (after, _) =
            apply(&plan_tool(Command::Edit { target: TodoRef::Id(2), edit: cleared }, &todos), &todos, &ConversationState::default());
        let report = by_id(&after, 2);
        assert_eq!((report.due_date, report.due_time, report.notes.as_deref()), (Some(d(3, 20)), None, None));

        let all = ListSpec { status: StatusFilter::Open, due: None, priority: None, tag: None, text: None, limit: Some(1) };
        let listed = plan_tool(Command::List(all), &todos);
        assert_eq!(titles(&listed, &todos), ["Pay rent"]);
        assert!(listed.reply.starts_with("Open todos (4, the first 1 shown):"), "{}", listed.reply);
    }

    #[test]
    fn a_listing_counts_up_to_its_most_and_says_over_it() {
        let many: Vec<Todo> = (1..=1_001).map(|id| test_fixtures::todo(id, &format!("Todo {id}"), false)).collect();
        let fresh = ConversationState::default();
        let over = plan("show my todos", &many, &fresh);
        assert!(over.reply.starts_with("Open todos (over 1000, the first 50 shown):\n1. Todo 1\n"), "{}", over.reply);
        let at_most = plan("show my todos", &many[..1_000], &fresh);
        assert!(at_most.reply.starts_with("Open todos (1000, the first 50 shown):"), "{}", at_most.reply);
    }

    #[test]
    fn untagging_removes_only_the_tags_named_and_undo_puts_them_back() {
        let todos = todos();
        let fresh = ConversationState::default();
        let untagged = plan("remove #work from the report", &todos, &fresh);
        assert_eq!(untagged.intent, Intent::Update);
        assert_eq!(untagged.reply, "Removed #work from “Write the report”.");
        let (after, state) = apply(&untagged, &todos, &fresh);
        assert_eq!(by_id(&after, 2).tags, ["q1"]);

        let undone = plan("undo", &after, &state);
        assert_eq!(undone.reply, "Undid untagging “Write the report”.");
        let (restored, _) = apply(&undone, &after, &state);
        assert_eq!(restored, todos, "every field as it was");

        let missing = plan("untag pay rent #work #gym", &todos, &fresh);
        assert_eq!(missing.reply, "“Pay rent” has none of the tags #work #gym.");
        assert!(missing.changes.is_empty());
        let partly = plan("untag pay rent #home #gym", &todos, &fresh);
        let (after, _) = apply(&partly, &todos, &fresh);
        assert!(by_id(&after, 1).tags.is_empty());
        assert_eq!(partly.reply, "Removed #home from “Pay rent”.");
    }

    #[test]
    fn a_bulk_change_asks_with_the_count_and_yes_applies_it_in_one_turn() {
        let todos = todos();
        let fresh = ConversationState::default();
        let ask = plan("delete all #work todos", &todos, &fresh);
        assert!(ask.changes.is_empty(), "nothing changes before the yes");
        let everything = plan("mark everything as done", &todos, &fresh);
        assert_eq!(everything.reply, "Complete all 4 open todos? Say yes to confirm.");
        assert_eq!(ask.reply, "Delete the 1 open todo tagged #work? Say yes to confirm.");
        let tagged = 1;
        let asked = ConversationState { pending: ask.pending.clone(), ..fresh.clone() };
        let yes = plan("yes", &todos, &asked);
        assert_eq!(yes.intent, Intent::Delete);
        assert_eq!(yes.changes.len(), tagged);
        assert!(yes.changes.iter().all(|c| matches!(c, Change::Delete { .. })));
        // Anything but a yes drops the question and changes nothing.
        let no = plan("no", &todos, &asked);
        assert!(no.changes.is_empty());
        assert_eq!(no.reply, "OK, I left your todos as they are.");
        assert!(no.pending.is_none());
    }

    #[test]
    fn several_todos_are_one_turn() {
        let todos = todos();
        let many = plan("add milk, eggs and bread", &todos, &ConversationState::default());
        assert_eq!(many.changes.len(), 3);
        assert_eq!(many.undo_description.as_deref(), Some("adding 3 todos"));
        assert!(many.reply.starts_with("Added 3 todos: “Milk”; “Eggs”; “Bread”"), "{}", many.reply);
    }
}
