import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getMessages, sendChat } from "../api/client";
import { describeError, toApiError } from "../api/errors";
import type { ChatResponse, ConversationMessage } from "../api/types";
import { browserLocale, browserTimeZone } from "../clock";
import { loadConversationId, saveConversationId } from "./conversationStore";
import type { ChatEntry, ChatFailure } from "./types";

export interface Conversation {
  entries: ChatEntry[];
  loadingHistory: boolean;
  /** True while a message is on its way and the reply has not come back. */
  pending: boolean;
  failure: ChatFailure | null;
  /** Sends a message; false when it was not sent (blank, or another one is in flight). */
  send: (text: string) => boolean;
  /** Forgets the current conversation and starts a new one with the next message. */
  reset: () => void;
  /** True when the server keeps messages older than the ones shown. */
  hasEarlier: boolean;
  /** Puts the previous page of the history before the messages shown. */
  loadEarlier: () => void;
}

interface Options {
  userId: number;
  /** Called after every reply: the reply may have changed todos. */
  onReply: (reply: ChatResponse) => void;
  /** Called with a message that could not be sent because the session ended, to put it back in the input. */
  onSessionLost: (text: string) => void;
}

let nextKey = 0;
const localKey = () => `local-${++nextKey}`;

function fromHistory(message: ConversationMessage): ChatEntry {
  const { id, role, text, actions, suggestions } = message;
  return { key: `message-${id}`, role, text, actions, suggestions };
}

function fromReply(reply: ChatResponse): ChatEntry {
  return {
    key: localKey(),
    role: "assistant",
    text: reply.reply,
    actions: reply.actions,
    suggestions: reply.suggestions,
  };
}

/** The chat with the server: history, sending, the typing state and failures with retry. */
export function useConversation({ userId, onReply, onSessionLost }: Options): Conversation {
  const conversationId = useRef<string | null>(null);
  const [entries, setEntries] = useState<ChatEntry[]>([]);
  const [loadingHistory, setLoadingHistory] = useState(() => loadConversationId(userId) !== null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ChatFailure | null>(null);
  // The `before` of the page of earlier messages, when there is one.
  const [earlier, setEarlier] = useState<number | null>(null);
  const inFlight = useRef(false);
  // Bumped by reset(), so a reply to the previous conversation is dropped.
  const generation = useRef(0);
  const callbacks = useRef({ onReply, onSessionLost });
  useEffect(() => {
    callbacks.current = { onReply, onSessionLost };
  });

  const remember = useCallback(
    (id: string | null) => {
      conversationId.current = id;
      saveConversationId(userId, id);
    },
    [userId],
  );

  const loadHistory = useCallback(
    async (id: string, isCurrent: () => boolean, before?: number) => {
      setLoadingHistory(true);
      setFailure(null);
      try {
        const page = await getMessages(id, before);
        if (!isCurrent()) return;
        const loaded = page.messages.map(fromHistory);
        setEntries((shown) => (before === undefined ? loaded : [...loaded, ...shown]));
        setEarlier(page.earlier);
      } catch (caught) {
        if (!isCurrent()) return;
        const error = toApiError(caught);
        if (error.status === 404) {
          remember(null); // Gone (another account, or a reset database): start afresh.
        } else if (error.status !== 401) {
          setFailure({
            message: `Couldn't load the conversation. ${describeError(error)}`,
            retry: () => void loadHistory(id, isCurrent, before),
          });
        }
      } finally {
        if (isCurrent()) setLoadingHistory(false);
      }
    },
    [remember],
  );

  useEffect(() => {
    const stored = loadConversationId(userId);
    conversationId.current = stored;
    setEntries([]);
    setEarlier(null);
    if (!stored) return;
    let current = true;
    void loadHistory(stored, () => current);
    return () => {
      current = false;
    };
  }, [userId, loadHistory]);

  const deliver = useCallback(
    async (text: string) => {
      const turn = generation.current;
      inFlight.current = true;
      setPending(true);
      setFailure(null);
      try {
        const reply = await sendChat({
          message: text,
          conversation_id: conversationId.current,
          timezone: browserTimeZone(),
          now: new Date().toISOString(),
          locale: browserLocale(),
        });
        if (turn !== generation.current) return;
        remember(reply.conversation_id);
        setEntries((previous) => [...previous, fromReply(reply)]);
        callbacks.current.onReply(reply);
      } catch (caught) {
        if (turn !== generation.current) return;
        const error = toApiError(caught);
        if (error.status === 401) {
          callbacks.current.onSessionLost(text);
          return;
        }
        let message = `Couldn't send your message. ${describeError(error)}`;
        if (error.status === 404 && conversationId.current) {
          remember(null);
          message = "This conversation is no longer available. Retry to send your message in a new one.";
        }
        setFailure({ message, retry: () => void deliver(text) });
      } finally {
        if (turn === generation.current) {
          inFlight.current = false;
          setPending(false);
        }
      }
    },
    [remember],
  );

  const send = useCallback(
    (text: string) => {
      const message = text.trim();
      if (!message || inFlight.current) return false;
      setEntries((previous) => [
        ...previous,
        { key: localKey(), role: "user", text: message, actions: [], suggestions: [] },
      ]);
      void deliver(message);
      return true;
    },
    [deliver],
  );

  const reset = useCallback(() => {
    generation.current += 1;
    inFlight.current = false;
    remember(null);
    setEntries([]);
    setPending(false);
    setFailure(null);
    setLoadingHistory(false);
    setEarlier(null);
  }, [remember]);

  const loadEarlier = useCallback(() => {
    const id = conversationId.current;
    if (!id || earlier === null) return;
    const turn = generation.current;
    void loadHistory(id, () => turn === generation.current && conversationId.current === id, earlier);
  }, [earlier, loadHistory]);

  const hasEarlier = earlier !== null;
  return useMemo(
    () => ({ entries, loadingHistory, pending, failure, send, reset, hasEarlier, loadEarlier }),
    [entries, loadingHistory, pending, failure, send, reset, hasEarlier, loadEarlier],
  );
}
