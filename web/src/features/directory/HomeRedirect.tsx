import type { ReactNode } from 'react';
import { Navigate } from 'react-router';

import { useSession } from '../auth/useSession';
import { worksForOneOrganisation } from './roles';

/**
 * The start page: a SPOC, member, provider or auditor lands on their own organisation; the war
 * room and observers on the directory with its reachability figures.
 */
export function HomeRedirect(): ReactNode {
  const session = useSession();
  const user = session.data?.user;
  if (user && worksForOneOrganisation(user.role)) {
    return <Navigate to={`/organisations/${user.organisation_id}`} replace />;
  }
  return <Navigate to="/directory" replace />;
}
