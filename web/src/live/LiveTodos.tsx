import { createContext, useContext } from "react";
import type { Todo } from "../api/types";

/** What the stream said last about each todo it mentioned: the todo as it is now, or "deleted". */
export type LatestTodos = ReadonlyMap<number, Todo | "deleted">;

export const LiveTodosContext = createContext<LatestTodos>(new Map());

/** `todo` as the stream last described it (it may have changed elsewhere since a chat card showed it). */
export function useLatest(todo: Todo): Todo | "deleted" {
  return useContext(LiveTodosContext).get(todo.id) ?? todo;
}
