import { useEffect, useState } from "react";
import type { Todo } from "../api/types";

const VISIBLE_MS = 8000;

interface UndoToastProps {
  deleted: Todo;
  onUndo: () => void;
  onDismiss: () => void;
}

/**
 * "Deleted …" with an Undo button. It goes away by itself after a few seconds,
 * but never while the pointer or the keyboard focus is on it.
 */
export function UndoToast({ deleted, onUndo, onDismiss }: UndoToastProps) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;

  useEffect(() => {
    if (paused) return;
    const timer = window.setTimeout(onDismiss, VISIBLE_MS);
    return () => window.clearTimeout(timer);
  }, [deleted, paused, onDismiss]);

  return (
    <div
      className="toast"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
    >
      <p className="toast__text">
        Deleted “<span className="toast__title">{deleted.title}</span>”
      </p>
      <button type="button" className="button button--small" onClick={onUndo}>
        Undo
      </button>
      <button type="button" className="icon-button toast__close" onClick={onDismiss} aria-label="Dismiss">
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
