import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { daysSince, formatDate } from '../../../shared/time/format';
import { Badge, DemoBadge } from '../../../shared/ui/Badge';
import { formatPhone, telHref } from '../phone';
import type { Person } from '../types';

export const STALE_AFTER_DAYS = 180;

interface ContactCardProps {
  person: Person;
  isSpoc: boolean;
  deputyOrder?: number;
  verifying: boolean;
  canVerify: boolean;
  onVerify: (person: Person) => void;
  /** Offered to those who may change the person. */
  onEdit?: (person: Person) => void;
  /** Offered to those who may invite the person, while the person has no account. */
  onInvite?: (person: Person) => void;
}

const ACCOUNT_TONE = { active: 'ok', invited: 'info', disabled: 'neutral' } as const;

/** One contact person with every channel to reach them, and when that was last checked. */
export function ContactCard({
  person: p,
  isSpoc,
  deputyOrder,
  verifying,
  canVerify,
  onVerify,
  onEdit,
  onInvite,
}: ContactCardProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const stale = !p.verified_at || daysSince(p.verified_at) > STALE_AFTER_DAYS;
  const channels: { key: string; label: string; href: string; value: string }[] = [];
  if (p.work_email)
    channels.push({
      key: 'work',
      label: t('contact.workEmail'),
      href: `mailto:${p.work_email}`,
      value: p.work_email,
    });
  if (p.oob_email)
    channels.push({
      key: 'oob',
      label: t('contact.oobEmail'),
      href: `mailto:${p.oob_email}`,
      value: p.oob_email,
    });
  if (p.mobile)
    channels.push({
      key: 'mobile',
      label: t('contact.mobile'),
      href: telHref(p.mobile),
      value: formatPhone(p.mobile),
    });
  if (p.landline)
    channels.push({
      key: 'landline',
      label: t('contact.landline'),
      href: telHref(p.landline),
      value: formatPhone(p.landline),
    });

  return (
    <li className="contact-card">
      <div className="contact-head">
        <div>
          <h3 className="contact-name">{p.full_name}</h3>
          {p.job_title && <p className="muted">{p.job_title}</p>}
        </div>
        <div className="badge-row">
          {isSpoc && <Badge tone="info">{t('organisation.spoc')}</Badge>}
          {deputyOrder !== undefined && (
            <Badge tone="info">{t('organisation.deputyN', { n: deputyOrder })}</Badge>
          )}
          {p.account && (
            <Badge tone={ACCOUNT_TONE[p.account.status]}>
              {t(`personInvite.account.${p.account.status}`)}
            </Badge>
          )}
          {p.is_demo && <DemoBadge />}
        </div>
      </div>
      {p.roles.length > 0 && (
        <p className="contact-roles">
          <span className="visually-hidden">{t('contact.roles')}: </span>
          {p.roles.map((r) => t(`role.${r}`)).join(' · ')}
        </p>
      )}
      {channels.length === 0 ? (
        <p className="muted">{t('contact.noChannels')}</p>
      ) : (
        <dl className="channels">
          {channels.map((c) => (
            <div key={c.key} className="channel">
              <dt>{c.label}</dt>
              <dd>
                <a href={c.href}>{c.value}</a>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {!p.oob_email && !p.mobile && <p className="contact-warning">{t('contact.noOutOfBand')}</p>}
      <div className="contact-foot">
        <p className={stale ? 'verified verified-stale' : 'verified'}>
          {p.verified_at
            ? t('contact.verifiedAt', { date: formatDate(p.verified_at, language) })
            : t('contact.neverVerified')}
          {stale && (
            <>
              {' '}
              <Badge tone="warning">{t('contact.stale', { days: STALE_AFTER_DAYS })}</Badge>
            </>
          )}
        </p>
        {onEdit && (
          <button type="button" className="button-secondary button-small" onClick={() => onEdit(p)}>
            {t('person.edit')}
            <span className="visually-hidden">: {p.full_name}</span>
          </button>
        )}
        {onInvite && !p.account && (
          <button
            type="button"
            className="button-secondary button-small"
            onClick={() => onInvite(p)}
          >
            {t('personInvite.open')}
            <span className="visually-hidden">: {p.full_name}</span>
          </button>
        )}
        {canVerify && (
          <button
            type="button"
            className="button-secondary button-small"
            disabled={verifying}
            onClick={() => onVerify(p)}
          >
            {t('contact.markVerified')}
            <span className="visually-hidden">: {p.full_name}</span>
          </button>
        )}
      </div>
    </li>
  );
}
