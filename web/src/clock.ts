// The browser's clock, sent with every chat message so "tomorrow" and "at 5pm"
// mean what the person sees on their own screen.

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The browser's language (BCP 47), which orders numbers-only dates: "6/14" or "14/6". */
export function browserLocale(): string {
  return navigator.language || "en-US";
}

/** The local calendar date of `date` as "YYYY-MM-DD". */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local wall-clock time of `date` as "HH:MM". */
export function localTime(date: Date): string {
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}
