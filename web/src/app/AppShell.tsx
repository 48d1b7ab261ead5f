import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';

import { useInbox } from '../features/advisories/useAdvisories';
import { logout } from '../features/auth/api';
import { useSession } from '../features/auth/useSession';
import { isWarroomRole, worksForOneOrganisation } from '../features/directory/roles';
import { readsIncidents } from '../features/incidents/types';
import { LanguageSwitcher } from '../shared/ui/LanguageSwitcher';

/** The frame of every signed-in page: header with user, organisation, language and sign-out. */
export function AppShell(): ReactNode {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.data?.user;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const readsInbox = worksForOneOrganisation(user?.role);
  const inbox = useInbox(readsInbox);
  const unacknowledged = inbox.data?.unacknowledged ?? 0;
  const signOut = useMutation({
    mutationFn: logout,
    meta: { authQuery: true },
    onSettled: () => {
      queryClient.clear();
      void navigate('/login', { replace: true });
    },
  });

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('header.skip')}
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <NavLink to="/" end className="brand">
            <span className="brand-mark" aria-hidden="true" />
            {t('app.name')}
          </NavLink>
          <nav aria-label={t('header.nav')} className="app-nav">
            {user && worksForOneOrganisation(user.role) && (
              <NavLink to={`/organisations/${user.organisation_id}`}>
                {t('nav.myOrganisation')}
              </NavLink>
            )}
            {readsInbox && (
              <NavLink to="/inbox">
                {t('nav.inbox')}
                {unacknowledged > 0 && (
                  <span className="nav-count">
                    <span aria-hidden="true">{unacknowledged}</span>
                    <span className="visually-hidden">
                      {t('nav.unacknowledged', { count: unacknowledged })}
                    </span>
                  </span>
                )}
              </NavLink>
            )}
            {readsIncidents(user?.role) && <NavLink to="/incidents">{t('nav.incidents')}</NavLink>}
            {readsIncidents(user?.role) && <NavLink to="/recovery">{t('nav.recovery')}</NavLink>}
            {isWarroomRole(user?.role) && <NavLink to="/advisories">{t('nav.advisories')}</NavLink>}
            {isWarroomRole(user?.role) && (
              <NavLink to="/help-requests">{t('nav.helpRequests')}</NavLink>
            )}
            <NavLink to="/directory">{t('nav.directory')}</NavLink>
            {isWarroomRole(user?.role) && <NavLink to="/imports">{t('nav.imports')}</NavLink>}
            {isWarroomRole(user?.role) && (
              <NavLink to="/verification">{t('nav.verification')}</NavLink>
            )}
            {(user?.role === 'warroom_admin' || user?.role === 'spoc') && (
              <NavLink to="/webhooks">{t('nav.webhooks')}</NavLink>
            )}
            {user?.role === 'warroom_admin' && (
              <NavLink to="/admin/users">{t('nav.users')}</NavLink>
            )}
            {user?.role === 'warroom_admin' && (
              <NavLink to="/admin/audit">{t('nav.audit')}</NavLink>
            )}
            <NavLink to="/account">{t('nav.account')}</NavLink>
          </nav>
          <div className="app-user">
            {user && (
              <span className="user-label">
                <span className="user-name">{user.display_name}</span>
                {user.organisation_name && (
                  <span className="user-org">{user.organisation_name}</span>
                )}
              </span>
            )}
            <LanguageSwitcher />
            <button
              type="button"
              className="button-header"
              onClick={() => signOut.mutate()}
              disabled={signOut.isPending}
            >
              {t('header.signOut')}
            </button>
          </div>
        </div>
      </header>
      <Outlet />
    </div>
  );
}
