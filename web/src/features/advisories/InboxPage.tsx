import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useSession } from '../auth/useSession';
import { AckText, SeverityBadge, TlpBadge } from './components/Labels';
import type { InboxItem } from './types';
import { useInbox } from './useAdvisories';

/** Unread first, then unacknowledged, then the newest. */
export function inboxOrder(items: InboxItem[]): InboxItem[] {
  const rank = (i: InboxItem): number => (!i.opened ? 0 : !i.acknowledged ? 1 : 2);
  return [...items].sort(
    (a, b) => rank(a) - rank(b) || (b.sent_at ?? '').localeCompare(a.sent_at ?? ''),
  );
}

/** The advisories that the user's organisation received. */
export function InboxPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const session = useSession();
  const inbox = useInbox();
  usePageTitle(t('inbox.title'));
  const organisation = session.data?.user?.organisation_name ?? '';
  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('inbox.title')}</h1>
        {organisation && <p className="muted">{organisation}</p>}
      </div>
      {inbox.isPending ? (
        <LoadingState />
      ) : inbox.isError ? (
        <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : inbox.data.items.length === 0 ? (
        <EmptyState>{t('inbox.empty')}</EmptyState>
      ) : (
        <>
          <p role="status">
            {t('inbox.summary', {
              unread: inbox.data.unread,
              unacknowledged: inbox.data.unacknowledged,
            })}
          </p>
          <ul className="inbox-list" aria-label={t('inbox.title')}>
            {inboxOrder(inbox.data.items).map((item) => (
              <li
                key={item.id}
                className={`inbox-item${item.opened ? '' : ' inbox-unread'}${
                  item.acknowledged ? '' : ' inbox-unacked'
                }`}
              >
                <Link to={`/inbox/${item.id}`} className="inbox-link">
                  <span className="inbox-title">
                    {!item.opened && <span className="visually-hidden">{t('inbox.unread')}: </span>}
                    {item.title}
                  </span>
                  <span className="muted">
                    {item.reference}
                    {item.sent_at ? ` · ${formatDateTime(item.sent_at, language)}` : ''}
                  </span>
                </Link>
                <span className="badge-row">
                  {item.is_exercise && (
                    <span className="badge badge-exercise">{t('common.exercise')}</span>
                  )}
                  <SeverityBadge severity={item.severity} />
                  <TlpBadge tlp={item.tlp} />
                  {item.acknowledged ? (
                    <span className="badge badge-ok">
                      <AckText ack={item.acknowledged} />
                    </span>
                  ) : (
                    <span className="badge badge-warning">{t('inbox.toAcknowledge')}</span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
