import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { localName } from '../../../shared/i18n/names';
import type { ProviderService } from '../types';

interface ServiceListProps {
  services: ProviderService[];
  side: 'provider' | 'customer';
}

/** Who delivers what: for a customer, its providers; for a provider, its customers. */
export function ServiceList({ services, side }: ServiceListProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <ul className="service-list">
      {services.map((s) => {
        const other = side === 'provider' ? s.provider : s.customer;
        return (
          <li key={s.id}>
            <Link to={`/organisations/${other.id}`}>{localName(other, language)}</Link>
            <span className="service-kind">{t(`service.${s.service}`)}</span>
            {s.description && <span className="muted service-description">{s.description}</span>}
          </li>
        );
      })}
    </ul>
  );
}
