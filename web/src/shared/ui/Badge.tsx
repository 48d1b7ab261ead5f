import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Tone = 'neutral' | 'warning' | 'danger' | 'ok' | 'info';

interface BadgeProps {
  tone?: Tone;
  children: ReactNode;
}

export function Badge({ tone = 'neutral', children }: BadgeProps): ReactNode {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** Marks demo data of the exercise: OEFENING / EXERCICE / EXERCISE. */
export function DemoBadge(): ReactNode {
  const { t } = useTranslation();
  return (
    <span className="badge badge-exercise" title={t('common.exerciseHint')}>
      {t('common.exercise')}
    </span>
  );
}
