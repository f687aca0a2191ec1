import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// jsdom has no EventSource: the live stream stays connecting (tests that
// follow it stub their own).
class IdleEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  readyState = 0;
  onopen = null;
  onmessage = null;
  onerror = null;
  close() {
    this.readyState = 2;
  }
}
// Assigned, not stubbed: tests that unstub their globals keep it.
globalThis.EventSource ??= IdleEventSource as unknown as typeof EventSource;

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
