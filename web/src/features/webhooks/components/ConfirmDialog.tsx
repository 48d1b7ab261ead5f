import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Dialog } from '../../../shared/ui/Dialog';
import { FormProblem } from '../../../shared/ui/problem';

interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  busy: boolean;
  error: unknown;
  children: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before an action that cannot be undone; Cancel is the first button and has the focus. */
export function ConfirmDialog({
  title,
  confirmLabel,
  busy,
  error,
  children,
  onConfirm,
  onCancel,
}: ConfirmDialogProps): ReactNode {
  const { t } = useTranslation();
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    onConfirm();
  }
  return (
    <Dialog title={title} onClose={onCancel}>
      <form onSubmit={onSubmit} className="stack">
        {children}
        <FormProblem error={error} />
        <div className="dialog-actions">
          <button type="button" className="button-secondary" data-autofocus onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-danger" disabled={busy}>
            {busy ? t('common.busy') : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
