import { startTransition, useCallback, useState, type Dispatch, type SetStateAction } from "react";
import type { Me } from "../api/types";
import { ChatPane } from "../chat/ChatPane";
import { useConversation } from "../chat/useConversation";
import { SettingsScreen } from "../settings/SettingsScreen";
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
  // A message that failed because the session ended goes back into the input, unless something new is there.
  const onSessionLost = useCallback(
    (text: string) => onDraftChange((current) => (current.trim() ? current : text)),
    [onDraftChange],
  );
  const conversation = useConversation({ userId: me.id, onReply: refreshTodos, onSessionLost });
  const index = useTodoIndex(todosRevision);

  return (
    <div className="workspace">
      <Header me={me} onNewChat={conversation.reset} onLogout={onLogout} settingsOpen={route === "settings"} />
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
                <TodoPanel revision={todosRevision} index={index} />
              </div>
            </main>
          </TodoDetailProvider>
        </>
      )}
    </div>
  );
}
