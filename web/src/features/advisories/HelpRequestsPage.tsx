import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { FormProblem } from '../../shared/ui/problem';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useSession } from '../auth/useSession';
import { helpStatuses, type HelpRequest, type HelpStatus } from './types';
import { useHelpRequests, useUpdateHelpRequest } from './useAdvisories';

function HelpRow({ request: r }: { request: HelpRequest }): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const session = useSession();
  const update = useUpdateHelpRequest();
  const me = session.data?.user?.id;
  return (
    <li className="panel help-request">
      <div className="panel-header">
        <h2>{r.subject}</h2>
        <span className={`badge badge-${r.status === 'closed' ? 'neutral' : 'warning'}`}>
          {t(`help.status.${r.status}`)}
        </span>
      </div>
      <p className="muted">
        {r.organisation.name} · {r.requested_by.name} · {formatDateTime(r.created_at, language)}
        {r.advisory_id !== null && (
          <>
            {' · '}
            <Link to={`/advisories/${r.advisory_id}`}>{t('help.advisory')}</Link>
          </>
        )}
      </p>
      <p className="help-body">{r.body}</p>
      <div className="row help-actions">
        <span>
          {t('help.owner')}: {r.owner?.name ?? t('help.noOwner')}
        </span>
        {me !== undefined && r.owner?.id !== me && (
          <button
            type="button"
            className="button-secondary"
            disabled={update.isPending}
            onClick={() => update.mutate({ request: r, patch: { owner_user_id: me } })}
          >
            {t('help.take')}
          </button>
        )}
        <label className="inline">
          <span>{t('help.statusLabel')}</span>{' '}
          <select
            value={r.status}
            aria-label={t('help.statusOf', { subject: r.subject })}
            disabled={update.isPending}
            onChange={(e) =>
              update.mutate({ request: r, patch: { status: e.target.value as HelpStatus } })
            }
          >
            {helpStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`help.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormProblem error={update.error} />
    </li>
  );
}

/** Requests for help from the organisations, for the war room to take on and close. */
export function HelpRequestsPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('help.title'));
  const [status, setStatus] = useState<HelpStatus | ''>('open');
  const list = useHelpRequests(status || undefined);
  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('help.title')}</h1>
      </div>
      <div className="filters-row">
        <div className="field">
          <label htmlFor="help-status">{t('help.statusLabel')}</label>
          <select
            id="help-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as HelpStatus | '')}
          >
            <option value="">{t('help.all')}</option>
            {helpStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`help.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState>{t('help.empty')}</EmptyState>
      ) : (
        <ul className="help-list">
          {list.data.map((r) => (
            <HelpRow key={r.id} request={r} />
          ))}
        </ul>
      )}
    </main>
  );
}
