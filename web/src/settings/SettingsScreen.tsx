import { useEffect, useRef } from "react";
import { CalendarFeed } from "./CalendarFeed";
import { Transfer } from "./Transfer";
import "./SettingsScreen.css";

interface SettingsScreenProps {
  onClose: () => void;
  /** Todos were imported: the todo panel should refetch. */
  onImported: () => void;
}

/** Settings: the calendar feed, export and import. Other settings join as sections of their own. */
export function SettingsScreen({ onClose, onImported }: SettingsScreenProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves to the screen it opened, for keyboard and screen reader users.
  useEffect(() => heading.current?.focus(), []);

  return (
    <section className="settings" aria-labelledby="settings-heading">
      <div className="settings__header">
        <h2 id="settings-heading" ref={heading} tabIndex={-1}>
          Settings
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Back to the todos
        </button>
      </div>
      <CalendarFeed />
      <Transfer onImported={onImported} />
    </section>
  );
}
