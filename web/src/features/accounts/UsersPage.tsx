import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Dialog } from '../../shared/ui/Dialog';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useSession } from '../auth/useSession';
import { InviteForm } from './components/InviteForm';
import { UserRow } from './components/UserRow';
import { useUsers } from './useAccounts';
import { LoadMore } from '../../shared/ui/LoadMore';

/** Account management for the war room admin. */
export function UsersPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('users.title'));
  const id = useId();
  const session = useSession();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [inviting, setInviting] = useState(false);
  const users = useUsers(q);
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [text]);

  return (
    <main id="main" className="page">
      <div className="page-header page-header-actions">
        <div>
          <h1>{t('users.title')}</h1>
          <p className="muted">{t('users.intro')}</p>
        </div>
        <button type="button" className="button-primary" onClick={() => setInviting(true)}>
          {t('users.invite.open')}
        </button>
      </div>
      <form role="search" className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('users.search')}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={text}
            placeholder={t('users.searchPlaceholder')}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      </form>
      <section aria-label={t('users.results')}>
        {users.isPending ? (
          <LoadingState />
        ) : users.isError ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState>{t('users.empty')}</EmptyState>
        ) : (
          <>
            <ul className="user-list">
              {items.map((u) => (
                <UserRow
                  key={`${u.id}-${u.version}`}
                  user={u}
                  isSelf={u.id === session.data?.user.id}
                />
              ))}
            </ul>
            <LoadMore query={users} label={t('directory.loadMore')} />
          </>
        )}
      </section>
      {inviting && (
        <Dialog title={t('users.invite.title')} onClose={() => setInviting(false)}>
          <InviteForm onDone={() => setInviting(false)} />
        </Dialog>
      )}
    </main>
  );
}
