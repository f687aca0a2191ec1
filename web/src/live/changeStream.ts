// The live stream of the user's changes (GET /api/v1/events, Server-Sent
// Events). The browser's EventSource reconnects by itself after a dropped
// connection, sending Last-Event-ID; when the server refuses (429, 503, a
// proxy's error page) it gives up, so this reconnects then with a growing
// delay, resuming after the last event seen.
import type { components } from "../api/schema";

export type ChangeEvent = components["schemas"]["ChangeEvent"];

export type StreamStatus = "connecting" | "online" | "offline";

export interface ChangeStreamHandlers {
  onEvent: (event: ChangeEvent) => void;
  onStatus: (status: StreamStatus) => void;
}

/** The wait before reconnect attempt `attempt` (0 first): 1 s doubling to 30 s, with up to 20% jitter so tabs spread out. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (1 + 0.2 * random()));
}

/** Follows the stream until the returned function is called. */
export function followChanges(handlers: ChangeStreamHandlers, url = "/api/v1/events"): () => void {
  let source: EventSource | null = null;
  let lastId: number | null = null;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const connect = () => {
    handlers.onStatus("connecting");
    const resume = lastId === null ? "" : `?last_event_id=${lastId}`;
    source = new EventSource(url + resume, { withCredentials: true });
    source.onopen = () => {
      attempt = 0;
      handlers.onStatus("online");
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let event: ChangeEvent;
      try {
        event = JSON.parse(message.data) as ChangeEvent;
      } catch {
        return;
      }
      lastId = event.id;
      handlers.onEvent(event);
    };
    source.onerror = () => {
      handlers.onStatus("offline");
      // CONNECTING: the browser retries by itself. CLOSED: it gave up.
      if (source?.readyState === EventSource.CLOSED && !stopped) {
        source.close();
        retry = setTimeout(connect, backoffDelay(attempt++));
      }
    };
  };

  connect();
  return () => {
    stopped = true;
    if (retry !== null) clearTimeout(retry);
    source?.close();
  };
}
