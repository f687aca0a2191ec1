import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeServer, makeTodo, problem } from "../../test/fakeServer";
import { renderApp } from "../../test/render";

const panel = () => screen.getByRole("region", { name: "Todos" });
const dialog = () => screen.getByRole("dialog", { name: "Edit todo" });

async function openDetail(title: string) {
  const app = renderApp();
  const todos = await screen.findByRole("region", { name: "Todos" });
  await app.user.click(await within(todos).findByRole("button", { name: `${title} (details)` }));
  await waitFor(() => expect(dialog()).toBeTruthy());
  return app;
}

describe("the todo detail dialog", () => {
  it("edits every field in one PATCH of the changed ones, and gives the focus back to the title", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ id: 1, title: "Buy milk", tags: ["home"] }), makeTodo({ id: 2, tags: ["errands"] })];
    const { user } = await openDetail("Buy milk");

    expect(document.activeElement).toBe(within(dialog()).getByLabelText("Title"));
    await user.type(within(dialog()).getByLabelText("Notes"), "oat, not cow");
    await user.type(within(dialog()).getByLabelText("Due date"), "2030-01-02");
    await user.type(within(dialog()).getByLabelText("Time"), "17:30");
    await user.selectOptions(within(dialog()).getByLabelText("Priority"), "High");
    await user.click(within(dialog()).getByRole("button", { name: "Remove tag home" }));
    await user.type(within(dialog()).getByLabelText("New tag"), "#Errands{Enter}");
    await user.selectOptions(within(dialog()).getByLabelText("Repeats"), "Custom RRULE…");
    await user.type(within(dialog()).getByLabelText("RRULE"), "FREQ=WEEKLY;BYDAY=MO");
    await user.click(within(dialog()).getByRole("button", { name: "Save" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(server.requestsTo("PATCH", "/api/v1/todos/1").map((r) => r.body)).toEqual([
      {
        notes: "oat, not cow",
        due_date: "2030-01-02",
        due_time: "17:30",
        priority: "high",
        tags: ["errands"],
        recurrence: "FREQ=WEEKLY;BYDAY=MO",
      },
    ]);
    expect(document.activeElement).toBe(within(panel()).getByRole("button", { name: "Buy milk (details)" }));
  });

  it("shows the API's field errors beside their fields", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ id: 1, title: "Buy milk" })];
    server.on("PATCH", "/api/v1/todos/1", () =>
      problem(422, "invalid todo", { errors: [{ field: "recurrence", message: "is not a valid RRULE" }] }),
    );
    const { user } = await openDetail("Buy milk");
    await user.selectOptions(within(dialog()).getByLabelText("Repeats"), "Custom RRULE…");
    await user.type(within(dialog()).getByLabelText("RRULE"), "FREQ=SOMETIMES");
    await user.click(within(dialog()).getByRole("button", { name: "Save" }));

    const rrule = within(dialog()).getByLabelText("RRULE");
    await waitFor(() => expect(rrule.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(rrule.getAttribute("aria-describedby")!)?.textContent).toBe("Is not a valid RRULE.");
  });

  it("deletes with undo, which creates the todo again with its fields", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ id: 1, title: "Buy milk", priority: "urgent", tags: ["home"] })];
    const { user } = await openDetail("Buy milk");
    await user.click(within(dialog()).getByRole("button", { name: "Delete" }));

    const undo = await screen.findByRole("button", { name: "Undo" });
    await waitFor(() => expect(document.activeElement).toBe(undo));
    expect(server.todos).toEqual([]);
    await user.click(undo);
    await waitFor(() => expect(server.todos.map((t) => [t.title, t.priority, t.tags])).toEqual([["Buy milk", "urgent", ["home"]]]));
  });

  it("closes on Cancel without saving", async () => {
    const server = installFakeServer();
    server.todos = [makeTodo({ id: 1, title: "Buy milk" })];
    const { user } = await openDetail("Buy milk");
    await user.type(within(dialog()).getByLabelText("Title"), " and bread");
    await user.click(within(dialog()).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(server.requestsTo("PATCH", "/api/v1/todos/1")).toEqual([]);
  });

  it("opens from a chat card with the todo as it is now", async () => {
    const server = installFakeServer();
    const card = makeTodo({ id: 7, title: "Call mom" });
    server.todos = [{ ...card, notes: "about the trip" }];
    server.reply = () => ({ reply: "Added “Call mom”.", intent: "add", actions: [{ type: "created", todos: [card] }], suggestions: [] });
    const { user } = renderApp();
    await user.type(await screen.findByRole("textbox", { name: "Message" }), "add call mom{Enter}");
    const log = screen.getByRole("log", { name: "Conversation" });
    await user.click(await within(log).findByRole("button", { name: "Call mom (details)" }));

    await waitFor(() => expect(within(dialog()).getByLabelText<HTMLTextAreaElement>("Notes").value).toBe("about the trip"));
  });
});
