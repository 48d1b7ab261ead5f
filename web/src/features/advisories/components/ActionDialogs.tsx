import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Dialog, DialogActions } from '../../../shared/ui/Dialog';
import { FormProblem } from '../../../shared/ui/problem';
import type { Advisory, TextLanguage } from '../types';
import { useEmergencySend, usePublishRevision, useWithdraw } from '../useAdvisories';
import { alignTexts, TextsEditor } from './TextsEditor';

interface ReasonDialogProps {
  title: string;
  label: string;
  intro: string;
  submit: string;
  busy: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}

/** A dialog that asks for a written reason before an action that cannot be undone. */
function ReasonDialog({
  title,
  label,
  intro,
  submit,
  busy,
  error,
  onSubmit,
  onClose,
}: ReasonDialogProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const empty = reason.trim() === '';
  function handle(event: FormEvent): void {
    event.preventDefault();
    setTried(true);
    if (!empty) onSubmit(reason.trim());
  }
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={handle} noValidate>
        <p>{intro}</p>
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <textarea
            id={id}
            rows={4}
            value={reason}
            required
            aria-invalid={(tried && empty) || undefined}
            aria-describedby={tried && empty ? `${id}-error` : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {tried && empty && (
            <ul className="field-errors" id={`${id}-error`}>
              <li>{t('advisories.reasonRequired')}</li>
            </ul>
          )}
        </div>
        <FormProblem error={error} />
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-danger" disabled={busy}>
            {busy ? t('common.busy') : submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function EmergencySendDialog({
  advisory,
  onClose,
}: {
  advisory: Advisory;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const send = useEmergencySend(advisory);
  return (
    <ReasonDialog
      title={t('advisories.emergency.title')}
      intro={t('advisories.emergency.intro')}
      label={t('advisories.emergency.reason')}
      submit={t('advisories.emergency.submit')}
      busy={send.isPending}
      error={send.error}
      onSubmit={(reason) => send.mutate(reason, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}

export function WithdrawDialog({
  advisory,
  onClose,
}: {
  advisory: Advisory;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const withdraw = useWithdraw(advisory);
  return (
    <ReasonDialog
      title={t('advisories.withdraw.title')}
      intro={t('advisories.withdraw.intro')}
      label={t('advisories.withdraw.reason')}
      submit={t('advisories.withdraw.submit')}
      busy={withdraw.isPending}
      error={withdraw.error}
      onSubmit={(reason) => withdraw.mutate(reason, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}

/** New texts for a sent advisory, a note on what changed, and whether to ask again. */
export function RevisionDialog({
  advisory,
  onClose,
}: {
  advisory: Advisory;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const publish = usePublishRevision(advisory);
  const [texts, setTexts] = useState(() =>
    alignTexts(advisory.texts, Object.keys(advisory.texts) as TextLanguage[]),
  );
  const [note, setNote] = useState('');
  const [reacknowledge, setReacknowledge] = useState(false);
  function handle(event: FormEvent): void {
    event.preventDefault();
    publish.mutate({ texts, note, reacknowledge }, { onSuccess: onClose });
  }
  return (
    <Dialog title={t('advisories.revision.title')} onClose={onClose}>
      <form onSubmit={handle} noValidate className="revision-form">
        <TextsEditor texts={texts} onChange={setTexts} />
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('advisories.revision.note')}</label>
          <textarea
            id={`${id}-note`}
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={reacknowledge}
            onChange={(e) => setReacknowledge(e.target.checked)}
          />
          {t('advisories.revision.reacknowledge')}
        </label>
        <FormProblem error={publish.error} fields={['texts', 'note']} />
        <DialogActions busy={publish.isPending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
