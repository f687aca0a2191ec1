//! iCalendar (RFC 5545): the feed's events, the export's VTODOs, and the
//! VTODOs and VEVENTs of an imported file.
//!
//! Due dates are floating (the contract's "a calendar date in the user's
//! time zone"), so they are written as floating dates and times: a calendar
//! app shows them at that wall-clock time in its own zone.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use icalendar::{
    Alarm, Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike, Property, Related, Todo as VTodo,
    TodoStatus, Trigger,
};
use todo_core::{parse_remind_before, Priority, Todo};

use super::{digest, BadFile, Candidate, Occurrences, ReadClock, Reading, Skip};
use crate::http::CreateTodoBody;

/// How long a timed todo's event lasts in the calendar.
pub const EVENT_MINUTES: i64 = 30;
/// When an all-day todo's alarm rings: this long after the day starts (09:00).
pub const ALL_DAY_ALARM_HOURS: i64 = 9;
const PRODID: &str = "-//Todo Chatbot//Todos//EN";

/// A UID that stays the todo's own across feeds, exports and servers.
fn uid(todo: &Todo) -> String {
    format!("todo-{}-{}@todo-chatbot", todo.id, todo.created_at.timestamp())
}

/// Raised by every change (seconds since the todo was created), so a
/// calendar app replaces the copy it has.
fn sequence(todo: &Todo) -> u32 {
    u32::try_from((todo.updated_at - todo.created_at).num_seconds()).unwrap_or(u32::MAX)
}

/// RFC 5545's PRIORITY: 1 is the highest, 9 the lowest, 0 (left out) none.
fn ical_priority(priority: Priority) -> Option<u32> {
    match priority {
        Priority::None => None,
        Priority::Urgent => Some(1),
        Priority::High => Some(3),
        Priority::Medium => Some(5),
        Priority::Low => Some(9),
    }
}

/// The reverse of [`ical_priority`], as calendar apps group the values
/// (1 highest; 2–4 high, 5 medium, 6–9 low).
fn priority_of(value: u32) -> Priority {
    match value {
        1 => Priority::Urgent,
        2..=4 => Priority::High,
        5 => Priority::Medium,
        6..=9 => Priority::Low,
        _ => Priority::None,
    }
}

fn calendar(name: &str) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"));
    calendar.name(name);
    calendar
}

/// What every component of a todo carries.
fn common<C: Component + EventLike>(component: &mut C, todo: &Todo) {
    component
        .uid(&uid(todo))
        .summary(&todo.title)
        .sequence(sequence(todo))
        .timestamp(todo.updated_at)
        .created(todo.created_at)
        .last_modified(todo.updated_at);
    if let Some(notes) = &todo.notes {
        component.description(notes);
    }
    if let Some(priority) = ical_priority(todo.priority) {
        component.priority(priority);
    }
    if !todo.tags.is_empty() {
        component.categories(&todo.tags);
    }
}

