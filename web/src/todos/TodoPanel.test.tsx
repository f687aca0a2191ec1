import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { NewTodo } from "../api/types";
import { localDate } from "../clock";
import { installFakeServer, json, makeTodo, problem } from "../test/fakeServer";
import { renderApp } from "../test/render";

async function openPanel() {
  const panel = await screen.findByRole("region", { name: "Todos" });
  return { panel, list: await within(panel).findByRole("list", { name: /todos$/ }) };
}

describe("the todo panel", () => {
  it("shows each todo's due date and time, priority, recurrence and tags", async () => {
    const server = installFakeServer();
    server.todos = [
      makeTodo({
        title: "Pay rent",
        due_date: "2031-05-01",
        due_time: "09:30",
        priority: "urgent",
        tags: ["home", "money"],
        recurrence: "FREQ=MONTHLY",
      }),
    ];
    renderApp();
    const { list } = await openPanel();

    const item = within(list).getByText("Pay rent").closest("li")!;
    expect(item.querySelector("time")?.getAttribute("dateTime")).toBe("2031-05-01T09:30");
    for (const text of ["Urgent", "Monthly", "#home", "#money"]) expect(within(item).getByText(text)).toBeTruthy();
  });

  it("completes a todo with its checkbox: it leaves the open list", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ id: 1, title: "Buy milk" }), makeTodo({ id: 2, title: "Call mom" })];
    const { user } = renderApp();
    const { list } = await openPanel();

    await user.click(within(list).getByRole("checkbox", { name: "Done: Buy milk" }));

    await waitFor(() => expect(within(list).queryByText("Buy milk")).toBeNull());
    expect(server.requestsTo("PATCH", "/api/v1/todos/1").map((r) => r.body)).toEqual([{ completed: true }]);
    expect(within(list).getByText("Call mom")).toBeTruthy();
  });

  it("puts a todo back and says why when completing it fails", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ id: 1, title: "Buy milk" })];
    server.on("PATCH", "/api/v1/todos/1", () => problem(503, "database unavailable"), 1);
    const { user } = renderApp();
    const { panel, list } = await openPanel();

    await user.click(within(list).getByRole("checkbox", { name: "Done: Buy milk" }));

    expect((await within(panel).findByRole("alert")).textContent).toContain("Couldn't complete “Buy milk”");
    await waitFor(() =>
      expect(within(list).getByRole<HTMLInputElement>("checkbox", { name: "Done: Buy milk" }).checked).toBe(false),
    );
  });

  it("edits a title in place: Enter saves, Escape cancels", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ id: 7, title: "Buy milk" })];
    const { user } = renderApp();
    const { list } = await openPanel();

    await user.click(within(list).getByRole("button", { name: "Edit: Buy milk" }));
    const field = within(list).getByRole("textbox", { name: "Title" });
    await user.clear(field);
    await user.type(field, "Buy oat milk{Enter}");

    expect(await within(list).findByText("Buy oat milk")).toBeTruthy();
    expect(server.requestsTo("PATCH", "/api/v1/todos/7").map((r) => r.body)).toEqual([{ title: "Buy oat milk" }]);
    expect(document.activeElement).toBe(within(list).getByRole("button", { name: "Edit: Buy oat milk" }));

    await user.click(within(list).getByRole("button", { name: "Edit: Buy oat milk" }));
    await user.type(within(list).getByRole("textbox", { name: "Title" }), " and eggs{Escape}");
    expect(within(list).getByText("Buy oat milk")).toBeTruthy();
    expect(server.requestsTo("PATCH", "/api/v1/todos/7")).toHaveLength(1);
  });

  it("shows the server's reason next to the title when an edit is refused", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ id: 7, title: "Buy milk" })];
    server.on("PATCH", "/api/v1/todos/7", () =>
      problem(422, "title: too long", { errors: [{ field: "title", message: "must be at most 500 characters" }] }),
    );
    const { user } = renderApp();
    const { list } = await openPanel();

    await user.click(within(list).getByRole("button", { name: "Edit: Buy milk" }));
    await user.type(within(list).getByRole("textbox", { name: "Title" }), "!{Enter}");

    const field = within(list).getByRole("textbox", { name: "Title" });
    await waitFor(() => expect(field.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(field.getAttribute("aria-describedby")!)?.textContent).toBe(
      "Must be at most 500 characters.",
    );
  });

  it("deletes a todo and Undo creates it again with all its fields", async () => {
    const server = installFakeServer();
    const original = makeTodo({
      id: 3,
      title: "Dentist",
      notes: "bring the card",
      due_date: "2031-02-03",
      due_time: "08:15",
      priority: "high",
      tags: ["health"],
      recurrence: "FREQ=YEARLY",
      order: 12,
    });
    server.todos = [original];
    const { user } = renderApp();
    const { panel, list } = await openPanel();

    await user.click(within(list).getByRole("button", { name: "Delete: Dentist" }));

    const toast = await within(panel).findByText(/Deleted/);
    expect(server.requestsTo("DELETE", "/api/v1/todos/3")).toHaveLength(1);
    await waitFor(() => expect(within(panel).queryByRole("list", { name: /todos$/ })).toBeNull());

    await user.click(within(toast.closest(".toast") as HTMLElement).getByRole("button", { name: "Undo" }));

    expect(await within(panel).findByText("Dentist")).toBeTruthy();
    const recreated = server.requestsTo("POST", "/api/v1/todos")[0]?.body as NewTodo;
    expect(recreated).toEqual({
      title: "Dentist",
      notes: "bring the card",
      completed: false,
      due_date: "2031-02-03",
      due_time: "08:15",
      priority: "high",
      tags: ["health"],
      recurrence: "FREQ=YEARLY",
      order: 12,
    });
  });

  it("adds a todo with a due date", async () => {
    const server = installFakeServer();
    const { user } = renderApp();
    const panel = await screen.findByRole("region", { name: "Todos" });

    await user.type(within(panel).getByRole("textbox", { name: "New todo" }), "Book flights");
    await user.type(within(panel).getByLabelText("Due date"), "2031-07-01");
    await user.click(within(panel).getByRole("button", { name: "Add" }));

    expect(await within(panel).findByText("Book flights")).toBeTruthy();
    expect(server.requestsTo("POST", "/api/v1/todos")[0]?.body).toEqual({
      title: "Book flights",
      due_date: "2031-07-01",
    });
    expect(within(panel).getByRole<HTMLInputElement>("textbox", { name: "New todo" }).value).toBe("");
  });

  it("asks the server for each filter, in the browser's time zone", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ title: "Done already", completed: true }), makeTodo({ title: "Still open" })];
    const { user } = renderApp();
    const { panel } = await openPanel();
    expect(within(panel).getByText("Still open")).toBeTruthy();

    await user.click(within(panel).getByRole("button", { name: /^Completed/ }));

    expect(await within(panel).findByText("Done already")).toBeTruthy();
    expect(within(panel).queryByText("Still open")).toBeNull();
    expect(within(panel).getByRole("button", { name: /^Completed/ }).getAttribute("aria-pressed")).toBe("true");

    await user.click(within(panel).getByRole("button", { name: /^Overdue/ }));
    await waitFor(() => {
      const query = server.requestsTo("GET", "/api/v1/todos").at(-1)?.query;
      expect(query?.get("due")).toBe("overdue");
      expect(query?.get("tz")).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    });
  });

  it("shows a title with markup as plain text", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ title: "<img src=x onerror=alert(1)>" })];
    renderApp();
    const { list } = await openPanel();

    expect(within(list).getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
  });

  it("counts the todos of each view from the server's summary, without reading every todo", async () => {
    const server = installFakeServer();
    server.todos = [
      makeTodo({ title: "Late", due_date: "2020-01-01" }),
      makeTodo({ title: "Today", due_date: localDate(new Date()) }),
      makeTodo({ title: "Someday" }),
      makeTodo({ title: "Done", completed: true }),
    ];
    renderApp();
    const { panel } = await openPanel();
    const views = within(panel).getByRole("group", { name: "Show" });
    await waitFor(() =>
      expect(within(views).getAllByRole("button").map((b) => b.textContent)).toEqual([
        "Open 3",
        "Today 1",
        "Overdue 1",
        "Completed 1",
      ]),
    );
    expect(within(panel).getByText("Late").closest("li")?.className).toContain("todo--overdue");
    expect(server.requestsTo("GET", "/api/v1/todos/summary")[0]?.query.get("tz")).toBeTruthy();
    expect(server.requestsTo("GET", "/api/v1/todos").map((r) => r.query.get("status"))).not.toContain("all");
  });

  it("searches and filters by tag and priority through the API's query", async () => {
    const server = installFakeServer();
    server.todos = [
      makeTodo({ title: "Pay rent", tags: ["home"], priority: "high" }),
      makeTodo({ title: "Write report", tags: ["work"], priority: "high" }),
      makeTodo({ title: "Water plants", tags: ["home"], priority: "low" }),
    ];
    const { user } = renderApp();
    const { panel } = await openPanel();
    await within(panel).findByRole("option", { name: "#work" });

    await user.selectOptions(within(panel).getByLabelText("Tag"), "#home");
    await user.selectOptions(within(panel).getByLabelText("Priority"), "High");
    await waitFor(() => expect(within(panel).queryByText("Water plants")).toBeNull());
    expect(within(panel).getByText("Pay rent")).toBeTruthy();
    expect(within(panel).queryByText("Write report")).toBeNull();

    await user.selectOptions(within(panel).getByLabelText("Tag"), "All tags");
    await user.type(within(panel).getByRole("searchbox", { name: "Search todos" }), "REPORT");
    await waitFor(() => expect(within(panel).queryByText("Pay rent")).toBeNull());
    const query = server.requestsTo("GET", "/api/v1/todos").at(-1)!.query;
    expect([query.get("q"), query.get("priority"), query.get("tag")]).toEqual(["REPORT", "high", null]);
  });

  it("moves a todo with the arrow keys on its handle and saves the new order", async () => {
    const server = installFakeServer();
    server.todos = [
      makeTodo({ id: 1, title: "First", order: 1 }),
      makeTodo({ id: 2, title: "Second", order: 2 }),
      makeTodo({ id: 3, title: "Third", order: 3 }),
    ];
    const { user } = renderApp();
    const { list } = await openPanel();

    within(list).getByRole("button", { name: "Move: Third, 3 of 3" }).focus();
    await user.keyboard("{ArrowUp}");

    await waitFor(() =>
      expect(within(list).getAllByRole("button", { name: /details/ }).map((b) => b.textContent)).toEqual([
        "First",
        "Third",
        "Second",
      ]),
    );
    expect(server.requestsTo("PATCH", "/api/v1/todos/3").map((r) => r.body)).toEqual([{ order: 2 }]);
    expect(server.requestsTo("PATCH", "/api/v1/todos/2").map((r) => r.body)).toEqual([{ order: 3 }]);
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Move: Third, 2 of 3");
  });

  it("shows a long list a page at a time", async () => {
    const server = installFakeServer();
    server.todos = Array.from({ length: 150 }, (_, i) => makeTodo({ title: `Todo ${i + 1}`, order: i + 1 }));
    server.on("GET", "/api/v1/todos", ({ query }) => {
      const offset = Number(query.get("offset") ?? 0);
      const limit = Number(query.get("limit"));
      const page = server.todos.slice(offset, offset + limit);
      const more = offset + limit < server.todos.length;
      return json(200, page, more ? { link: `</api/v1/todos?offset=${offset + limit}>; rel="next"` } : {});
    });
    const { user } = renderApp();
    const { panel, list } = await openPanel();
    expect(list.querySelectorAll(".todo")).toHaveLength(100);

    // By text: role queries over 100 rows are slow in jsdom.
    await user.click(within(panel).getByText("Show more"));
    await waitFor(() => expect(list.querySelectorAll(".todo")).toHaveLength(150));
    expect(within(panel).queryByText("Show more")).toBeNull();
  }, 15_000);
});
