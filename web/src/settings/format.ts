/** A timestamp as the reader's locale writes it: "Mar 10, 2026, 9:00 AM". */
export function formatTimestamp(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
