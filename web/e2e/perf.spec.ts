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
