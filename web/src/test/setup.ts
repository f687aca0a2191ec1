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

// jsdom has <dialog> but not its modal methods: enough of them for the components.
if (!HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new Event("close"));
  };
}
