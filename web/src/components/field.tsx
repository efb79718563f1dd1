import { useId } from 'react';
import type { ReactNode } from 'react';

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}

/** A labelled form control with its hint and its error right under it. */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint && !error ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface ChoiceProps<T extends string> {
  legend: string;
  name: string;
  value: T | null;
  options: readonly { value: T; label: string; key?: string; className?: string }[];
  onChange(value: T): void;
  error?: string | undefined;
  compact?: boolean;
  /** A last option that stands for no value (checked when `value` is null), and what choosing it does. */
  none?: { label: string; onChoose(): void } | undefined;
}

/** A row of radio buttons that looks like a segmented control and works with arrow keys. */
export function Choice<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  error,
  compact,
  none,
}: ChoiceProps<T>) {
  return (
    <fieldset className={`choice${compact ? ' compact' : ''}${error ? ' has-error' : ''}`}>
      <legend>{legend}</legend>
      <div className="choice-options">
        {options.map((o) => (
          <label
            key={o.value}
            className={`choice-option ${o.className ?? ''}${value === o.value ? ' checked' : ''}`}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
            {o.key ? <kbd aria-hidden="true">{o.key}</kbd> : null}
          </label>
        ))}
        {none ? (
          <label className={`choice-option choice-none${value === null ? ' checked' : ''}`}>
            <input type="radio" name={name} value="" checked={value === null} onChange={none.onChoose} />
            <span>{none.label}</span>
          </label>
        ) : null}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
