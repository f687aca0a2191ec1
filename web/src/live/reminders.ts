// When todos remind, and which tab does it. A todo with a due date and time
// reminds at that time minus its `remind_before`, once per occurrence (a
// recurring todo's next occurrence has another due date, so it reminds
// again), and once over all the user's open tabs: the first tab to claim a
// reminder in localStorage (under a Web Lock where the browser has them)
// shows it; the others hear of it on a BroadcastChannel.
import type { Todo } from "../api/types";

/** A reminder that comes due while no tab is open is still shown this long after its time. */
export const REMIND_LATE_BY_MS = 15 * 60_000;
export const SNOOZE_MS = 10 * 60_000;

export interface Reminder {
  /** One occurrence of one todo: `id@date time`, plus the snooze it comes from. */
  key: string;
  todo: Todo;
  at: Date;
}

/** When `todo` reminds (local time), or null: done, or no due time. */
export function reminderTime(todo: Todo): Date | null {
  if (todo.completed || !todo.due_date || !todo.due_time) return null;
  const due = new Date(`${todo.due_date}T${todo.due_time}:00`); // no offset: local time
  return new Date(due.getTime() - (todo.remind_before ?? 0) * 60_000);
}

export function occurrenceKey(todo: Todo): string {
  return `${todo.id}@${todo.due_date} ${todo.due_time}`;
}

/** The reminders due at `now`: their time has come, not long ago, and they were not shown already. */
export function dueReminders(todos: Todo[], now: Date, storage: Storage): Reminder[] {
  const due: Reminder[] = [];
  for (const todo of todos) {
    const time = reminderTime(todo);
    if (!time) continue;
    const occurrence = occurrenceKey(todo);
    const snoozed = Number(storage.getItem(snoozeItem(occurrence)) ?? "0");
    const at = snoozed > time.getTime() ? new Date(snoozed) : time;
    const key = snoozed > time.getTime() ? `${occurrence}+${snoozed}` : occurrence;
    const late = now.getTime() - at.getTime();
    if (late >= 0 && late <= REMIND_LATE_BY_MS && storage.getItem(shownItem(key)) === null) due.push({ key, todo, at });
  }
  return due;
}

const shownItem = (key: string) => `todo-reminder-shown:${key}`;
const snoozeItem = (occurrence: string) => `todo-reminder-snooze:${occurrence}`;

/** Marks `key` shown; true for the one tab that marked it first. */
export async function claim(key: string, storage: Storage, locks: LockManager | undefined = navigator.locks): Promise<boolean> {
  const checkAndSet = () => {
    if (storage.getItem(shownItem(key)) !== null) return false;
    storage.setItem(shownItem(key), String(Date.now()));
    return true;
  };
  return locks ? locks.request("todo-reminders", checkAndSet) : checkAndSet();
}

/** Shows the occurrence of `todo` again in ten minutes. */
export function snooze(todo: Todo, now: Date, storage: Storage): void {
  storage.setItem(snoozeItem(occurrenceKey(todo)), String(now.getTime() + SNOOZE_MS));
}
