// The typed client of the todo-api. Every URL is relative: the UI is always
// served from the same origin as the API (todo-web proxies /api in production,
// Vite in development), and the session lives in an HttpOnly cookie.
import type {
  ApiToken,
  ChatRequest,
  ChatResponse,
  ConversationMessage,
  Credentials,
  FeedStatus,
  FieldError,
  ImportReport,
  LoginSession,
  Me,
  NewFeed,
  NewTodo,
  NewToken,
  Priority,
  Problem,
  Todo,
  TodoFilter,
  TodoPatch,
  TodoSummary,
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

/** Ends every session and revokes every API token of the account, this session's too. */
export function logoutEverywhere(): Promise<void> {
  return request<void>("POST", "/auth/logout-everywhere");
}

// Sessions and API tokens (accounts mode) ----------------------------------

export function listSessions(): Promise<LoginSession[]> {
  return request<LoginSession[]>("GET", "/sessions");
}

export function endSession(id: number): Promise<void> {
  return request<void>("DELETE", `/sessions/${id}`);
}

export function listTokens(): Promise<ApiToken[]> {
  return request<ApiToken[]>("GET", "/tokens");
}

/** The new token, with its secret `token`: the only time the server shows it. */
export function createToken(token: NewToken): Promise<ApiToken> {
  return request<ApiToken>("POST", "/tokens", { body: token });
}

export function revokeToken(id: number): Promise<void> {
  return request<void>("DELETE", `/tokens/${id}`);
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
  return linkedNumber(link, "prev", "before");
}

/** The `offset` of a `Link: <…?offset=N…>; rel="next"` header. */
function linkedOffset(link: string | null, rel: string): number | null {
  return linkedNumber(link, rel, "offset");
}

/** A positive integer query parameter of the `Link` header's target with this `rel`. */
function linkedNumber(link: string | null, rel: string, param: string): number | null {
  for (const part of link?.split(",") ?? []) {
    const [target = "", ...params] = part.split(";");
    if (!params.some((p) => p.trim().replace(/"/g, "") === `rel=${rel}`)) continue;
    const url = new URL(target.trim().replace(/^<|>$/g, ""), "http://localhost");
    const value = Number(url.searchParams.get(param));
    return Number.isInteger(value) && value > 0 ? value : null;
  }
  return null;
}

// Todos ---------------------------------------------------------------------

const VIEW_QUERIES: Record<TodoFilter, Record<string, string>> = {
  open: { status: "open", sort: "order" },
  today: { status: "open", due: "today", sort: "due" },
  overdue: { status: "open", due: "overdue", sort: "due" },
  completed: { status: "completed", sort: "order" },
};

/** What the panel asks GET /todos for: a view, narrowed by the API's own filters. */
export interface TodoQuery {
  /** A view of the panel. */
  view: TodoFilter;
  tag?: string;
  priority?: Priority;
  /** Text in the title or notes. */
  q?: string;
  timezone: string;
  offset?: number;
  /** 1–500 (the server's bounds). */
  limit?: number;
}

/** One page of todos and the `offset` of the next, or null when there are no more. */
export interface TodoPage {
  todos: Todo[];
  next: number | null;
}

export async function listTodos(query: TodoQuery): Promise<TodoPage> {
  const params = new URLSearchParams(VIEW_QUERIES[query.view]);
  if (query.tag) params.set("tag", query.tag);
  if (query.priority) params.set("priority", query.priority);
  if (query.q?.trim()) params.set("q", query.q.trim());
  params.set("limit", String(query.limit ?? 500));
  if (query.offset) params.set("offset", String(query.offset));
  params.set("tz", query.timezone);
  const response = await send("GET", `/todos?${params.toString()}`, {});
  const todos = (await response.json()) as Todo[];
  return { todos, next: linkedOffset(response.headers.get("link"), "next") };
}

/** How many todos each view holds and the tags in use, counted by the server in `timezone`'s today. */
export function getTodoSummary(timezone: string): Promise<TodoSummary> {
  return request<TodoSummary>("GET", `/todos/summary?${new URLSearchParams({ tz: timezone }).toString()}`);
}

export function getTodo(id: number): Promise<Todo> {
  return request<Todo>("GET", `/todos/${id}`);
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
