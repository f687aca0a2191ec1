import { useState, type KeyboardEvent } from "react";
import { FieldError } from "../../forms/Field";
import { normaliseTag } from "./form";

interface TagsFieldProps {
  tags: string[];
  /** Tags used elsewhere, offered as suggestions. */
  known: string[];
  error?: string;
  onChange: (tags: string[]) => void;
}

/** A todo's tags: each with a remove button, and an input (Enter adds) suggesting the tags already in use. */
export function TagsField({ tags, known, error, onChange }: TagsFieldProps) {
  const [draft, setDraft] = useState("");
  const suggestions = known.filter((tag) => !tags.includes(tag));

  const add = () => {
    const tag = normaliseTag(draft);
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
    setDraft("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // Adds the tag instead of saving the form.
    add();
  };

  return (
    <fieldset className="field todo-detail__tags" aria-describedby={error ? "detail-tags-error" : undefined}>
      <legend className="field__label">Tags</legend>
      {tags.length > 0 && (
        <ul className="todo-detail__tag-list" aria-label="Tags of this todo">
          {tags.map((tag) => (
            <li key={tag} className="todo-detail__tag">
              #{tag}
              <button
                type="button"
                className="todo-detail__tag-remove"
                onClick={() => onChange(tags.filter((t) => t !== tag))}
                aria-label={`Remove tag ${tag}`}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="todo-detail__tag-add">
        <label htmlFor="detail-new-tag" className="visually-hidden">
          New tag
        </label>
        <input
          id="detail-new-tag"
          className="field__input"
          list="detail-known-tags"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Add a tag"
          maxLength={50}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
        />
        <datalist id="detail-known-tags">
          {suggestions.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <button type="button" className="button" onClick={add} disabled={!normaliseTag(draft)}>
          Add tag
        </button>
      </div>
      <FieldError fieldId="detail-tags" error={error} />
    </fieldset>
  );
}
