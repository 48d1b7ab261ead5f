import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { PasswordCheck } from '../password';

interface PasswordHintsProps {
  id: string;
  checks: PasswordCheck[];
}

/** A live list of what makes the new password acceptable. */
export function PasswordHints({ id, checks }: PasswordHintsProps): ReactNode {
  const { t } = useTranslation();
  return (
    <ul className="checklist" id={id} aria-live="polite">
      {checks.map((c) => (
        <li key={c.key} className={c.ok ? 'check-ok' : 'check-todo'}>
          <span aria-hidden="true">{c.ok ? '✓' : '•'}</span>{' '}
          {t(`auth.password.hint.${c.key}`, { min: 12 })}
          <span className="visually-hidden">
            {' '}
            ({c.ok ? t('auth.password.met') : t('auth.password.notMet')})
          </span>
        </li>
      ))}
    </ul>
  );
}
