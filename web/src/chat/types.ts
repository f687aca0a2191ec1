import type { ChatAction } from "../api/types";

/** One message shown in the conversation. */
export interface ChatEntry {
  key: string;
  role: "user" | "assistant";
  text: string;
  actions: ChatAction[];
  suggestions: string[];
}

/** A message that could not be sent (or a history that could not be loaded), shown with a Retry button. */
export interface ChatFailure {
  message: string;
  retry: () => void;
}
