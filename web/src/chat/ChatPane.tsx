import { useCallback, useEffect, useRef, type Dispatch, type SetStateAction } from "react";
import { Composer } from "./Composer";
import { MessageList } from "./MessageList";
import type { Conversation } from "./useConversation";
import "./ChatPane.css";

interface ChatPaneProps {
  conversation: Conversation;
  draft: string;
  onDraftChange: Dispatch<SetStateAction<string>>;
}

/** The conversation and the input under it. */
export function ChatPane({ conversation, draft, onDraftChange }: ChatPaneProps) {
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const { send } = conversation;

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const sendAndRefocus = useCallback(
    (text: string) => {
      const sent = send(text);
      inputRef.current?.focus();
      return sent;
    },
    [send],
  );

  return (
    <section className="chat-pane" aria-label="Chat">
      <MessageList conversation={conversation} onPick={sendAndRefocus} />
      <Composer
        value={draft}
        onChange={onDraftChange}
        onSend={sendAndRefocus}
        busy={conversation.pending || conversation.loadingHistory}
        inputRef={inputRef}
      />
    </section>
  );
}
