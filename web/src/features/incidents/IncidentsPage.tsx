import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { TlpBadge } from '../advisories/components/Labels';
import { IncidentSeverityBadge, IncidentStatusBadge } from './components/Labels';
import { statusFilters, type StatusFilter } from './types';
import { useIncidentEvents, useIncidentList } from './useIncidents';
import { LoadMore } from '../../shared/ui/LoadMore';

function isFilter(value: string | null): value is StatusFilter {
  return (statusFilters as readonly (string | null)[]).includes(value);
}

/** The incidents the reader may see, newest first; open ones unless she asks otherwise. */
export function IncidentsPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  usePageTitle(t('incidents.title'));
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: StatusFilter = isFilter(raw) ? raw : 'open';
  const list = useIncidentList(status);
  useIncidentEvents();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('incidents.title')}</h1>
        <div className="page-header-actions">
          <Link className="button-primary" to="/incidents/new">
            {t('incidents.declare.title')}
          </Link>
        </div>
      </div>
      <div className="filters-row">
        <div className="field">
          <label htmlFor="incident-status">{t('incidents.statusFilter')}</label>
          <select
            id="incident-status"
            value={status}
            onChange={(e) => setParams(e.target.value === 'open' ? {} : { status: e.target.value })}
          >
            {statusFilters.map((s) => (
              <option key={s} value={s}>
                {t(`incidents.filter.${s}`)}
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
        <EmptyState>{t(`incidents.empty.${status}`)}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table incident-table">
            <caption className="visually-hidden">{t('incidents.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('incidents.field.title')}</th>
                <th scope="col">{t('incidents.field.organisation')}</th>
                <th scope="col">{t('incidents.field.severity')}</th>
                <th scope="col">{t('incidents.field.status')}</th>
                <th scope="col">TLP</th>
                <th scope="col">{t('incidents.field.detectedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  <td data-label={t('incidents.field.title')}>
                    <Link to={`/incidents/${x.id}`}>{x.title}</Link>
                    {x.is_exercise && (
                      <span className="badge badge-exercise">{t('common.exercise')}</span>
                    )}
                  </td>
                  <td data-label={t('incidents.field.organisation')}>{x.organisation.name}</td>
                  <td data-label={t('incidents.field.severity')}>
                    <IncidentSeverityBadge level={x.severity} />
                  </td>
                  <td data-label={t('incidents.field.status')}>
                    <IncidentStatusBadge status={x.status} />
                  </td>
                  <td data-label="TLP">
                    <TlpBadge tlp={x.tlp} />
                  </td>
                  <td data-label={t('incidents.field.detectedAt')}>
                    {formatDateTime(x.detected_at, language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={list} label={t('incidents.more')} />
    </main>
  );
}
