import { useCallback, useEffect, useState } from "react";
import { describeError, toApiError } from "../api/errors";

export interface LoadedList<T> {
  items: T[] | null;
  error: string | null;
  reload: () => void;
}

/** A list from the API, loaded when `enabled` (sections that need accounts skip it in single-user mode). */
export function useList<T>(load: () => Promise<T[]>, enabled: boolean): LoadedList<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    load().then(
      (loaded) => {
        setItems(loaded);
        setError(null);
      },
      (caught: unknown) => setError(describeError(toApiError(caught))),
    );
  }, [load]);

  useEffect(() => {
    if (enabled) reload();
  }, [enabled, reload]);

  return { items, error, reload };
}
