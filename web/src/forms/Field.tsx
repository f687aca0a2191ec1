import type { InputHTMLAttributes, ReactNode, Ref } from "react";

/** What ties a control to its label and to its error or hint: spread it on the control. */
export interface FieldControl {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** The control `id` described by its error when there is one (and marked invalid), else by its hint. */
export function fieldControl(id: string, error?: string, hint?: string): FieldControl {
  if (error) return { id, "aria-invalid": true, "aria-describedby": `${id}-error` };
  return hint ? { id, "aria-describedby": `${id}-hint` } : { id };
}

/** The error of the control (or fieldset) `fieldId`, with the id `fieldControl` points to. */
export function FieldError({ fieldId, error }: { fieldId: string; error?: string | null }) {
  return error ? (
    <p id={`${fieldId}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

interface FieldProps {
  /** The control's id, which the label, hint and error are tied to. */
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** Renders the control, given the props that tie it to the rest. */
  children: (control: FieldControl) => ReactNode;
}

/** A labelled control with a hint, replaced by the error when there is one; either is tied to the control for screen readers. */
export function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children(fieldControl(id, error, hint))}
      {hint && !error && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <FieldError fieldId={id} error={error} />
    </div>
  );
}

interface InputFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
}

/** A `Field` whose control is an input, given every other prop. */
export function InputField({ id, label, hint, error, inputRef, ...input }: InputFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => <input {...input} {...control} ref={inputRef} className="field__input" />}
    </Field>
  );
}
