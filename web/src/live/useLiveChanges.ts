import { startTransition, useEffect, useState } from "react";
import { followChanges, type ChangeEvent, type StreamStatus } from "./changeStream";
import type { LatestTodos } from "./LiveTodos";

export interface LiveChanges {
  status: StreamStatus;
  /** Bumped on every change and whenever the list must be read again (a new stream, a reload). */
  revision: number;
  latest: LatestTodos;
}

/** The latest state of each todo after `event`. */
export function applyChange(latest: LatestTodos, event: ChangeEvent): LatestTodos {
  const next = new Map(latest);
  if (event.type === "cleared") {
    for (const id of event.ids ?? []) next.set(id, "deleted");
  } else if (event.todo) {
    next.set(event.todo.id, event.type === "deleted" ? "deleted" : event.todo);
  }
  return next;
}

/** Follows the user's changes from every client while mounted. */
export function useLiveChanges(): LiveChanges {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [revision, setRevision] = useState(0);
  const [latest, setLatest] = useState<LatestTodos>(new Map());
  useEffect(
    () =>
      followChanges({
        onStatus: setStatus,
        onEvent: (event) =>
          startTransition(() => {
            if (event.type !== "ready" && event.type !== "reload") setLatest((current) => applyChange(current, event));
            setRevision((r) => r + 1);
          }),
      }),
    [],
  );
  return { status, revision, latest };
}
