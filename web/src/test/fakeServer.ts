// An in-memory todo-api behind a stubbed fetch, for component tests: it keeps
// todos and conversations like the real server, records every request, and
// lets a test answer any route differently.
import { vi } from "vitest";
import type {
  ApiToken,
  AuthMode,
  ChatAction,
  ChatRequest,
  ChatResponse,
  ConversationMessage,
  LoginSession,
  Me,
  NewToken,
  Todo,
} from "../api/types";
import { localDate } from "../clock";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function problem(
  status: number,
  detail: string,
  fields: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ type: "about:blank", title: "Error", status, detail, ...fields }), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

let nextId = 100;

export function makeTodo(fields: Partial<Todo> = {}): Todo {
  const id = fields.id ?? ++nextId;
  return {
    id,
    title: "A todo",
    notes: null,
    completed: false,
    completed_at: null,
    due_date: null,
    due_time: null,
    remind_before: null,
    priority: "none",
    tags: [],
    recurrence: null,
    order: id,
    url: `http://localhost/api/v1/todos/${id}`,
    created_at: "2026-03-10T09:00:00Z",
    updated_at: "2026-03-10T09:00:00Z",
    ...fields,
  };
}

export class FakeServer {
  todos: Todo[] = [];
  sessions: LoginSession[] = [];
  tokens: ApiToken[] = [];
  conversations = new Map<string, ConversationMessage[]>();
  requests: RecordedRequest[] = [];
  me: Me | null;
  /** How the chat answers a message (default: an echo with no actions). */
  reply: (request: ChatRequest) => Omit<ChatResponse, "conversation_id"> = (request) => ({
    reply: `You said: ${request.message}`,
    intent: "unknown",
    actions: [],
    suggestions: [],
  });
  private overrides: { method: string; path: string; handler: Handler; times: number }[] = [];
  private messageId = 0;
  /** How many messages a page of history holds when the request sets no `limit` (the server's: 100). */
  historyPageSize = 100;

  constructor(authMode: AuthMode | "signed-out") {
    this.me =
      authMode === "signed-out"
        ? null
        : { id: 1, username: authMode === "accounts" ? "alice" : "local", auth_mode: authMode };
  }

