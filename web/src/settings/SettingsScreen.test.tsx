import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeServer, json, problem } from "../test/fakeServer";
import { renderApp } from "../test/render";

async function openSettings() {
  const rendered = renderApp();
  await rendered.user.click(await screen.findByRole("button", { name: "Settings" }));
  const settings = await screen.findByRole("region", { name: "Settings" });
  return { ...rendered, settings };
}

describe("the settings screen", () => {
  it("makes a calendar feed URL, shows it once, and turns the feed off", async () => {
    const server = installFakeServer("accounts");
    const url = "http://localhost/api/v1/calendar/tc_secret.ics";
    server
      .on("GET", "/api/v1/calendar/feed", () => json(200, { exists: false, created_at: null }))
      .on("POST", "/api/v1/calendar/feed", () => json(201, { url, created_at: "2026-03-10T09:00:00Z" }))
      .on("DELETE", "/api/v1/calendar/feed", () => new Response(null, { status: 204 }));
    const { user, settings } = await openSettings();
    const feed = within(settings).getByRole("region", { name: "Calendar feed" });
    expect(document.activeElement).toBe(within(settings).getByRole("heading", { name: "Settings" }));
    expect((await within(feed).findByRole("status")).textContent).toBe("There is no feed.");

    await user.click(within(feed).getByRole("button", { name: "Create feed URL" }));

    expect(await within(feed).findByDisplayValue(url)).toBeTruthy();
    expect(within(feed).getByRole("status").textContent).toContain("The feed is on");
    expect(within(feed).getByRole("button", { name: /Make a new URL/ })).toBeTruthy();

    await user.click(within(feed).getByRole("button", { name: "Turn the feed off" }));

    await waitFor(() => expect(within(feed).getByRole("status").textContent).toBe("There is no feed."));
    expect(within(feed).queryByDisplayValue(url)).toBeNull();
    expect(server.requestsTo("DELETE", "/api/v1/calendar/feed")).toHaveLength(1);
  });

  it("offers both exports as downloads", async () => {
    const server = installFakeServer();
    server.on("GET", "/api/v1/calendar/feed", () => json(200, { exists: false, created_at: null }));
    const { settings } = await openSettings();
    const exports = within(settings).getByRole("region", { name: "Export" });
    const links = within(exports).getAllByRole("link");
    expect(links.map((link) => link.getAttribute("href"))).toEqual(["/api/v1/export?format=json", "/api/v1/export?format=ics"]);
    expect(links.every((link) => link.hasAttribute("download"))).toBe(true);
  });

  it("uploads a file and shows the import's report, or what was wrong with it", async () => {
    const server = installFakeServer();
    server
      .on("GET", "/api/v1/calendar/feed", () => json(200, { exists: false, created_at: null }))
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
    const { user, settings } = await openSettings();
    const importer = within(settings).getByRole("region", { name: "Import" });
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
