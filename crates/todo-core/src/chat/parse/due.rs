//! A due date, time and repetition given in a field of their own (an
//! imported file's date column: "every monday", "tomorrow 5pm", "Mar 3"),
//! read the way the chat reads them in a message.

use super::{fields, tokenize, Msg};
use crate::chat::command::{LocalClock, When};

/// What a date field says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReading {
    /// With a repetition and no date, its first occurrence from today on.
    pub when: Option<When>,
    /// An RRULE value, e.g. `FREQ=WEEKLY;BYDAY=MO`.
    pub recurrence: Option<String>,
}

/// Reads `text` as nothing but a date, time and repetition phrase; `None`
/// when any word of it is something else or cannot be read ("feb 30").
pub fn read_due(text: &str, clock: &LocalClock) -> Option<DueReading> {
    let m = Msg { toks: tokenize(text) };
    let found = fields::scan(&m, 0, m.len(), clock);
    let all_read = m.toks.iter().zip(&found.used).all(|(tok, used)| *used || (!tok.quoted && tok.norm.is_empty()));
    let only_dates = found.priority.is_none() && found.tags.is_empty() && found.unread.is_none();
    let something = found.when.is_some() || found.recurrence.is_some();
    (all_read && only_dates && something).then_some(DueReading { when: found.when, recurrence: found.recurrence })
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use super::*;
    use crate::chat::command::DateOrder;

    fn clock() -> LocalClock {
        // A Tuesday, 09:00.
        LocalClock {
            today: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            order: DateOrder::MonthFirst,
        }
    }

    fn when(m: u32, d: u32, time: Option<(u32, u32)>) -> Option<When> {
        Some(When {
            date: NaiveDate::from_ymd_opt(2026, m, d).unwrap(),
            time: time.map(|(h, min)| NaiveTime::from_hms_opt(h, min, 0).unwrap()),
        })
    }

    #[test]
    fn dates_times_and_repetitions_are_read() {
        assert_eq!(read_due("tomorrow 5pm", &clock()), Some(DueReading { when: when(3, 11, Some((17, 0))), recurrence: None }));
        assert_eq!(read_due("Mar 20", &clock()), Some(DueReading { when: when(3, 20, None), recurrence: None }));
        assert_eq!(read_due("2026-04-02", &clock()), Some(DueReading { when: when(4, 2, None), recurrence: None }));
        assert_eq!(
            read_due("every monday", &clock()),
            Some(DueReading { when: when(3, 16, None), recurrence: Some("FREQ=WEEKLY;BYDAY=MO".into()) })
        );
        assert_eq!(
            read_due("every day at 8am", &clock()),
            Some(DueReading { when: when(3, 10, Some((8, 0))), recurrence: Some("FREQ=DAILY".into()) })
        );
    }

    #[test]
    fn anything_else_is_not_a_date() {
        for text in ["", "   ", "call mom tomorrow", "feb 30", "p1 tomorrow", "#work friday", "someday"] {
            assert_eq!(read_due(text, &clock()), None, "{text:?}");
        }
    }
}
