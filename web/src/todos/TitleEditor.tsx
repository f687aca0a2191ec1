import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { FieldError } from "../forms/Field";

interface TitleEditorProps {
  todoId: number;
  initial: string;
  /** Resolves to an error message, or null when saved. */
  onSave: (title: string) => Promise<string | null>;
  /** Called when editing ends; `returnFocus` is true when it ended from the keyboard. */
  onDone: (returnFocus: boolean) => void;
}

/** Inline editing of a todo's title: Enter or leaving the field saves, Escape cancels. */
export function TitleEditor({ todoId, initial, onSave, onDone }: TitleEditorProps) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Set while saving or once finished, so the blur that follows Enter does not save twice.
  const busy = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = `todo-${todoId}-title`;

  useEffect(() => {
    inputRef.current?.select();
  }, []);

  const finish = (returnFocus: boolean) => {
    busy.current = true;
    onDone(returnFocus);
  };

  const save = async (returnFocus: boolean) => {
    if (busy.current) return;
    const title = value.trim();
    if (title === initial.trim()) return finish(returnFocus);
    if (!title) {
      setError("The title can't be empty.");
      return;
    }
    busy.current = true;
    setSaving(true);
    const failure = await onSave(title);
    busy.current = false;
    setSaving(false);
    if (failure) {
      setError(failure);
      inputRef.current?.focus();
    } else {
      finish(returnFocus);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      void save(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      finish(true);
    }
  };

  return (
    <div className="title-editor">
      <label htmlFor={inputId} className="visually-hidden">
        Title
      </label>
      <input
        id={inputId}
        ref={inputRef}
        className="title-editor__input"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => void save(false)}
        maxLength={500}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${inputId}-error` : undefined}
        readOnly={saving}
      />
      <FieldError fieldId={inputId} error={error} />
    </div>
  );
}
