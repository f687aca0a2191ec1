import type { Page } from "@playwright/test";
import { addTodo, getTodo, originOf } from "./api";
import { expect, test, unique } from "./fixtures";

// The todo panel and the detail dialog, through the UI, against a single-user server.

const panel = (page: Page) => page.getByRole("region", { name: "Todos" });
const dialog = (page: Page) => page.getByRole("dialog", { name: "Edit todo" });

test("the detail dialog edits every field and shows the API's validation message beside its field", async ({
  page,
  request,
  baseURL,
}) => {
  const title = unique("Dentist");
  const todo = await addTodo(request, baseURL!, { title, tags: ["health"] });
  await page.goto("/");
  const opener = panel(page).getByRole("button", { name: `${title} (details)` });
  await opener.click();

  await expect(dialog(page).getByLabel("Title")).toBeFocused();
  await dialog(page).getByLabel("Notes").fill("bring the insurance card");
  await dialog(page).getByLabel("Due date").fill("2031-02-03");
  await dialog(page).getByLabel("Time").fill("08:15");
  await dialog(page).getByLabel("Priority").selectOption({ label: "High" });
  await dialog(page).getByRole("button", { name: "Remove tag health" }).click();
  await dialog(page).getByLabel("New tag").fill("#Teeth");
  await dialog(page).getByLabel("New tag").press("Enter");
  await dialog(page).getByLabel("Repeats").selectOption({ label: "Custom RRULE…" });
  await dialog(page).getByLabel("RRULE").fill("FREQ=SOMETIMES");
  await dialog(page).getByRole("button", { name: "Save" }).click();

  // The server refuses the rule: its message shows beside the RRULE field, and nothing is saved.
  const rrule = dialog(page).getByLabel("RRULE");
  await expect(rrule).toHaveAttribute("aria-invalid", "true");
  const errorId = await rrule.getAttribute("aria-describedby");
  await expect(page.locator(`[id="${errorId}"]`)).not.toBeEmpty();
  expect((await getTodo(request, todo.id)).notes).toBeNull();

  await rrule.fill("FREQ=YEARLY;BYMONTH=2");
  await dialog(page).getByRole("button", { name: "Save" }).click();
  await expect(dialog(page)).toBeHidden();
  await expect(opener).toBeFocused();

  const saved = await getTodo(request, todo.id);
  expect(saved).toMatchObject({
    notes: "bring the insurance card",
    due_date: "2031-02-03",
    due_time: "08:15",
    priority: "high",
    tags: ["teeth"],
    recurrence: "FREQ=YEARLY;BYMONTH=2",
  });
  await expect(panel(page).locator(`[data-todo-id="${todo.id}"]`)).toContainText("#teeth");
});

test("Escape closes the dialog and returns the focus; delete from it has undo", async ({ page, request, baseURL }) => {
  const title = unique("Old chore");
  await addTodo(request, baseURL!, { title, priority: "urgent" });
  await page.goto("/");
  const opener = panel(page).getByRole("button", { name: `${title} (details)` });
  await opener.focus();
  await page.keyboard.press("Enter");
  await expect(dialog(page)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog(page)).toBeHidden();
  await expect(opener).toBeFocused();

  await page.keyboard.press("Enter");
  await dialog(page).getByRole("button", { name: "Delete" }).click();
  await expect(panel(page).getByText(title)).toBeHidden();
  const undo = page.getByRole("button", { name: "Undo" });
  await expect(undo).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panel(page).getByRole("button", { name: `${title} (details)` })).toBeVisible();
});

test("opens the detail dialog from a chat card", async ({ page }) => {
  const title = unique("Card todo");
  await page.goto("/");
  const input = page.getByRole("textbox", { name: "Message" });
  await input.fill(`add ${title}`);
  await input.press("Enter");
  await page.getByRole("log").getByRole("button", { name: /\(details\)$/ }).last().click();
  await expect(dialog(page).getByLabel("Title")).toHaveValue(new RegExp(title.split(" ")[0] ?? title, "i"));
});

