import type { ChatAction } from "../api/types";

// A numbered line of a list reply: "2. Pay rent — due today".
const NUMBERED_LINE = /^\s*\d+\.\s/;

/**
 * The text to show for a reply. A list reply's text numbers every todo, which
 * the cards under it show again: the UI keeps its other lines (the summary,
 * "Open todos (2):") and lets the cards be the list. The API's `reply` keeps the
 * full list for clients without cards.
 */
export function replyText(text: string, actions: ChatAction[]): string {
  const listed = actions.some((action) => action.type === "listed" && action.todos.length > 0);
  if (!listed) return text;
  const kept = text.split("\n").filter((line) => !NUMBERED_LINE.test(line));
  return kept.join("\n").trim() || text;
}
