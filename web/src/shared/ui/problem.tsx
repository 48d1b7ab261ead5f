import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { errorsForField, isApiError, type ApiError } from '../api/errors';
import type { FieldError } from '../api/types';

/** A function turning any error into a sentence in the user's language. */
export function useProblemMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (!isApiError(error)) return t('errors.network');
    if (error.code && i18n.exists(`errors.code.${error.code}`)) {
      return t(`errors.code.${error.code}`);
    }
    const byStatus = `errors.status.${error.status}`;
    if (i18n.exists(byStatus)) return t(byStatus);
    return error.problem.detail ?? (error.problem.title || t('errors.unknown'));
  };
}

/** A function turning one field error into a sentence in the user's language. */
export function useFieldErrorMessage(): (error: FieldError) => string {
  const { t, i18n } = useTranslation();
  return (error: FieldError): string =>
    error.code && i18n.exists(`errors.field.${error.code}`)
      ? t(`errors.field.${error.code}`)
      : error.message;
}

interface FieldErrorsProps {
  id: string;
  error: unknown;
  field: string;
  extra?: string[];
}

/** The server's errors for one field, placed under that field and referenced by aria-describedby. */
export function FieldErrors({ id, error, field, extra = [] }: FieldErrorsProps): ReactNode {
  const message = useFieldErrorMessage();
  const messages = [...extra, ...errorsForField(error, field).map(message)];
  if (messages.length === 0) return null;
  return (
    <ul className="field-errors" id={id}>
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

/** Whether the problem carries a machine code that the app has a translation for. */
export function hasTranslatedCode(
  error: ApiError,
  i18n: { exists: (key: string) => boolean },
): boolean {
  return Boolean(error.code && i18n.exists(`errors.code.${error.code}`));
}

export function hasFieldErrors(error: unknown, field: string): boolean {
  return errorsForField(error, field).length > 0;
}

interface FormProblemProps {
  error: unknown;
  fields?: string[];
}

/**
 * The part of a problem that no field shows: the general message and errors for fields the form
 * does not have. Conflicts (412) have their own component.
 */
export function FormProblem({ error, fields = [] }: FormProblemProps): ReactNode {
  const message = useProblemMessage();
  const fieldMessage = useFieldErrorMessage();
  if (!error) return null;
  const stray = isApiError(error)
    ? error.fieldErrors.filter((e) => !fields.some((f) => errorsForField(error, f).includes(e)))
    : [];
  return (
    <div className="alert alert-error" role="alert">
      <p>{message(error)}</p>
      {stray.length > 0 && (
        <ul>
          {stray.map((e, i) => (
            <li key={i}>
              {e.field ? `${e.field}: ` : ''}
              {fieldMessage(e)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface ConflictNoticeProps {
  onReload: () => void;
}

/** Shown on 412: another user saved the record after we read it. */
export function ConflictNotice({ onReload }: ConflictNoticeProps): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="alert alert-warning" role="alert">
      <p>{t('errors.conflict')}</p>
      <button type="button" className="button-secondary" onClick={onReload}>
        {t('common.reload')}
      </button>
    </div>
  );
}