test("counts per view, search, and the tag and priority filters", async ({ page, request, baseURL }) => {
  const tag = unique("t").replace(" ", "").toLowerCase();
  await addTodo(request, baseURL!, { title: unique("Late bill"), tags: [tag], priority: "high", due_date: "2020-01-02" });
  await addTodo(request, baseURL!, { title: unique("Water plants"), tags: [tag], priority: "low" });
  const quiet = await addTodo(request, baseURL!, { title: unique("Quiet thing") });
  await page.goto("/");

  const overdue = panel(page).getByRole("button", { name: /^Overdue \d+$/ });
  await expect(overdue).toBeVisible();
  await expect(panel(page).locator(".todo--overdue").first()).toBeVisible();

  await panel(page).getByLabel("Tag").selectOption(tag);
  await expect(panel(page).locator(".todo")).toHaveCount(2);
  await panel(page).getByLabel("Priority").selectOption({ label: "High" });
  await expect(panel(page).locator(".todo")).toHaveCount(1);
  await expect(panel(page).locator(".todo")).toContainText("Late bill");

  await panel(page).getByLabel("Tag").selectOption({ label: "All tags" });
  await panel(page).getByLabel("Priority").selectOption({ label: "Any priority" });
  await panel(page).getByRole("searchbox", { name: "Search todos" }).fill(quiet.title.toUpperCase());
  await expect(panel(page).locator(".todo")).toHaveCount(1);
  await expect(panel(page).locator(".todo")).toContainText(quiet.title);
});

test("reorders by keyboard and by drag, and the order survives a reload", async ({ page, request, baseURL }) => {
  const tag = unique("order").replace(" ", "").toLowerCase();
  for (const name of ["One", "Two", "Three"]) await addTodo(request, baseURL!, { title: `${name} ${tag}`, tags: [tag] });
  await page.goto("/");
  await panel(page).getByLabel("Tag").selectOption(tag);
  const titles = panel(page).locator(".todo .detail-button");
  await expect(titles).toHaveText([`One ${tag}`, `Two ${tag}`, `Three ${tag}`]);

  await panel(page).getByRole("button", { name: `Move: Three ${tag}, 3 of 3` }).focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(titles).toHaveText([`Three ${tag}`, `One ${tag}`, `Two ${tag}`]);
  await expect(panel(page).getByRole("button", { name: `Move: Three ${tag}, 1 of 3` })).toBeFocused();

  await panel(page).locator(".todo").nth(2).dragTo(panel(page).locator(".todo").nth(0));
  await expect(titles).toHaveText([`Two ${tag}`, `Three ${tag}`, `One ${tag}`]);

  await page.reload();
  await panel(page).getByLabel("Tag").selectOption(tag);
  await expect(titles).toHaveText([`Two ${tag}`, `Three ${tag}`, `One ${tag}`]);
});

test("a list reply shows its summary and the cards once, with suggestions that fit", async ({ page, request, baseURL }) => {
  await request.delete("/api/v1/todos?status=completed", { headers: originOf(baseURL!) });
  await addTodo(request, baseURL!, { title: unique("Finished one"), completed: true });
  await page.goto("/");
  const input = page.getByRole("textbox", { name: "Message" });
  await input.fill("show completed");
  await input.press("Enter");

  const reply = page.locator(".message--assistant").last();
  await expect(reply.locator(".message__text")).toHaveText(/^Assistant: Completed todos \(1\):$/);
  await expect(reply.locator(".todo-card")).toHaveCount(1);
  const chips = page.getByRole("list", { name: "Suggestions" }).getByRole("button");
  await expect(chips.first()).toHaveText("Reopen 1");
  await expect(chips.filter({ hasText: "Done 1" })).toHaveCount(0);
});
