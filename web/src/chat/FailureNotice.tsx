import type { ChatFailure } from "./types";

/** An error shown in the conversation, with a Retry button. */
export function FailureNotice({ failure, disabled }: { failure: ChatFailure; disabled: boolean }) {
  return (
    <div className="message message--error" role="alert">
      <p className="message__text">{failure.message}</p>
      <button type="button" className="button button--small" onClick={failure.retry} disabled={disabled}>
        Retry
      </button>
    </div>
  );
}
