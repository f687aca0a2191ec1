// Human wording for a todo's due date, priority and recurrence, shared by the
// todo panel and the cards in the chat.
import type { Priority, Todo } from "../api/types";
import { localDate, localTime } from "../clock";

const DAY_MS = 24 * 60 * 60 * 1000;

function parseDate(isoDate: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1);
}

function formatTime(time: string): string {
  const [hours, minutes] = time.split(":").map(Number);
  const date = new Date(2000, 0, 1, hours ?? 0, minutes ?? 0);
  return date.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
}

function formatDay(isoDate: string, now: Date): string {
  const days = Math.round((parseDate(isoDate).getTime() - parseDate(localDate(now)).getTime()) / DAY_MS);
  if (days === 0) return "Today";
  if (days === 1) return "Tomorrow";
  if (days === -1) return "Yesterday";
  const date = parseDate(isoDate);
  if (days > 1 && days < 7) return date.toLocaleDateString(undefined, { weekday: "long" });
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString(undefined, {
    weekday: "short",
    month: "short",
    day: "numeric",
    year: sameYear ? undefined : "numeric",
  });
}

export interface DueDescription {
  label: string;
  overdue: boolean;
  /** The machine-readable value for a <time> element. */
  dateTime: string;
}

export function describeDue(todo: Todo, now: Date): DueDescription | null {
  if (!todo.due_date) return null;
  const day = formatDay(todo.due_date, now);
  const label = todo.due_time ? `${day}, ${formatTime(todo.due_time)}` : day;
  const today = localDate(now);
  const overdue =
    !todo.completed &&
    (todo.due_date < today || (todo.due_date === today && todo.due_time !== null && todo.due_time < localTime(now)));
  return { label, overdue, dateTime: todo.due_time ? `${todo.due_date}T${todo.due_time}` : todo.due_date };
}

export const PRIORITY_LABELS: Record<Priority, string> = {
  none: "No priority",
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

const WEEKDAYS: Record<string, string> = {
  MO: "Mon",
  TU: "Tue",
  WE: "Wed",
  TH: "Thu",
  FR: "Fri",
  SA: "Sat",
  SU: "Sun",
};
const UNITS: Record<string, [string, string]> = {
  DAILY: ["Daily", "days"],
  WEEKLY: ["Weekly", "weeks"],
  MONTHLY: ["Monthly", "months"],
  YEARLY: ["Yearly", "years"],
};

/** "Weekly on Mon, Wed", "Every 2 weeks", "Daily" from an RRULE value. */
export function describeRecurrence(rrule: string): string {
  const parts = new Map(
    rrule.split(";").map((part) => {
      const [key = "", value = ""] = part.split("=");
      return [key.toUpperCase(), value.toUpperCase()] as const;
    }),
  );
  const unit = UNITS[parts.get("FREQ") ?? ""];
  if (!unit) return "Repeats";
  const interval = Number(parts.get("INTERVAL") ?? "1");
  const base = interval > 1 ? `Every ${interval} ${unit[1]}` : unit[0];
  const days = parts.get("BYDAY");
  if (!days) return base;
  if (days === "MO,TU,WE,TH,FR") return interval > 1 ? `${base} on weekdays` : "Every weekday";
  return `${base} on ${days
    .split(",")
    .map((d) => WEEKDAYS[d] ?? d)
    .join(", ")}`;
}
