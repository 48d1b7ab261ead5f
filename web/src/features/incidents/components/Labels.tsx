import '../incidents.css';

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { IncidentStatus } from '../types';

/** "1 · Critical": the level and its word, coloured from red (1) to grey (4). */
export function IncidentSeverityBadge({ level }: { level: number }): ReactNode {
  const { t } = useTranslation();
  return (
    <span className={`incident-severity incident-severity-${level}`}>
      {t('incidents.severityLabel', { level, label: t(`incidents.severity.${level}`) })}
    </span>
  );
}

const STATUS_TONE: Record<IncidentStatus, string> = {
  reported: 'danger',
  triage: 'warning',
  containment: 'warning',
  eradication: 'info',
  recovery: 'info',
  closed: 'ok',
};

export function IncidentStatusBadge({ status }: { status: IncidentStatus }): ReactNode {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${STATUS_TONE[status]}`}>{t(`incidents.status.${status}`)}</span>
  );
}
