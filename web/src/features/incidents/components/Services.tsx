import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { formatDateTime } from '../../../shared/time/format';
import { fromBrusselsInput, toBrusselsInput } from '../../../shared/time/input';
import { FormProblem } from '../../../shared/ui/problem';
import { EmptyState, ErrorState, LoadingState } from '../../../shared/ui/States';
import {
  serviceStatuses,
  type CriticalService,
  type Incident,
  type IncidentService,
  type ServiceStatus,
} from '../types';
import { useCriticalServices, useIncidentServices, usePutService } from '../useIncidents';

/** "3 d 4 h", "5 h 20 min", "12 min": how long a service has been out. */
export function formatOutage(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days > 0) return `${days} d ${hours % 24} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  return `${minutes} min`;
}

interface RowProps {
  incidentId: number;
  service: IncidentService;
  name: string;
}

/** One service: its state, and a small form to change status and restore target. */
function ServiceRow({ incidentId, service: s, name }: RowProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const put = usePutService(incidentId);
  const [status, setStatus] = useState<ServiceStatus>(s.status);
  const [target, setTarget] = useState(s.restore_target ? toBrusselsInput(s.restore_target) : '');

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const restoreTarget = target ? (fromBrusselsInput(target) ?? target) : null;
    put.mutate({
      key: s.service_key,
      version: s.version,
      state: { status, restore_target: restoreTarget },
    });
  }

  return (
    <li className={`service service-${s.status}${s.overdue ? ' service-overdue' : ''}`}>
      <p className="badge-row">
        <strong>{name}</strong>{' '}
        <span className={`badge service-status service-status-${s.status}`}>
          {t(`incidents.services.status.${s.status}`)}
        </span>
        {s.overdue && <span className="badge badge-danger">{t('incidents.services.overdue')}</span>}
      </p>
      <p className="muted">
        {t('incidents.services.since', {
          at: formatDateTime(s.since, language),
          duration: formatOutage(s.outage_seconds),
        })}
        {s.restore_target &&
          ` · ${t('incidents.services.target', { at: formatDateTime(s.restore_target, language) })}`}
        {s.restored_at &&
          ` · ${t('incidents.services.restoredAt', { at: formatDateTime(s.restored_at, language) })}`}
      </p>
      <form className="service-form" onSubmit={onSubmit}>
        <label>
          {t('incidents.services.statusLabel')}
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as ServiceStatus)}
            aria-label={t('incidents.services.statusFor', { name })}
          >
            {serviceStatuses.map((v) => (
              <option key={v} value={v}>
                {t(`incidents.services.status.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.services.targetLabel')}
          <input
            type="datetime-local"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            aria-label={t('incidents.services.targetFor', { name })}
          />
        </label>
        <button type="submit" className="button" disabled={put.isPending}>
          {t('incidents.services.save')}
        </button>
      </form>
      {put.error && <FormProblem error={put.error} />}
    </li>
  );
}

/** Adds a service of the list that is not on the incident yet, as down since now. */
function AddService({
  incidentId,
  candidates,
}: {
  incidentId: number;
  candidates: CriticalService[];
}): ReactNode {
  const { t } = useTranslation();
  const put = usePutService(incidentId);
  const [key, setKey] = useState('');
  if (candidates.length === 0) return null;
  return (
    <form
      className="service-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!key) return;
        put.mutate(
          { key, version: undefined, state: { status: 'down' } },
          { onSuccess: () => setKey('') },
        );
      }}
    >
      <label>
        {t('incidents.services.add')}
        <select value={key} onChange={(e) => setKey(e.target.value)}>
          <option value="">{t('incidents.services.choose')}</option>
          {candidates.map((c) => (
            <option key={c.key} value={c.key}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button" disabled={!key || put.isPending}>
        {t('incidents.services.markDown')}
      </button>
      {put.error && <FormProblem error={put.error} />}
    </form>
  );
}

/** The incident's critical services: what is down, since when, against which target. */
export function Services({ incident }: { incident: Incident }): ReactNode {
  const { t } = useTranslation();
  const services = useIncidentServices(incident.id);
  const list = useCriticalServices();
  const names = new Map((list.data?.items ?? []).map((c) => [c.key, c.name]));
  let body: ReactNode;
  if (services.isPending) {
    body = <LoadingState />;
  } else if (services.isError) {
    body = <ErrorState error={services.error} onRetry={() => void services.refetch()} />;
  } else if (services.data.length === 0) {
    body = <EmptyState>{t('incidents.services.empty')}</EmptyState>;
  } else {
    body = (
      <ul className="services">
        {services.data.map((s) => (
          <ServiceRow
            key={`${s.service_key}-${s.version}`}
            incidentId={incident.id}
            service={s}
            name={names.get(s.service_key) ?? s.service_key}
          />
        ))}
      </ul>
    );
  }
  const present = new Set((services.data ?? []).map((s) => s.service_key));
  const candidates = (list.data?.items ?? []).filter((c) => !present.has(c.key));
  return (
    <section className="incident-section" aria-labelledby="services-title">
      <h2 id="services-title">{t('incidents.services.title')}</h2>
      {body}
      {services.isSuccess && incident.status !== 'closed' && (
        <AddService incidentId={incident.id} candidates={candidates} />
      )}
    </section>
  );
}
