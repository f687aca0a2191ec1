import { expect, test } from "./fixtures";

// Runs against a server with AUTH_MODE=accounts.
test("sign up, log out, log in, and a wrong password", async ({ page }) => {
  const username = `e2e-${Date.now().toString(36)}`;
  const password = "a long and unusual passphrase";
  await page.goto("/");

  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create an account" }).click();

  const input = page.getByRole("textbox", { name: "Message" });
  await expect(input).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(username);
  await input.fill("add renew passport");
  await input.press("Enter");
  await expect(page.getByRole("log").locator(".todo-card")).toContainText("Renew passport");

  await page.reload();
  await expect(page.getByRole("log").locator(".message--user")).toHaveText(["You: add renew passport"]);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("not the right password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong username or password.");

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("region", { name: "Todos" }).getByText("Renew passport")).toBeVisible();
  await expect(page.getByRole("log").locator(".message--user")).toHaveText(["You: add renew passport"]);

  // The session ends (here: the cookie is gone): the next call answers 401.
  await input.fill("a thought in progress");
  await page.context().clearCookies();
  await page.getByRole("checkbox", { name: "Done: Renew passport" }).click();
  await expect(page.getByRole("alert")).toHaveText("Your session expired, please log in again.");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(input).toHaveValue("a thought in progress");
});

test("a taken username and a weak password are explained next to their fields", async ({ page, baseURL }) => {
  const username = `e2e-taken-${Date.now().toString(36)}`;
  const taken = await page.request.post("/api/v1/auth/signup", {
    data: { username, password: "a long and unusual passphrase" },
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(taken.status()).toBe(201);
  await page.context().clearCookies();
  await page.goto("/");
  await page.getByRole("button", { name: "Create an account" }).click();

  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("another long passphrase");
  await page.getByRole("button", { name: "Create an account" }).click();
  await expect(page.locator("#auth-username-error")).toHaveText(/taken/);

  await page.getByLabel("Username").fill(`${username}-2`);
  await page.getByLabel("Password").fill("1234567890");
  await page.getByRole("button", { name: "Create an account" }).click();
  await expect(page.locator("#auth-password-error")).not.toBeEmpty();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
});
