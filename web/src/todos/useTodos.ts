import { useCallback, useEffect, useRef, useState } from "react";
import { createTodo, deleteTodo, listTodos, updateTodo } from "../api/client";
import { asSentence, describeError, toApiError } from "../api/errors";
import type { NewTodo, Todo, TodoFilter } from "../api/types";
import { browserTimeZone } from "../clock";

export interface TodoList {
  /** Null until the first answer. */
  todos: Todo[] | null;
  /** Why the list could not be loaded. */
  loadError: string | null;
  /** Why the last change failed. */
  changeError: string | null;
  reload: () => void;
  add: (todo: NewTodo) => Promise<boolean>;
  setCompleted: (todo: Todo, completed: boolean) => Promise<void>;
  /** Resolves to an error message for the title field, or null when renamed. */
  rename: (todo: Todo, title: string) => Promise<string | null>;
  remove: (todo: Todo) => Promise<boolean>;
  /** Creates a deleted todo again with all its fields. */
  restore: (todo: Todo) => Promise<void>;
}

/** The fields of a todo that a client may set: what re-creating it needs. */
export function recreation(todo: Todo): NewTodo {
  const { title, notes, completed, due_date, due_time, priority, tags, recurrence, order } = todo;
  return { title, notes, completed, due_date, due_time, priority, tags, recurrence, order };
}

/**
 * The todos of one filter, refetched when the filter or `revision` changes
 * (the chat bumps it after each reply) and when the page becomes visible again.
 * Changes show at once and are confirmed by a refetch.
 */
export function useTodos(filter: TodoFilter, revision: number): TodoList {
  const [todos, setTodos] = useState<Todo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [changeError, setChangeError] = useState<string | null>(null);
  // Only the answer to the latest request is shown: older ones may arrive later.
  const latestRequest = useRef(0);

  const reload = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const { todos: fetched } = await listTodos({ view: filter, timezone: browserTimeZone() });
      if (request !== latestRequest.current) return;
      setTodos(fetched);
      setLoadError(null);
    } catch (caught) {
      if (request === latestRequest.current) setLoadError(describeError(toApiError(caught)));
    }
  }, [filter]);

  useEffect(() => {
    setTodos(null);
    setChangeError(null);
  }, [filter]);

  useEffect(() => {
    void reload();
  }, [reload, revision]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") void reload();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [reload]);

  const change = useCallback(
    async (what: string, optimistic: (list: Todo[]) => Todo[], call: () => Promise<unknown>): Promise<boolean> => {
      setChangeError(null);
      setTodos((list) => list && optimistic(list));
      try {
        await call();
        return true;
      } catch (caught) {
        const error = toApiError(caught);
        if (error.status !== 401) setChangeError(`Couldn't ${what}. ${describeError(error)}`);
        return false;
      } finally {
        void reload();
      }
    },
    [reload],
  );

  const add = useCallback(
    (todo: NewTodo) =>
      change(
        `add “${todo.title}”`,
        (list) => list,
        () => createTodo(todo),
      ),
    [change],
  );

  const setCompleted = useCallback(
    async (todo: Todo, completed: boolean) => {
      await change(
        `${completed ? "complete" : "reopen"} “${todo.title}”`,
        (list) => list.map((t) => (t.id === todo.id ? { ...t, completed } : t)),
        () => updateTodo(todo.id, { completed }),
      );
    },
    [change],
  );

  const rename = useCallback(async (todo: Todo, title: string) => {
    setChangeError(null);
    try {
      const updated = await updateTodo(todo.id, { title });
      setTodos((list) => list && list.map((t) => (t.id === updated.id ? updated : t)));
      return null;
    } catch (caught) {
      const error = toApiError(caught);
      const titleError = error.fieldErrors.find((e) => e.field === "title");
      return titleError ? asSentence(titleError.message) : describeError(error);
    }
  }, []);

  const remove = useCallback(
    (todo: Todo) =>
      change(
        `delete “${todo.title}”`,
        (list) => list.filter((t) => t.id !== todo.id),
        () => deleteTodo(todo.id),
      ),
    [change],
  );

  const restore = useCallback(
    async (todo: Todo) => {
      await change(
        `restore “${todo.title}”`,
        (list) => list,
        () => createTodo(recreation(todo)),
      );
    },
    [change],
  );

  return { todos, loadError, changeError, reload: () => void reload(), add, setCompleted, rename, remove, restore };
}
