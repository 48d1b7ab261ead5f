import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { formatOutage } from './components/Services';
import { useCriticalServices, useIncidentEvents, useRecovery } from './useIncidents';

/**
 * What is still down or degraded across the open incidents the reader may see (the war room
 * all, a SPOC her own organisation's), the longest outage first, against its restore target.
 */
export function RecoveryPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  usePageTitle(t('incidents.recovery.title'));
  useIncidentEvents();
  const recovery = useRecovery();
  const list = useCriticalServices();
  const names = new Map((list.data?.items ?? []).map((c) => [c.key, c.name]));
  let body: ReactNode;
  if (recovery.isPending) {
    body = <LoadingState />;
  } else if (recovery.isError) {
    body = <ErrorState error={recovery.error} onRetry={() => void recovery.refetch()} />;
  } else if (recovery.data.length === 0) {
    body = <EmptyState>{t('incidents.recovery.empty')}</EmptyState>;
  } else {
    body = (
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('incidents.recovery.service')}</th>
            <th scope="col">{t('incidents.recovery.incident')}</th>
            <th scope="col">{t('incidents.recovery.outage')}</th>
            <th scope="col">{t('incidents.recovery.target')}</th>
          </tr>
        </thead>
        <tbody>
          {recovery.data.map((x) => (
            <tr
              key={`${x.incident.id}-${x.service_key}`}
              className={x.overdue ? 'service-overdue' : undefined}
            >
              <td>
                {names.get(x.service_key) ?? x.service_key}{' '}
                <span className={`badge service-status service-status-${x.status}`}>
                  {t(`incidents.services.status.${x.status}`)}
                </span>
              </td>
              <td>
                <Link to={`/incidents/${x.incident.id}`}>{x.incident.title}</Link>
                <br />
                <span className="muted">{x.incident.organisation.name}</span>
              </td>
              <td>{formatOutage(x.outage_seconds)}</td>
              <td>
                {x.restore_target ? formatDateTime(x.restore_target, language) : '—'}
                {x.overdue && (
                  <>
                    {' '}
                    <span className="badge badge-danger">{t('incidents.services.overdue')}</span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('incidents.recovery.title')}</h1>
        <p className="muted">{t('incidents.recovery.intro')}</p>
      </div>
      {body}
    </main>
  );
}
