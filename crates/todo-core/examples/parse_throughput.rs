//! Chat parser throughput: parses a mix of 20 typical messages 200,000 times
//! on one thread and prints messages per second, then times a few
//! worst-case messages of the contract's maximum length (2,000 characters).
//!
//! `cargo run -p todo-core --release --example parse_throughput`

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime};
use todo_core::chat::{parse, DateOrder, LocalClock};

const MESSAGES: [&str; 20] = [
    "add buy milk",
    "remind me to call mom tomorrow at 5pm",
    "I need to send the invoice on friday",
    "add renew passport in 3 days #travel",
    "add book flights on april 2nd high priority",
    "add team sync every monday at 10am",
    "show my todos",
    "what's due today?",
    "what's overdue",
    "show #work",
    "find milk",
    "mark buy milk as done",
    "I finished the quarterly report",
    "done 2",
    "delete the dentist appointment",
    "rename buy milk to buy oat milk",
    "move the dentist appointment to friday",
    "make it urgent",
    "undo",
    "hi there",
];

fn main() {
    let clock = LocalClock {
        today: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        order: DateOrder::MonthFirst,
    };
    let rounds = 200_000 / MESSAGES.len();
    // Warm up.
    for m in MESSAGES {
        black_box(parse(black_box(m), &clock));
    }
    let start = Instant::now();
    for _ in 0..rounds {
        for m in MESSAGES {
            black_box(parse(black_box(m), &clock));
        }
    }
    let took = start.elapsed();
    let n = rounds * MESSAGES.len();
    println!(
        "{n} messages in {:.3} s: {:.0} messages/s, {:.2} µs/message",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / n as f64
    );

    let long = [
        ("add + 40 x fields", "add ".to_owned() + &"buy milk tomorrow at 5pm every monday and #tag p1 ".repeat(40)),
        ("every x400", "every ".repeat(400)),
        ("monday and x180", "monday and ".repeat(180)),
        ("quote x2000", "'".repeat(2000)),
        ("\"a\" x500", "\"a\" ".repeat(500)),
        ("emoji x2000", "🥛".repeat(2000)),
        ("mark the x400 as done", "mark ".to_owned() + &"the ".repeat(400) + "as done"),
        ("rename to x600", "rename ".to_owned() + &"to ".repeat(600)),
        ("move x x900 to friday", "move ".to_owned() + &"x ".repeat(900) + "to friday"),
        ("what's x300", "what's ".repeat(300)),
        ("# x2000", "#".repeat(2000)),
        ("1 x2000", "1".repeat(2000)),
        ("in 3 days x200", "add ".to_owned() + &"in 3 days ".repeat(199)),
        ("a x1000", "a ".repeat(1000)),
        ("'a x666", "'a ".repeat(666)),
        ("add to x600", "add ".to_owned() + &"to ".repeat(600) + "x"),
        ("every monday, x140", "every monday, ".repeat(140)),
        ("at 5 x400", "at 5 ".repeat(400)),
        ("a week from x166", "add ".to_owned() + &"a week from ".repeat(166)),
        ("a quarter past x130", "add ".to_owned() + &"a quarter past ".repeat(130)),
        ("first monday of june x79", "add ".to_owned() + &"the first monday of june ".repeat(79)),
        ("an hour and a half x85", "add in ".to_owned() + &"an hour and a half and ".repeat(85)),
        ("1/2/2027 x200", "add ".to_owned() + &"1/2/2027 ".repeat(200)),
        ("this time x199", "add ".to_owned() + &"this time ".repeat(199)),
        ("please x280", "please ".repeat(280)),
    ];
    let mut worst = (Duration::ZERO, "");
    for (name, m) in &long {
        let mut best = Duration::MAX;
        for _ in 0..20 {
            let s = Instant::now();
            black_box(parse(black_box(m), &clock));
            best = best.min(s.elapsed());
        }
        println!("  {name:<24} {} chars: {:>8.1} µs", m.chars().count(), best.as_secs_f64() * 1e6);
        if best > worst.0 {
            worst = (best, name);
        }
    }
    println!("worst long message: {} ({:.1} µs)", worst.1, worst.0.as_secs_f64() * 1e6);
}
