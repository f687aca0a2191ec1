import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import type { Todo } from "../api/types";
import { DetailButton } from "./detail/DetailButton";
import { useOpenTodoDetail } from "./detail/detailContext";
import { describeDue } from "./describe";
import { DeleteIcon, EditIcon, GripIcon } from "./icons";
import { TitleEditor } from "./TitleEditor";
import { TodoMeta } from "./TodoMeta";

interface TodoItemProps {
  todo: Todo;
  now: Date;
  onToggle: (todo: Todo, completed: boolean) => void;
  onRename: (todo: Todo, title: string) => Promise<string | null>;
  onDelete: (todo: Todo) => void;
  /** Where the row is, when the list can be reordered (by drag, or by the arrow keys on its handle). */
  position?: RowPosition;
}

export interface RowPosition {
  index: number;
  total: number;
  /** Moves the row at `from` to `to`; `byKeyboard` keeps the focus on its handle. */
  onMove: (from: number, to: number, byKeyboard: boolean) => void;
}

const DRAG_TYPE = "application/x-todo-row";

/** Drag and drop of rows within one list: the dragged row's index travels in the drag data. */
function dragHandlers({ index, onMove }: RowPosition) {
  return {
    draggable: true,
    onDragStart: (event: DragEvent) => {
      event.dataTransfer.setData(DRAG_TYPE, String(index));
      event.dataTransfer.effectAllowed = "move";
    },
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
    },
    onDrop: (event: DragEvent) => {
      const from = Number(event.dataTransfer.getData(DRAG_TYPE));
      if (!Number.isInteger(from)) return;
      event.preventDefault();
      onMove(from, index, false);
    },
  };
}

/** One row of the todo panel: complete it, open its details, edit its title in place, delete it, move it. */
export function TodoItem({ todo, now, onToggle, onRename, onDelete, position }: TodoItemProps) {
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

  const onHandleKey = (event: KeyboardEvent) => {
    if (!position) return;
    const step = event.key === "ArrowUp" ? -1 : event.key === "ArrowDown" ? 1 : 0;
    if (!step) return;
    event.preventDefault();
    position.onMove(position.index, position.index + step, true);
  };

  const overdue = describeDue(todo, now)?.overdue;
  const className = ["todo", todo.completed && "todo--done", overdue && "todo--overdue"].filter(Boolean).join(" ");

  return (
    <li className={className} data-todo-id={todo.id} {...(position && dragHandlers(position))}>
      {position && (
        <button
          type="button"
          className="icon-button todo__handle"
          aria-label={`Move: ${todo.title}, ${position.index + 1} of ${position.total}`}
          aria-describedby="reorder-hint"
          onKeyDown={onHandleKey}
        >
          <GripIcon />
        </button>
      )}
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
