// The shapes of the todo-api JSON documents (see /api/v1/openapi.json).

export type Priority = "none" | "low" | "medium" | "high" | "urgent";

export interface Todo {
  id: number;
  title: string;
  notes: string | null;
  completed: boolean;
  completed_at: string | null;
  /** A floating calendar date, "YYYY-MM-DD". */
  due_date: string | null;
  /** A 24-hour wall-clock time, "HH:MM"; only together with due_date. */
  due_time: string | null;
  priority: Priority;
  tags: string[];
  recurrence: string | null;
  order: number;
  url: string;
  created_at: string;
  updated_at: string;
}

/** The fields a client may set when creating a todo. */
export type NewTodo = Pick<Todo, "title"> &
  Partial<Pick<Todo, "notes" | "completed" | "due_date" | "due_time" | "priority" | "tags" | "recurrence" | "order">>;

/** A JSON merge patch of a todo. */
export type TodoPatch = Partial<
  Pick<Todo, "title" | "notes" | "completed" | "due_date" | "due_time" | "priority" | "tags" | "recurrence" | "order">
>;

export type ActionType = "created" | "updated" | "completed" | "reopened" | "deleted" | "listed";

export interface ChatAction {
  type: ActionType;
  todos: Todo[];
}

export interface ChatRequest {
  message: string;
  conversation_id: string | null;
  timezone: string;
  now: string;
}

export interface ChatResponse {
  conversation_id: string;
  reply: string;
  intent: string;
  actions: ChatAction[];
  suggestions: string[];
}

export interface ConversationMessage {
  id: number;
  role: "user" | "assistant";
  text: string;
  intent: string | null;
  actions: ChatAction[];
  suggestions: string[];
  created_at: string;
}

export type AuthMode = "accounts" | "single-user";

export interface User {
  id: number;
  username: string;
  created_at: string;
}

/** Who is signed in (GET /me); in single-user mode, the one local user. */
export interface Me {
  id: number;
  username: string;
  auth_mode: AuthMode;
}

export interface Credentials {
  username: string;
  password: string;
}

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
}

/** The filters of the todo panel, each a GET /todos query. */
export type TodoFilter = "open" | "today" | "overdue" | "completed";
