import { useState, type FormEvent, type Ref } from "react";
import type { NewTodo } from "../api/types";

interface AddTodoFormProps {
  onAdd: (todo: NewTodo) => Promise<boolean>;
  inputRef: Ref<HTMLInputElement>;
}

/** Adds a todo directly, with an optional due date. */
export function AddTodoForm({ onAdd, inputRef }: AddTodoFormProps) {
  const [title, setTitle] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [saving, setSaving] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed || saving) return;
    setSaving(true);
    const added = await onAdd({ title: trimmed, due_date: dueDate || null });
    setSaving(false);
    if (added) {
      setTitle("");
      setDueDate("");
    }
  };

  return (
    <form className="add-todo" onSubmit={(event) => void onSubmit(event)}>
      <label htmlFor="new-todo-title" className="visually-hidden">
        New todo
      </label>
      <input
        id="new-todo-title"
        ref={inputRef}
        className="add-todo__title"
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        placeholder="Add a todo"
        maxLength={500}
        autoComplete="off"
        readOnly={saving}
      />
      <label htmlFor="new-todo-due" className="visually-hidden">
        Due date
      </label>
      <input
        id="new-todo-due"
        className="add-todo__due"
        type="date"
        value={dueDate}
        onChange={(event) => setDueDate(event.target.value)}
      />
      <button type="submit" className="button" disabled={!title.trim() || saving}>
        Add
      </button>
    </form>
  );
}
