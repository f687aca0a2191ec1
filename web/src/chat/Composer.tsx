import type { FormEvent, KeyboardEvent, Ref } from "react";

const MAX_LENGTH = 2000;
const MAX_ROWS = 6;

interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string) => boolean;
  busy: boolean;
  inputRef: Ref<HTMLTextAreaElement>;
}

/** The message input: Enter sends, Shift+Enter starts a new line; it keeps focus after sending. */
export function Composer({ value, onChange, onSend, busy, inputRef }: ComposerProps) {
  const canSend = value.trim().length > 0 && !busy;

  const submit = () => {
    if (canSend && onSend(value)) onChange("");
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an input method is composing, Enter confirms the composition instead.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const rows = Math.min(MAX_ROWS, value.split("\n").length);
  const nearLimit = value.length > MAX_LENGTH - 200;

  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor="chat-input" className="visually-hidden">
        Message
      </label>
      <textarea
        id="chat-input"
        ref={inputRef}
        className="composer__input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        rows={rows}
        maxLength={MAX_LENGTH}
        placeholder="Add a todo or ask what’s due"
        aria-describedby="chat-input-hint"
        autoComplete="off"
        enterKeyHint="send"
      />
      <p id="chat-input-hint" className={nearLimit ? "composer__hint composer__hint--count" : "visually-hidden"}>
        {nearLimit ? `${value.length} of ${MAX_LENGTH} characters. ` : ""}Enter sends, Shift+Enter adds a line.
      </p>
      <button type="submit" className="composer__send" disabled={!canSend} aria-label="Send">
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" fill="currentColor" />
        </svg>
      </button>
    </form>
  );
}
