import type { ReactNode } from 'react';
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

export function AppRoutes(): ReactNode {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/enrol" element={<EnrolPage />} />
      <Route path="/activate" element={<ActivatePage />} />
      <Route path="/forgot" element={<ForgotPage />} />
      <Route element={<RequireSession />}>
        <Route element={<AppShell />}>
          <Route path="/" element={<HomeRedirect />} />
          <Route path="/directory" element={<DirectoryPage />} />
          <Route path="/organisations/:id" element={<OrganisationPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route element={<RequireSession roles={['warroom_admin', 'warroom_analyst']} />}>
            <Route path="/imports" element={<ImportPage />} />
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
