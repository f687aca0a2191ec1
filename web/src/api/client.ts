// The typed client of the todo-api. Every URL is relative: the UI is always
// served from the same origin as the API (todo-web proxies /api in production,
// Vite in development), and the session lives in an HttpOnly cookie.
import type {
  ChatRequest,
  ChatResponse,
  ConversationMessage,
  Credentials,
  FeedStatus,
  FieldError,
  ImportReport,
  Me,
  NewFeed,
  NewTodo,
  Problem,
  Todo,
  TodoFilter,
  TodoPatch,
  User,
} from "./types";

const BASE = "/api/v1";

/** A failed API call: an HTTP error with its problem document, or status 0 when the server was unreachable. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from a Retry-After header, when the server sent one. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

type SessionExpiredListener = () => void;
const sessionExpiredListeners = new Set<SessionExpiredListener>();

/** Calls `listener` whenever a call that needs a session is answered 401. Returns the unsubscribe function. */
export function onSessionExpired(listener: SessionExpiredListener): () => void {
  sessionExpiredListeners.add(listener);
  return () => {
    sessionExpiredListeners.delete(listener);
  };
}

interface RequestOptions {
  body?: unknown;
  /** A file sent as it is (an import), instead of a JSON `body`. */
  file?: Blob;
  /** False for the calls that answer 401 as part of their normal job (login, /me). */
  needsSession?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The response of a call that succeeded; an ApiError otherwise. */
async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const { body, file, needsSession = true } = options;
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      credentials: "same-origin",
      headers:
        file !== undefined
          ? { accept: "application/json", "content-type": file.type || "application/octet-stream" }
          : body === undefined
            ? { accept: "application/json" }
            : { accept: "application/json", "content-type": "application/json" },
      body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch {
    throw new ApiError(0, {
      title: "Network error",
      detail: "Can't reach the server. Check your connection and try again.",
    });
  }
  if (response.ok) return response;
  const error = new ApiError(response.status, await readProblem(response), readRetryAfter(response));
  if (response.status === 401 && needsSession) {
    sessionExpiredListeners.forEach((listener) => listener());
  }
  throw error;
}

async function readProblem(response: Response): Promise<Problem> {
  try {
    const body: unknown = await response.json();
    if (body && typeof body === "object") return body;
  } catch {
    // A proxy's HTML error page or an empty body: fall through to a generic problem.
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

function readRetryAfter(response: Response): number | null {
  const value = Number(response.headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? value : null;
}

// Accounts ------------------------------------------------------------------

/** The signed-in user, or null when there is no session. */
export async function getMe(): Promise<Me | null> {
  try {
    return await request<Me>("GET", "/me", { needsSession: false });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

interface AuthResponse {
  token: string;
  user: User;
}

export async function signup(credentials: Credentials): Promise<User> {
  return (await request<AuthResponse>("POST", "/auth/signup", { body: credentials, needsSession: false })).user;
}

export async function login(credentials: Credentials): Promise<User> {
  return (await request<AuthResponse>("POST", "/auth/login", { body: credentials, needsSession: false })).user;
}

export function logout(): Promise<void> {
  return request<void>("POST", "/auth/logout", { needsSession: false });
}

// Chat ----------------------------------------------------------------------

export function sendChat(chat: ChatRequest): Promise<ChatResponse> {
  return request<ChatResponse>("POST", "/chat", { body: chat });
}

/** One page of a conversation's history, oldest first. */
export interface MessagePage {
  messages: ConversationMessage[];
  /** The `before` of the page of earlier messages, or null when there are none. */
  earlier: number | null;
}

/** The latest messages of a conversation, or (with `before`) the ones before that message id. */
export async function getMessages(conversationId: string, before?: number): Promise<MessagePage> {
  const query = before === undefined ? "" : `?before=${before}`;
  const response = await send("GET", `/conversations/${encodeURIComponent(conversationId)}/messages${query}`, {});
  const messages = (await response.json()) as ConversationMessage[];
  return { messages, earlier: earlierPage(response.headers.get("link")) };
}

/** The `before` of a `Link: <…?before=N…>; rel="prev"` header. */
function earlierPage(link: string | null): number | null {
  for (const part of link?.split(",") ?? []) {
    const [target = "", ...params] = part.split(";");
    if (!params.some((param) => param.trim().replace(/"/g, "") === "rel=prev")) continue;
    const url = new URL(target.trim().replace(/^<|>$/g, ""), "http://localhost");
    const before = Number(url.searchParams.get("before"));
    return Number.isInteger(before) && before > 0 ? before : null;
  }
  return null;
}

// Todos ---------------------------------------------------------------------

const FILTER_QUERIES: Record<TodoFilter, string> = {
  open: "status=open&sort=due",
  today: "status=open&due=today&sort=due",
  overdue: "status=open&due=overdue&sort=due",
  completed: "status=completed&sort=order",
};

export function listTodos(filter: TodoFilter, timezone: string): Promise<Todo[]> {
  return request<Todo[]>("GET", `/todos?${FILTER_QUERIES[filter]}&limit=500&tz=${encodeURIComponent(timezone)}`);
}

export function createTodo(todo: NewTodo): Promise<Todo> {
  return request<Todo>("POST", "/todos", { body: todo });
}

export function updateTodo(id: number, patch: TodoPatch): Promise<Todo> {
  return request<Todo>("PATCH", `/todos/${id}`, { body: patch });
}

export function deleteTodo(id: number): Promise<void> {
  return request<void>("DELETE", `/todos/${id}`);
}

// Calendar feed, export and import (docs/calendar.md) -----------------------

export function getCalendarFeed(): Promise<FeedStatus> {
  return request<FeedStatus>("GET", "/calendar/feed");
}

/** A feed with a new secret URL (the old one, if any, stops working): the only time the URL is shown. */
export function createCalendarFeed(): Promise<NewFeed> {
  return request<NewFeed>("POST", "/calendar/feed");
}

export function revokeCalendarFeed(): Promise<void> {
  return request<void>("DELETE", "/calendar/feed");
}

/** Where the browser downloads an export from (the session cookie goes along). */
export function exportUrl(format: "json" | "ics"): string {
  return `${BASE}/export?format=${format}`;
}

/** Imports a file (our JSON export, a Todoist CSV, an iCalendar file). */
export function importTodos(file: Blob): Promise<ImportReport> {
  return request<ImportReport>("POST", "/import", { file });
}
