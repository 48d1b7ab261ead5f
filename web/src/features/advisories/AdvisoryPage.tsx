import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { Dialog } from '../../shared/ui/Dialog';
import { FormProblem } from '../../shared/ui/problem';
import { ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useSession } from '../auth/useSession';
import { EmergencySendDialog, RevisionDialog, WithdrawDialog } from './components/ActionDialogs';
import { AdvisoryTexts } from './components/AdvisoryTexts';
import { AttachmentList } from './components/Attachments';
import { ExerciseBanner, SeverityBadge, TlpBadge } from './components/Labels';
import type { Advisory, TextLanguage } from './types';
import { useAdvisory, useApprove, useDeleteAdvisory } from './useAdvisories';

/** The title in the reader's language, else in Dutch. */
function titleOf(advisory: Advisory, language: TextLanguage): string {
  return advisory.texts[language]?.title || advisory.texts.nl?.title || '';
}

type Open = 'none' | 'emergency' | 'withdraw' | 'revision' | 'delete';

function DeleteDialog({
  advisory,
  onClose,
}: {
  advisory: Advisory;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const remove = useDeleteAdvisory(advisory);
  return (
    <Dialog title={t('advisories.delete.title')} onClose={onClose}>
      <p>{t('advisories.delete.intro', { reference: advisory.reference })}</p>
      <FormProblem error={remove.error} />
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(undefined, { onSuccess: () => void navigate('/advisories') })
          }
        >
          {t('advisories.delete.submit')}
        </button>
      </div>
    </Dialog>
  );
}

function Actions({ advisory }: { advisory: Advisory }): ReactNode {
  const { t } = useTranslation();
  const session = useSession();
  const approve = useApprove(advisory);
  const [open, setOpen] = useState<Open>('none');
  const close = (): void => setOpen('none');
  const isAuthor = session.data?.user?.id === advisory.author.id;
  const incomplete = advisory.missing_languages.length > 0;
  return (
    <section className="panel advisory-actions" aria-label={t('advisories.actions')}>
      {advisory.status === 'draft' && (
        <>
          <div className="action-with-note">
            <button
              type="button"
              className="button-primary"
              disabled={isAuthor || incomplete || approve.isPending}
              aria-describedby={isAuthor || incomplete ? 'approve-note' : undefined}
              onClick={() => approve.mutate()}
            >
              {approve.isPending ? t('common.busy') : t('advisories.approve')}
            </button>
            {(isAuthor || incomplete) && (
              <p id="approve-note" className="field-hint">
                {isAuthor ? t('advisories.fourEyes') : t('advisories.approveIncomplete')}
              </p>
            )}
          </div>
          <button
            type="button"
            className="button-danger"
            disabled={incomplete}
            onClick={() => setOpen('emergency')}
          >
            {t('advisories.emergency.button')}
          </button>
          <Link className="button-secondary" to={`/advisories/${advisory.id}/edit`}>
            {t('advisories.edit')}
          </Link>
          <button type="button" className="button-secondary" onClick={() => setOpen('delete')}>
            {t('advisories.delete.button')}
          </button>
        </>
      )}
      {advisory.status === 'sent' && (
        <>
          <Link className="button-primary" to={`/advisories/${advisory.id}/board`}>
            {t('advisories.board.title')}
          </Link>
          <Link className="button-secondary" to={`/advisories/${advisory.id}/call-list`}>
            {t('advisories.callList.title')}
          </Link>
          <button type="button" className="button-secondary" onClick={() => setOpen('revision')}>
            {t('advisories.revision.button')}
          </button>
          <button type="button" className="button-danger" onClick={() => setOpen('withdraw')}>
            {t('advisories.withdraw.button')}
          </button>
        </>
      )}
      <FormProblem error={approve.error} />
      {open === 'emergency' && <EmergencySendDialog advisory={advisory} onClose={close} />}
      {open === 'withdraw' && <WithdrawDialog advisory={advisory} onClose={close} />}
      {open === 'revision' && <RevisionDialog advisory={advisory} onClose={close} />}
      {open === 'delete' && <DeleteDialog advisory={advisory} onClose={close} />}
    </section>
  );
}

