import { memo, useCallback, useLayoutEffect, useRef, useState } from "react";
import type { Todo, TodoFilter } from "../api/types";
import { useNow } from "../useNow";
import { AddTodoForm } from "./AddTodoForm";
import { FILTER_LABELS, FilterBar } from "./FilterBar";
import { PanelFilters } from "./PanelFilters";
import { moveTodo } from "./reorder";
import { TodoItem } from "./TodoItem";
import { UndoToast } from "./UndoToast";
import type { TodoIndex } from "./useTodoIndex";
import { useTodos, type PanelQuery } from "./useTodos";
import "./TodoPanel.css";

const EMPTY_TEXT: Record<TodoFilter, string> = {
  open: "Nothing open. Add a todo above, or tell the chat.",
  today: "Nothing due today.",
  overdue: "Nothing overdue.",
  completed: "Nothing completed yet.",
};

// The views sorted by `order`, where moving a row means something.
const REORDERABLE: ReadonlySet<TodoFilter> = new Set(["open", "completed"]);

interface TodoPanelProps {
  revision: number;
  /** The counts per view and the tags in use. */
  index: TodoIndex;
}

/** The live todo list beside the chat: views with counts, search and filters, add, complete, rename, reorder, delete with undo. */
export const TodoPanel = memo(function TodoPanel({ revision, index }: TodoPanelProps) {
  const [query, setQuery] = useState<PanelQuery>({ view: "open" });
  const filter = query.view;
  const list = useTodos(query, revision, index.refresh);
  const [announcement, setAnnouncement] = useState("");
  // The todo moved by the keyboard: its handle keeps the focus when the list re-renders.
  const movedByKeyboard = useRef<number | null>(null);
  const filtered = Boolean(query.tag || query.priority || query.q);
  const now = useNow();
  const [deleted, setDeleted] = useState<{ todo: Todo; row: number } | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const addInputRef = useRef<HTMLInputElement>(null);
  // The row position that had the keyboard focus when its todo was completed or
  // deleted: when that row leaves the list, the focus moves to its neighbour.
  const focusedRow = useRef<number | null>(null);
  const { todos } = list;

  useLayoutEffect(() => {
    const moved = movedByKeyboard.current;
    if (moved !== null) {
      movedByKeyboard.current = null;
      listRef.current?.querySelector<HTMLElement>(`[data-todo-id="${moved}"] .todo__handle`)?.focus();
      return;
    }
    const row = focusedRow.current;
    if (row === null || (document.activeElement && document.activeElement !== document.body)) return;
    focusedRow.current = null;
    const checkboxes = listRef.current?.querySelectorAll<HTMLInputElement>(".todo__check");
    const target = checkboxes?.[Math.min(row, checkboxes.length - 1)] ?? addInputRef.current;
    target?.focus();
  }, [todos]);

  const rowOf = (todo: Todo) => todos?.findIndex((t) => t.id === todo.id) ?? -1;

  const onToggle = (todo: Todo, completed: boolean) => {
    focusedRow.current = rowOf(todo);
    void list.setCompleted(todo, completed);
  };

  const onDelete = async (todo: Todo) => {
    const row = rowOf(todo);
    focusedRow.current = row;
    if (await list.remove(todo)) setDeleted({ todo, row });
  };

  const dismissToast = useCallback(() => setDeleted(null), []);

  const onMove = (from: number, to: number, byKeyboard: boolean) => {
    if (!todos) return;
    const { todos: ordered, changes } = moveTodo(todos, from, to);
    const todo = todos[from];
    if (changes.length === 0 || !todo) return;
    if (byKeyboard) movedByKeyboard.current = todo.id;
    setAnnouncement(`Moved “${todo.title}” to position ${to + 1} of ${todos.length}.`);
    void list.reorder(ordered, changes);
  };
  const reorderable = REORDERABLE.has(filter) && (todos?.length ?? 0) > 1;

  const onUndo = () => {
    if (!deleted) return;
    focusedRow.current = deleted.row;
    void list.restore(deleted.todo);
    setDeleted(null);
  };

  return (
    <section className="todo-panel" aria-labelledby="todo-panel-title">
      <div className="todo-panel__header">
        <h2 id="todo-panel-title" className="todo-panel__title">
          Todos
        </h2>
        <FilterBar value={filter} counts={index.counts} onChange={(view) => setQuery((q) => ({ ...q, view }))} />
      </div>
      <PanelFilters query={query} tags={index.tags} onChange={setQuery} />
      <AddTodoForm onAdd={list.add} inputRef={addInputRef} />
      {list.changeError && (
        <p className="panel-error" role="alert">
          {list.changeError}
        </p>
      )}
      {list.loadError ? (
        <div className="panel-error" role="alert">
          <p>Couldn't load your todos. {list.loadError}</p>
          <button type="button" className="button button--small" onClick={list.reload}>
            Retry
          </button>
        </div>
      ) : todos === null ? (
        <p className="todo-panel__status">Loading…</p>
      ) : todos.length === 0 ? (
        <p className="todo-panel__status">{filtered ? "No todos match the search and filters." : EMPTY_TEXT[filter]}</p>
      ) : null}
      {todos && todos.length > 0 && (
        <ul ref={listRef} className="todo-list" aria-label={`${FILTER_LABELS[filter]} todos`}>
          {todos.map((todo, row) => (
            <TodoItem
              key={todo.id}
              todo={todo}
              now={now}
              onToggle={onToggle}
              onRename={list.rename}
              onDelete={(t) => void onDelete(t)}
              position={reorderable ? { index: row, total: todos.length, onMove } : undefined}
            />
          ))}
        </ul>
      )}
      {list.hasMore && (
        <button type="button" className="button todo-panel__more" onClick={list.loadMore}>
          Show more
        </button>
      )}
      <p id="reorder-hint" className="visually-hidden">
        Drag a todo, or press the up and down arrow keys on its handle, to move it.
      </p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <div className="toast-region" role="status">
        {deleted && <UndoToast deleted={deleted.todo} onUndo={onUndo} onDismiss={dismissToast} />}
      </div>
    </section>
  );
});
