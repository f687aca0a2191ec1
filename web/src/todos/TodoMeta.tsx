import type { Todo } from "../api/types";
import { PRIORITY_LABELS, describeDue, describeRecurrence } from "./describe";
import "./TodoMeta.css";

/** The due date and time, priority, recurrence and tags of a todo, as one line of small badges. */
export function TodoMeta({ todo, now }: { todo: Todo; now: Date }) {
  const due = describeDue(todo, now);
  const hasMeta = due || todo.priority !== "none" || todo.recurrence || todo.tags.length > 0;
  if (!hasMeta) return null;
  return (
    <ul className="todo-meta" aria-label="Details">
      {due && (
        <li className={due.overdue ? "todo-meta__due todo-meta__due--overdue" : "todo-meta__due"}>
          {due.overdue && <span className="visually-hidden">Overdue: </span>}
          <time dateTime={due.dateTime}>{due.label}</time>
        </li>
      )}
      {todo.priority !== "none" && (
        <li className={`todo-meta__priority todo-meta__priority--${todo.priority}`}>
          <span className="visually-hidden">Priority: </span>
          {PRIORITY_LABELS[todo.priority]}
        </li>
      )}
      {todo.recurrence && <li className="todo-meta__repeat">{describeRecurrence(todo.recurrence)}</li>}
      {todo.tags.map((tag) => (
        <li key={tag} className="todo-meta__tag">
          #{tag}
        </li>
      ))}
    </ul>
  );
}
