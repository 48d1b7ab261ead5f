import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

import { errorsForField } from '../api/errors';
import { FieldErrors } from './problem';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  name: string;
  value: string;
  hint?: ReactNode;
  error?: unknown;
  clientErrors?: string[];
  onValueChange: (value: string) => void;
}

/** A labelled input with its hint and the server's errors for the same field underneath. */
export function TextField({
  label,
  name,
  value,
  hint,
  error,
  clientErrors = [],
  onValueChange,
  'aria-describedby': extraDescribedBy,
  ...rest
}: TextFieldProps): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = clientErrors.length > 0 || errorsForField(error, name).length > 0;
  const describedBy = [hint ? hintId : '', invalid ? errorId : '', extraDescribedBy ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      )}
      <input
        id={id}
        name={name}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onValueChange(e.target.value)}
        {...rest}
      />
      <FieldErrors id={errorId} error={error} field={name} extra={clientErrors} />
    </div>
  );
}
