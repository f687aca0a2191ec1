import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../api/types";
import { installFakeServer, json, makeTodo, problem } from "../test/fakeServer";
import { renderApp } from "../test/render";

const log = () => screen.getByRole("log", { name: "Conversation" });
const input = () => screen.findByRole("textbox", { name: "Message" });

describe("the chat", () => {
  it("shows the reply with the todos it created as cards, and its suggestions", async () => {
    const server = installFakeServer();
    server.reply = () => ({
      reply: "Added “Buy milk” for tomorrow.",
      intent: "add",
      actions: [
        {
          type: "created",
          todos: [
            makeTodo({
              title: "Buy milk",
              due_date: "2030-01-02",
              due_time: "17:00",
              priority: "high",
              tags: ["home"],
            }),
          ],
        },
      ],
      suggestions: ["Show my todos", "Undo"],
    });
    const { user } = renderApp();

    await user.type(await input(), "add buy milk tomorrow{Enter}");

    const reply = await within(log()).findByText("Added “Buy milk” for tomorrow.");
    const message = reply.closest("article")!;
    expect(within(message).getByText("Added")).toBeTruthy();
    expect(within(message).getByText("Buy milk")).toBeTruthy();
    expect(within(message).getByText("High")).toBeTruthy();
    expect(within(message).getByText("#home")).toBeTruthy();
    expect(message.querySelector("time")?.getAttribute("dateTime")).toBe("2030-01-02T17:00");
    const suggestions = within(log()).getByRole("list", { name: "Suggestions" });
    expect(
      within(suggestions)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Show my todos", "Undo"]);
  });

  it("sends a suggestion when it is picked, and keeps the focus in the input", async () => {
    const server = installFakeServer();
    server.reply = (request) => ({
      reply: `Reply to ${request.message}`,
      intent: "help",
      actions: [],
      suggestions: ["What's overdue?"],
    });
    const { user } = renderApp();
    await user.type(await input(), "hello{Enter}");

    await user.click(await within(log()).findByRole("button", { name: "What's overdue?" }));

    await within(log()).findByText("Reply to What's overdue?");
    expect(server.requestsTo("POST", "/api/v1/chat").map((r) => (r.body as ChatRequest).message)).toEqual([
      "hello",
      "What's overdue?",
    ]);
    expect(document.activeElement).toBe(await input());
  });

  it("numbers the todos of a list as cards, under the reply's summary line only", async () => {
    const server = installFakeServer();
    server.reply = () => ({
      reply: "Open todos (2):\n1. First\n2. Second",
      intent: "list",
      actions: [{ type: "listed", todos: [makeTodo({ title: "First" }), makeTodo({ title: "Second" })] }],
      suggestions: [],
    });
    const { user } = renderApp();
    await user.type(await input(), "show my todos{Enter}");

    const list = (await within(log()).findByText("Second")).closest("ol")!;
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["First", "Second"]);
    expect(within(log()).getByText("Open todos (2):")).toBeTruthy();
    expect(within(log()).getAllByText(/Second/)).toHaveLength(1);
  });

  it("renders a title with markup as plain text", async () => {
    const server = installFakeServer();
    const title = `<img src=x onerror="window.__xss=1">`;
    server.reply = () => ({
      reply: `Added “${title}”.`,
      intent: "add",
      actions: [{ type: "created", todos: [makeTodo({ title })] }],
      suggestions: [],
    });
    const { user } = renderApp();

    await user.type(await input(), `add ${title.replace(/[{[]/g, "$&$&")}{Enter}`);

    await within(log()).findByText(`Added “${title}”.`);
    expect(within(log()).getByText(title)).toBeTruthy();
    expect(within(log()).getByText(`add ${title}`)).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
  });

  it("sends on Enter and starts a new line on Shift+Enter", async () => {
    const server = installFakeServer();
    const { user } = renderApp();
    const box = (await input()) as HTMLTextAreaElement;

    await user.type(box, "first line{Shift>}{Enter}{/Shift}second line");
    expect(box.value).toBe("first line\nsecond line");
    expect(server.requestsTo("POST", "/api/v1/chat")).toHaveLength(0);

    await user.keyboard("{Enter}");
    await waitFor(() =>
      expect(server.requestsTo("POST", "/api/v1/chat").map((r) => (r.body as ChatRequest).message)).toEqual([
        "first line\nsecond line",
      ]),
    );
    const sent = within(log()).getByText(
      (_, element) => element?.className === "message__text" && element.textContent === "You: first line\nsecond line",
    );
    expect(sent).toBeTruthy();
    expect(box.value).toBe("");
    expect(document.activeElement).toBe(box);
  });

  it("sends the browser's time zone and clock with every message", async () => {
    const server = installFakeServer();
    const { user } = renderApp();
    const before = Date.now();

    await user.type(await input(), "what's due today?{Enter}");
    await within(log()).findByText("You said: what's due today?");

    const body = server.requestsTo("POST", "/api/v1/chat")[0]?.body as ChatRequest;
    expect(body.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(body.locale).toBe(navigator.language);
    expect(Date.parse(body.now ?? "")).toBeGreaterThanOrEqual(before - 1000);
    expect(body.conversation_id).toBeNull();
  });

  it("shows that the assistant is typing while the reply is on its way", async () => {
    const server = installFakeServer();
    let answer: (response: Response) => void = () => {};
    server.on("POST", "/api/v1/chat", () => new Promise<Response>((resolve) => (answer = resolve)), 1);
    const { user } = renderApp();

    await user.type(await input(), "hello{Enter}");
    expect(await within(log()).findByText("Assistant is typing…")).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Send" }).disabled).toBe(true);

    act(() => answer(json(200, { conversation_id: "c1", reply: "Hi!", intent: "greeting", actions: [], suggestions: [] })));
    await within(log()).findByText("Hi!");
    expect(within(log()).queryByText("Assistant is typing…")).toBeNull();
  });

  it("shows a failed message as an error in the conversation, and Retry sends it again", async () => {
    const server = installFakeServer();
    server.on("POST", "/api/v1/chat", () => problem(503, "database unavailable"), 1);
    const { user } = renderApp();

    await user.type(await input(), "add call mom{Enter}");
    const alert = await within(log()).findByRole("alert");
    expect(alert.textContent).toContain("Couldn't send your message. The server had a problem (503).");

    await user.click(within(alert).getByRole("button", { name: "Retry" }));

    await within(log()).findByText("You said: add call mom");
    expect(within(log()).queryByRole("alert")).toBeNull();
    expect(within(log()).getAllByText("add call mom")).toHaveLength(1);
    expect(server.requestsTo("POST", "/api/v1/chat")).toHaveLength(2);
  });

  it("says so when the server cannot be reached", async () => {
    installFakeServer().on("POST", "/api/v1/chat", () => Promise.reject(new TypeError("Failed to fetch")), 1);
    const { user } = renderApp();

    await user.type(await input(), "hello{Enter}");

    expect((await within(log()).findByRole("alert")).textContent).toContain("Can't reach the server");
  });

  it("continues the same conversation after a reload and shows its history", async () => {
    const server = installFakeServer();
    const first = renderApp();
    await first.user.type(await input(), "add buy milk{Enter}");
    await within(log()).findByText("You said: add buy milk");
    first.unmount();

    const second = renderApp();
    await input();
    expect(await within(log()).findByText("You said: add buy milk")).toBeTruthy();
    await second.user.type(await input(), "and bread{Enter}");
    await within(log()).findByText("You said: and bread");

    const conversationIds = server
      .requestsTo("POST", "/api/v1/chat")
      .map((r) => (r.body as ChatRequest).conversation_id);
    expect(conversationIds).toEqual([null, "conversation-1"]);
  });

  it("restores the latest page of a long history, and earlier messages on request", async () => {
    const server = installFakeServer();
    const first = renderApp();
    for (const text of ["one", "two", "three"]) {
      await first.user.type(await input(), `${text}{Enter}`);
      await within(log()).findByText(`You said: ${text}`);
    }
    first.unmount();
    server.historyPageSize = 4;

    const second = renderApp();
    await input();
    expect(await within(log()).findByText("You said: three")).toBeTruthy();
    expect(within(log()).getByText("You said: two")).toBeTruthy();
    expect(within(log()).queryByText("You said: one")).toBeNull();

    await second.user.click(within(log()).getByRole("button", { name: "Show earlier messages" }));
    expect(await within(log()).findByText("You said: one")).toBeTruthy();
    const texts = within(log())
      .getAllByText(/You said: /)
      .map((element) => element.textContent?.replace(/^.*You said: /, ""));
    expect(texts).toEqual(["one", "two", "three"]);
    expect(within(log()).queryByRole("button", { name: "Show earlier messages" })).toBeNull();
  });

  it("starts afresh when the remembered conversation no longer exists", async () => {
    installFakeServer();
    window.localStorage.setItem("todo-chatbot.conversation.1", "gone");
    renderApp();

    expect(await screen.findByText("What needs doing?")).toBeTruthy();
    expect(window.localStorage.getItem("todo-chatbot.conversation.1")).toBeNull();
  });

  it("refreshes the todo panel after every reply", async () => {
    const server = installFakeServer();
    server.reply = () => {
      const todo = makeTodo({ title: "Water the plants" });
      server.todos.push(todo);
      return {
        reply: "Added “Water the plants”.",
        intent: "add",
        actions: [{ type: "created", todos: [todo] }],
        suggestions: [],
      };
    };
    const { user } = renderApp();
    const panel = await screen.findByRole("region", { name: "Todos" });
    await within(panel).findByText(/Nothing open/);

    await user.type(await input(), "add water the plants{Enter}");

    await waitFor(() => expect(within(panel).getByText("Water the plants")).toBeTruthy());
  });

  it("forgets the conversation on New chat", async () => {
    const server = installFakeServer();
    const { user } = renderApp();
    await user.type(await input(), "hello{Enter}");
    await within(log()).findByText("You said: hello");

    await user.click(screen.getByRole("button", { name: "New chat" }));
    expect(within(log()).queryByText("You said: hello")).toBeNull();
    await user.type(await input(), "again{Enter}");
    await within(log()).findByText("You said: again");

    expect(server.requestsTo("POST", "/api/v1/chat").map((r) => (r.body as ChatRequest).conversation_id)).toEqual([
      null,
      null,
    ]);
  });
});
