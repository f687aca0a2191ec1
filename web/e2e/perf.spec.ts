import { expect, test, unique } from "./fixtures";

// Time from pressing Enter to the reply on screen, measured in the page: a
// keydown listener notes performance.now(), a MutationObserver sees the reply
// and a requestAnimationFrame callback marks the frame that paints it. Printed,
// not asserted: it depends on the machine. Also prints the layout shift the
// page recorded (the Layout Instability API), which should stay at zero.
const MESSAGES = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

test("Enter to reply rendered, over 20 messages", async ({ page }) => {
  await page.goto("/");
  const input = page.getByRole("textbox", { name: "Message" });
  await expect(input).toBeFocused();
  // A route (the fixture's CSP) would hold every request for Playwright to look at.
  await page.unrouteAll();

  await page.evaluate(() => {
    const w = window as unknown as { __timings: number[]; __shift: number };
    w.__timings = [];
    w.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) w.__shift += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
    let pressed = 0;
    document.addEventListener(
      "keydown",
      (event) => {
        if (event.key === "Enter" && !event.shiftKey) pressed = performance.now();
      },
      true,
    );
    const log = document.querySelector('[role="log"]')!;
    let seen = log.querySelectorAll(".message--assistant:not(.typing)").length;
    new MutationObserver(() => {
      const count = log.querySelectorAll(".message--assistant:not(.typing)").length;
      if (count > seen && pressed) {
        seen = count;
        const start = pressed;
        pressed = 0;
        requestAnimationFrame(() => w.__timings.push(performance.now() - start));
      }
    }).observe(log, { childList: true, subtree: true });
  });

  // Half adds, half undos of them: the database is left as it was.
  for (let i = 0; i < MESSAGES; i++) {
    const message = i % 2 === 0 ? `add ${unique("timing check")}` : "undo";
    await input.fill(message);
    await input.press("Enter");
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __timings: number[] }).__timings.length))
      .toBe(i + 1);
  }

  const { timings, requests, shift } = await page.evaluate(() => {
    const w = window as unknown as { __timings: number[]; __shift: number };
    const requests = performance
      .getEntriesByType("resource")
      .filter((entry) => entry.name.endsWith("/api/v1/chat"))
      .map((entry) => entry.duration);
    return { timings: w.__timings, requests, shift: w.__shift };
  });
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    return `median ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, max ${ms(sorted.at(-1) ?? NaN)}`;
  };
  console.log(`Enter → reply rendered, ${timings.length} messages: ${summary(timings)}`);
  console.log(`  of which the POST /api/v1/chat round trip: ${summary(requests)}`);
  console.log(`  cumulative layout shift while chatting: ${shift.toFixed(4)}`);
  expect(timings).toHaveLength(MESSAGES);
});

// The todo panel with 1,000 open todos: the panel shows a page of 100 (Show
// more adds the next), so these stay flat as the list grows. Measured in the
// page, from the click to the frame after the rows are in the DOM.
const PANEL_TODOS = 1000;

test("the todo panel with 1,000 todos: load, switch views, show more", async ({ page, request, baseURL }) => {
  test.setTimeout(180_000);
  const marker = unique("perf").replace(" ", "-");
  const headers = { origin: new URL(baseURL!).origin };
  for (let start = 0; start < PANEL_TODOS; start += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request.post("/api/v1/todos", { data: { title: `${marker} ${start + i}`, tags: ["perf"] }, headers }),
      ),
    );
  }

  await page.goto("/");
  await page.waitForFunction(() => document.querySelectorAll(".todo").length >= 100);
  const loaded = await page.evaluate(() => performance.now());
  const panel = page.getByRole("region", { name: "Todos" });
  await expect(panel.getByRole("button", { name: /^Open \d+$/ })).toHaveText(/\d{4}/);

  /** Clicks `button` and resolves with the ms until the frame after the list has `rows` rows. */
  const timeClick = (name: RegExp, rows: number) =>
    page.evaluate(
      ({ source, rows }) =>
        new Promise<number>((resolve) => {
          const button = Array.from(document.querySelectorAll<HTMLButtonElement>(".todo-panel button")).find((b) =>
            new RegExp(source).test(b.textContent ?? ""),
          )!;
          const start = performance.now();
          const check = () => {
            if (document.querySelectorAll(".todo").length >= rows) {
              requestAnimationFrame(() => resolve(performance.now() - start));
            } else {
              requestAnimationFrame(check);
            }
          };
          button.click();
          requestAnimationFrame(check);
        }),
      { source: name.source, rows },
    );

  const switches: number[] = [];
  for (let i = 0; i < 5; i++) {
    await panel.getByRole("button", { name: /^Completed/ }).click();
    await expect(panel.locator(".todo")).not.toHaveCount(100);
    switches.push(await timeClick(/^Open/, 100));
  }
  const more = await timeClick(/^Show more$/, 200);

  // The counts and tags come from GET /todos/summary (counted by the database), after each change.
  const summaries = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((entry) => entry.name.includes("/api/v1/todos/summary"))
      .map((entry) => ({ ms: entry.duration, bytes: (entry as PerformanceResourceTiming).encodedBodySize })),
  );
  const sorted = [...switches].sort((a, b) => a - b);
  console.log(`todo panel, ${PANEL_TODOS}+ open todos: first 100 rows ${loaded.toFixed(0)} ms after navigation start`);
  console.log(`  Completed → Open (100 rows): median ${percentile(sorted, 50).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
  console.log(`  Show more (100 → 200 rows): ${more.toFixed(1)} ms`);
  console.log(
    `  counts (GET /todos/summary): ${summaries.map(({ ms, bytes }) => `${ms.toFixed(1)} ms, ${bytes} B`).join("; ")}`,
  );
  expect(summaries.length, "the counts come from the summary").toBeGreaterThan(0);
  expect(percentile(sorted, 50), "switching views stays well under a second").toBeLessThan(1000);

  await request.delete(`/api/v1/todos?q=${encodeURIComponent(marker)}`, { headers });
});
