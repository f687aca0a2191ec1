import { useEffect, useState } from "react";
import type { Priority } from "../api/types";
import { PRIORITY_LABELS } from "./describe";
import type { PanelQuery } from "./useTodos";

// Typing waits this long before the search goes to the server.
const SEARCH_DELAY_MS = 250;
const PRIORITIES = (Object.keys(PRIORITY_LABELS) as Priority[]).filter((p) => p !== "none");

interface PanelFiltersProps {
  query: PanelQuery;
  /** The tags in use: the tag filter's choices. */
  tags: string[];
  onChange: (query: PanelQuery) => void;
}

/** Search by text, and filter by tag and priority: each goes to GET /todos as `q`, `tag` and `priority`. */
export function PanelFilters({ query, tags, onChange }: PanelFiltersProps) {
  const [text, setText] = useState(query.q ?? "");

  useEffect(() => {
    if (text === (query.q ?? "")) return;
    const timer = window.setTimeout(() => onChange({ ...query, q: text || undefined }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text, query, onChange]);

  return (
    <div className="panel-filters" role="search" aria-label="Filter todos">
      <label htmlFor="todo-search" className="visually-hidden">
        Search todos
      </label>
      <input
        id="todo-search"
        type="search"
        className="panel-filters__search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="Search"
        autoComplete="off"
      />
      <label htmlFor="todo-tag-filter" className="visually-hidden">
        Tag
      </label>
      <select
        id="todo-tag-filter"
        className="panel-filters__select"
        value={query.tag ?? ""}
        onChange={(event) => onChange({ ...query, tag: event.target.value || undefined })}
      >
        <option value="">All tags</option>
        {tags.map((tag) => (
          <option key={tag} value={tag}>
            #{tag}
          </option>
        ))}
      </select>
      <label htmlFor="todo-priority-filter" className="visually-hidden">
        Priority
      </label>
      <select
        id="todo-priority-filter"
        className="panel-filters__select"
        value={query.priority ?? ""}
        onChange={(event) => onChange({ ...query, priority: (event.target.value || undefined) as Priority | undefined })}
      >
        <option value="">Any priority</option>
        {PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {PRIORITY_LABELS[priority]}
          </option>
        ))}
      </select>
    </div>
  );
}
