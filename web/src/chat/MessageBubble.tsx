import { memo } from "react";
import type { ChatEntry } from "./types";
import { ActionCards } from "./ActionCards";
import { replyText } from "./replyText";

/**
 * One turn of the conversation: the text (always as text, never as HTML) and,
 * for replies, the todo cards (a list reply's text is cut to its summary).
 */
export const MessageBubble = memo(function MessageBubble({ entry, now }: { entry: ChatEntry; now: Date }) {
  return (
    <article className={`message message--${entry.role}`}>
      <p className="message__text">
        <span className="visually-hidden">{entry.role === "user" ? "You: " : "Assistant: "}</span>
        {entry.role === "assistant" ? replyText(entry.text, entry.actions) : entry.text}
      </p>
      {entry.role === "assistant" && <ActionCards actions={entry.actions} now={now} />}
    </article>
  );
});
