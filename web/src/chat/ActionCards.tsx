import type { ActionType, ChatAction, Todo } from "../api/types";
import { useLatest } from "../live/LiveTodos";
import { DetailButton } from "../todos/detail/DetailButton";
import { useOpenTodoDetail } from "../todos/detail/detailContext";
import { TodoMeta } from "../todos/TodoMeta";
import "./ActionCards.css";

const CAPTIONS: Record<ActionType, string | null> = {
  created: "Added",
  updated: "Changed",
  completed: "Completed",
  reopened: "Reopened",
  deleted: "Deleted",
  listed: null,
};

function TodoCard({ todo: shown, action, now }: { todo: Todo; action: ActionType; now: Date }) {
  // A card follows its todo as it changes elsewhere, except on the card that says it was deleted.
  const latest = useLatest(shown);
  const todo = latest === "deleted" || action === "deleted" ? shown : latest;
  const state = action === "deleted" || latest === "deleted" ? "deleted" : todo.completed ? "done" : "open";
  const openDetail = useOpenTodoDetail();
  return (
    <li className={`todo-card todo-card--${state}`}>
      <span className="todo-card__mark" aria-hidden="true" />
      <div className="todo-card__body">
        <p className="todo-card__title">
          {openDetail && state !== "deleted" ? (
            <DetailButton title={todo.title} onClick={() => openDetail(todo)} />
          ) : (
            todo.title
          )}
          {state === "done" && <span className="visually-hidden"> (done)</span>}
          {state === "deleted" && <span className="visually-hidden"> (deleted)</span>}
        </p>
        <TodoMeta todo={todo} now={now} />
      </div>
    </li>
  );
}

/** The todos a reply created, changed or listed, as cards. A list is numbered: "complete 2" refers to it. */
export function ActionCards({ actions, now }: { actions: ChatAction[]; now: Date }) {
  const shown = actions.filter((action) => action.todos.length > 0);
  if (shown.length === 0) return null;
  return (
    <div className="action-cards">
      {shown.map((action, index) => {
        const caption = CAPTIONS[action.type];
        const List = action.type === "listed" ? "ol" : "ul";
        return (
          <div key={index} className="action-cards__group">
            {caption && <p className="action-cards__caption">{caption}</p>}
            <List className={`action-cards__list action-cards__list--${action.type}`}>
              {action.todos.map((todo) => (
                <TodoCard key={todo.id} todo={todo} action={action.type} now={now} />
              ))}
            </List>
          </div>
        );
      })}
    </div>
  );
}
