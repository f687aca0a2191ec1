/** Three pulsing dots while the assistant is working on a reply. */
export function TypingIndicator() {
  return (
    <div className="message message--assistant typing">
      <span className="visually-hidden">Assistant is typing…</span>
      <span className="typing__dot" aria-hidden="true" />
      <span className="typing__dot" aria-hidden="true" />
      <span className="typing__dot" aria-hidden="true" />
    </div>
  );
}
