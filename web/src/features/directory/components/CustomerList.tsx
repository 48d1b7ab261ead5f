import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { localName } from '../../../shared/i18n/names';
import { formatPhone, telHref } from '../phone';
import type { OrganisationRef, ProviderService, SpocPhone } from '../types';

interface Customer {
  organisation: OrganisationRef;
  services: ProviderService[];
  spoc?: SpocPhone;
}

/** The services of a provider, one entry per customer, in the order the server gave them. */
export function groupByCustomer(services: ProviderService[]): Customer[] {
  const byId = new Map<number, Customer>();
  for (const s of services) {
    const entry = byId.get(s.customer.id) ?? { organisation: s.customer, services: [] };
    entry.services.push(s);
    entry.spoc ??= s.customer_spoc;
    byId.set(s.customer.id, entry);
  }
  return [...byId.values()];
}

interface CustomerListProps {
  services: ProviderService[];
  /** The caller may read the customers' people, so a missing SPOC is a gap worth saying. */
  showSpoc: boolean;
  /** Offered to callers who may remove a service. */
  onRemove?: (service: ProviderService) => void;
}

/** Who a provider serves: each customer once, with its services and whom to call there. */
export function CustomerList({ services, showSpoc, onRemove }: CustomerListProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <ul className="customer-list">
      {groupByCustomer(services).map(({ organisation, services: delivered, spoc }) => {
        const phone = spoc?.mobile ?? spoc?.landline;
        return (
          <li key={organisation.id} className="customer">
            <div className="customer-main">
              <Link to={`/organisations/${organisation.id}`} className="customer-name">
                {localName(organisation, language)}
              </Link>
              <ul className="customer-services" aria-label={t('organisation.services')}>
                {delivered.map((s) => (
                  <li key={s.id}>
                    <span className="service-kind">{t(`service.${s.service}`)}</span>
                    {s.description && (
                      <span className="muted service-description"> {s.description}</span>
                    )}
                    {onRemove && (
                      <button
                        type="button"
                        className="button-link button-small"
                        onClick={() => onRemove(s)}
                      >
                        {t('services.remove')}
                        <span className="visually-hidden">
                          : {t(`service.${s.service}`)}, {localName(organisation, language)}
                        </span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
            {showSpoc && (
              <p className="customer-spoc">
                {spoc ? (
                  <>
                    <span className="muted">{t('organisation.spoc')}: </span>
                    <span>{spoc.full_name}</span>
                    {phone && (
                      <>
                        {' · '}
                        <a href={telHref(phone)} className="phone-link">
                          {formatPhone(phone)}
                        </a>
                      </>
                    )}
                  </>
                ) : (
                  <em>{t('organisation.noSpoc')}</em>
                )}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
