import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../api/errors';
import { useProblemMessage } from './problem';

export function LoadingState({ label }: { label?: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function EmptyState({ children }: { children: ReactNode }): ReactNode {
  return <p className="state state-empty">{children}</p>;
}

interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
}

/** A failed load: the translated reason and, when it may help, a retry button. */
export function ErrorState({ error, onRetry }: ErrorStateProps): ReactNode {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const notFound = isApiError(error) && error.status === 404;
  return (
    <div className="state state-error" role="alert">
      <p>{notFound ? t('errors.notFound') : message(error)}</p>
      {onRetry && !notFound && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
