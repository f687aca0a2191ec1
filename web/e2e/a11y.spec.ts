import { addTodo } from "./api";
import { expectNoAxeViolations } from "./axe";
import { expect, test, unique } from "./fixtures";

// axe-core on every screen of the single-user app (chat, panel, detail,
// settings), light and dark, on a desktop and at 360 px; the login screen and
// the accounts settings are in settings.accounts.spec.ts. Also the keyboard
// path through them: no mouse anywhere below.

for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [1280, 360]) {
    test.describe(`${colorScheme}, ${width} px`, () => {
      test.use({ colorScheme, viewport: { width, height: 800 } });

      test("chat, panel, detail and settings have no axe violations", async ({ page, request, baseURL }) => {
        const title = unique("Axe check");
        await addTodo(request, baseURL!, { title, tags: ["a11y"], priority: "high", due_date: "2020-05-06" });
        await page.goto("/");
        const input = page.getByRole("textbox", { name: "Message" });
        await input.fill("show my todos");
        await input.press("Enter");
        await expect(page.locator(".message--assistant .todo-card").first()).toBeVisible();
        await expectNoAxeViolations(page, "the chat");

        if (width < 700) await page.getByRole("tab", { name: "Todos" }).click();
        const opener = page.getByRole("region", { name: "Todos" }).getByRole("button", { name: `${title} (details)` });
        await expect(opener).toBeVisible();
        await expectNoAxeViolations(page, "the todo panel");

        await opener.click();
        await expect(page.getByRole("dialog", { name: "Edit todo" })).toBeVisible();
        await expectNoAxeViolations(page, "the detail dialog");
        await page.keyboard.press("Escape");

        await page.goto("/#settings");
        await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
        await expectNoAxeViolations(page, "settings");
        // With a secret shown once (the feed's new URL).
        const feed = page.getByRole("region", { name: "Calendar feed" });
        await feed.getByRole("button", { name: /Create feed URL|Make a new URL/ }).click();
        await expect(feed.getByLabel(/Subscribe to this URL/)).toBeFocused();
        await expectNoAxeViolations(page, "settings with a feed URL");
      });
    });
  }
}

test("keyboard only: add a todo, open its details, change the priority, reach settings", async ({ page, request }) => {
  const title = unique("Keyboard todo");
  await page.goto("/");
  await page.getByRole("textbox", { name: "New todo" }).focus();
  await page.keyboard.type(title);
  await page.keyboard.press("Enter");
  const opener = page.getByRole("button", { name: `${title} (details)` });
  await expect(opener).toBeVisible();

  // Search for it, then Tab from the search box to the todo's title button, and open it.
  await page.getByRole("searchbox", { name: "Search todos" }).focus();
  await page.keyboard.type(title);
  await expect(page.locator(".todo")).toHaveCount(1);
  for (let i = 0; i < 15 && !(await opener.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(opener).toBeFocused();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Edit todo" });
  await expect(dialog.getByLabel("Title")).toBeFocused();
  await dialog.getByLabel("Priority").focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowDown"); // No priority → Urgent.
  await dialog.getByRole("button", { name: "Save" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  const todos = (await (await request.get("/api/v1/todos?status=open&limit=500")).json()) as { title: string; priority: string }[];
  expect(todos.find((t) => t.title === title)?.priority).toBe("urgent");

  await page.getByRole("link", { name: "Settings" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeFocused();
});
