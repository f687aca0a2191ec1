import { describe, expect, it } from "vitest";
import { makeTodo } from "../test/fakeServer";
import { claim, dueReminders, reminderTime, snooze, SNOOZE_MS } from "./reminders";

const at = (text: string) => new Date(text);

describe("reminders", () => {
  it("remind at the due time minus the offset, and not without a time or when done", () => {
    expect(reminderTime(makeTodo({ due_date: "2026-03-10", due_time: "15:00", remind_before: 30 }))).toEqual(at("2026-03-10T14:30:00"));
    expect(reminderTime(makeTodo({ due_date: "2026-03-10", due_time: "15:00" }))).toEqual(at("2026-03-10T15:00:00"));
    expect(reminderTime(makeTodo({ due_date: "2026-03-10" }))).toBeNull();
    expect(reminderTime(makeTodo({ due_date: "2026-03-10", due_time: "15:00", completed: true }))).toBeNull();
  });

  it("are due once their time has come, for a while, until shown", () => {
    const todo = makeTodo({ due_date: "2026-03-10", due_time: "15:00", remind_before: 10 });
    expect(dueReminders([todo], at("2026-03-10T14:49:00"), localStorage)).toEqual([]);
    const [due] = dueReminders([todo], at("2026-03-10T14:50:30"), localStorage);
    expect(due?.todo).toBe(todo);
    expect(dueReminders([todo], at("2026-03-10T15:30:00"), localStorage)).toEqual([]);
  });

  it("are claimed by one tab only, and each occurrence of a recurring todo reminds again", async () => {
    const todo = makeTodo({ due_date: "2026-03-10", due_time: "09:00", recurrence: "FREQ=DAILY" });
    const [first] = dueReminders([todo], at("2026-03-10T09:00:00"), localStorage);
    expect(await claim(first!.key, localStorage, undefined)).toBe(true);
    expect(await claim(first!.key, localStorage, undefined)).toBe(false);
    expect(dueReminders([todo], at("2026-03-10T09:01:00"), localStorage)).toEqual([]);
    const next = { ...todo, due_date: "2026-03-11" };
    expect(dueReminders([next], at("2026-03-11T09:00:00"), localStorage)).toHaveLength(1);
  });

  it("come back ten minutes after a snooze", async () => {
    const todo = makeTodo({ due_date: "2026-03-10", due_time: "09:00" });
    const [first] = dueReminders([todo], at("2026-03-10T09:00:00"), localStorage);
    await claim(first!.key, localStorage, undefined);
    snooze(todo, at("2026-03-10T09:01:00"), localStorage);
    expect(dueReminders([todo], at("2026-03-10T09:05:00"), localStorage)).toEqual([]);
    const again = dueReminders([todo], new Date(at("2026-03-10T09:01:00").getTime() + SNOOZE_MS), localStorage);
    expect(again).toHaveLength(1);
    expect(again[0]!.key).not.toBe(first!.key);
  });
});
