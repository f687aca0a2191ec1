import type { TodoFilter } from "../api/types";
import type { ViewCounts } from "./useTodoIndex";

export const FILTER_LABELS: Record<TodoFilter, string> = {
  open: "Open",
  today: "Today",
  overdue: "Overdue",
  completed: "Completed",
};

const FILTERS = Object.keys(FILTER_LABELS) as TodoFilter[];

interface FilterBarProps {
  value: TodoFilter;
  /** How many todos each view holds, when known. */
  counts: ViewCounts | null;
  onChange: (filter: TodoFilter) => void;
}

/** The four views of the todo panel, as toggle buttons with their counts. */
export function FilterBar({ value, counts, onChange }: FilterBarProps) {
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
          {counts && (
            <span className={filter === "overdue" && counts.overdue > 0 ? "filter-bar__count filter-bar__count--alert" : "filter-bar__count"}>
              {" "}
              {counts[filter]}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
