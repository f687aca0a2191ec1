import { useCallback, useEffect, useRef, useState } from "react";
import { getTodoSummary } from "../api/client";
import type { TodoFilter } from "../api/types";
import { browserTimeZone } from "../clock";

export type ViewCounts = Record<TodoFilter, number>;

export interface TodoIndex {
  /** How many todos each view of the panel holds; null until the first answer. */
  counts: ViewCounts | null;
  /** Every tag in use, sorted: the tag filter's choices and the detail's suggestions. */
  tags: string[];
  refresh: () => void;
}

/**
 * The counts of the panel's views and the tags in use, from GET /todos/summary
 * (the database counts; no todo is sent), refreshed with `revision` and by `refresh()`.
 */
export function useTodoIndex(revision: number): TodoIndex {
  const [counts, setCounts] = useState<ViewCounts | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [refreshes, setRefreshes] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    getTodoSummary(browserTimeZone()).then(
      ({ tags, ...counts }) => {
        if (request !== latest.current) return;
        setCounts(counts);
        setTags(tags);
      },
      () => undefined, // The panel reports a server it cannot reach; the counts stay as they were.
    );
  }, [revision, refreshes]);

  const refresh = useCallback(() => setRefreshes((n) => n + 1), []);
  return { counts, tags, refresh };
}
