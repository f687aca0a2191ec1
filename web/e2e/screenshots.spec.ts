import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { fileURLToPath } from "node:url";

// Screenshots for the docs: desktop and phone, light and dark, of one
// realistic conversation, and on the desktop the detail dialog and settings. Runs last-ish and replaces every todo of its server.
// They go to docs/screenshots/ only with UPDATE_SCREENSHOTS=1 (so a test run
// leaves the checkout clean), else to test-results/.
const OUT = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOTS === "1" ? "../../docs/screenshots/" : "../test-results/screenshots/", import.meta.url),
);

const CONVERSATION = [
  "remind me to call mom tomorrow at 5pm #family",
  "add pay rent on friday high priority #home",
  "add water the plants every monday",
  "add renew passport urgent",
  "what's due this week?",
];

async function stage(page: Page, baseURL: string) {
  const origin = new URL(baseURL).origin;
  await page.request.delete("/api/v1/todos", { headers: { origin } });
  await page.request.post("/api/v1/todos", {
    data: { title: "Book dentist appointment", tags: ["health"] },
    headers: { origin },
  });
  await page.goto("/");
  const input = page.getByRole("textbox", { name: "Message" });
  for (const message of CONVERSATION) {
    const replies = page.locator(".message--assistant:not(.typing)");
    const before = await replies.count();
    await input.fill(message);
    await input.press("Enter");
    await expect(replies).toHaveCount(before + 1);
  }
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test(`desktop, ${colorScheme}`, async ({ page, baseURL }) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await stage(page, baseURL!);
      await page.getByRole("region", { name: "Todos" }).getByText("Book dentist appointment").waitFor();
      await page.screenshot({ path: `${OUT}desktop-${colorScheme}.png` });

      await page.getByRole("button", { name: /^Pay rent \(details\)$/i }).first().click();
      await page.getByRole("dialog", { name: "Edit todo" }).waitFor();
      await page.screenshot({ path: `${OUT}desktop-detail-${colorScheme}.png` });
      await page.keyboard.press("Escape");

      await page.getByRole("link", { name: "Settings" }).click();
      await page.getByRole("heading", { name: "Settings" }).waitFor();
      await page.getByText("There is no feed.").or(page.getByText(/^The feed is on/)).waitFor();
      // Tall enough for every section (the screen scrolls inside the window).
      await page.setViewportSize({ width: 1280, height: 1250 });
      await page.screenshot({ path: `${OUT}desktop-settings-${colorScheme}.png` });
    });

    test.describe("phone", () => {
      test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

      test(`phone, ${colorScheme}`, async ({ page, baseURL }) => {
        await stage(page, baseURL!);
        await page.screenshot({ path: `${OUT}phone-${colorScheme}.png` });
        await page.getByRole("tab", { name: "Todos" }).click();
        await page.getByRole("region", { name: "Todos" }).getByText("Book dentist appointment").waitFor();
        await page.screenshot({ path: `${OUT}phone-todos-${colorScheme}.png` });
      });
    });
  });
}
