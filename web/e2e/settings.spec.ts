import { readFile } from "node:fs/promises";
import { expect, test, unique } from "./fixtures";

// The settings screen against a single-user server: what needs accounts says
// so; the calendar feed, export and import work.

test("settings in single-user mode say that sessions and tokens need accounts mode, and offer the rest", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/#settings$/);
  await expect(page.getByRole("heading", { name: "Settings" })).toBeFocused();
  await expect(page.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("region", { name: "Sessions" })).toContainText("Sessions need accounts mode");
  await expect(page.getByRole("region", { name: "API tokens" })).toContainText("API tokens need accounts mode");
  await expect(page.getByRole("region", { name: "Calendar feed" }).getByRole("button", { name: /Create feed URL|Make a new URL/ })).toBeEnabled();
  await expect(page.getByRole("region", { name: "Export" }).getByRole("link")).toHaveCount(2);
  await expect(page.getByRole("region", { name: "Import" }).getByRole("button", { name: "Import", exact: true })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
});

test("a calendar feed by its URL alone, an export download and an import with its report", async ({ page, baseURL }) => {
  const title = unique("Dentist");
  const origin = new URL(baseURL!).origin;
  await page.goto("/");
  const created = await page.request.post("/api/v1/todos", {
    data: { title, due_date: "2031-05-01", due_time: "09:30" },
    headers: { origin },
  });
  expect(created.status()).toBe(201);

  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeFocused();
  const feed = page.getByRole("region", { name: "Calendar feed" });
  await feed.getByRole("button", { name: /Create feed URL|Make a new URL/ }).click();
  const secret = feed.getByLabel(/Subscribe to this URL/);
  await expect(secret).toBeFocused();
  const url = await secret.inputValue();
  const calendar = await page.request.get(url);
  expect(calendar.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(await calendar.text()).toContain(`SUMMARY:${title}`);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download JSON" }).click();
  const exported = JSON.parse(await readFile(await (await download).path(), "utf8")) as { todos: { title: string }[] };
  expect(exported.todos.map((todo) => todo.title)).toContain(title);

  const imported = unique("Imported from Todoist");
  const importer = page.getByRole("region", { name: "Import" });
  await importer.getByLabel(/Todoist CSV/).setInputFiles({
    name: "todoist.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE\ntask,${imported},,1,1,,,tomorrow,en,\n`),
  });
  await importer.getByRole("button", { name: "Import", exact: true }).click();
  await expect(importer.getByRole("status")).toContainText("Imported 1 todo");

  await page.getByRole("link", { name: "Back to todos" }).click();
  await expect(page.getByRole("region", { name: "Todos" }).getByText(imported)).toBeVisible();
});
