import { expect, test, unique } from "./fixtures";
import type { Page } from "@playwright/test";

const log = (page: Page) => page.getByRole("log", { name: "Conversation" });
const panel = (page: Page) => page.getByRole("region", { name: "Todos" });

async function say(page: Page, message: string) {
  const input = page.getByRole("textbox", { name: "Message" });
  await input.fill(message);
  const replies = log(page).locator(".message--assistant:not(.typing)");
  const before = await replies.count();
  await input.press("Enter");
  await expect(replies).toHaveCount(before + 1);
  return replies.last();
}

test("a todo added in the chat shows as a card and in the panel; ticked in the panel, the chat agrees", async ({
  page,
}) => {
  await page.goto("/");

  const reply = await say(page, "add buy milk tomorrow");
  await expect(reply.locator(".message__text")).toContainText("Added “Buy milk” for tomorrow");
  const card = reply.locator(".todo-card", { hasText: "Buy milk" });
  await expect(card).toBeVisible();
  await expect(card.locator("time")).toHaveText("Tomorrow");
  await expect(panel(page).getByRole("listitem").filter({ hasText: "Buy milk" })).toBeVisible();

  await panel(page).getByRole("checkbox", { name: "Done: Buy milk" }).click();
  await expect(panel(page).getByText("Buy milk")).toHaveCount(0);

  const open = await say(page, "what's open?");
  await expect(open.locator(".message__text")).not.toContainText("Buy milk");
  await panel(page).getByRole("button", { name: "Completed" }).click();
  await expect(panel(page).getByRole("listitem").filter({ hasText: "Buy milk" })).toBeVisible();
});

test("a reload continues the conversation and shows its history", async ({ page }) => {
  const title = unique("Call the plumber");
  await page.goto("/");
  await say(page, `remind me to ${title} friday at 9am`);

  await page.reload();

  await expect(log(page).locator(".message--user")).toHaveText([`You: remind me to ${title} friday at 9am`]);
  await expect(log(page).locator(".message--assistant .todo-card")).toContainText(title, { ignoreCase: true });
  const undone = await say(page, "undo");
  await expect(undone.locator(".message__text")).toContainText(/undid|removed|deleted|took back/i);
  await expect(panel(page).getByText(title, { exact: false })).toHaveCount(0);
});

test("a title with markup is shown as text, from the chat and from the panel", async ({ page }) => {
  const payload = `<img src=x onerror=alert(1)>`;
  await page.goto("/");

  const reply = await say(page, `add ${payload} tomorrow`);
  await expect(reply.locator(".todo-card__title")).toHaveText(payload);

  const viaPanel = `<script>alert(2)</script> ${unique("note")}`;
  await panel(page).getByRole("textbox", { name: "New todo" }).fill(viaPanel);
  await panel(page).getByRole("button", { name: "Add" }).click();

  await expect(panel(page).getByText(payload, { exact: true })).toBeVisible();
  await expect(panel(page).getByText(viaPanel, { exact: true })).toBeVisible();
  expect(await page.locator("img[src=x], main script").count()).toBe(0);
  // The fixture fails the test if a dialog opened.
});

test("works from the keyboard alone", async ({ page }) => {
  const title = unique("keyboard task");
  await page.goto("/");
  const input = page.getByRole("textbox", { name: "Message" });
  await expect(input).toBeFocused();
  await page.locator("body").click({ position: { x: 5, y: 400 } }); // start from nowhere in particular
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  for (let i = 0; i < 10 && !(await input.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(input).toBeFocused();
  await page.keyboard.type(`add ${title}`);
  await page.keyboard.press("Enter");
  await expect(log(page).locator(".todo-card", { hasText: title })).toBeVisible();
  await expect(input).toBeFocused();

  const checkbox = panel(page).getByRole("checkbox", { name: new RegExp(`Done: ${title}`, "i") });
  await expect(checkbox).toBeVisible();
  // Tab to the panel's search (the list before the new todo may be long), narrow it to the new todo, Tab on to it.
  const search = panel(page).getByRole("searchbox", { name: "Search todos" });
  for (let i = 0; i < 30 && !(await search.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(search).toBeFocused();
  await page.keyboard.type(title);
  await expect(panel(page).locator(".todo")).toHaveCount(1);
  for (let i = 0; i < 20 && !(await checkbox.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(checkbox).toBeFocused();
  const outline = await checkbox.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Space");

  await expect(panel(page).getByText(title, { exact: false })).toHaveCount(0);
  await expect(page.locator(":focus")).toHaveCount(1);
});

test.describe("on a 360 px wide phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("nothing scrolls sideways and the todos are one tab away", async ({ page }) => {
    const title = unique("a rather long todo title that has to wrap on a small phone screen");
    await page.goto("/");
    await say(page, `add ${title} tomorrow at 6pm #errands high priority`);

    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);

    await page.getByRole("tab", { name: "Todos" }).click();
    await expect(
      panel(page)
        .getByRole("listitem")
        .filter({ hasText: /a rather long todo title/i })
        .first(),
    ).toBeVisible();
    await expect(log(page)).toBeHidden();
    expect(await overflow()).toBe(0);

    await page.getByRole("tab", { name: "Chat" }).click();
    await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  });
});
