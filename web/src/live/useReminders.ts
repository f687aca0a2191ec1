import { useCallback, useEffect, useRef, useState } from "react";
import { listTodos, updateTodo } from "../api/client";
import type { Todo } from "../api/types";
import { browserTimeZone } from "../clock";
import { claim, dueReminders, snooze, type Reminder } from "./reminders";

const CHECK_EVERY_MS = 15_000;
const CHANNEL = "todo-reminders";

type Message = { type: "show"; reminder: Reminder } | { type: "dismiss"; key: string };

function notificationsAllowed(): boolean {
  return typeof Notification !== "undefined" && Notification.permission === "granted";
}

/** Asks for notifications (call it where it makes sense: the user just set a reminder, or asked). */
export function askForNotifications(): void {
  if (typeof Notification !== "undefined" && Notification.permission === "default") void Notification.requestPermission();
}

/**
 * The reminders to show in this tab: the open todos are read again whenever
 * `revision` changes (a change anywhere), and checked every 15 seconds.
 */
export function useReminders(revision: number) {
  const [todos, setTodos] = useState<Todo[]>([]);
  const [shown, setShown] = useState<Reminder[]>([]);
  const [canAsk, setCanAsk] = useState(typeof Notification !== "undefined" && Notification.permission === "default");

  useEffect(() => {
    let current = true;
    // The first 500 open todos (the API's largest page): the ones a person could be reminded of.
    listTodos({ view: "open", timezone: browserTimeZone() }).then(
      (page) => current && setTodos(page.todos),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [revision]);

  const show = useCallback((reminder: Reminder) => {
    setShown((list) => (list.some((r) => r.key === reminder.key) ? list : [...list, reminder]));
  }, []);
  const hide = useCallback((key: string) => setShown((list) => list.filter((r) => r.key !== key)), []);

  // One channel for the tab's lifetime: a check still awaiting its claim when
  // the todos change (and its effect is cleaned up) must not post on a
  // channel that cleanup closed; after unmount the ref is null.
  const channelRef = useRef<BroadcastChannel | null>(null);
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (message: MessageEvent<Message>) => {
      if (message.data.type === "show") show(message.data.reminder);
      else hide(message.data.key);
    };
    channelRef.current = channel;
    return () => {
      channelRef.current = null;
      channel.close();
    };
  }, [show, hide]);

  useEffect(() => {
    const check = async () => {
      for (const reminder of dueReminders(todos, new Date(), window.localStorage)) {
        if (!(await claim(reminder.key, window.localStorage))) continue;
        if (notificationsAllowed()) {
          new Notification(`Reminder: ${reminder.todo.title}`, { body: `Due at ${reminder.todo.due_time}`, tag: reminder.key });
        } else {
          show(reminder);
          channelRef.current?.postMessage({ type: "show", reminder } satisfies Message);
        }
      }
    };
    void check();
    const timer = setInterval(() => void check(), CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [todos, show]);

  const dismiss = useCallback(
    (reminder: Reminder) => {
      hide(reminder.key);
      channelRef.current?.postMessage({ type: "dismiss", key: reminder.key } satisfies Message);
    },
    [hide],
  );

  const onDone = useCallback(
    (reminder: Reminder) => {
      dismiss(reminder);
      void updateTodo(reminder.todo.id, { completed: true }).catch(() => {});
    },
    [dismiss],
  );
  const onSnooze = useCallback(
    (reminder: Reminder) => {
      dismiss(reminder);
      snooze(reminder.todo, new Date(), window.localStorage);
    },
    [dismiss],
  );
  const onAllowNotifications = canAsk
    ? () => {
        askForNotifications();
        setCanAsk(false);
      }
    : undefined;
  return { reminders: shown, onDone, onSnooze, onAllowNotifications };
}