function Facts({ advisory: a }: { advisory: Advisory }): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const at = (iso: string | null): string => (iso ? formatDateTime(iso, language) : '—');
  return (
    <dl className="facts">
      <div>
        <dt>{t('advisories.field.status')}</dt>
        <dd>{t(`advisories.status.${a.status}`)}</dd>
      </div>
      <div>
        <dt>{t('advisories.field.author')}</dt>
        <dd>{a.author.name}</dd>
      </div>
      <div>
        <dt>{t('advisories.field.approvedBy')}</dt>
        <dd>{a.approved_by ? `${a.approved_by.name} · ${at(a.approved_at)}` : '—'}</dd>
      </div>
      <div>
        <dt>{t('advisories.field.sent')}</dt>
        <dd>{at(a.sent_at)}</dd>
      </div>
      <div>
        <dt>{t('advisories.field.policy')}</dt>
        <dd>{a.policy_name ?? t('advisories.compose.defaultPolicy')}</dd>
      </div>
      <div>
        <dt>{t('advisories.field.recipients')}</dt>
        <dd>{a.recipient_count}</dd>
      </div>
      <div>
        <dt>{t('advisories.field.revision')}</dt>
        <dd>{a.revision}</dd>
      </div>
      {a.counts && (
        <div>
          <dt>{t('advisories.field.acked')}</dt>
          <dd>
            {t('advisories.ackedOf', {
              acknowledged: a.counts.acknowledged,
              recipients: a.counts.recipients,
            })}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** One advisory for the war room: texts, state, and the actions that fit its status. */
export function AdvisoryPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const id = Number(useParams().id);
  const advisory = useAdvisory(id);
  usePageTitle(advisory.data?.reference ?? t('advisories.title'));
  if (advisory.isPending) {
    return (
      <main id="main" className="page">
        <LoadingState />
      </main>
    );
  }
  if (advisory.isError) {
    return (
      <main id="main" className="page">
        <ErrorState error={advisory.error} onRetry={() => void advisory.refetch()} />
      </main>
    );
  }
  const a = advisory.data;
  return (
    <main id="main" className="page">
      {a.is_exercise && <ExerciseBanner />}
      <nav className="breadcrumb" aria-label={t('advisories.breadcrumb')}>
        <Link to="/advisories">{t('advisories.title')}</Link>
      </nav>
      <div className="page-header">
        <h1>
          {a.reference}
          {titleOf(a, language) ? ` · ${titleOf(a, language)}` : ''}
        </h1>
        <p className="badge-row">
          <SeverityBadge severity={a.severity} />
          <TlpBadge tlp={a.tlp} />
          <span className={`badge badge-${a.status === 'sent' ? 'ok' : 'neutral'}`}>
            {t(`advisories.status.${a.status}`)}
          </span>
        </p>
      </div>
      {a.emergency_reason && (
        <div className="alert alert-warning emergency-reason" role="note">
          <strong>{t('advisories.emergency.was')}</strong> {a.emergency_reason}
        </div>
      )}
      {a.status === 'withdrawn' && (
        <div className="alert alert-info" role="note">
          <strong>{t('advisories.withdraw.was')}</strong> {a.withdraw_reason ?? ''}
        </div>
      )}
      {a.missing_languages.length > 0 && (
        <p className="missing-languages">
          {t('advisories.compose.missing', {
            languages: a.missing_languages.map((l) => l.toUpperCase()).join(', '),
          })}
        </p>
      )}
      <Actions advisory={a} />
      <Facts advisory={a} />
      <AdvisoryTexts advisory={a} />
      <AttachmentList advisoryId={a.id} attachments={a.attachments} />
    </main>
  );
}
