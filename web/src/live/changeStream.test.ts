import { afterEach, describe, expect, it, vi } from "vitest";
import { makeTodo } from "../test/fakeServer";
import { backoffDelay, followChanges, type ChangeEvent, type StreamStatus } from "./changeStream";
import { applyChange } from "./useLiveChanges";

/** A stand-in for the browser's EventSource that the test drives. */
class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(public url: string) {
    FakeEventSource.opened.push(this);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  send(event: ChangeEvent) {
    this.onmessage?.({ data: JSON.stringify(event) } as MessageEvent<string>);
  }
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  FakeEventSource.opened = [];
});

describe("the change stream", () => {
  it("waits longer after each failed attempt, up to 30 s", () => {
    expect([0, 1, 2, 5, 9].map((attempt) => backoffDelay(attempt, () => 0))).toEqual([1000, 2000, 4000, 30000, 30000]);
    expect(backoffDelay(0, () => 1)).toBe(1200);
  });

  it("reports its status, and reconnects after a refusal resuming after the last event", () => {
    vi.useFakeTimers();
    vi.stubGlobal("EventSource", FakeEventSource);
    const statuses: StreamStatus[] = [];
    const events: ChangeEvent[] = [];
    const stop = followChanges({ onEvent: (e) => events.push(e), onStatus: (s) => statuses.push(s) });
    const first = FakeEventSource.opened[0]!;
    expect(first.url).toBe("/api/v1/events");
    first.onopen?.();
    first.send({ id: 4, type: "ready" });
    first.send({ id: 5, type: "created", todo: makeTodo({ id: 9 }) });
    first.readyState = FakeEventSource.CLOSED;
    first.onerror?.();
    expect(statuses).toEqual(["connecting", "online", "offline"]);
    vi.advanceTimersByTime(1300);
    expect(FakeEventSource.opened[1]?.url).toBe("/api/v1/events?last_event_id=5");
    expect(events.map((e) => e.type)).toEqual(["ready", "created"]);
    stop();
    expect(FakeEventSource.opened[1]!.readyState).toBe(FakeEventSource.CLOSED);
  });

  it("keeps the latest state of each todo it mentions", () => {
    const todo = makeTodo({ id: 3, title: "Old" });
    let latest = applyChange(new Map(), { id: 1, type: "updated", todo: { ...todo, title: "New" } });
    expect(latest.get(3)).toMatchObject({ title: "New" });
    latest = applyChange(latest, { id: 2, type: "cleared", ids: [3, 4] });
    expect(latest.get(3)).toBe("deleted");
    expect(latest.get(4)).toBe("deleted");
  });
});
