import { defineConfig, devices } from "@playwright/test";

// Run by scripts/e2e.sh, which starts todo-api and todo-web and passes BASE_URL.
// The browser is Debian's Chromium: Playwright cannot download its own here.
const baseURL = process.env.BASE_URL;
if (!baseURL) throw new Error("Set BASE_URL to the running todo-web (scripts/e2e.sh does this)");

export default defineConfig({
  testDir: "./e2e",
  // The specs share one server and its database.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL,
    ...devices["Desktop Chrome"],
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
    trace: "retain-on-failure",
  },
  projects: [
    // Against a server with AUTH_MODE=single-user: no login.
    { name: "single-user", testIgnore: /accounts\.spec\.ts/ },
    // Against a server with AUTH_MODE=accounts.
    { name: "accounts", testMatch: /accounts\.spec\.ts/ },
  ],
});
