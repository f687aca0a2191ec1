import { useRef, type KeyboardEvent } from "react";

export type View = "chat" | "todos";

const VIEWS: { view: View; label: string; panel: string }[] = [
  { view: "chat", label: "Chat", panel: "chat-view" },
  { view: "todos", label: "Todos", panel: "todos-view" },
];

/** On narrow screens, tabs switch between the chat and the todo list (hidden by CSS on wide ones). */
export function ViewTabs({ value, onChange }: { value: View; onChange: (view: View) => void }) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = VIEWS[(index + step + VIEWS.length) % VIEWS.length];
    if (!next) return;
    onChange(next.view);
    tabs.current[VIEWS.indexOf(next)]?.focus();
  };

  return (
    <nav className="view-tabs" aria-label="Views">
      <div className="view-tabs__list" role="tablist" aria-label="View">
        {VIEWS.map(({ view, label, panel }, index) => (
          <button
            key={view}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${view}-tab`}
            className="view-tabs__tab"
            aria-selected={value === view}
            aria-controls={panel}
            tabIndex={value === view ? 0 : -1}
            onClick={() => onChange(view)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {label}
          </button>
        ))}
      </div>
    </nav>
  );
}
