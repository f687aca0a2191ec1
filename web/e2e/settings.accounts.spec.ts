import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";

// Runs against a server with AUTH_MODE=accounts: the settings screen's
// account, sessions and API tokens, and axe on the login and settings screens.

async function signUp(page: Page): Promise<string> {
  const username = `set-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  await page.goto("/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("a long and unusual passphrase");
  await page.getByRole("button", { name: "Create an account" }).click();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  return username;
}

test("API tokens: create with a name and an expiry, copy the secret once, use it, revoke it", async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseURL!).origin });
  const username = await signUp(page);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("region", { name: "Account" })).toContainText(username);
  await expect(page.getByRole("region", { name: "Sessions" })).toContainText("This session");

  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Name").fill("e2e script");
  // Within the session's own lifetime (a token never outlives the credential that makes it).
  const inTenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const expiry = `${inTenDays.getFullYear()}-${pad(inTenDays.getMonth() + 1)}-${pad(inTenDays.getDate())}`;
  await tokens.getByLabel("Expires on (optional)").fill(expiry);
  await tokens.getByRole("button", { name: "Create token" }).click();

  const secretField = tokens.getByLabel("Your new token “e2e script”");
  await expect(secretField).toBeFocused();
  const secret = await secretField.inputValue();
  expect(secret.length).toBeGreaterThan(20);
  await tokens.getByRole("button", { name: "Copy" }).click();
  await expect(tokens.getByText("Copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await tokens.getByRole("button", { name: "Done" }).click();
  await expect(tokens.getByLabel(/Your new token/)).toHaveCount(0);
  await expect(tokens.getByRole("list", { name: "API tokens" })).toContainText(`expires`);

  const bearer = { authorization: `Bearer ${secret}` };
  const me = await page.request.get("/api/v1/me", { headers: bearer });
  expect(me.status()).toBe(200);

  await tokens.getByRole("button", { name: "Revoke e2e script" }).click();
  await expect(tokens.getByText("No API tokens yet.")).toBeVisible();
  expect((await page.request.get("/api/v1/todos", { headers: bearer })).status()).toBe(401);
});

test("an expiry the API refuses shows its message beside the expiry", async ({ page }) => {
  await signUp(page);
  await page.goto("/#settings");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Name").fill("too late");
  await tokens.getByLabel("Expires on (optional)").fill("2000-01-01");
  await tokens.getByRole("button", { name: "Create token" }).click();
  const expiry = tokens.getByLabel("Expires on (optional)");
  await expect(expiry).toHaveAttribute("aria-invalid", "true");
  await expect(tokens.getByText("Must be in the future.")).toBeVisible();
});

test("log out everywhere ends this session too", async ({ page }) => {
  await signUp(page);
  await page.goto("/#settings");
  const account = page.getByRole("region", { name: "Account" });
  await account.getByRole("button", { name: "Log out everywhere…" }).click();
  await account.getByRole("button", { name: "Log out everywhere", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
});

for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [1280, 360]) {
    test.describe(`${colorScheme}, ${width} px`, () => {
      test.use({ colorScheme, viewport: { width, height: 800 } });

      test("login and settings have no axe violations", async ({ page }) => {
        await page.goto("/");
        await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
        await expectNoAxeViolations(page, "the login screen");
        await signUp(page);
        await page.goto("/#settings");
        await expect(page.getByRole("region", { name: "Sessions" })).toContainText("This session");
        await expectNoAxeViolations(page, "settings (accounts)");
      });
    });
  }
}
