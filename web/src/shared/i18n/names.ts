import type { AppLanguage } from './i18n';

interface Named {
  name_nl: string;
  name_fr?: string | null;
  name_de?: string | null;
  name_en?: string | null;
}

/** The official name in the user's language, falling back to Dutch. */
export function localName(item: Named, language: AppLanguage): string {
  const name =
    language === 'fr'
      ? item.name_fr
      : language === 'de'
        ? item.name_de
        : language === 'en'
          ? item.name_en
          : item.name_nl;
  return name ?? item.name_nl;
}

/** The other official names, for showing beside the main one. */
export function otherNames(item: Named, language: AppLanguage): string[] {
  const main = localName(item, language);
  const all = [item.name_nl, item.name_fr, item.name_de, item.name_en].filter(
    (n): n is string => typeof n === 'string' && n !== '',
  );
  return [...new Set(all)].filter((n) => n !== main);
}
