import { useEffect, useState } from "react";
import { createCalendarFeed, getCalendarFeed, revokeCalendarFeed } from "../api/client";
import { describeError, toApiError } from "../api/errors";
import type { FeedStatus } from "../api/types";

/** The calendar feed: whether there is one, a new secret URL (shown once), and revoking it. */
export function CalendarFeed() {
  const [status, setStatus] = useState<FeedStatus | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getCalendarFeed().then(
      (found) => live && setStatus(found),
      (caught: unknown) => live && setError(`Couldn't load the feed. ${describeError(toApiError(caught))}`),
    );
    return () => {
      live = false;
    };
  }, []);

  const run = async (action: () => Promise<void>, failure: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(`${failure} ${describeError(toApiError(caught))}`);
    } finally {
      setBusy(false);
    }
  };

  const create = () =>
    run(async () => {
      const feed = await createCalendarFeed();
      setUrl(feed.url);
      setStatus({ exists: true, created_at: feed.created_at });
    }, "Couldn't make a feed URL.");

  const revoke = () =>
    run(async () => {
      await revokeCalendarFeed();
      setUrl(null);
      setStatus({ exists: false, created_at: null });
    }, "Couldn't turn the feed off.");

  return (
    <section className="settings__section" aria-labelledby="calendar-feed-heading">
      <h3 id="calendar-feed-heading">Calendar feed</h3>
      <p>
        Your open todos with a due date, in any calendar app (Google, Apple, Thunderbird, Outlook) that subscribes to a
        secret URL. Whoever has the URL sees those todos.
      </p>
      <p role="status">
        {status === null
          ? "Loading…"
          : status.exists && status.created_at
            ? `The feed is on, with a URL made ${new Date(status.created_at).toLocaleString()}.`
            : "There is no feed."}
      </p>
      {url && (
        <div className="settings__secret">
          <label htmlFor="calendar-feed-url">Subscribe to this URL. It is shown only now: copy it.</label>
          <input id="calendar-feed-url" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        </div>
      )}
      <div className="settings__actions">
        <button type="button" className="button" disabled={busy || status === null} onClick={() => void create()}>
          {status?.exists ? "Make a new URL (the old one stops working)" : "Create feed URL"}
        </button>
        {status?.exists && (
          <button type="button" className="button button--quiet" disabled={busy} onClick={() => void revoke()}>
            Turn the feed off
          </button>
        )}
      </div>
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
