import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';

import { useSession } from '../features/auth/useSession';
import { ErrorState, LoadingState } from '../shared/ui/States';
import { isApiError } from '../shared/api/errors';
import type { Role } from '../features/auth/types';

interface RequireSessionProps {
  roles?: Role[];
}

/** Lets a fully signed-in user through; sends everyone else to the step they still need. */
export function RequireSession({ roles }: RequireSessionProps): ReactNode {
  const session = useSession();
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  if (session.isPending) {
    return (
      <main id="main" className="page">
        <LoadingState />
      </main>
    );
  }
  if (session.isError) {
    if (isApiError(session.error) && session.error.status === 401) {
      return <Navigate to={`/login?next=${next}`} replace />;
    }
    return (
      <main id="main" className="page">
        <ErrorState error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (session.data.stage === 'totp_enrolment') return <Navigate to="/enrol" replace />;
  if (session.data.stage !== 'full') return <Navigate to={`/login?next=${next}`} replace />;
  if (roles && !roles.includes(session.data.user.role)) return <Navigate to="/directory" replace />;
  return <Outlet />;
}
