import type { TodoFilter } from "../api/types";

export const FILTER_LABELS: Record<TodoFilter, string> = {
  open: "Open",
  today: "Today",
  overdue: "Overdue",
  completed: "Completed",
};

const FILTERS = Object.keys(FILTER_LABELS) as TodoFilter[];

/** The four views of the todo panel, as toggle buttons. */
export function FilterBar({ value, onChange }: { value: TodoFilter; onChange: (filter: TodoFilter) => void }) {
  return (
    <div className="filter-bar" role="group" aria-label="Show">
      {FILTERS.map((filter) => (
        <button
          key={filter}
          type="button"
          className="filter-bar__button"
          aria-pressed={filter === value}
          onClick={() => onChange(filter)}
        >
          {FILTER_LABELS[filter]}
        </button>
      ))}
    </div>
  );
}
