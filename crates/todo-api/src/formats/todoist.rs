//! Todoist's CSV template (its columns TYPE, CONTENT, DESCRIPTION, PRIORITY,
//! INDENT, AUTHOR, RESPONSIBLE, DATE, DATE_LANG, TIMEZONE): `task` rows
//! become todos, `note` rows are added to the notes of the task above,
//! `section` and `meta` rows and blank rows create nothing. PRIORITY 1 is Todoist's
//! highest. DATE is read the way the chat reads dates, in English.

use chrono::Timelike;
use chrono_tz::Tz;
use todo_core::chat::{read_due, DateOrder, LocalClock};
use todo_core::Priority;

use super::{digest, BadFile, Candidate, Occurrences, ReadClock, Reading, Skip};
use crate::http::CreateTodoBody;

/// The columns a file must have; the others of the template are optional.
const REQUIRED: [&str; 2] = ["TYPE", "CONTENT"];

/// Whether `text` looks like Todoist's template: its header names TYPE and CONTENT.
pub fn looks_like(text: &str) -> bool {
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap_or_default().to_ascii_uppercase();
    let names: Vec<&str> = header.split(',').map(|h| h.trim().trim_matches('"')).collect();
    REQUIRED.iter().all(|r| names.contains(r))
}

/// Where each column is.
struct Columns {
    kind: usize,
    content: usize,
    description: Option<usize>,
    priority: Option<usize>,
    date: Option<usize>,
    date_lang: Option<usize>,
    timezone: Option<usize>,
}

impl Columns {
    fn of(header: &csv::StringRecord) -> Result<Self, BadFile> {
        let find = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        let need = |name: &str| find(name).ok_or_else(|| BadFile::whole(format!("the CSV header has no {name} column")));
        Ok(Self {
            kind: need("TYPE")?,
            content: need("CONTENT")?,
            description: find("DESCRIPTION"),
            priority: find("PRIORITY"),
            date: find("DATE"),
            date_lang: find("DATE_LANG"),
            timezone: find("TIMEZONE"),
        })
    }
}

fn field(record: &csv::StringRecord, column: Option<usize>) -> &str {
    column.and_then(|c| record.get(c)).unwrap_or_default().trim()
}

/// p1 (Todoist's highest) is urgent, p2 high, p3 medium, p4 (its default) none.
fn priority(raw: &str) -> Result<Option<Priority>, String> {
    match raw {
        "" | "4" => Ok(None),
        "1" => Ok(Some(Priority::Urgent)),
        "2" => Ok(Some(Priority::High)),
        "3" => Ok(Some(Priority::Medium)),
        other => Err(format!("PRIORITY {other:?} must be 1 (highest) to 4")),
    }
}

pub fn read(text: &str, clock: ReadClock) -> Result<Reading, BadFile> {
    // Line ends as Todoist writes them (CRLF) made LF: the csv crate counts
    // the lines of LF files right, and a note's line breaks are LF anyway.
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| BadFile::whole(format!("the CSV header cannot be read: {e}")))?.clone();
    let columns = Columns::of(&header)?;
    let mut reading = Reading::default();
    let mut problems = Vec::new();
    let mut ids = Occurrences::default();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or_else(String::new, |p| format!("line {}", p.line()));
                return Err(BadFile(vec![(line, format!("broken CSV (unclosed quotes or a wrong number of fields): {e}"))]));
            }
        };
        let item = format!("line {}", record.position().map_or(0, |p| p.line()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match field(&record, Some(columns.kind)).to_ascii_lowercase().as_str() {
            "task" => match task(&record, &columns, clock) {
                Ok(body) => {
                    let key =
                        [field(&record, Some(columns.content)), field(&record, columns.description), field(&record, columns.priority)];
                    let id = digest(&[key[0], key[1], key[2], field(&record, columns.date)]);
                    reading.candidates.push(Candidate { item, import_id: ids.distinct(format!("todoist:{id}")), body, completed_at: None });
                }
                Err(message) => problems.push((item, message)),
            },
            "note" => match reading.candidates.last_mut() {
                Some(task) => {
                    let note = field(&record, Some(columns.content));
                    task.body.notes = Some(match task.body.notes.take() {
                        Some(notes) if !notes.is_empty() => format!("{notes}\n\n{note}"),
                        _ => note.to_owned(),
                    });
                }
                None => problems.push((item, "a note row must follow the task it belongs to".into())),
            },
            "section" => reading.skipped.push(Skip { item, reason: "a section creates no todo".into() }),
            // Todoist's exports start with its view settings (`meta,view_style=list`).
            "meta" => reading.skipped.push(Skip { item, reason: "a Todoist view setting creates no todo".into() }),
            other => problems.push((item, format!("TYPE {other:?} must be task, note, section or meta"))),
        }
    }
    if !problems.is_empty() {
        return Err(BadFile(problems));
    }
    Ok(reading)
}

fn task(record: &csv::StringRecord, columns: &Columns, clock: ReadClock) -> Result<CreateTodoBody, String> {
    let description = field(record, columns.description);
    let mut body = CreateTodoBody {
        title: field(record, Some(columns.content)).to_owned(),
        notes: (!description.is_empty()).then(|| description.to_owned()),
        completed: false,
        due_date: None,
        due_time: None,
        priority: priority(field(record, columns.priority))?.map(|p| p.as_str().to_owned()),
        tags: None,
        recurrence: None,
        remind_before: None,
        order: None,
    };
    let date = field(record, columns.date);
    if date.is_empty() {
        return Ok(body);
    }
    let lang = field(record, columns.date_lang);
    if !(lang.is_empty() || lang.eq_ignore_ascii_case("en")) {
        return Err(format!("DATE_LANG {lang:?}: only English dates (en) can be read"));
    }
    let tz = match field(record, columns.timezone) {
        "" => clock.tz,
        name => name.parse::<Tz>().map_err(|_| format!("TIMEZONE {name:?} is not an IANA time zone such as Europe/Paris"))?,
    };
    let local = clock.now.with_timezone(&tz);
    let today =
        LocalClock { today: local.date_naive(), time: local.time().with_nanosecond(0).unwrap_or_default(), order: DateOrder::MonthFirst };
    let due = read_due(date, &today).ok_or_else(|| format!("DATE {date:?} cannot be read as a date, time or repetition"))?;
    if let Some(when) = due.when {
        body.due_date = Some(when.date.format("%Y-%m-%d").to_string());
        body.due_time = when.time.map(|t| t.format("%H:%M").to_string());
    }
    body.recurrence = due.recurrence;
    Ok(body)
}