/// The feed: one event per open todo with a due date. All-day for a date,
/// [`EVENT_MINUTES`] long from its time for a date and time, repeating by
/// its rule, with an alarm at the due time (09:00 for an all-day one), or
/// the todo's reminder offset before it.
pub fn feed(todos: &[Todo]) -> String {
    let mut calendar = calendar("Todos");
    for todo in todos.iter().filter(|t| !t.completed) {
        let Some(date) = todo.due_date else { continue };
        let mut event = Event::new();
        common(&mut event, todo);
        let alarm_after_start = match todo.due_time {
            Some(time) => {
                let start = date.and_time(time);
                event.starts(start).ends(start + Duration::minutes(EVENT_MINUTES));
                Duration::zero()
            }
            None => {
                event.starts(date).ends(date.succ_opt().unwrap_or(date));
                Duration::hours(ALL_DAY_ALARM_HOURS)
            }
        };
        if let Some(rule) = &todo.recurrence {
            event.add_property("RRULE", rule);
        }
        let alarm_after_start = alarm_after_start - Duration::minutes(todo.remind_before.map_or(0, i64::from));
        event.alarm(alarm(todo, (alarm_after_start, Related::Start)));
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// A display alarm of `todo`. Its UID and DTSTAMP come from the todo, so a
/// file reads the same until the todo changes (the feed's ETag).
fn alarm(todo: &Todo, trigger: impl Into<Trigger>) -> Alarm {
    let mut alarm = Alarm::display(&todo.title, trigger);
    alarm.add_property("UID", format!("alarm-{}", uid(todo))).timestamp(todo.updated_at);
    alarm.done()
}

/// The export: one VTODO per todo, open or completed; a todo due at a time
/// with a reminder offset has an alarm that long before its DUE.
pub fn export(todos: &[Todo]) -> String {
    let mut calendar = calendar("Todos (export)");
    for todo in todos {
        let mut vtodo = VTodo::new();
        common(&mut vtodo, todo);
        if let Some(date) = todo.due_date {
            let due: DatePerhapsTime = match todo.due_time {
                Some(time) => date.and_time(time).into(),
                None => date.into(),
            };
            // A repeating VTODO counts its occurrences from DTSTART.
            if todo.recurrence.is_some() {
                vtodo.starts(due.clone());
            }
            vtodo.due(due);
            if let (Some(_), Some(minutes)) = (todo.due_time, todo.remind_before) {
                vtodo.alarm(alarm(todo, Trigger::before_end(Duration::minutes(i64::from(minutes)))));
            }
        }
        if let Some(rule) = &todo.recurrence {
            vtodo.add_property("RRULE", rule);
        }
        if todo.completed {
            vtodo.status(TodoStatus::Completed);
            if let Some(at) = todo.completed_at {
                vtodo.completed(at);
            }
        } else {
            vtodo.status(TodoStatus::NeedsAction);
        }
        calendar.push(vtodo.done());
    }
    calendar.done().to_string()
}

/// Reads the VTODOs and VEVENTs of `text` (events become dated todos).
pub fn read(text: &str, clock: ReadClock) -> Result<Reading, BadFile> {
    let calendar: Calendar =
        text.parse().map_err(|e: String| BadFile::whole(format!("not a readable iCalendar file: {}", first_line(&e))))?;
    let mut reading = Reading::default();
    let mut problems = Vec::new();
    let mut ids = Occurrences::default();
    let (mut todos, mut events) = (0, 0);
    for component in &calendar.components {
        let (item, found) = match component {
            CalendarComponent::Todo(vtodo) => {
                todos += 1;
                (format!("VTODO {todos}"), from_vtodo(vtodo, clock))
            }
            CalendarComponent::Event(event) => {
                events += 1;
                (format!("VEVENT {events}"), from_event(event, clock))
            }
            _ => continue,
        };
        match found {
            Ok((body, completed_at, uid)) => {
                let import_id = match uid {
                    Some(uid) => format!("ical:{uid}"),
                    None => format!("ical-content:{}", digest(&[&body.title, body.due_date.as_deref().unwrap_or_default()])),
                };
                reading.candidates.push(Candidate { item, import_id: ids.distinct(import_id), body, completed_at });
            }
            Err(message) => problems.push((item, message)),
        }
    }
    if !problems.is_empty() {
        return Err(BadFile(problems));
    }
    if todos + events == 0 {
        reading.skipped.push(Skip { item: "file".into(), reason: "the calendar holds no VTODO or VEVENT".into() });
    }
    Ok(reading)
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or(text).trim()
}

type Found = (CreateTodoBody, Option<chrono::DateTime<chrono::Utc>>, Option<String>);

/// A date property of `component`: `None` when absent, an error when unreadable.
fn date_property<C: Component>(component: &C, key: &str) -> Result<Option<DatePerhapsTime>, String> {
    match component.properties().get(key) {
        None => Ok(None),
        Some(property) => DatePerhapsTime::from_property(property)
            .map(Some)
            .ok_or_else(|| format!("{key} {:?} is not an iCalendar date or date-time", property.value())),
    }
}

fn from_vtodo(vtodo: &VTodo, clock: ReadClock) -> Result<Found, String> {
    let (due, related) = match date_property(vtodo, "DUE")? {
        Some(due) => (Some(due), Related::End),
        None => (date_property(vtodo, "DTSTART")?, Related::Start),
    };
    let completed = vtodo.get_status() == Some(TodoStatus::Completed) || vtodo.get_completed().is_some();
    let mut body = body_of(vtodo, due, clock)?;
    body.completed = completed;
    body.remind_before = reminder_offset(vtodo, related, &body);
    Ok((body, vtodo.get_completed(), vtodo.get_uid().map(str::to_owned)))
}

fn from_event(event: &Event, clock: ReadClock) -> Result<Found, String> {
    let start = date_property(event, "DTSTART")?.ok_or("has no DTSTART: an event becomes a todo due then")?;
    let mut body = body_of(event, Some(start), clock)?;
    body.remind_before = reminder_offset(event, Related::Start, &body);
    Ok((body, None, event.get_uid().map(str::to_owned)))
}

/// The reminder offset of the first alarm of `component` that rings a whole
/// number of minutes (at most a week) before the property the todo's due
/// time came from (`due_is`: DUE is the end of a VTODO, DTSTART the start).
/// Other alarms (at a fixed time, after the due time, on an all-day todo)
/// have no offset to keep, and are left out rather than refused.
fn reminder_offset<C: Component>(component: &C, due_is: Related, body: &CreateTodoBody) -> Option<i64> {
    body.due_time.as_ref()?;
    component.components().iter().filter(|child| child.component_kind() == "VALARM").find_map(|alarm| {
        let trigger = alarm.properties().get("TRIGGER")?;
        let param = |name: &str| trigger.params().get(name).map(|p| p.value().to_ascii_uppercase());
        if param("VALUE").is_some_and(|value| value != "DURATION") {
            return None;
        }
        // RELATED defaults to START (RFC 5545, 3.2.14).
        let related = match param("RELATED").as_deref() {
            None | Some("START") => Related::Start,
            Some("END") => Related::End,
            Some(_) => return None,
        };
        let before = -signed_duration(trigger.value().trim())?;
        let minutes = before.num_minutes();
        (related == due_is && before == Duration::minutes(minutes) && parse_remind_before(minutes).is_ok()).then_some(minutes)
    })
}

/// An RFC 5545 duration ("-PT15M", "P1DT2H", "-P1W"). icalendar 0.17 reads
/// durations through std's unsigned `Duration`, so it cannot read the
/// negative ones every "before" alarm has.
fn signed_duration(text: &str) -> Option<Duration> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut total = Duration::zero();
    let (mut number, mut in_time, mut parts, mut time_parts) = (String::new(), false, 0, 0);
    for c in unsigned.strip_prefix('P')?.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        if c == 'T' && !in_time && number.is_empty() {
            in_time = true;
            continue;
        }
        let n: i64 = std::mem::take(&mut number).parse().ok()?;
        let part = match (c, in_time) {
            ('W', false) => Duration::try_weeks(n)?,
            ('D', false) => Duration::try_days(n)?,
            ('H', true) => Duration::try_hours(n)?,
            ('M', true) => Duration::try_minutes(n)?,
            ('S', true) => Duration::try_seconds(n)?,
            _ => return None,
        };
        total = total.checked_add(&part)?;
        parts += 1;
        time_parts += usize::from(in_time);
    }
    (parts > 0 && number.is_empty() && (!in_time || time_parts > 0)).then_some(if negative { -total } else { total })
}

