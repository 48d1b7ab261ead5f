import '../advisories.css';

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { formatDateTime } from '../../../shared/time/format';
import type { Ack, Severity, Tlp } from '../types';

/** The TLP 2.0 label as a coloured badge that also says it in text (TLP:AMBER+STRICT). */
interface LabelProps {
  /** Speak this language instead of the app's (the public acknowledgement page). */
  lng?: string;
}

export function TlpBadge({ tlp, lng }: LabelProps & { tlp: Tlp }): ReactNode {
  const { t } = useTranslation(undefined, { lng });
  const slug = tlp.replace('+', '-');
  return (
    <span className={`tlp tlp-${slug}`} title={t(`advisories.tlpHint.${slug}`)}>
      TLP:{tlp.toUpperCase()}
    </span>
  );
}

export function SeverityBadge({ severity, lng }: LabelProps & { severity: Severity }): ReactNode {
  const { t } = useTranslation(undefined, { lng });
  return (
    <span className={`severity severity-${severity}`}>{t(`advisories.severity.${severity}`)}</span>
  );
}

/** Shown on every screen of an exercise advisory, in the three languages at once. */
export function ExerciseBanner({ lng }: LabelProps): ReactNode {
  const { t } = useTranslation(undefined, { lng });
  return (
    <p className="exercise-banner" role="note">
      <strong>OEFENING / EXERCICE / EXERCISE</strong>
      <span> {t('advisories.exerciseBanner')}</span>
    </p>
  );
}

/** "Acknowledged by Ann at 07-12-2026 09:03 via link". */
export function AckText({ ack }: { ack: Ack }): ReactNode {
  const { t, i18n } = useTranslation();
  return (
    <>
      {t('advisories.ackBy', {
        by: ack.by,
        at: formatDateTime(ack.at, currentLanguage(i18n)),
        channel: t(`advisories.channel.${ack.channel}`),
      })}
    </>
  );
}
