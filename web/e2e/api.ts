// Setting up todos through the API, as the specs' own fixtures.
import type { APIRequestContext } from "@playwright/test";
import type { NewTodo, Todo } from "../src/api/types";

/** Headers for a cookie-authenticated change: the server accepts it from its own origin. */
export function originOf(baseURL: string): Record<string, string> {
  return { origin: new URL(baseURL).origin };
}

export async function addTodo(request: APIRequestContext, baseURL: string, todo: NewTodo): Promise<Todo> {
  const response = await request.post("/api/v1/todos", { data: todo, headers: originOf(baseURL) });
  if (!response.ok()) throw new Error(`POST /api/v1/todos: ${response.status()} ${await response.text()}`);
  return (await response.json()) as Todo;
}

export async function getTodo(request: APIRequestContext, id: number): Promise<Todo> {
  return (await (await request.get(`/api/v1/todos/${id}`)).json()) as Todo;
}
