import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { localName } from '../../../shared/i18n/names';
import { useSession } from '../../auth/useSession';
import { useOrganisation } from '../../directory/useDirectory';

/** Whose endpoint it is: "War room" for null, else the organisation's name in the user's language. */
export function OrganisationLabel({
  organisationId,
}: {
  organisationId: number | null;
}): ReactNode {
  const { t } = useTranslation();
  if (organisationId === null) return <>{t('webhooks.warRoom')}</>;
  return <OrganisationName id={organisationId} />;
}

function OrganisationName({ id }: { id: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const user = session.data?.user;
  // A SPOC's endpoints are her own organisation's: the session already names it.
  const own = user?.organisation_id === id ? user.organisation_name : undefined;
  const organisation = useOrganisation(own ? 0 : id);
  if (own) return <>{own}</>;
  if (organisation.data) return <>{localName(organisation.data, currentLanguage(i18n))}</>;
  return <>{t('webhooks.organisationNumber', { id })}</>;
}
