import { useCallback, useEffect, useRef, useState } from "react";
import { createTodo, deleteTodo, listTodos, updateTodo, type TodoQuery } from "../api/client";
import { asSentence, describeError, toApiError } from "../api/errors";
import type { NewTodo, Todo } from "../api/types";
import { browserTimeZone } from "../clock";
import type { OrderChange } from "./reorder";

export interface TodoList {
  /** Null until the first answer. */
  todos: Todo[] | null;
  /** True when the server holds more todos of this query than are shown. */
  hasMore: boolean;
  /** Shows the next page. */
  loadMore: () => void;
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
  /** Shows the todos in this order and saves the `order` of those that moved. */
  reorder: (ordered: Todo[], changes: OrderChange[]) => Promise<void>;
  /** Creates a deleted todo again with all its fields. */
  restore: (todo: Todo) => Promise<void>;
}

/** The fields of a todo that a client may set: what re-creating it needs. */
export function recreation(todo: Todo): NewTodo {
  const { title, notes, completed, due_date, due_time, priority, tags, recurrence, order } = todo;
  return { title, notes, completed, due_date, due_time, priority, tags, recurrence, order };
}

/** What the panel shows: a view, narrowed by tag, priority and text. */
export type PanelQuery = Omit<TodoQuery, "timezone" | "offset" | "limit">;

/** How many todos a page holds: enough to fill the panel, few enough to render at once. */
export const PAGE_SIZE = 100;
const MAX_LIMIT = 500;

/**
 * The todos of one query, a page at a time, refetched when the query or
 * `revision` changes (the chat bumps it after each reply) and when the page
 * becomes visible again. Changes show at once, are confirmed by a refetch, and
 * are reported through `onChanged`.
 */
export function useTodos(query: PanelQuery, revision: number, onChanged: () => void): TodoList {
  const [todos, setTodos] = useState<Todo[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [changeError, setChangeError] = useState<string | null>(null);
  // Only the answer to the latest request is shown: older ones may arrive later.
  const latestRequest = useRef(0);
  // A refetch asks again for as many todos as are shown (pages loaded stay loaded).
  const shown = useRef(PAGE_SIZE);
  const { view, tag, priority, q } = query;

  const reload = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const limit = Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, shown.current));
      const page = await listTodos({ view, tag, priority, q, timezone: browserTimeZone(), limit });
      if (request !== latestRequest.current) return;
      setTodos(page.todos);
      setNext(page.next);
      setLoadError(null);
    } catch (caught) {
      if (request === latestRequest.current) setLoadError(describeError(toApiError(caught)));
    }
  }, [view, tag, priority, q]);

  const loadMore = useCallback(async () => {
    if (next === null) return;
    const request = ++latestRequest.current;
    try {
      const page = await listTodos({ view, tag, priority, q, timezone: browserTimeZone(), offset: next, limit: PAGE_SIZE });
      if (request !== latestRequest.current) return;
      setTodos((list) => {
        const more = [...(list ?? []), ...page.todos];
        shown.current = more.length;
        return more;
      });
      setNext(page.next);
    } catch (caught) {
      if (request === latestRequest.current) setLoadError(describeError(toApiError(caught)));
    }
  }, [next, view, tag, priority, q]);

  useEffect(() => {
    setTodos(null);
    setChangeError(null);
    shown.current = PAGE_SIZE;
  }, [view, tag, priority, q]);

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

  const changed = useRef(onChanged);
  useEffect(() => {
    changed.current = onChanged;
  });

  const change = useCallback(
    async (what: string, optimistic: (list: Todo[]) => Todo[], call: () => Promise<unknown>): Promise<boolean> => {
      setChangeError(null);
      setTodos((list) => list && optimistic(list));
      try {
        await call();
        changed.current();
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
      changed.current();
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

  const reorder = useCallback(
    async (ordered: Todo[], changes: OrderChange[]) => {
      await change(
        "save the new order",
        () => ordered,
        () => Promise.all(changes.map(({ id, order }) => updateTodo(id, { order }))),
      );
    },
    [change],
  );

  return {
    todos,
    hasMore: next !== null,
    loadMore: () => void loadMore(),
    loadError,
    changeError,
    reload: () => void reload(),
    add,
    setCompleted,
    rename,
    remove,
    restore,
    reorder,
  };
}
