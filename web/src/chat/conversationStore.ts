// Remembers the current conversation id per user in localStorage, so a reload
// continues the same conversation. Storage can be unavailable (private modes,
// disabled cookies): then the conversation simply lasts as long as the page.

function key(userId: number): string {
  return `todo-chatbot.conversation.${userId}`;
}

export function loadConversationId(userId: number): string | null {
  try {
    return window.localStorage.getItem(key(userId));
  } catch {
    return null;
  }
}

export function saveConversationId(userId: number, conversationId: string | null): void {
  try {
    if (conversationId) window.localStorage.setItem(key(userId), conversationId);
    else window.localStorage.removeItem(key(userId));
  } catch {
    // Not persisted: see above.
  }
}
