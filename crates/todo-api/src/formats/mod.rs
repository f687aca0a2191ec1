//! The file formats of the calendar feed, export and import: iCalendar
//! (RFC 5545, through the `icalendar` crate), our own versioned JSON, and
//! Todoist's CSV template (through the `csv` crate). Each reader turns a file
//! into [`Candidate`]s, which the import checks with the same rules as
//! `POST /api/v1/todos`.

pub mod ical;
pub mod json;
pub mod todoist;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sha2::{Digest, Sha256};

use crate::http::CreateTodoBody;

/// One todo a file describes, before the todo rules are checked.
#[derive(Debug)]
pub struct Candidate {
    /// Where it is in the file, for the report: "line 4", "VTODO 2".
    pub item: String,
    /// Names it across imports (see `todo_store::ImportItem`).
    pub import_id: String,
    pub body: CreateTodoBody,
    pub completed_at: Option<DateTime<Utc>>,
}

/// An item of a file that creates nothing, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub item: String,
    pub reason: String,
}

/// What a reader made of a file.
#[derive(Debug, Default)]
pub struct Reading {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skip>,
}

/// Why a file cannot be imported at all: one message per bad item
/// (`item`, message), or a message about the whole file (`item` empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadFile(pub Vec<(String, String)>);

impl BadFile {
    pub fn whole(message: impl Into<String>) -> Self {
        Self(vec![(String::new(), message.into())])
    }
}

/// The clock and zone that relative dates ("tomorrow") and zoned times are read in.
#[derive(Debug, Clone, Copy)]
pub struct ReadClock {
    pub now: DateTime<Utc>,
    pub tz: Tz,
}

/// A short, stable digest of `parts`, for import ids of items that carry no id.
pub(crate) fn digest(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.len().to_le_bytes());
        hash.update(part.as_bytes());
    }
    format!("{:x}", hash.finalize())[..32].to_owned()
}

/// Counts how often each id was seen, so that identical items of one file
/// (two rows "Buy milk") keep distinct import ids: `id`, `id#2`, …
#[derive(Default)]
pub(crate) struct Occurrences(std::collections::HashMap<String, u32>);

impl Occurrences {
    pub(crate) fn distinct(&mut self, id: String) -> String {
        let seen = self.0.entry(id.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 {
            id
        } else {
            format!("{id}#{seen}")
        }
    }
}
