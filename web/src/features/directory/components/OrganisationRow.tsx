import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { localName, otherNames } from '../../../shared/i18n/names';
import { Badge, DemoBadge } from '../../../shared/ui/Badge';
import type { OrganisationSummary, Province } from '../types';
import { GapBadges } from './GapBadges';

interface OrganisationRowProps {
  organisation: OrganisationSummary;
  provinces: Province[];
}

/** One organisation in the directory: names, kind, codes, SPOC and gaps. */
export function OrganisationRow({ organisation: o, provinces }: OrganisationRowProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const province = provinces.find((p) => p.nis_code === o.province_nis);
  const others = otherNames(o, language);
  return (
    <li className="org-row">
      <div className="org-row-main">
        <h3 className="org-row-name">
          <Link to={`/organisations/${o.id}`}>{localName(o, language)}</Link>
        </h3>
        {others.length > 0 && <p className="org-row-other muted">{others.join(' · ')}</p>}
        <p className="org-row-meta">
          <span>{t(`kind.${o.kind}`)}</span>
          {o.nis_code && (
            <span>
              {t('organisation.nisShort')} {o.nis_code}
            </span>
          )}
          {province && <span>{localName(province, language)}</span>}
        </p>
      </div>
      <div className="org-row-side">
        {o.spoc && (
          <p className="org-row-spoc">
            <span className="muted">{t('organisation.spoc')}: </span>
            {o.spoc.full_name}
          </p>
        )}
        <div className="badge-row">
          {o.is_demo && <DemoBadge />}
          {o.status !== 'active' && <Badge>{t(`status.${o.status}`)}</Badge>}
          <GapBadges gaps={o.gaps} />
        </div>
      </div>
    </li>
  );
}
