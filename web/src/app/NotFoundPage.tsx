import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { usePageTitle } from '../shared/ui/usePageTitle';

export function NotFoundPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <main id="main" className="page">
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to="/directory">{t('notFound.back')}</Link>
      </p>
    </main>
  );
}
