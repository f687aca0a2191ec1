import type { Todo } from "../api/types";

/** A todo's new `order`. */
export interface OrderChange {
  id: number;
  order: number;
}

export interface Reordering {
  /** The list in its new order, with the new `order` values. */
  todos: Todo[];
  /** Only the todos whose `order` changed. */
  changes: OrderChange[];
}

/**
 * Moves the todo at `from` to `to` in a list sorted by `order`. The todos
 * between the two positions swap their `order` values among themselves, so the
 * new order holds against todos on other pages too, and only they are saved.
 */
export function moveTodo(list: Todo[], from: number, to: number): Reordering {
  if (from === to || !list[from] || !list[to]) return { todos: list, changes: [] };
  const moved = [...list];
  const [todo] = moved.splice(from, 1);
  moved.splice(to, 0, todo!);
  const first = Math.min(from, to);
  const last = Math.max(from, to);
  const values = list.slice(first, last + 1).map((t) => t.order);
  const changes: OrderChange[] = [];
  const todos = moved.map((t, index) => {
    if (index < first || index > last) return t;
    const order = values[index - first]!;
    if (order === t.order) return t;
    changes.push({ id: t.id, order });
    return { ...t, order };
  });
  return { todos, changes };
}
