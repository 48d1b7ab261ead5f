import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import {
  emptyText,
  requiredLanguages,
  textLanguages,
  type AdvisoryText,
  type AdvisoryTexts,
  type TextLanguage,
} from '../types';
import { Markdown } from './Markdown';

/** The required languages whose title, body or an action point is still empty. */
export function missingLanguages(texts: AdvisoryTexts): TextLanguage[] {
  return requiredLanguages.filter((lng) => {
    const text = texts[lng];
    return (
      !text ||
      text.title.trim() === '' ||
      text.body.trim() === '' ||
      text.action_points.some((p) => p.trim() === '')
    );
  });
}

/** The number of action points: the same in every language, so the longest list counts. */
function pointCount(texts: AdvisoryTexts): number {
  return Math.max(0, ...Object.values(texts).map((x) => x.action_points.length));
}

/** Gives every language the same number of action points, padding with empty ones. */
export function alignTexts(texts: AdvisoryTexts, languages: TextLanguage[]): AdvisoryTexts {
  const count = pointCount(texts);
  const result: AdvisoryTexts = {};
  for (const lng of languages) {
    const text = texts[lng] ?? emptyText();
    const points = [...text.action_points];
    while (points.length < count) points.push('');
    result[lng] = { ...text, action_points: points };
  }
  return result;
}

interface TextsEditorProps {
  texts: AdvisoryTexts;
  onChange: (texts: AdvisoryTexts) => void;
}

/**
 * One tab per language, each with title, Markdown body (with a preview) and action points. Adding,
 * removing and moving an action point does so in every language, which keeps the lists aligned.
 */
export function TextsEditor({ texts, onChange }: TextsEditorProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [active, setActive] = useState<TextLanguage>('nl');
  const [preview, setPreview] = useState(false);
  const languages = textLanguages.filter(
    (l) => l !== 'de' || texts.de !== undefined,
  ) as TextLanguage[];
  const missing = missingLanguages(texts);
  const text = texts[active] ?? emptyText();
  const count = pointCount(texts);

  function setText(lng: TextLanguage, patch: Partial<AdvisoryText>): void {
    onChange({
      ...alignTexts(texts, languages),
      [lng]: { ...(texts[lng] ?? emptyText()), ...patch },
    });
  }

  function mapPoints(f: (points: string[]) => string[]): void {
    const aligned = alignTexts(texts, languages);
    const next: AdvisoryTexts = {};
    for (const lng of languages) {
      const x = aligned[lng] ?? emptyText();
      next[lng] = { ...x, action_points: f([...x.action_points]) };
    }
    onChange(next);
  }

  function move(index: number, by: number): void {
    mapPoints((points) => {
      const [item] = points.splice(index, 1);
      points.splice(index + by, 0, item ?? '');
      return points;
    });
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number): void {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = languages[(index + step + languages.length) % languages.length] ?? 'nl';
    setActive(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  }

  return (
    <section className="panel texts-editor" aria-labelledby={`${id}-h`}>
      <div className="panel-header">
        <h2 id={`${id}-h`}>{t('advisories.compose.texts')}</h2>
        {missing.length > 0 ? (
          <p className="missing-languages" role="status">
            {t('advisories.compose.missing', {
              languages: missing.map((l) => l.toUpperCase()).join(', '),
            })}
          </p>
        ) : (
          <p className="muted" role="status">
            {t('advisories.compose.complete')}
          </p>
        )}
      </div>
      <div role="tablist" aria-label={t('advisories.compose.languages')} className="tabs">
        {languages.map((lng, index) => (
          <button
            key={lng}
            id={`${id}-tab-${lng}`}
            type="button"
            role="tab"
            aria-selected={lng === active}
            aria-controls={`${id}-panel`}
            tabIndex={lng === active ? 0 : -1}
            className="tab"
            onClick={() => setActive(lng)}
            onKeyDown={(e) => onTabKey(e, index)}
          >
            {t(`language.${lng}`)}
            {missing.includes(lng) && (
              <span className="tab-missing"> ({t('advisories.compose.incomplete')})</span>
            )}
          </button>
        ))}
      </div>
      {/* Outside the tablist: a tablist holds only tabs. */}
      {texts.de === undefined && (
        <button
          type="button"
          className="button-link"
          onClick={() => {
            onChange(alignTexts({ ...texts, de: emptyText() }, [...languages, 'de']));
            setActive('de');
          }}
        >
          {t('advisories.compose.addGerman')}
        </button>
      )}
      <div
        id={`${id}-panel`}
        role="tabpanel"
        aria-labelledby={`${id}-tab-${active}`}
        className="tab-panel"
      >
        <div className="field">
          <label htmlFor={`${id}-title`}>{t('advisories.field.title')}</label>
          <input
            id={`${id}-title`}
            lang={active}
            value={text.title}
            onChange={(e) => setText(active, { title: e.target.value })}
          />
        </div>
        <div className="field">
          <div className="row">
            <label htmlFor={`${id}-body`}>{t('advisories.field.body')}</label>
            <button
              type="button"
              className="button-link"
              aria-pressed={preview}
              onClick={() => setPreview((p) => !p)}
            >
              {t('advisories.compose.preview')}
            </button>
          </div>
          <p className="field-hint">{t('advisories.compose.markdownHint')}</p>
          <textarea
            id={`${id}-body`}
            lang={active}
            rows={10}
            value={text.body}
            onChange={(e) => setText(active, { body: e.target.value })}
          />
          {preview && (
            <div className="markdown-preview" aria-label={t('advisories.compose.preview')}>
              <Markdown text={text.body} />
            </div>
          )}
        </div>
        <fieldset className="fieldset">
          <legend>{t('advisories.field.actionPoints')}</legend>
          {count === 0 && <p className="muted">{t('advisories.compose.noPoints')}</p>}
          <ol className="action-points-editor">
            {Array.from({ length: count }, (_, i) => (
              <li key={i}>
                <label className="visually-hidden" htmlFor={`${id}-point-${i}`}>
                  {t('advisories.compose.point', { n: i + 1 })}
                </label>
                <input
                  id={`${id}-point-${i}`}
                  lang={active}
                  value={text.action_points[i] ?? ''}
                  onChange={(e) => {
                    const points = [...text.action_points];
                    while (points.length < count) points.push('');
                    points[i] = e.target.value;
                    setText(active, { action_points: points });
                  }}
                />
                <button
                  type="button"
                  className="button-small button-secondary"
                  disabled={i === 0}
                  aria-label={t('advisories.compose.moveUp', { n: i + 1 })}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button-small button-secondary"
                  disabled={i === count - 1}
                  aria-label={t('advisories.compose.moveDown', { n: i + 1 })}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button-small button-danger"
                  aria-label={t('advisories.compose.removePoint', { n: i + 1 })}
                  onClick={() => mapPoints((points) => points.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="button-secondary"
            onClick={() => mapPoints((points) => [...points, ''])}
          >
            {t('advisories.compose.addPoint')}
          </button>
        </fieldset>
      </div>
    </section>
  );
}
