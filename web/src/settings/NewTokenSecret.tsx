import { useEffect, useRef, useState } from "react";
import type { ApiToken } from "../api/types";

/** A new token's secret, shown this once with a Copy button; the server never shows it again. */
export function NewTokenSecret({ token, onDone }: { token: ApiToken; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token ?? "");
      setCopied("yes");
    } catch {
      // No clipboard permission (or no secure context): the field is selected for Ctrl+C.
      field.current?.select();
      setCopied("failed");
    }
  };

  return (
    <div className="settings-secret">
      <label htmlFor="new-token-secret" className="field__label">
        Your new token “{token.name}”
      </label>
      <p id="new-token-secret-hint" className="field__hint">
        Copy it now: it is not shown again.
      </p>
      <div className="settings-secret__row">
        <input
          id="new-token-secret"
          ref={field}
          className="field__input settings-secret__value"
          value={token.token ?? ""}
          readOnly
          aria-describedby="new-token-secret-hint"
        />
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="field__hint">
        {copied === "yes" ? "Copied." : copied === "failed" ? "Couldn't copy: press Ctrl+C (⌘C) to copy it." : ""}
      </p>
    </div>
  );
}
