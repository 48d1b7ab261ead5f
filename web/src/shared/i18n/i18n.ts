import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';

import de from './locales/de.json';
import en from './locales/en.json';
import fr from './locales/fr.json';
import nl from './locales/nl.json';

export const languages = ['nl', 'fr', 'en', 'de'] as const;
export type AppLanguage = (typeof languages)[number];

export const resources = { nl, fr, en, de } as const;

const STORAGE_KEY = 'wr_lang';

export function isAppLanguage(value: unknown): value is AppLanguage {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The browser's first language that the app speaks; Dutch otherwise (the public link pages). */
export function browserLanguage(): AppLanguage {
  const candidates = typeof navigator === 'undefined' ? [] : (navigator.languages ?? []);
  for (const tag of candidates) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isAppLanguage(base)) return base;
  }
  return 'nl';
}

export function storedLanguage(): AppLanguage | undefined {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isAppLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storeLanguage(language: AppLanguage): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** Creates an i18next instance; Dutch is the default and the fallback. */
export function createI18n(language: AppLanguage = storedLanguage() ?? 'nl'): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: {
      nl: { translation: nl },
      fr: { translation: fr },
      en: { translation: en },
      de: { translation: de },
    },
    lng: language,
    fallbackLng: 'nl',
    interpolation: { escapeValue: false },
    returnNull: false,
    nsSeparator: false,
    initAsync: false,
  });
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  document.documentElement.lang = language;
  return instance;
}

/** The current language narrowed to the ones the app knows. */
export function currentLanguage(instance: i18n): AppLanguage {
  const lng = instance.resolvedLanguage ?? instance.language;
  return isAppLanguage(lng) ? lng : 'nl';
}
