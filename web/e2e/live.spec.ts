import { expect, test } from "./fixtures";

// Live updates and reminders, against a server with AUTH_MODE=single-user.

test("a change in one browser shows in another within a second, and one made over the API too", async ({ browser, page, request }) => {
  await page.goto("/");
  const other = await (await browser.newContext()).newPage();
  await other.goto("/");
  const panel = (p: typeof page) => p.locator("#todos-view");
  await expect(panel(other).getByRole("heading", { name: "Todos" })).toBeVisible();

  const title = `Water the plants ${Date.now().toString(36)}`;
  const input = page.getByRole("textbox", { name: "Message" });
  await input.fill(`add ${title}`);
  await input.press("Enter");
  await expect(page.getByRole("log").locator(".todo-card")).toContainText(title);
  await expect(panel(other)).toContainText(title, { timeout: 1_000 });

  // A change by another client (an agent, a script) reaches both pages.
  const agent = `From an agent ${Date.now().toString(36)}`;
  const created = await request.post("/api/v1/todos", { data: { title: agent }, headers: { Origin: new URL(page.url()).origin } });
  expect(created.status()).toBe(201);
  await expect(panel(page)).toContainText(agent, { timeout: 1_000 });
  await expect(panel(other)).toContainText(agent, { timeout: 1_000 });
  await other.context().close();
});

test("a todo reminds at its due time minus its offset, and Done completes it", async ({ page, request }) => {
  const now = new Date();
  now.setSeconds(0, 0);
  await page.clock.install({ time: now });
  const due = new Date(now.getTime() + 40 * 60_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const title = `Dentist ${Date.now().toString(36)}`;
  const created = await request.post("/api/v1/todos", {
    data: {
      title,
      due_date: `${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}`,
      due_time: `${pad(due.getHours())}:${pad(due.getMinutes())}`,
      remind_before: 30,
    },
    headers: { Origin: new URL(test.info().project.use.baseURL!).origin },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  await page.goto("/");
  const banner = page.getByRole("alert", { name: "Reminders" });
  await page.clock.fastForward("09:00");
  await expect(banner).toHaveCount(0);
  await page.clock.fastForward("01:30");
  await expect(banner).toContainText(title);
  await banner.getByRole("button", { name: "Done" }).click();
  await expect(banner).toHaveCount(0);
  await expect.poll(async () => ((await (await request.get(`/api/v1/todos/${id}`)).json()) as { completed: boolean }).completed).toBe(true);
});
