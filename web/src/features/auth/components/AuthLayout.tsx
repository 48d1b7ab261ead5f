import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { LanguageSwitcher } from '../../../shared/ui/LanguageSwitcher';

interface AuthLayoutProps {
  title: string;
  children: ReactNode;
}

/** The calm single-column frame around sign-in, enrolment and account links. */
export function AuthLayout({ title, children }: AuthLayoutProps): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="auth-page">
      <header className="auth-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          {t('app.name')}
        </span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="auth-main">
        <div className="auth-card">
          <h1>{title}</h1>
          {children}
        </div>
        <p className="auth-footnote">{t('app.tagline')}</p>
      </main>
    </div>
  );
}
