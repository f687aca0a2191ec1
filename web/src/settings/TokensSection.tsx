import { useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { createToken, listTokens, revokeToken } from "../api/client";
import { asSentence, describeError, toApiError } from "../api/errors";
import type { ApiToken } from "../api/types";
import { InputField } from "../forms/Field";
import { localDate } from "../clock";
import { AccountsOnly } from "./AccountsOnly";
import { formatTimestamp } from "./format";
import { OneTimeSecret } from "./OneTimeSecret";
import { useList } from "./useList";

/** The end of a local calendar day ("YYYY-MM-DD") as an RFC 3339 timestamp. */
function endOfDay(date: string): string {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1, 23, 59, 59).toISOString();
}

/** Personal API tokens (for scripts and MCP clients): list, create with a name and an optional expiry, revoke. */
export function TokensSection({ accounts }: { accounts: boolean }) {
  const tokens = useList(listTokens, accounts);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("");
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<ApiToken | null>(null);
  const [saving, setSaving] = useState(false);
  const nameField = useRef<HTMLInputElement>(null);

  // The secret goes away for good: the focus goes to the form that takes its place, not to the page.
  const dismissSecret = () => {
    flushSync(() => setCreated(null));
    nameField.current?.focus();
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setError(null);
    try {
      const token = await createToken({ name, expires_at: expiry ? endOfDay(expiry) : null });
      setCreated(token);
      setName("");
      setExpiry("");
      tokens.reload();
    } catch (caught) {
      const apiError = toApiError(caught);
      const byField: Partial<Record<string, string>> = {};
      for (const { field, message } of apiError.fieldErrors) byField[field] = asSentence(message);
      setErrors(byField);
      if (apiError.fieldErrors.length === 0) setError(`Couldn't create the token. ${describeError(apiError)}`);
    } finally {
      setSaving(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    setError(null);
    try {
      await revokeToken(token.id);
    } catch (caught) {
      setError(`Couldn't revoke “${token.name}”. ${describeError(toApiError(caught))}`);
    }
    tokens.reload();
  };

  return (
    <section className="settings-section" aria-labelledby="tokens-heading">
      <h3 id="tokens-heading" className="settings-section__heading">
        API tokens
      </h3>
      {!accounts ? (
        <AccountsOnly what="API tokens" />
      ) : (
        <>
          <p className="settings-status">
            A token lets a script or an MCP client use your todos: send it as <code>Authorization: Bearer …</code>.
          </p>
          {created ? (
            <OneTimeSecret
              id="new-token-secret"
              label={`Your new token “${created.name}”`}
              value={created.token ?? ""}
              onDone={dismissSecret}
            />
          ) : (
            <form className="settings-token-form" onSubmit={(event) => void create(event)} noValidate>
              <InputField
                id="token-name"
                inputRef={nameField}
                label="Name"
                value={name}
                onChange={(event) => setName(event.target.value)}
                error={errors.name}
                maxLength={100}
                autoComplete="off"
              />
              <InputField
                id="token-expiry"
                label="Expires on (optional)"
                type="date"
                value={expiry}
                min={localDate(new Date())}
                onChange={(event) => setExpiry(event.target.value)}
                error={errors.expires_at}
                hint="Without a date, it lasts as long as this session could."
              />
              <button type="submit" className="button button--primary" disabled={saving || !name.trim()}>
                Create token
              </button>
            </form>
          )}
          {tokens.error ? (
            <p className="form-error" role="alert">
              Couldn't load your tokens. {tokens.error}
            </p>
          ) : tokens.items === null ? (
            <p className="settings-status">Loading…</p>
          ) : tokens.items.length === 0 ? (
            <p className="settings-status">No API tokens yet.</p>
          ) : (
            <ul className="settings-list" aria-label="API tokens">
              {tokens.items.map((token) => (
                <li key={token.id} className="settings-list__item">
                  <div>
                    <p className="settings-list__name">{token.name}</p>
                    <p className="settings-list__meta">
                      Created {formatTimestamp(token.created_at)}, last used {formatTimestamp(token.last_used_at)},{" "}
                      {token.expires_at ? `expires ${formatTimestamp(token.expires_at)}` : "never expires"}
                    </p>
                  </div>
                  <button
                    type="button"
                    className="button button--small settings-danger"
                    onClick={() => void revoke(token)}
                    aria-label={`Revoke ${token.name}`}
                  >
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
