import { useEffect, useRef } from "react";
import type { Me } from "../api/types";
import { AccountSection } from "./AccountSection";
import { CalendarFeed } from "./CalendarFeed";
import { SessionsSection } from "./SessionsSection";
import { TokensSection } from "./TokensSection";
import { Transfer } from "./Transfer";
import "./SettingsScreen.css";

interface SettingsScreenProps {
  me: Me;
  onLogout: () => Promise<void>;
  onLogoutEverywhere: () => Promise<void>;
  /** Todos were imported: the todo panel and its counts should refetch. */
  onImported: () => void;
}

/**
 * The settings screen (#settings), one section per concern, each its own
 * component. Sessions and API tokens need accounts; the calendar feed, export
 * and import work in both modes.
 */
export function SettingsScreen({ me, onLogout, onLogoutEverywhere, onImported }: SettingsScreenProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const accounts = me.auth_mode === "accounts";

  // Arriving here (a link, not a page load) moves the focus to the heading, as a new page would.
  useEffect(() => heading.current?.focus(), []);

  return (
    <main className="settings" aria-labelledby="settings-heading">
      <div className="settings__column">
        <div className="settings__top">
          <h2 id="settings-heading" ref={heading} tabIndex={-1} className="settings__heading">
            Settings
          </h2>
          <a href="#" className="button button--quiet">
            Back to todos
          </a>
        </div>
        <AccountSection me={me} onLogout={onLogout} onLogoutEverywhere={onLogoutEverywhere} />
        <SessionsSection accounts={accounts} />
        <TokensSection accounts={accounts} />
        <CalendarFeed />
        <Transfer onImported={onImported} />
      </div>
    </main>
  );
}
