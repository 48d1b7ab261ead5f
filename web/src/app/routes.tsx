import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';

import { AccountPage } from '../features/accounts/AccountPage';
import { UsersPage } from '../features/accounts/UsersPage';
import { AckLinkPage } from '../features/advisories/AckLinkPage';
import { AdvisoriesPage } from '../features/advisories/AdvisoriesPage';
import { AdvisoryPage } from '../features/advisories/AdvisoryPage';
import { BoardPage } from '../features/advisories/BoardPage';
import { CallListPage } from '../features/advisories/CallListPage';
import { ComposerPage } from '../features/advisories/ComposerPage';
import { HelpRequestsPage } from '../features/advisories/HelpRequestsPage';
import { InboxAdvisoryPage } from '../features/advisories/InboxAdvisoryPage';
import { InboxPage } from '../features/advisories/InboxPage';
import { PoliciesPage } from '../features/advisories/PoliciesPage';
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

export function AppRoutes(): ReactNode {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/enrol" element={<EnrolPage />} />
      <Route path="/activate" element={<ActivatePage />} />
      <Route path="/forgot" element={<ForgotPage />} />
      <Route path="/ack/:token" element={<AckLinkPage />} />
      <Route element={<RequireSession />}>
        <Route element={<AppShell />}>
          <Route path="/" element={<HomeRedirect />} />
          <Route path="/directory" element={<DirectoryPage />} />
          <Route path="/organisations/:id" element={<OrganisationPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/inbox" element={<InboxPage />} />
          <Route path="/inbox/:id" element={<InboxAdvisoryPage />} />
          <Route element={<RequireSession roles={['warroom_admin', 'warroom_analyst']} />}>
            <Route path="/imports" element={<ImportPage />} />
            <Route path="/advisories" element={<AdvisoriesPage />} />
            <Route path="/advisories/new" element={<ComposerPage />} />
            <Route path="/advisories/policies" element={<PoliciesPage />} />
            <Route path="/advisories/:id" element={<AdvisoryPage />} />
            <Route path="/advisories/:id/edit" element={<ComposerPage />} />
            <Route path="/advisories/:id/board" element={<BoardPage />} />
            <Route path="/advisories/:id/call-list" element={<CallListPage />} />
            <Route path="/help-requests" element={<HelpRequestsPage />} />
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
