import { useEffect, useRef, useState } from "react";
import type { Todo } from "../api/types";
import { DetailButton } from "./detail/DetailButton";
import { useOpenTodoDetail } from "./detail/detailContext";
import { DeleteIcon, EditIcon } from "./icons";
import { TitleEditor } from "./TitleEditor";
import { TodoMeta } from "./TodoMeta";

interface TodoItemProps {
  todo: Todo;
  now: Date;
  onToggle: (todo: Todo, completed: boolean) => void;
  onRename: (todo: Todo, title: string) => Promise<string | null>;
  onDelete: (todo: Todo) => void;
}

/** One row of the todo panel: complete it, open its details, edit its title in place, delete it. */
export function TodoItem({ todo, now, onToggle, onRename, onDelete }: TodoItemProps) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const refocusEditButton = useRef(false);
  const checkboxId = `todo-${todo.id}-done`;
  const openDetail = useOpenTodoDetail();

  useEffect(() => {
    if (!editing && refocusEditButton.current) {
      refocusEditButton.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  const stopEditing = (returnFocus: boolean) => {
    refocusEditButton.current = returnFocus;
    setEditing(false);
  };

  return (
    <li className={todo.completed ? "todo todo--done" : "todo"} data-todo-id={todo.id}>
      <input
        id={checkboxId}
        type="checkbox"
        className="todo__check"
        checked={todo.completed}
        onChange={(event) => onToggle(todo, event.target.checked)}
        aria-label={`Done: ${todo.title}`}
      />
      <div className="todo__body">
        {editing ? (
          <TitleEditor
            todoId={todo.id}
            initial={todo.title}
            onSave={(title) => onRename(todo, title)}
            onDone={stopEditing}
          />
        ) : (
          <p className="todo__title" onDoubleClick={() => setEditing(true)}>
            {openDetail ? <DetailButton title={todo.title} onClick={() => openDetail(todo)} /> : todo.title}
          </p>
        )}
        <TodoMeta todo={todo} now={now} />
      </div>
      {!editing && (
        <div className="todo__actions">
          <button
            ref={editButton}
            type="button"
            className="icon-button"
            onClick={() => setEditing(true)}
            aria-label={`Edit: ${todo.title}`}
          >
            <EditIcon />
          </button>
          <button
            type="button"
            className="icon-button icon-button--danger"
            onClick={() => onDelete(todo)}
            aria-label={`Delete: ${todo.title}`}
          >
            <DeleteIcon />
          </button>
        </div>
      )}
    </li>
  );
}
