import { useState } from "react";
import { Field } from "../../forms/Field";

const CHOICES: { rule: string; label: string }[] = [
  { rule: "", label: "Doesn't repeat" },
  { rule: "FREQ=DAILY", label: "Daily" },
  { rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", label: "Every weekday" },
  { rule: "FREQ=WEEKLY", label: "Weekly" },
  { rule: "FREQ=WEEKLY;INTERVAL=2", label: "Every 2 weeks" },
  { rule: "FREQ=MONTHLY", label: "Monthly" },
  { rule: "FREQ=YEARLY", label: "Yearly" },
];
const CUSTOM = "custom";

interface RecurrenceFieldProps {
  /** An RRULE value, or "" for none. */
  value: string;
  error?: string;
  onChange: (rule: string) => void;
}

/** The common repeats as choices, and "Custom RRULE" with a text field for any other rule. */
export function RecurrenceField({ value, error, onChange }: RecurrenceFieldProps) {
  const [custom, setCustom] = useState(() => !CHOICES.some((choice) => choice.rule === value));
  const selected = custom ? CUSTOM : value;

  // The error is the rule's: it marks the RRULE input when there is one, else the choices.
  return (
    <Field id="detail-recurrence" label="Repeats" error={error}>
      {({ id, ...toError }) => (
        <>
          <select
            id={id}
            className="field__input"
            value={selected}
            onChange={(event) => {
              const isCustom = event.target.value === CUSTOM;
              setCustom(isCustom);
              if (!isCustom) onChange(event.target.value);
            }}
            {...(custom ? {} : toError)}
          >
            {CHOICES.map((choice) => (
              <option key={choice.rule} value={choice.rule}>
                {choice.label}
              </option>
            ))}
            <option value={CUSTOM}>Custom RRULE…</option>
          </select>
          {custom && (
            <>
              <label htmlFor="detail-rrule" className="field__label">
                RRULE
              </label>
              <input
                id="detail-rrule"
                className="field__input"
                value={value}
                onChange={(event) => onChange(event.target.value)}
                placeholder="FREQ=WEEKLY;BYDAY=MO,TH"
                spellCheck={false}
                autoComplete="off"
                {...toError}
              />
            </>
          )}
        </>
      )}
    </Field>
  );
}
