import type { Reminder } from "./reminders";
import "./ReminderBanner.css";

interface ReminderBannerProps {
  reminders: Reminder[];
  onDone: (reminder: Reminder) => void;
  onSnooze: (reminder: Reminder) => void;
  /** Offered while the browser may still be asked for notifications. */
  onAllowNotifications?: () => void;
}

/** The in-page reminders, when the browser's notifications are not allowed. */
export function ReminderBanner({ reminders, onDone, onSnooze, onAllowNotifications }: ReminderBannerProps) {
  if (reminders.length === 0) return null;
  return (
    <section className="reminder-banner" aria-label="Reminders" role="alert">
      {reminders.map((reminder) => (
        <div key={reminder.key} className="reminder-banner__item">
          <p className="reminder-banner__text">
            Reminder: <strong>{reminder.todo.title}</strong> is due at {reminder.todo.due_time}.
          </p>
          <button type="button" onClick={() => onDone(reminder)}>
            Done
          </button>
          <button type="button" onClick={() => onSnooze(reminder)}>
            Snooze 10 min
          </button>
        </div>
      ))}
      {onAllowNotifications && (
        <button type="button" className="reminder-banner__allow" onClick={onAllowNotifications}>
          Remind me with notifications
        </button>
      )}
    </section>
  );
}
