/** The options page's form fields: a label, its control, and the problems found in that field. */
import type { ComponentChildren } from 'preact';
import type { ShownError } from '../ui/errors.ts';
import { issuesFor } from './list-input.ts';

type Issues = ShownError['issues'];

/** The background's problems with one field (`apiOrigins[2]` belongs to `apiOrigins`). */
export function FieldIssues({ issues, field }: { issues: Issues; field: string }) {
  const mine = issuesFor(issues, field);
  return mine.length > 0 ? (
    <span class="field-error error" role="alert">
      {mine.map((i) => i.message).join(' ')}
    </span>
  ) : null;
}

interface TextFieldProps {
  /** The label's text (and any hint), before the input. */
  children: ComponentChildren;
  value: string;
  onValue(value: string): void;
  /** Where the background's problems with this field are shown (path `field`). */
  issues?: { issues: Issues; field: string };
  class?: string;
  placeholder?: string;
  required?: boolean;
}

export function TextField(props: TextFieldProps) {
  return (
    <label class={props.class}>
      {props.children}
      <input
        type="text"
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
        required={props.required}
      />
      {props.issues ? <FieldIssues {...props.issues} /> : null}
    </label>
  );
}

interface CheckboxProps {
  children: ComponentChildren;
  checked: boolean;
  onChecked(checked: boolean): void;
  disabled?: boolean;
}

/** A checkbox on one line with its label. */
export function Checkbox({ children, checked, onChecked, disabled }: CheckboxProps) {
  return (
    <label class="inline">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChecked(e.currentTarget.checked)}
      />
      {children}
    </label>
  );
}