  /** Answers `method path` with `handler` instead, for the next `times` requests (default: always). */
  on(method: string, path: string, handler: Handler, times = Infinity): this {
    this.overrides.push({ method, path, handler, times });
    return this;
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url, "http://localhost");
    const request: RecordedRequest = {
      method: (init.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    this.requests.push(request);
    const override = this.overrides.find((o) => o.method === request.method && o.path === request.path && o.times > 0);
    if (override) {
      override.times -= 1;
      return override.handler(request);
    }
    return this.route(request);
  };

  private route({ method, path, query, body }: RecordedRequest): Response {
    const route = `${method} ${path.replace(/\/\d+$/, "/{id}")}`;
    const id = Number(path.split("/").at(-1));
    const todo = this.todos.find((t) => t.id === id);
    switch (route) {
      case "GET /api/v1/me":
        return this.me ? json(200, this.me) : problem(401, "log in first");
      case "POST /api/v1/auth/logout":
        this.me = null;
        return new Response(null, { status: 204 });
      case "GET /api/v1/todos":
        return json(
          200,
          this.todos
            .filter((t) => matches(t, query))
            .sort((a, b) => (query.get("sort") === "order" ? a.order - b.order || a.id - b.id : 0)),
        );
      case "GET /api/v1/todos/summary":
        return json(200, summarize(this.todos, localDate(new Date())));
      case "POST /api/v1/todos": {
        const created = makeTodo(body as Partial<Todo>);
        this.todos.push(created);
        return json(201, created);
      }
      case "GET /api/v1/todos/{id}":
        return todo ? json(200, todo) : problem(404, "no such todo");
      case "PATCH /api/v1/todos/{id}":
        if (!todo) return problem(404, "no such todo");
        Object.assign(todo, body);
        return json(200, todo);
      case "DELETE /api/v1/todos/{id}":
        if (!todo) return problem(404, "no such todo");
        this.todos = this.todos.filter((t) => t !== todo);
        return new Response(null, { status: 204 });
      case "POST /api/v1/auth/logout-everywhere":
        this.me = null;
        this.sessions = [];
        this.tokens = [];
        return new Response(null, { status: 204 });
      case "GET /api/v1/sessions":
        return json(200, this.sessions);
      case "DELETE /api/v1/sessions/{id}":
        if (!this.sessions.some((s) => s.id === id)) return problem(404, "no such session");
        this.sessions = this.sessions.filter((s) => s.id !== id);
        return new Response(null, { status: 204 });
      case "GET /api/v1/tokens":
        return json(
          200,
          this.tokens.map((t) => ({ ...t, token: null })),
        );
      case "POST /api/v1/tokens": {
        const { name, expires_at } = body as NewToken;
        const at = "2026-03-10T09:00:00Z";
        const token = { id: ++nextId, name, expires_at: expires_at ?? null, created_at: at, last_used_at: at };
        this.tokens.unshift(token);
        return json(201, { ...token, token: `secret-${token.id}` });
      }
      case "DELETE /api/v1/tokens/{id}":
        if (!this.tokens.some((t) => t.id === id)) return problem(404, "no such token");
        this.tokens = this.tokens.filter((t) => t.id !== id);
        return new Response(null, { status: 204 });
      case "GET /api/v1/calendar/feed":
        return json(200, { exists: false, created_at: null });
      case "POST /api/v1/chat":
        return this.chat(body as ChatRequest);
    }
    const history = path.match(/^\/api\/v1\/conversations\/([^/]+)\/messages$/);
    if (method === "GET" && history) {
      const id = history[1] ?? "";
      const messages = this.conversations.get(decodeURIComponent(id));
      if (!messages) return problem(404, "no such conversation");
      // As the server: the latest `limit` (default 100) before `before`, and a Link to earlier ones.
      const before = Number(query.get("before") ?? Infinity);
      const limit = Number(query.get("limit") ?? this.historyPageSize);
      const older = messages.filter((m) => m.id < before);
      const page = older.slice(-limit);
      const response = json(200, page);
      if (older.length > page.length && page[0]) {
        response.headers.set("link", `</api/v1/conversations/${id}/messages?before=${page[0].id}&limit=${limit}>; rel="prev"`);
      }
      return response;
    }
    return problem(404, `no route ${method} ${path}`);
  }

  private chat(request: ChatRequest): Response {
    const id = request.conversation_id ?? `conversation-${this.conversations.size + 1}`;
    const messages = this.conversations.get(id);
    if (request.conversation_id && !messages) return problem(404, "no such conversation");
    const answer = this.reply(request);
    const log = messages ?? [];
    log.push(this.message("user", request.message, [], []));
    log.push(this.message("assistant", answer.reply, answer.actions, answer.suggestions));
    this.conversations.set(id, log);
    return json(200, { conversation_id: id, ...answer });
  }

  private message(role: ConversationMessage["role"], text: string, actions: ChatAction[], suggestions: string[]): ConversationMessage {
    return {
      id: ++this.messageId,
      role,
      text,
      intent: role === "assistant" ? "unknown" : null,
      actions,
      suggestions,
      created_at: "2026-03-10T09:00:00Z",
    };
  }
}

/** As the server counts: open, open and due today, open and due before today, completed; the tags in use. */
function summarize(todos: Todo[], today: string) {
  const open = todos.filter((t) => !t.completed);
  return {
    open: open.length,
    today: open.filter((t) => t.due_date === today).length,
    overdue: open.filter((t) => t.due_date !== null && t.due_date < today).length,
    completed: todos.length - open.length,
    tags: [...new Set(todos.flatMap((t) => t.tags))].sort(),
  };
}

function matches(todo: Todo, query: URLSearchParams): boolean {
  const status = query.get("status");
  if (status === "open" && todo.completed) return false;
  if (status === "completed" && !todo.completed) return false;
  const tag = query.get("tag");
  if (tag && !todo.tags.includes(tag)) return false;
  const priority = query.get("priority");
  if (priority && todo.priority !== priority) return false;
  const text = query.get("q")?.toLowerCase();
  if (text && !`${todo.title}\n${todo.notes ?? ""}`.toLowerCase().includes(text)) return false;
  return true;
}

/** Installs a fake server as `fetch` for the current test. */
export function installFakeServer(authMode: AuthMode | "signed-out" = "single-user"): FakeServer {
  const server = new FakeServer(authMode);
  vi.stubGlobal("fetch", vi.fn(server.fetch));
  return server;
}
