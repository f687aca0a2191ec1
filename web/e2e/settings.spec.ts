import { readFile } from "node:fs/promises";
import { expect, test, unique } from "./fixtures";

// The calendar feed, export and import from the settings screen (single-user server).
test("a calendar feed by its URL alone, an export download and an import with its report", async ({ page, baseURL }) => {
  const title = unique("Dentist");
  const origin = new URL(baseURL!).origin;
  await page.goto("/");
  const created = await page.request.post("/api/v1/todos", {
    data: { title, due_date: "2031-05-01", due_time: "09:30" },
    headers: { origin },
  });
  expect(created.status()).toBe(201);

  await page.getByRole("button", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeFocused();
  const feed = page.getByRole("region", { name: "Calendar feed" });
  await feed.getByRole("button", { name: /Create feed URL|Make a new URL/ }).click();
  const url = await feed.getByLabel(/Subscribe to this URL/).inputValue();
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

  await page.getByRole("button", { name: "Back to the todos" }).click();
  await expect(page.getByRole("region", { name: "Todos" }).getByText(imported)).toBeVisible();
});
