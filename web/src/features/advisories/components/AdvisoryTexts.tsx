import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { textLanguages, type Advisory } from '../types';
import { Markdown } from './Markdown';

/** The texts of an advisory, one language at a time, as the recipients will read them. */
export function AdvisoryTexts({ advisory }: { advisory: Advisory }): ReactNode {
  const { t } = useTranslation();
  const present = textLanguages.filter((l) => advisory.texts[l] !== undefined);
  const [language, setLanguage] = useState(present[0] ?? 'nl');
  const text = advisory.texts[language];
  return (
    <section className="panel advisory-texts" aria-label={t('advisories.compose.texts')}>
      <div className="segmented" role="group" aria-label={t('advisories.compose.languages')}>
        {present.map((l) => (
          <button
            key={l}
            type="button"
            className="button-small button-secondary"
            aria-pressed={l === language}
            onClick={() => setLanguage(l)}
          >
            {t(`language.${l}`)}
          </button>
        ))}
      </div>
      {text ? (
        <div lang={language}>
          <h2>{text.title || '—'}</h2>
          <Markdown text={text.body} />
          {text.action_points.length > 0 && (
            <>
              <h3>{t('advisories.field.actionPoints')}</h3>
              <ol>
                {text.action_points.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ol>
            </>
          )}
        </div>
      ) : (
        <p className="muted">{t('advisories.noText')}</p>
      )}
    </section>
  );
}
