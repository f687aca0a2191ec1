import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { installFakeServer, json, problem } from "../test/fakeServer";
import { renderApp } from "../test/render";

const at = "2026-03-10T09:00:00Z";

async function openSettings() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("link", { name: "Settings" }));
  await screen.findByRole("heading", { name: "Settings" });
  return app;
}

const section = (name: string) => screen.getByRole("region", { name });

afterEach(() => {
  window.location.hash = "";
});

describe("the settings screen", () => {
  it("says in single-user mode that sessions and tokens need accounts mode", async () => {
    installFakeServer("single-user");
    await openSettings();
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Settings" }));
    expect(within(section("Sessions")).getByText(/Sessions need accounts mode/)).toBeTruthy();
    expect(within(section("API tokens")).getByText(/API tokens need accounts mode/)).toBeTruthy();
    expect(within(section("Account")).queryByRole("button", { name: "Log out" })).toBeNull();
    // The feed, export and import need no account.
    expect(await within(section("Calendar feed")).findByRole("button", { name: "Create feed URL" })).toBeTruthy();
    expect(within(section("Export")).getAllByRole("link")).toHaveLength(2);
    expect(within(section("Import")).getByRole("button", { name: "Import" })).toBeTruthy();
  });

  it("lists the sessions and ends another one", async () => {
    const server = installFakeServer("accounts");
    server.sessions = [
      { id: 1, created_at: at, last_used_at: at, expires_at: null, current: true },
      { id: 2, created_at: "2026-03-01T09:00:00Z", last_used_at: at, expires_at: null, current: false },
    ];
    const { user } = await openSettings();
    const sessions = section("Sessions");
    expect(await within(sessions).findByText("This session")).toBeTruthy();

    await user.click(within(sessions).getByRole("button", { name: /^End the session/ }));
    await waitFor(() => expect(within(sessions).getAllByRole("listitem")).toHaveLength(1));
    expect(server.requestsTo("DELETE", "/api/v1/sessions/2")).toHaveLength(1);
  });

  it("creates a token with an expiry, shows its secret once, and revokes it", async () => {
    const server = installFakeServer("accounts");
    const { user } = await openSettings();
    const tokens = section("API tokens");
    await within(tokens).findByText("No API tokens yet.");

    await user.type(within(tokens).getByLabelText("Name"), "laptop script");
    await user.type(within(tokens).getByLabelText("Expires on (optional)"), "2031-01-31");
    await user.click(within(tokens).getByRole("button", { name: "Create token" }));

    const secret = await within(tokens).findByLabelText("Your new token “laptop script”");
    expect((secret as HTMLInputElement).value).toMatch(/^secret-/);
    expect(document.activeElement).toBe(secret);
    const sent = server.requestsTo("POST", "/api/v1/tokens")[0]?.body as { name: string; expires_at: string };
    expect(sent.name).toBe("laptop script");
    expect(new Date(sent.expires_at).getDate()).toBe(31);

    await user.click(within(tokens).getByRole("button", { name: "Done" }));
    expect(within(tokens).queryByLabelText(/Your new token/)).toBeNull();
    expect(document.activeElement).toBe(within(tokens).getByLabelText("Name"));
    await user.click(await within(tokens).findByRole("button", { name: "Revoke laptop script" }));
    await within(tokens).findByText("No API tokens yet.");
    expect(server.tokens).toEqual([]);
  });

  it("shows the API's reason beside the token field it is about", async () => {
    const server = installFakeServer("accounts");
    server.on("POST", "/api/v1/tokens", () =>
      problem(422, "invalid token", { errors: [{ field: "expires_at", message: "must be in the future" }] }),
    );
    const { user } = await openSettings();
    const tokens = section("API tokens");
    await user.type(within(tokens).getByLabelText("Name"), "ci");
    await user.click(within(tokens).getByRole("button", { name: "Create token" }));

    const expiry = within(tokens).getByLabelText("Expires on (optional)");
    await waitFor(() => expect(expiry.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(expiry.getAttribute("aria-describedby")!)?.textContent).toBe("Must be in the future.");
  });

  it("logs out everywhere after a confirmation", async () => {
    const server = installFakeServer("accounts");
    const { user } = await openSettings();
    const account = section("Account");
    expect(within(account).getByText("alice")).toBeTruthy();

    await user.click(within(account).getByRole("button", { name: "Log out everywhere…" }));
    expect(server.requestsTo("POST", "/api/v1/auth/logout-everywhere")).toHaveLength(0);
    await user.click(within(account).getByRole("button", { name: "Log out everywhere" }));

    expect(await screen.findByRole("button", { name: "Log in" })).toBeTruthy();
    expect(server.requestsTo("POST", "/api/v1/auth/logout-everywhere")).toHaveLength(1);
  });

  it("makes a calendar feed URL, shows it once, and turns the feed off", async () => {
    const server = installFakeServer("accounts");
    const url = "http://localhost/api/v1/calendar/tc_secret.ics";
    server
      .on("POST", "/api/v1/calendar/feed", () => json(201, { url, created_at: "2026-03-10T09:00:00Z" }))
      .on("DELETE", "/api/v1/calendar/feed", () => new Response(null, { status: 204 }));
    const { user } = await openSettings();
    const feed = section("Calendar feed");
    expect(await within(feed).findByText("There is no feed.")).toBeTruthy();

    await user.click(within(feed).getByRole("button", { name: "Create feed URL" }));

    const secret = await within(feed).findByLabelText("Subscribe to this URL in your calendar app");
    expect((secret as HTMLInputElement).value).toBe(url);
    expect(document.activeElement).toBe(secret);
    expect(within(feed).getByText(/^The feed is on/)).toBeTruthy();
    await user.click(within(feed).getByRole("button", { name: "Done" }));
    expect(within(feed).queryByDisplayValue(url)).toBeNull();
    expect(document.activeElement).toBe(within(feed).getByRole("button", { name: /Make a new URL/ }));

    await user.click(within(feed).getByRole("button", { name: "Turn the feed off" }));

    expect(await within(feed).findByText("There is no feed.")).toBeTruthy();
    expect(within(feed).queryByDisplayValue(url)).toBeNull();
    expect(server.requestsTo("DELETE", "/api/v1/calendar/feed")).toHaveLength(1);
  });

  it("offers both exports as downloads", async () => {
    installFakeServer();
    await openSettings();
    const exports = section("Export");
    const links = within(exports).getAllByRole("link");
    expect(links.map((link) => link.getAttribute("href"))).toEqual(["/api/v1/export?format=json", "/api/v1/export?format=ics"]);
    expect(links.every((link) => link.hasAttribute("download"))).toBe(true);
  });

  it("uploads a file and shows the import's report, or what was wrong with it", async () => {
    const server = installFakeServer();
    server
      .on(
        "POST",
        "/api/v1/import",
        () =>
          json(200, {
            format: "todoist-csv",
            created: [{ item: "line 2", id: 7 }],
            skipped: [{ item: "line 5", reason: "a section creates no todo" }],
          }),
        1,
      )
      .on("POST", "/api/v1/import", () =>
        problem(422, "2 items cannot be imported (nothing was); see errors", {
          errors: [
            { field: "line 2", message: "DATE \"someday\" cannot be read" },
            { field: "line 3", message: "PRIORITY \"7\" must be 1 (highest) to 4" },
          ],
        }),
      );
    const { user } = await openSettings();
    const importer = section("Import");
    const file = new File(["TYPE,CONTENT\ntask,Buy milk\n"], "todoist.csv", { type: "text/csv" });

    await user.upload(within(importer).getByLabelText(/Todoist CSV/), file);
    await user.click(within(importer).getByRole("button", { name: "Import" }));

    const report = await within(importer).findByRole("status");
    expect(report.textContent).toContain("Imported 1 todo, skipped 1.");
    expect(within(report).getByRole("list", { name: "Skipped" }).textContent).toContain("line 5: a section creates no todo");
    const fetched = (globalThis.fetch as unknown as { mock: { calls: [string, RequestInit][] } }).mock.calls.find(
      ([path]) => path === "/api/v1/import",
    );
    expect(fetched?.[1].body).toBe(file);

    await user.click(within(importer).getByRole("button", { name: "Import" }));

    const alert = await within(importer).findByRole("alert");
    expect(alert.textContent).toContain("Nothing was imported.");
    expect(alert.textContent).toContain("line 3: PRIORITY");
  });
});
