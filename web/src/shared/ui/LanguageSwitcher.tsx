import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage, isAppLanguage, languages, storeLanguage } from '../i18n/i18n';

const NATIVE_NAMES = { nl: 'Nederlands', fr: 'Français', en: 'English', de: 'Deutsch' } as const;

/** Chooses the interface language; the choice is remembered on this device. */
export function LanguageSwitcher(): ReactNode {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id} className="visually-hidden">
        {t('header.language')}
      </label>
      <select
        id={id}
        value={currentLanguage(i18n)}
        onChange={(e) => {
          const value = e.target.value;
          if (isAppLanguage(value)) {
            storeLanguage(value);
            void i18n.changeLanguage(value);
          }
        }}
      >
        {languages.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {NATIVE_NAMES[lng]}
          </option>
        ))}
      </select>
    </div>
  );
}
