// The page every spec uses: it fails the test on anything the app must never
// do: a request to another origin, a script error, a content-security-policy
// violation, or a dialog (an XSS payload that ran).
import { test as base, expect, type Page } from "@playwright/test";

// The policy todo-web serves; added here to the page when the server sends none,
// so the specs always prove the UI needs no inline script or style.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export const test = base.extend<{ page: Page }>({
  page: async ({ page, baseURL }, use) => {
    const origin = new URL(baseURL!).origin;
    const problems: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin !== origin && url.protocol !== "data:")
        problems.push(`request to another origin: ${request.url()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      // A 401 from /me before login is expected and the browser logs every failed fetch.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on("dialog", (dialog) => {
      problems.push(`a dialog opened: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const served = await page.request.get("/");
    if (!served.headers()["content-security-policy"]) {
      // Routing makes Playwright hold every request of the page for a moment:
      // only when the server does not set the policy itself.
      await page.route(
        (url) => url.origin === origin && !url.pathname.startsWith("/api/") && !url.pathname.startsWith("/assets/"),
        async (route) => {
          const response = await route.fetch();
          const headers = { ...response.headers(), "content-security-policy": CSP };
          await route.fulfill({ response, headers });
        },
      );
    }

    await use(page);

    expect(problems, "the page did something it never should").toEqual([]);
  },
});

export { expect };

/** A title no earlier test used, so specs sharing one database stay apart. */
export function unique(title: string): string {
  return `${title} ${Math.random().toString(36).slice(2, 7)}`;
}
