// The detail form's values (strings, as inputs hold them) and the JSON merge
// patch that turns a todo into them.
import type { Priority, Todo, TodoPatch } from "../../api/types";

export interface DetailValues {
  title: string;
  notes: string;
  completed: boolean;
  /** "YYYY-MM-DD" or "". */
  dueDate: string;
  /** "HH:MM" or "". */
  dueTime: string;
  /** Minutes before the due time to remind, or "" (at the due time). */
  remindBefore: string;
  priority: Priority;
  tags: string[];
  /** An RRULE value or "". */
  recurrence: string;
}

export function valuesOf(todo: Todo): DetailValues {
  return {
    title: todo.title,
    notes: todo.notes ?? "",
    completed: todo.completed,
    dueDate: todo.due_date ?? "",
    dueTime: todo.due_time ?? "",
    remindBefore: todo.remind_before === null ? "" : String(todo.remind_before),
    priority: todo.priority,
    tags: todo.tags,
    recurrence: todo.recurrence ?? "",
  };
}

const orNull = (value: string) => value.trim() || null;

/** Only the fields that changed; an emptied field is sent as null (cleared). A time goes with its date. */
export function patchOf(todo: Todo, values: DetailValues): TodoPatch {
  const patch: TodoPatch = {};
  if (values.title !== todo.title) patch.title = values.title;
  if (orNull(values.notes) !== todo.notes) patch.notes = orNull(values.notes);
  if (values.completed !== todo.completed) patch.completed = values.completed;
  const dueDate = orNull(values.dueDate);
  const dueTime = dueDate ? orNull(values.dueTime) : null;
  if (dueDate !== todo.due_date) patch.due_date = dueDate;
  if (dueTime !== todo.due_time) patch.due_time = dueTime;
  const remindBefore = values.remindBefore.trim() === "" ? null : Number(values.remindBefore);
  if (remindBefore !== todo.remind_before) patch.remind_before = remindBefore;
  if (values.priority !== todo.priority) patch.priority = values.priority;
  if (values.tags.join("\n") !== todo.tags.join("\n")) patch.tags = values.tags;
  if (orNull(values.recurrence) !== todo.recurrence) patch.recurrence = orNull(values.recurrence);
  return patch;
}

/** A tag as the API stores it: trimmed, lowercase, without a leading # or @. */
export function normaliseTag(text: string): string {
  return text.trim().replace(/^[#@]+/, "").toLowerCase();
}
