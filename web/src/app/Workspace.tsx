import { startTransition, useCallback, useState, type Dispatch, type SetStateAction } from "react";
import type { ChatResponse, Me } from "../api/types";
import { ChatPane } from "../chat/ChatPane";
import { useConversation } from "../chat/useConversation";
import { SettingsScreen } from "../settings/SettingsScreen";
import { LiveTodosContext } from "../live/LiveTodos";
import { ReminderBanner } from "../live/ReminderBanner";
import { useLiveChanges } from "../live/useLiveChanges";
import { askForNotifications, useReminders } from "../live/useReminders";
import { TodoPanel } from "../todos/TodoPanel";
import { Header } from "./Header";
import { ViewTabs, type View } from "./ViewTabs";
import "./Workspace.css";

interface WorkspaceProps {
  me: Me;
  onLogout: () => Promise<void>;
  draft: string;
  onDraftChange: Dispatch<SetStateAction<string>>;
}

/** The signed-in app: the chat beside the todo panel (or one of them at a time on a phone), or the settings. */
export function Workspace({ me, onLogout, draft, onDraftChange }: WorkspaceProps) {
  const [view, setView] = useState<View>("chat");
  const [settingsOpen, setSettingsOpen] = useState(false);
  // Bumped after every chat reply: the todo panel refetches. A transition, so
  // the reply itself is painted first.
  const [todosRevision, setTodosRevision] = useState(0);

  const onReply = useCallback((reply: ChatResponse) => {
    // A reply that set a reminder is the moment to ask for notifications.
    if (reply.actions.some((action) => action.type !== "listed" && action.todos.some((todo) => todo.remind_before != null))) {
      askForNotifications();
    }
    startTransition(() => setTodosRevision((revision) => revision + 1));
  }, []);
  const onImported = useCallback(() => setTodosRevision((revision) => revision + 1), []);
  // Changes made elsewhere (another tab, a phone, an agent over MCP) arrive on the live stream.
  const live = useLiveChanges();
  const reminders = useReminders(live.revision + todosRevision);
  // A message that failed because the session ended goes back into the input, unless something new is there.
  const onSessionLost = useCallback(
    (text: string) => onDraftChange((current) => (current.trim() ? current : text)),
    [onDraftChange],
  );
  const conversation = useConversation({ userId: me.id, onReply, onSessionLost });

  return (
    <LiveTodosContext.Provider value={live.latest}>
    <div className="workspace">
      <Header
        me={me}
        onNewChat={conversation.reset}
        settingsOpen={settingsOpen}
        onToggleSettings={() => setSettingsOpen((open) => !open)}
        onLogout={onLogout}
      />
      {live.status === "offline" && (
        <p className="live-offline" role="status">
          Offline: changes made elsewhere will show when the connection is back. Reconnecting…
        </p>
      )}
      <ReminderBanner {...reminders} />
      {settingsOpen ? (
        <main className="workspace__main workspace__main--settings">
          <SettingsScreen onClose={() => setSettingsOpen(false)} onImported={onImported} />
        </main>
      ) : (
        <>
          <ViewTabs value={view} onChange={setView} />
          <main className="workspace__main" data-view={view}>
            <div id="chat-view" className="workspace__chat">
              <ChatPane conversation={conversation} draft={draft} onDraftChange={onDraftChange} />
            </div>
            <div id="todos-view" className="workspace__todos">
              <TodoPanel revision={todosRevision + live.revision} />
            </div>
          </main>
        </>
      )}
    </div>
    </LiveTodosContext.Provider>
  );
}

