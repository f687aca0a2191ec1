import { useEffect, useRef, useState, type FormEvent } from "react";
import { asSentence, describeError, toApiError } from "../../api/errors";
import type { Priority, Todo, TodoPatch } from "../../api/types";
import { browserTimeZone } from "../../clock";
import { Field, FieldError, InputField, fieldControl } from "../../forms/Field";
import { PRIORITY_LABELS } from "../describe";
import { patchOf, valuesOf, type DetailValues } from "./form";
import { RecurrenceField } from "./RecurrenceField";
import { TagsField } from "./TagsField";
import "./TodoDetailDialog.css";

const PRIORITIES = Object.keys(PRIORITY_LABELS) as Priority[];

interface TodoDetailDialogProps {
  todo: Todo;
  knownTags: string[];
  /** Resolves when saved; rejects with the API's error otherwise. */
  onSave: (patch: TodoPatch) => Promise<void>;
  onDelete: () => Promise<void>;
  onClose: () => void;
}

/** Field errors by field name, as the API's problem+json `errors[]` names them. */
type FieldErrors = Partial<Record<string, string>>;

/**
 * Every field of a todo in a modal dialog. Saving sends the changed fields as
 * one PATCH; the API's validation messages show beside their fields.
 */
export function TodoDetailDialog({ todo, knownTags, onSave, onDelete, onClose }: TodoDetailDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<DetailValues>(() => valuesOf(todo));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Modal: the rest of the page is inert and Escape closes it. Unmounting
    // removes it from the page, which ends that without a `close` event.
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const set = <K extends keyof DetailValues>(field: K, value: DetailValues[K]) =>
    setValues((current) => ({ ...current, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch = patchOf(todo, values);
    if (Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await onSave(patch);
    } catch (caught) {
      const error = toApiError(caught);
      const byField: FieldErrors = {};
      for (const { field, message } of error.fieldErrors) byField[field] = asSentence(message);
      setErrors(byField);
      setFormError(error.fieldErrors.length > 0 ? "Please check the fields marked below." : describeError(error));
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await onDelete();
    } catch (caught) {
      setFormError(`Couldn't delete it. ${describeError(toApiError(caught))}`);
      setBusy(false);
    }
  };

  /** The id and error of the field the API names `name`. */
  const fieldOf = (name: string) => ({ id: `detail-${name}`, error: errors[name] });

  return (
    <dialog
      ref={dialogRef}
      className="todo-detail"
      aria-labelledby="todo-detail-heading"
      onClose={onClose}
    >
      <form className="todo-detail__form" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="todo-detail-heading" className="todo-detail__heading">
          Edit todo
        </h2>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <InputField
          {...fieldOf("title")}
          label="Title"
          value={values.title}
          onChange={(event) => set("title", event.target.value)}
          autoComplete="off"
          autoFocus
        />
        <label className="todo-detail__done">
          <input
            type="checkbox"
            checked={values.completed}
            onChange={(event) => set("completed", event.target.checked)}
            {...fieldControl("detail-completed", errors.completed)}
          />
          Done
        </label>
        <FieldError fieldId="detail-completed" error={errors.completed} />
        <Field {...fieldOf("notes")} label="Notes">
          {(control) => (
            <textarea
              {...control}
              className="field__input todo-detail__notes"
              value={values.notes}
              onChange={(event) => set("notes", event.target.value)}
              rows={3}
            />
          )}
        </Field>
        <div className="todo-detail__row">
          <InputField
            {...fieldOf("due_date")}
            label="Due date"
            type="date"
            value={values.dueDate}
            onChange={(event) => set("dueDate", event.target.value)}
          />
          <InputField
            {...fieldOf("due_time")}
            label="Time"
            type="time"
            value={values.dueTime}
            onChange={(event) => set("dueTime", event.target.value)}
            disabled={!values.dueDate}
          />
          <InputField
            {...fieldOf("remind_before")}
            label="Remind, minutes before"
            type="number"
            min={0}
            max={10080}
            step={1}
            placeholder="0"
            value={values.remindBefore}
            onChange={(event) => set("remindBefore", event.target.value)}
            disabled={!values.dueTime}
          />
        </div>
        <p className="field__hint">Dates and times are in your time zone, {browserTimeZone()}.</p>
        <Field {...fieldOf("priority")} label="Priority">
          {(control) => (
            <select
              {...control}
              className="field__input"
              value={values.priority}
              onChange={(event) => set("priority", event.target.value as Priority)}
            >
              {PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {PRIORITY_LABELS[priority]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TagsField tags={values.tags} known={knownTags} error={errors.tags} onChange={(tags) => set("tags", tags)} />
        <RecurrenceField
          value={values.recurrence}
          error={errors.recurrence}
          onChange={(rule) => set("recurrence", rule)}
        />
        <div className="todo-detail__actions">
          <button type="button" className="button todo-detail__delete" onClick={() => void remove()} disabled={busy}>
            Delete
          </button>
          <span className="todo-detail__spacer" />
          <button type="button" className="button button--quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
