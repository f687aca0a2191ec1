import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { createTodo, deleteTodo, getTodo, updateTodo } from "../../api/client";
import { describeError, toApiError } from "../../api/errors";
import type { Todo, TodoPatch } from "../../api/types";
import { UndoToast } from "../UndoToast";
import { recreation } from "../useTodos";
import { TodoDetailContext } from "./detailContext";
import { TodoDetailDialog } from "./TodoDetailDialog";

interface TodoDetailProviderProps {
  /** Tags in use, suggested in the tags field. */
  knownTags: string[];
  /** Called after a todo was changed, deleted or restored here. */
  onChanged: () => void;
  children: ReactNode;
}

/**
 * Lets anything below open a todo's detail dialog (the panel's rows, the
 * chat's cards), and owns the dialog, its delete with undo, and the focus:
 * back to the opener on close, to the Undo button after a delete.
 */
export function TodoDetailProvider({ knownTags, onChanged, children }: TodoDetailProviderProps) {
  // The todo shown; `current` once it was read from the server (the form starts again with it).
  const [shown, setShown] = useState<{ todo: Todo; current: boolean } | null>(null);
  const todo = shown?.todo ?? null;
  const [deleted, setDeleted] = useState<Todo | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const toastRegion = useRef<HTMLDivElement>(null);

  const open = useCallback((asShown: Todo) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setShown({ todo: asShown, current: false });
    // A chat card may show an older state of the todo: show the current one.
    getTodo(asShown.id).then(
      (current) => setShown((open) => (open?.todo.id === current.id ? { todo: current, current: true } : open)),
      () => undefined, // Saving reports a todo that is gone.
    );
  }, []);

  const close = useCallback(() => setShown(null), []);

  // Back to the opener once the dialog is gone (while it is open, the rest of
  // the page is inert), or to Undo when the todo was deleted.
  useEffect(() => {
    if (shown) return;
    const target = opener.current ?? toastRegion.current?.querySelector<HTMLButtonElement>(".toast .button");
    opener.current = null;
    if (target?.isConnected) target.focus();
  }, [shown]);

  const save = async (patch: TodoPatch) => {
    if (!todo) return;
    await updateTodo(todo.id, patch);
    onChanged();
    close();
  };

  const remove = async () => {
    if (!todo) return;
    await deleteTodo(todo.id);
    setDeleted(todo);
    setUndoError(null);
    opener.current = null; // Its row is gone: the focus goes to Undo instead.
    setShown(null);
    onChanged();
  };

  const undo = async () => {
    if (!deleted) return;
    setDeleted(null);
    try {
      await createTodo(recreation(deleted));
      onChanged();
    } catch (caught) {
      setUndoError(`Couldn't restore “${deleted.title}”. ${describeError(toApiError(caught))}`);
    }
  };

  const dismiss = useCallback(() => setDeleted(null), []);

  return (
    <TodoDetailContext.Provider value={open}>
      {children}
      {todo && (
        <TodoDetailDialog
          key={`${todo.id} ${String(shown?.current)}`}
          todo={todo}
          knownTags={knownTags}
          onSave={save}
          onDelete={remove}
          onClose={close}
        />
      )}
      <div ref={toastRegion} className="toast-region toast-region--floating" role="status">
        {deleted && <UndoToast deleted={deleted} onUndo={() => void undo()} onDismiss={dismiss} />}
        {undoError && <p className="panel-error">{undoError}</p>}
      </div>
    </TodoDetailContext.Provider>
  );
}
