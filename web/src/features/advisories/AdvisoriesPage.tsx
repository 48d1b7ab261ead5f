import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { SeverityBadge, TlpBadge } from './components/Labels';
import { advisoryStatuses, type AdvisoryStatus } from './types';
import { useAdvisoryList } from './useAdvisories';
import { LoadMore } from '../../shared/ui/LoadMore';

function isStatus(value: string | null): value is AdvisoryStatus {
  return (advisoryStatuses as readonly (string | null)[]).includes(value);
}

/** The war room's advisories: drafts to approve, sent ones with their acknowledgement counts. */
export function AdvisoriesPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  usePageTitle(t('advisories.title'));
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  const list = useAdvisoryList(status);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('advisories.title')}</h1>
        <div className="page-header-actions">
          <Link className="button-secondary" to="/advisories/policies">
            {t('advisories.policies.title')}
          </Link>
          <Link className="button-primary" to="/advisories/new">
            {t('advisories.new')}
          </Link>
        </div>
      </div>
      <div className="filters-row">
        <div className="field">
          <label htmlFor="advisory-status">{t('advisories.statusFilter')}</label>
          <select
            id="advisory-status"
            value={status ?? ''}
            onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          >
            <option value="">{t('advisories.allStatuses')}</option>
            {advisoryStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`advisories.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('advisories.empty')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table advisory-table">
            <caption className="visually-hidden">{t('advisories.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('advisories.field.reference')}</th>
                <th scope="col">{t('advisories.field.title')}</th>
                <th scope="col">{t('advisories.field.severity')}</th>
                <th scope="col">TLP</th>
                <th scope="col">{t('advisories.field.status')}</th>
                <th scope="col">{t('advisories.field.sent')}</th>
                <th scope="col">{t('advisories.field.acked')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td data-label={t('advisories.field.reference')}>
                    <Link to={`/advisories/${a.id}`}>{a.reference}</Link>
                    {a.is_exercise && (
                      <span className="badge badge-exercise">{t('common.exercise')}</span>
                    )}
                  </td>
                  <td data-label={t('advisories.field.title')}>{a.title}</td>
                  <td data-label={t('advisories.field.severity')}>
                    <SeverityBadge severity={a.severity} />
                  </td>
                  <td data-label="TLP">
                    <TlpBadge tlp={a.tlp} />
                  </td>
                  <td data-label={t('advisories.field.status')}>
                    {t(`advisories.status.${a.status}`)}
                  </td>
                  <td data-label={t('advisories.field.sent')}>
                    {a.sent_at ? formatDateTime(a.sent_at, language) : '—'}
                  </td>
                  <td data-label={t('advisories.field.acked')}>
                    {a.counts ? (
                      <Link to={`/advisories/${a.id}/board`}>
                        {t('advisories.ackedOf', {
                          acknowledged: a.counts.acknowledged,
                          recipients: a.counts.recipients,
                        })}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={list} label={t('advisories.more')} />
    </main>
  );
}
