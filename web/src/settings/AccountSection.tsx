import { useState } from "react";
import { describeError, toApiError } from "../api/errors";
import type { Me } from "../api/types";
import { AccountsOnly } from "./AccountsOnly";
import { formatTimestamp } from "./format";

interface AccountSectionProps {
  me: Me;
  onLogout: () => Promise<void>;
  onLogoutEverywhere: () => Promise<void>;
}

/** Who is signed in; log out here, or everywhere (every session and API token), after a confirmation. */
export function AccountSection({ me, onLogout, onLogoutEverywhere }: AccountSectionProps) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const accounts = me.auth_mode === "accounts";

  const run = async (what: string, action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(`Couldn't ${what}. ${describeError(toApiError(caught))}`);
    }
  };

  return (
    <section className="settings-section" aria-labelledby="account-heading">
      <h3 id="account-heading" className="settings-section__heading">
        Account
      </h3>
      {accounts ? (
        <>
          <dl className="settings-facts">
            <dt>Username</dt>
            <dd>{me.username}</dd>
            {me.created_at && (
              <>
                <dt>Member since</dt>
                <dd>{formatTimestamp(me.created_at)}</dd>
              </>
            )}
          </dl>
          <div className="settings-actions">
            <button type="button" className="button" onClick={() => void run("log out", onLogout)}>
              Log out
            </button>
            {!confirming && (
              <button type="button" className="button settings-danger" onClick={() => setConfirming(true)}>
                Log out everywhere…
              </button>
            )}
          </div>
          {confirming && (
            <div className="settings-confirm" role="group" aria-labelledby="everywhere-question">
              <p id="everywhere-question">
                This ends every session, on every device, and revokes every API token. Log out everywhere?
              </p>
              <div className="settings-actions">
                <button
                  type="button"
                  className="button settings-danger"
                  onClick={() => void run("log out everywhere", onLogoutEverywhere)}
                >
                  Log out everywhere
                </button>
                <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </>
      ) : (
        <AccountsOnly what="Logins" />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
