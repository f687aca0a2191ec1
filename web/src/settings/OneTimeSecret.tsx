import { useEffect, useRef, useState } from "react";

interface OneTimeSecretProps {
  /** The field's id; the hint's is derived from it. */
  id: string;
  label: string;
  value: string;
  onDone: () => void;
}

/**
 * A secret the server shows only once (a new API token, a calendar feed's URL),
 * focused and selected, with a Copy button.
 */
export function OneTimeSecret({ id, label, value, onDone }: OneTimeSecretProps) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const hintId = `${id}-hint`;

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard permission (or no secure context): the field is selected for Ctrl+C.
      field.current?.select();
      setCopied("failed");
    }
  };

  return (
    <div className="settings-secret">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <p id={hintId} className="field__hint">
        Copy it now: it is not shown again.
      </p>
      <div className="settings-secret__row">
        <input
          id={id}
          ref={field}
          className="field__input settings-secret__value"
          value={value}
          readOnly
          aria-describedby={hintId}
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
