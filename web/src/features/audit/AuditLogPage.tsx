import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { changesOf, showValue } from './changes';
import type { AuditEntry } from './types';
import { useAuditLog } from './useAudit';
import { LoadMore } from '../../shared/ui/LoadMore';

function Changes({ entry }: { entry: AuditEntry }): ReactNode {
  const { t } = useTranslation();
  const changes = changesOf(entry.before, entry.after);
  if (changes.length === 0) return null;
  return (
    <details className="audit-changes">
      <summary>{t('audit.changes', { count: changes.length })}</summary>
      <dl>
        {changes.map((c) => (
          <div key={c.field} className="audit-change">
            <dt>
              <code>{c.field}</code>
            </dt>
            <dd>
              <span className="audit-before">{showValue(c.before)}</span>
              {' → '}
              <span className="audit-after">{showValue(c.after)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function AuditRow({ entry: e }: { entry: AuditEntry }): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <li className="audit-entry">
      <div className="audit-head">
        <span className="audit-action">
          <code>{e.action}</code>
        </span>
        <time dateTime={e.at} className="muted">
          {formatDateTime(e.at, language)}
        </time>
      </div>
      <p className="audit-meta">
        <span>
          <span className="muted">{t('audit.actor')}: </span>
          {e.actor_label ?? '—'}
        </span>
        <span>
          <span className="muted">{t('audit.object')}: </span>
          {e.object_type}
          {e.object_id ? ` #${e.object_id}` : ''}
        </span>
        {e.organisation_id !== null && e.organisation_id !== undefined && (
          <Link to={`/organisations/${e.organisation_id}`}>{t('audit.openOrganisation')}</Link>
        )}
        <span className="muted audit-seq">
          {t('audit.seq')} {e.seq}
        </span>
      </p>
      <Changes entry={e} />
    </li>
  );
}

/** The audit log, newest first: who changed what and when, with the fields that changed. */
export function AuditLogPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('audit.title'));
  const log = useAuditLog();
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('audit.title')}</h1>
        <p className="muted">{t('audit.intro')}</p>
      </div>
      {log.isPending ? (
        <LoadingState />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState>{t('audit.empty')}</EmptyState>
      ) : (
        <>
          <ol className="audit-list" aria-label={t('audit.title')}>
            {entries.map((e) => (
              <AuditRow key={e.seq} entry={e} />
            ))}
          </ol>
          <LoadMore query={log} label={t('audit.older')} />
        </>
      )}
    </main>
  );
}
