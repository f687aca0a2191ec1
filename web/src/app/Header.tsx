import { useState } from "react";
import { describeError, toApiError } from "../api/errors";
import type { Me } from "../api/types";

interface HeaderProps {
  me: Me;
  onNewChat: () => void;
  onLogout: () => Promise<void>;
  /** The settings screen is showing: its link is marked as the current page. */
  settingsOpen: boolean;
}

/** The app bar: the name, a new conversation, settings, and who is signed in with a logout button (accounts mode only). */
export function Header({ me, onNewChat, onLogout, settingsOpen }: HeaderProps) {
  const [logoutError, setLogoutError] = useState<string | null>(null);
  const accounts = me.auth_mode === "accounts";

  const logout = async () => {
    setLogoutError(null);
    try {
      await onLogout();
    } catch (caught) {
      setLogoutError(`Couldn't log out. ${describeError(toApiError(caught))}`);
    }
  };

  return (
    <header className="topbar">
      <h1 className="topbar__name">Todo Chatbot</h1>
      <div className="topbar__actions">
        <button type="button" className="button button--quiet" onClick={onNewChat}>
          New chat
        </button>
        <a href="#settings" className="button button--quiet" aria-current={settingsOpen ? "page" : undefined}>
          Settings
        </a>
        {accounts && (
          <>
            <span className="topbar__user" title={me.username}>
              <span className="visually-hidden">Signed in as </span>
              {me.username}
            </span>
            <button type="button" className="button button--quiet" onClick={() => void logout()}>
              Log out
            </button>
          </>
        )}
      </div>
      {logoutError && (
        <p className="topbar__error" role="alert">
          {logoutError}
        </p>
      )}
    </header>
  );
}
