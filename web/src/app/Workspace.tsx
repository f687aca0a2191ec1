import { startTransition, useCallback, useState, type Dispatch, type SetStateAction } from "react";
import type { ChatResponse, Me } from "../api/types";
import { ChatPane } from "../chat/ChatPane";
import { useConversation } from "../chat/useConversation";
import { SettingsScreen } from "../settings/SettingsScreen";
import { LiveTodosContext } from "../live/LiveTodos";
import { ReminderBanner } from "../live/ReminderBanner";
import { useLiveChanges } from "../live/useLiveChanges";
import { askForNotifications, useReminders } from "../live/useReminders";
import { TodoDetailProvider } from "../todos/detail/TodoDetailProvider";
import { TodoPanel } from "../todos/TodoPanel";
import { useTodoIndex } from "../todos/useTodoIndex";
import { Header } from "./Header";
import { useHashRoute } from "./useHashRoute";
import { ViewTabs, type View } from "./ViewTabs";
import "./Workspace.css";

interface WorkspaceProps {
  me: Me;
  onLogout: () => Promise<void>;
  onLogoutEverywhere: () => Promise<void>;
  draft: string;
  onDraftChange: Dispatch<SetStateAction<string>>;
}

/** The signed-in app: the chat beside the todo panel (or one of them at a time on a phone), or the settings (#settings). */
export function Workspace({ me, onLogout, onLogoutEverywhere, draft, onDraftChange }: WorkspaceProps) {
  const route = useHashRoute();
  const [view, setView] = useState<View>("chat");
  // Bumped after every chat reply, every change in the detail dialog and every
  // import: the todo panel and the counts refetch. A transition, so the reply
  // itself is painted first.
  const [todosRevision, setTodosRevision] = useState(0);

  const refreshTodos = useCallback(() => startTransition(() => setTodosRevision((revision) => revision + 1)), []);
  const onReply = useCallback(
    (reply: ChatResponse) => {
      // A reply that set a reminder is the moment to ask for notifications.
      if (reply.actions.some((action) => action.type !== "listed" && action.todos.some((todo) => todo.remind_before != null))) {
        askForNotifications();
      }
      refreshTodos();
    },
    [refreshTodos],
  );
  // Changes made elsewhere (another tab, a phone, an agent over MCP) arrive on the live stream.
  const live = useLiveChanges();
  const reminders = useReminders(live.revision + todosRevision);
  // A message that failed because the session ended goes back into the input, unless something new is there.
  const onSessionLost = useCallback(
    (text: string) => onDraftChange((current) => (current.trim() ? current : text)),
    [onDraftChange],
  );
  const conversation = useConversation({ userId: me.id, onReply, onSessionLost });
  const index = useTodoIndex(todosRevision + live.revision);

  return (
    <LiveTodosContext.Provider value={live.latest}>
      <div className="workspace">
        <Header me={me} onNewChat={conversation.reset} onLogout={onLogout} settingsOpen={route === "settings"} />
        {live.status === "offline" && (
          <p className="live-offline" role="status">
            Offline: changes made elsewhere will show when the connection is back. Reconnecting…
          </p>
        )}
        <ReminderBanner {...reminders} />
        {route === "settings" ? (
          <SettingsScreen
            me={me}
            onLogout={onLogout}
            onLogoutEverywhere={onLogoutEverywhere}
            onImported={refreshTodos}
          />
        ) : (
          <>
            <ViewTabs value={view} onChange={setView} />
            <TodoDetailProvider knownTags={index.tags} onChanged={refreshTodos}>
              <main className="workspace__main" data-view={view}>
                <div id="chat-view" className="workspace__chat">
                  <ChatPane conversation={conversation} draft={draft} onDraftChange={onDraftChange} />
                </div>
                <div id="todos-view" className="workspace__todos">
                  <TodoPanel revision={todosRevision + live.revision} index={index} />
                </div>
              </main>
            </TodoDetailProvider>
          </>
        )}
      </div>
    </LiveTodosContext.Provider>
  );
}

