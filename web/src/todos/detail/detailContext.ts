import { createContext, useContext } from "react";
import type { Todo } from "../../api/types";

/** Opens a todo's detail dialog; the focus returns to what had it when the dialog closes. */
export type OpenTodoDetail = (todo: Todo) => void;

export const TodoDetailContext = createContext<OpenTodoDetail | null>(null);

/** The opener of the detail dialog, or null outside a TodoDetailProvider (then nothing offers to open it). */
export function useOpenTodoDetail(): OpenTodoDetail | null {
  return useContext(TodoDetailContext);
}
