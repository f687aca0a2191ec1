import { ApiError } from "./client";

/** Any thrown value as an ApiError, so callers handle one type. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, { title: "Error", detail: error instanceof Error ? error.message : String(error) });
}

/** The server's details are phrases ("title: must not be empty"): make one a sentence. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** A sentence for a person, for an error with no better place to go. */
export function describeError(error: ApiError): string {
  if (error.status === 0) return error.message;
  if (error.status >= 500) return `The server had a problem (${error.status}). Please try again.`;
  return asSentence(error.message);
}
