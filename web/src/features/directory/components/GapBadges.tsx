import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Badge } from '../../../shared/ui/Badge';
import type { DirectoryGap } from '../types';

const TONE: Record<DirectoryGap, 'danger' | 'warning'> = {
  no_spoc: 'danger',
  no_deputy: 'warning',
  no_out_of_band: 'warning',
  stale_contacts: 'warning',
};

/** The reachability gaps of an organisation, most serious first. */
export function GapBadges({ gaps }: { gaps: DirectoryGap[] }): ReactNode {
  const { t } = useTranslation();
  if (gaps.length === 0) return null;
  return (
    <ul className="badge-list" aria-label={t('directory.gapsLabel')}>
      {gaps.map((gap) => (
        <li key={gap}>
          <Badge tone={TONE[gap]}>{t(`gap.${gap}`, { days: 180 })}</Badge>
        </li>
      ))}
    </ul>
  );
}
