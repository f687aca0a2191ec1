import "./SuggestionChips.css";

/** Buttons that send a ready-made message. */
export function SuggestionChips({
  suggestions,
  label,
  onPick,
  disabled,
}: {
  suggestions: string[];
  label: string;
  onPick: (text: string) => void;
  disabled: boolean;
}) {
  if (suggestions.length === 0) return null;
  return (
    <ul className="chips" aria-label={label}>
      {suggestions.map((suggestion) => (
        <li key={suggestion}>
          <button type="button" className="chip" onClick={() => onPick(suggestion)} disabled={disabled}>
            {suggestion}
          </button>
        </li>
      ))}
    </ul>
  );
}
