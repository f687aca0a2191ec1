use chrono::{NaiveDate, NaiveTime};
use std::io::BufRead;
use todo_core::chat::{parse, DateOrder, LocalClock};
fn main() {
    let clock = LocalClock {
        today: NaiveDate::from_ymd_opt(2013, 2, 12).unwrap(),
        time: NaiveTime::from_hms_opt(4, 30, 0).unwrap(),
        order: DateOrder::MonthFirst,
    };
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let s = format!("{:?}", parse(&line, &clock));
        println!(
            "{line:50} => {}",
            s.replace("Add(AddSpec { title: ", "")
                .replace(", priority: None, tags: [], recurrence: None, notes: None", "")
                .replace("Some(When { date: ", "")
                .replace("time: Some(", "")
        );
    }
}
