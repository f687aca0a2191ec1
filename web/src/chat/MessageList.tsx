import { memo, useLayoutEffect, useRef } from "react";
import { useNow } from "../useNow";
import type { Conversation } from "./useConversation";
import { FailureNotice } from "./FailureNotice";
import { MessageBubble } from "./MessageBubble";
import { SuggestionChips } from "./SuggestionChips";
import { TypingIndicator } from "./TypingIndicator";
import { Welcome } from "./Welcome";

// Within this many pixels of the end, the log follows new messages; further up,
// the reader is looking at older ones and is left alone.
const FOLLOW_THRESHOLD_PX = 80;

interface MessageListProps {
  conversation: Conversation;
  onPick: (text: string) => void;
}

/** The conversation log: messages, the typing indicator, errors and the latest reply's suggestions. */
export const MessageList = memo(function MessageList({ conversation, onPick }: MessageListProps) {
  const { entries, pending, failure, loadingHistory } = conversation;
  const now = useNow();
  const logRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const last = entries.at(-1);

  // A message of one's own always scrolls into view; a reply does when the reader is at the end.
  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log) return;
    if (last?.role === "user") following.current = true;
    if (following.current) log.scrollTop = log.scrollHeight;
  }, [last, pending, failure, loadingHistory]);

  const onScroll = () => {
    const log = logRef.current;
    if (log) following.current = log.scrollHeight - log.scrollTop - log.clientHeight < FOLLOW_THRESHOLD_PX;
  };

  return (
    <div
      ref={logRef}
      className="message-log"
      role="log"
      aria-live="polite"
      aria-label="Conversation"
      aria-busy={loadingHistory}
      tabIndex={0}
      onScroll={onScroll}
    >
      {!loadingHistory && conversation.hasEarlier && (
        <button type="button" className="message-log__earlier" onClick={conversation.loadEarlier}>
          Show earlier messages
        </button>
      )}
      {loadingHistory && <p className="message-log__status">Loading the conversation…</p>}
      {!loadingHistory && entries.length === 0 && !failure && <Welcome onPick={onPick} disabled={pending} />}
      {entries.map((entry) => (
        <MessageBubble key={entry.key} entry={entry} now={now} />
      ))}
      {pending && <TypingIndicator />}
      {failure && <FailureNotice failure={failure} disabled={pending} />}
      {!pending && !failure && last?.role === "assistant" && (
        <SuggestionChips suggestions={last.suggestions} label="Suggestions" onPick={onPick} disabled={pending} />
      )}
    </div>
  );
});
