//! How replies show todos and dates: relative and absolute together
//! ("tomorrow (Wed, Mar 11)"), lists numbered.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use super::command::DateShift;
use crate::{Priority, Todo};

/// "today (Tue, Mar 10)", "tomorrow (Wed, Mar 11)", "Friday (Mar 13)",
/// "Thu, Apr 2 (in 23 days)", "Sat, Mar 7 (3 days ago)"; the year only when
/// it is not this one.
pub fn describe_date(date: NaiveDate, today: NaiveDate) -> String {
    let days = (date - today).num_days();
    let absolute =
        if date.year() == today.year() { date.format("%a, %b %-d").to_string() } else { date.format("%a, %b %-d, %Y").to_string() };
    match days {
        0 => format!("today ({absolute})"),
        1 => format!("tomorrow ({absolute})"),
        -1 => format!("yesterday ({absolute})"),
        2..=6 => format!("{} ({})", date.format("%A"), date.format("%b %-d")),
        7.. => format!("{absolute} (in {days} days)"),
        _ => format!("{absolute} ({} days ago)", -days),
    }
}

/// "Friday, Mar 13"; the year only when it is not this one ("Monday, Mar 1, 2027").
pub fn describe_day(date: NaiveDate, today: NaiveDate) -> String {
    if date.year() == today.year() {
        date.format("%A, %b %-d").to_string()
    } else {
        date.format("%A, %b %-d, %Y").to_string()
    }
}

pub fn describe_time(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "tomorrow (Wed, Mar 11) at 17:00".
pub fn describe_due(date: NaiveDate, time: Option<NaiveTime>, today: NaiveDate) -> String {
    match time {
        Some(time) => format!("{} at {}", describe_date(date, today), describe_time(time)),
        None => describe_date(date, today),
    }
}

/// "2 days later", "a week earlier", "3 months later", "a year later".
pub fn describe_shift(by: DateShift) -> String {
    let (n, unit, later) = match by {
        DateShift::Days(days) if days % 7 == 0 && days != 0 => (days.unsigned_abs() / 7, "week", days > 0),
        DateShift::Days(days) => (days.unsigned_abs(), "day", days >= 0),
        DateShift::Months(months) if months % 12 == 0 && months != 0 => (u64::from(months.unsigned_abs() / 12), "year", months > 0),
        DateShift::Months(months) => (u64::from(months.unsigned_abs()), "month", months >= 0),
    };
    let amount = if n == 1 { format!("a {unit}") } else { format!("{n} {unit}s") };
    format!("{amount} {}", if later { "later" } else { "earlier" })
}

/// “Title”, in typographic quotes.
pub fn quoted(title: &str) -> String {
    format!("“{title}”")
}

/// One line of a list: "2. Pay rent — due today (Tue, Mar 10), high priority, #home".
pub fn list_line(position: usize, todo: &Todo, today: NaiveDate) -> String {
    let mut details = Vec::new();
    if todo.completed {
        details.push("done".to_owned());
    }
    if let Some(date) = todo.due_date {
        let overdue = !todo.completed && date < today;
        details.push(format!("{} {}", if overdue { "overdue, was due" } else { "due" }, describe_due(date, todo.due_time, today)));
    }
    if todo.priority != Priority::None {
        details.push(format!("{} priority", todo.priority.as_str()));
    }
    if todo.recurrence.is_some() {
        details.push("repeats".to_owned());
    }
    details.extend(todo.tags.iter().map(|t| format!("#{t}")));
    if details.is_empty() {
        format!("{position}. {}", todo.title)
    } else {
        format!("{position}. {} — {}", todo.title, details.join(", "))
    }
}

/// A numbered list, one todo a line.
pub fn numbered(todos: &[&Todo], today: NaiveDate) -> String {
    todos.iter().enumerate().map(|(i, todo)| list_line(i + 1, todo, today)).collect::<Vec<_>>().join("\n")
}

/// "1 todo", "3 todos".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn dates_read_relative_and_absolute() {
        let today = d(3, 10);
        assert_eq!(describe_date(d(3, 10), today), "today (Tue, Mar 10)");
        assert_eq!(describe_date(d(3, 11), today), "tomorrow (Wed, Mar 11)");
        assert_eq!(describe_date(d(3, 9), today), "yesterday (Mon, Mar 9)");
        assert_eq!(describe_date(d(3, 13), today), "Friday (Mar 13)");
        assert_eq!(describe_date(d(4, 2), today), "Thu, Apr 2 (in 23 days)");
        assert_eq!(describe_date(d(3, 7), today), "Sat, Mar 7 (3 days ago)");
        assert_eq!(describe_date(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), today), "Mon, Mar 1, 2027 (in 356 days)");
        assert_eq!(describe_due(d(3, 11), NaiveTime::from_hms_opt(17, 0, 0), today), "tomorrow (Wed, Mar 11) at 17:00");
        assert_eq!(describe_day(d(3, 13), today), "Friday, Mar 13");
        assert_eq!(describe_day(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), today), "Monday, Mar 1, 2027");
    }

    #[test]
    fn shifts_read_in_the_largest_whole_unit() {
        assert_eq!(describe_shift(DateShift::Days(2)), "2 days later");
        assert_eq!(describe_shift(DateShift::Days(1)), "a day later");
        assert_eq!(describe_shift(DateShift::Days(14)), "2 weeks later");
        assert_eq!(describe_shift(DateShift::Days(-7)), "a week earlier");
        assert_eq!(describe_shift(DateShift::Days(-10)), "10 days earlier");
        assert_eq!(describe_shift(DateShift::Months(3)), "3 months later");
        assert_eq!(describe_shift(DateShift::Months(12)), "a year later");
        assert_eq!(describe_shift(DateShift::Months(-1)), "a month earlier");
    }
}
