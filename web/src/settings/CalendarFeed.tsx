import { useEffect, useRef, useState } from "react";
import { createCalendarFeed, getCalendarFeed, revokeCalendarFeed } from "../api/client";
import { describeError, toApiError } from "../api/errors";
import type { FeedStatus } from "../api/types";
import { formatTimestamp } from "./format";
import { OneTimeSecret } from "./OneTimeSecret";

/** The calendar feed: whether there is one, a new secret URL (shown once), and revoking it. */
export function CalendarFeed() {
  const [status, setStatus] = useState<FeedStatus | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);

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
    <section className="settings-section" aria-labelledby="calendar-feed-heading">
      <h3 id="calendar-feed-heading" className="settings-section__heading">
        Calendar feed
      </h3>
      <p className="settings-status">
        Your open todos with a due date, in any calendar app (Google, Apple, Thunderbird, Outlook) that subscribes to a
        secret URL. Whoever has the URL sees those todos.
      </p>
      <p role="status" id="calendar-feed-status">
        {status === null
          ? "Loading…"
          : status.exists && status.created_at
            ? `The feed is on, with a URL made ${formatTimestamp(status.created_at)}.`
            : "There is no feed."}
      </p>
      {url && (
        <OneTimeSecret
          id="calendar-feed-url"
          label="Subscribe to this URL in your calendar app"
          value={url}
          onDone={() => {
            // The focus stays in the section instead of falling to the page.
            createButton.current?.focus();
            setUrl(null);
          }}
        />
      )}
      <div className="settings-actions">
        <button
          ref={createButton}
          type="button"
          className="button"
          disabled={busy || status === null}
          onClick={() => void create()}
        >
          {status?.exists ? "Make a new URL (the old one stops working)" : "Create feed URL"}
        </button>
        {status?.exists && (
          <button type="button" className="button button--quiet" disabled={busy} onClick={() => void revoke()}>
            Turn the feed off
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
