// The shapes of the todo-api JSON documents, under the names the UI uses.
// They are aliases of ./schema.ts, which `npm run gen:api` generates from the
// server's OpenAPI document (`todo-api openapi`); make test fails when the
// committed schema.ts and the server's document drift apart.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Priority = Schemas["Priority"];
/** A todo as the API answers it, with the URL of its resource. */
export type Todo = Schemas["TodoResource"];
/** The fields a client may set when creating a todo. */
export type NewTodo = Schemas["CreateTodoBody"];
/** A JSON merge patch of a todo. */
export type TodoPatch = Schemas["PatchTodoBody"];

export type ActionType = Schemas["ActionKind"];
export type ChatAction = Schemas["ActionBody"];
export type ChatRequest = Schemas["ChatRequest"];
export type ChatResponse = Schemas["ChatResponse"];
export type ConversationMessage = Schemas["MessageBody"];

export type AuthMode = Schemas["AuthMode"];
export type User = Schemas["UserBody"];
/** Who is signed in (GET /me); in single-user mode, the one local user. */
export type Me = Schemas["MeBody"];
export type Credentials = Schemas["Credentials"];

export type FeedStatus = Schemas["FeedStatusBody"];
/** A new calendar feed: its secret URL, shown once. */
export type NewFeed = Schemas["NewFeedBody"];
export type ImportReport = Schemas["ImportReport"];

export type FieldError = Schemas["FieldError"];
/** An RFC 9457 problem document; an error page from a proxy may lack any part of it. */
export type Problem = Partial<Schemas["Problem"]>;

/** The counts per view and the tags in use (GET /todos/summary). */
export type TodoSummary = Schemas["SummaryBody"];

/** The views of the todo panel, each a GET /todos query (the UI's own names). */
export type TodoFilter = "open" | "today" | "overdue" | "completed";

export type LoginSession = Schemas["LoginSessionBody"];
/** A personal API token; `token` (the secret) only in the answer that created it. */
export type ApiToken = Schemas["TokenBody"];
export type NewToken = Schemas["NewTokenBody"];
