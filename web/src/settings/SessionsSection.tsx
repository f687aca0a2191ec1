import { useState } from "react";
import { endSession, listSessions } from "../api/client";
import { describeError, toApiError } from "../api/errors";
import type { LoginSession } from "../api/types";
import { AccountsOnly } from "./AccountsOnly";
import { formatTimestamp } from "./format";
import { useList } from "./useList";

/** The account's login sessions; any but this one can be ended (this one ends with Log out). */
export function SessionsSection({ accounts }: { accounts: boolean }) {
  const sessions = useList(listSessions, accounts);
  const [error, setError] = useState<string | null>(null);

  const end = async (session: LoginSession) => {
    setError(null);
    try {
      await endSession(session.id);
    } catch (caught) {
      setError(`Couldn't end that session. ${describeError(toApiError(caught))}`);
    }
    sessions.reload();
  };

  return (
    <section className="settings-section" aria-labelledby="sessions-heading">
      <h3 id="sessions-heading" className="settings-section__heading">
        Sessions
      </h3>
      {!accounts ? (
        <AccountsOnly what="Sessions" />
      ) : sessions.error ? (
        <p className="form-error" role="alert">
          Couldn't load your sessions. {sessions.error}
        </p>
      ) : sessions.items === null ? (
        <p className="settings-status">Loading…</p>
      ) : (
        <ul className="settings-list" aria-label="Sessions">
          {sessions.items.map((session) => (
            <li key={session.id} className="settings-list__item">
              <div>
                <p className="settings-list__name">
                  {session.current ? "This session" : `Session started ${formatTimestamp(session.created_at)}`}
                </p>
                <p className="settings-list__meta">
                  Last used {formatTimestamp(session.last_used_at)}
                  {session.expires_at && `, ends by ${formatTimestamp(session.expires_at)}`}
                </p>
              </div>
              {!session.current && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void end(session)}
                  aria-label={`End the session started ${formatTimestamp(session.created_at)}`}
                >
                  End
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
