import { memo, useCallback, useLayoutEffect, useRef, useState } from "react";
import type { Todo, TodoFilter } from "../api/types";
import { useNow } from "../useNow";
import { AddTodoForm } from "./AddTodoForm";
import { FILTER_LABELS, FilterBar } from "./FilterBar";
import { TodoItem } from "./TodoItem";
import { UndoToast } from "./UndoToast";
import { useTodos } from "./useTodos";
import "./TodoPanel.css";

const EMPTY_TEXT: Record<TodoFilter, string> = {
  open: "Nothing open. Add a todo above, or tell the chat.",
  today: "Nothing due today.",
  overdue: "Nothing overdue.",
  completed: "Nothing completed yet.",
};

/** The live todo list beside the chat: filters, add, complete, rename, delete with undo. */
export const TodoPanel = memo(function TodoPanel({ revision }: { revision: number }) {
  const [filter, setFilter] = useState<TodoFilter>("open");
  const list = useTodos(filter, revision);
  const now = useNow();
  const [deleted, setDeleted] = useState<{ todo: Todo; row: number } | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const addInputRef = useRef<HTMLInputElement>(null);
  // The row position that had the keyboard focus when its todo was completed or
  // deleted: when that row leaves the list, the focus moves to its neighbour.
  const focusedRow = useRef<number | null>(null);
  const { todos } = list;

  useLayoutEffect(() => {
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
        <FilterBar value={filter} onChange={setFilter} />
      </div>
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
        <p className="todo-panel__status">{EMPTY_TEXT[filter]}</p>
      ) : null}
      {todos && todos.length > 0 && (
        <ul ref={listRef} className="todo-list" aria-label={`${FILTER_LABELS[filter]} todos`}>
          {todos.map((todo) => (
            <TodoItem
              key={todo.id}
              todo={todo}
              now={now}
              onToggle={onToggle}
              onRename={list.rename}
              onDelete={(t) => void onDelete(t)}
            />
          ))}
        </ul>
      )}
      <div className="toast-region" role="status">
        {deleted && <UndoToast deleted={deleted.todo} onUndo={onUndo} onDismiss={dismissToast} />}
      </div>
    </section>
  );
});