fn body_of<C: Component + EventLike>(component: &C, due: Option<DatePerhapsTime>, clock: ReadClock) -> Result<CreateTodoBody, String> {
    let title = component.get_summary().filter(|s| !s.trim().is_empty()).ok_or("has no SUMMARY: a todo needs a title")?;
    let (due_date, due_time) = match due {
        Some(due) => {
            let (date, time) = local(&due, clock);
            (Some(date.format("%Y-%m-%d").to_string()), time.map(|t| t.format("%H:%M").to_string()))
        }
        None => (None, None),
    };
    Ok(CreateTodoBody {
        title: title.to_owned(),
        notes: component.get_description().map(str::to_owned),
        completed: false,
        due_date,
        due_time,
        priority: component.get_priority().map(|p| priority_of(p).as_str().to_owned()),
        tags: component.get_categories().filter(|c| !c.is_empty()),
        recurrence: component.property_value("RRULE").map(str::to_owned),
        remind_before: None,
        order: None,
    })
}

/// The wall-clock date and time of `due`: as written when floating; in the
/// server's zone when in UTC or another zone.
fn local(due: &DatePerhapsTime, clock: ReadClock) -> (NaiveDate, Option<NaiveTime>) {
    let at: NaiveDateTime = match due {
        DatePerhapsTime::Date(date) => return (*date, None),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(at)) => *at,
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(at)) => at.with_timezone(&clock.tz).naive_local(),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => match tzid.parse::<chrono_tz::Tz>() {
            Ok(zone) => match date_time.and_local_timezone(zone).earliest() {
                Some(at) => at.with_timezone(&clock.tz).naive_local(),
                None => *date_time,
            },
            // A zone named only in the file's own VTIMEZONE: its wall-clock time.
            Err(_) => *date_time,
        },
    };
    // Todos are due to the minute.
    (at.date(), NaiveTime::from_hms_opt(at.hour(), at.minute(), 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_with_their_sign() {
        let read = |text| signed_duration(text).map(|d| d.num_seconds());
        assert_eq!(read("-PT15M"), Some(-900));
        assert_eq!(read("+PT1H30M"), Some(5400));
        assert_eq!(read("-P1DT2H"), Some(-(86_400 + 7_200)));
        assert_eq!(read("-P2W"), Some(-14 * 86_400));
        assert_eq!(read("PT0S"), Some(0));
        for bad in ["", "-", "P", "PT", "15M", "-PT15", "PT1D", "P1H", "-PT9999999999999999999M", "P1DT", "-PTM"] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
    }
}
