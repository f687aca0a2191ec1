import { useCallback, useEffect, useRef, useState } from "react";
import { listAllTodos } from "../api/client";
import type { Todo, TodoFilter } from "../api/types";
import { browserTimeZone, localDate } from "../clock";

export type ViewCounts = Record<TodoFilter, number>;

export interface TodoIndex {
  /** How many todos each view of the panel holds; null until the first answer. */
  counts: ViewCounts | null;
  /** Every tag in use, sorted: the tag filter's choices and the detail's suggestions. */
  tags: string[];
  refresh: () => void;
}

/** The counts per view, read as the API's filters read them: today and overdue by the due date in the local day. */
export function countViews(todos: Todo[], today: string): ViewCounts {
  const counts: ViewCounts = { open: 0, today: 0, overdue: 0, completed: 0 };
  for (const todo of todos) {
    if (todo.completed) {
      counts.completed += 1;
      continue;
    }
    counts.open += 1;
    if (todo.due_date === today) counts.today += 1;
    else if (todo.due_date !== null && todo.due_date < today) counts.overdue += 1;
  }
  return counts;
}

/**
 * One pass over every todo (GET /todos has no counts of its own), refreshed
 * with `revision` and by `refresh()`: the counts of the panel's views and the tags in use.
 */
export function useTodoIndex(revision: number): TodoIndex {
  const [counts, setCounts] = useState<ViewCounts | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [refreshes, setRefreshes] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    listAllTodos({ view: "all", timezone: browserTimeZone() }).then(
      (todos) => {
        if (request !== latest.current) return;
        setCounts(countViews(todos, localDate(new Date())));
        setTags([...new Set(todos.flatMap((todo) => todo.tags))].sort());
      },
      () => undefined, // The panel reports a server it cannot reach; the counts stay as they were.
    );
  }, [revision, refreshes]);

  const refresh = useCallback(() => setRefreshes((n) => n + 1), []);
  return { counts, tags, refresh };
}
