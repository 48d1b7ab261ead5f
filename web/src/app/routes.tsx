import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';

import { AccountPage } from '../features/accounts/AccountPage';
import { UsersPage } from '../features/accounts/UsersPage';
import { AuditLogPage } from '../features/audit/AuditLogPage';
import { ActivatePage } from '../features/auth/ActivatePage';
import { EnrolPage } from '../features/auth/EnrolPage';
import { ForgotPage } from '../features/auth/ForgotPage';
import { LoginPage } from '../features/auth/LoginPage';
import { DirectoryPage } from '../features/directory/DirectoryPage';
import { HomeRedirect } from '../features/directory/HomeRedirect';
import { ImportPage } from '../features/directory/ImportPage';
import { OrganisationPage } from '../features/directory/OrganisationPage';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';
import { RequireSession } from './RequireSession';
import { LoadingState } from '../shared/ui/States';

// The advisories pages (and react-markdown) load on first use, not with every page.
const advisories = (): Promise<typeof import('../features/advisories/pages')> =>
  import('../features/advisories/pages');
const AckLinkPage = lazy(() => advisories().then((m) => ({ default: m.AckLinkPage })));
const AdvisoriesPage = lazy(() => advisories().then((m) => ({ default: m.AdvisoriesPage })));
const AdvisoryPage = lazy(() => advisories().then((m) => ({ default: m.AdvisoryPage })));
const BoardPage = lazy(() => advisories().then((m) => ({ default: m.BoardPage })));
const CallListPage = lazy(() => advisories().then((m) => ({ default: m.CallListPage })));
const ComposerPage = lazy(() => advisories().then((m) => ({ default: m.ComposerPage })));
const HelpRequestsPage = lazy(() => advisories().then((m) => ({ default: m.HelpRequestsPage })));
const InboxAdvisoryPage = lazy(() => advisories().then((m) => ({ default: m.InboxAdvisoryPage })));
const InboxPage = lazy(() => advisories().then((m) => ({ default: m.InboxPage })));
const PoliciesPage = lazy(() => advisories().then((m) => ({ default: m.PoliciesPage })));
// Incidents (C2): the declaration form, the list and one incident's page.
const incidents = (): Promise<typeof import('../features/incidents/pages')> =>
  import('../features/incidents/pages');
const DeclareIncidentPage = lazy(() =>
  incidents().then((m) => ({ default: m.DeclareIncidentPage })),
);
const IncidentPage = lazy(() => incidents().then((m) => ({ default: m.IncidentPage })));
const IncidentsPage = lazy(() => incidents().then((m) => ({ default: m.IncidentsPage })));
const RecoveryPage = lazy(() => incidents().then((m) => ({ default: m.RecoveryPage })));
// Few users manage webhooks: their page loads on first use too.
const WebhooksPage = lazy(() =>
  import('../features/webhooks/WebhooksPage').then((m) => ({ default: m.WebhooksPage })),
);
// Contact verification: the war room's rounds and the public link page.
const verification = (): Promise<typeof import('../features/verification/pages')> =>
  import('../features/verification/pages');
const VerifyLinkPage = lazy(() => verification().then((m) => ({ default: m.VerifyLinkPage })));
const VerificationRoundsPage = lazy(() =>
  verification().then((m) => ({ default: m.VerificationRoundsPage })),
);
const VerificationRoundPage = lazy(() =>
  verification().then((m) => ({ default: m.VerificationRoundPage })),
);

function Lazy({ children }: { children: ReactNode }): ReactNode {
  return (
    <Suspense
      fallback={
        <main id="main" className="page">
          <LoadingState />
        </main>
      }
    >
      {children}
    </Suspense>
  );
}

export function AppRoutes(): ReactNode {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/enrol" element={<EnrolPage />} />
      <Route path="/activate" element={<ActivatePage />} />
      <Route path="/forgot" element={<ForgotPage />} />
      <Route
        path="/ack/:token"
        element={
          <Lazy>
            <AckLinkPage />
          </Lazy>
        }
      />
      <Route
        path="/verify/:token"
        element={
          <Lazy>
            <VerifyLinkPage />
          </Lazy>
        }
      />
      <Route element={<RequireSession />}>
        <Route element={<AppShell />}>
          <Route path="/" element={<HomeRedirect />} />
          <Route path="/directory" element={<DirectoryPage />} />
          <Route path="/organisations/:id" element={<OrganisationPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route
            path="/inbox"
            element={
              <Lazy>
                <InboxPage />
              </Lazy>
            }
          />
          <Route
            path="/inbox/:id"
            element={
              <Lazy>
                <InboxAdvisoryPage />
              </Lazy>
            }
          />
          <Route element={<RequireSession roles={['warroom_admin', 'warroom_analyst']} />}>
            <Route path="/imports" element={<ImportPage />} />
            <Route
              path="/verification"
              element={
                <Lazy>
                  <VerificationRoundsPage />
                </Lazy>
              }
            />
            <Route
              path="/verification/:id"
              element={
                <Lazy>
                  <VerificationRoundPage />
                </Lazy>
              }
            />
            <Route
              path="/advisories"
              element={
                <Lazy>
                  <AdvisoriesPage />
                </Lazy>
              }
            />
            <Route
              path="/advisories/new"
              element={
                <Lazy>
                  <ComposerPage />
                </Lazy>
              }
            />
            <Route
              path="/advisories/policies"
              element={
                <Lazy>
                  <PoliciesPage />
                </Lazy>
              }
            />
            <Route
              path="/advisories/:id"
              element={
                <Lazy>
                  <AdvisoryPage />
                </Lazy>
              }
            />
            <Route
              path="/advisories/:id/edit"
              element={
                <Lazy>
                  <ComposerPage />
                </Lazy>
              }
            />
            <Route
              path="/advisories/:id/board"
              element={
                <Lazy>
                  <BoardPage />
                </Lazy>
              }
            />
            <Route
              path="/advisories/:id/call-list"
              element={
                <Lazy>
                  <CallListPage />
                </Lazy>
              }
            />
            <Route
              path="/help-requests"
              element={
                <Lazy>
                  <HelpRequestsPage />
                </Lazy>
              }
            />
          </Route>
          <Route
            element={
              <RequireSession roles={['warroom_admin', 'warroom_analyst', 'spoc', 'member']} />
            }
          >
            <Route
              path="/incidents"
              element={
                <Lazy>
                  <IncidentsPage />
                </Lazy>
              }
            />
            <Route
              path="/recovery"
              element={
                <Lazy>
                  <RecoveryPage />
                </Lazy>
              }
            />
            <Route
              path="/incidents/new"
              element={
                <Lazy>
                  <DeclareIncidentPage />
                </Lazy>
              }
            />
            <Route
              path="/incidents/:id"
              element={
                <Lazy>
                  <IncidentPage />
                </Lazy>
              }
            />
          </Route>
          <Route element={<RequireSession roles={['warroom_admin', 'spoc']} />}>
            <Route
              path="/webhooks"
              element={
                <Lazy>
                  <WebhooksPage />
                </Lazy>
              }
            />
          </Route>
          <Route element={<RequireSession roles={['warroom_admin']} />}>
            <Route path="/admin/users" element={<UsersPage />} />
            <Route path="/admin/audit" element={<AuditLogPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
