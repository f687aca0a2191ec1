import { SuggestionChips } from "./SuggestionChips";

const EXAMPLES = ["Remind me to call mom tomorrow at 5pm", "What's due today?", "Show my todos"];

/** What an empty conversation shows: what to say, with examples to send. */
export function Welcome({ onPick, disabled }: { onPick: (text: string) => void; disabled: boolean }) {
  return (
    <div className="welcome">
      <p className="welcome__title">What needs doing?</p>
      <p className="welcome__text">
        Tell me in your own words: add todos with a date, time, priority or #tag, ask what's due, tick things off,
        rename, reschedule or undo.
      </p>
      <SuggestionChips suggestions={EXAMPLES} label="Examples" onPick={onPick} disabled={disabled} />
    </div>
  );
}
