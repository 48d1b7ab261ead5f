import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { localName } from '../../../shared/i18n/names';
import { FieldErrors } from '../../../shared/ui/problem';
import { listOrganisations } from '../../directory/api';
import type { OrganisationSummary } from '../../directory/types';

interface OrganisationPickerProps {
  label: string;
  value: OrganisationSummary | undefined;
  error?: unknown;
  clientErrors?: string[];
  onChange: (organisation: OrganisationSummary | undefined) => void;
}

/** Finds an organisation by name or NIS code and picks one of the matches. */
export function OrganisationPicker({
  label,
  value,
  error,
  clientErrors = [],
  onChange,
}: OrganisationPickerProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [text]);

  const results = useQuery({
    queryKey: ['directory', 'picker', q],
    queryFn: () => listOrganisations({ q }, undefined),
    enabled: q.length >= 2 && !value,
  });

  if (value) {
    return (
      <div className="field">
        <span className="label" id={`${id}-label`}>
          {label}
        </span>
        <div className="picked" aria-labelledby={`${id}-label`}>
          <span>
            {localName(value, language)}
            {value.nis_code ? ` (${value.nis_code})` : ''}
          </span>
          <button type="button" className="button-link" onClick={() => onChange(undefined)}>
            {t('picker.change')}
          </button>
        </div>
        <FieldErrors id={`${id}-errors`} error={error} field="organisation_id" />
      </div>
    );
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={t('picker.placeholder')}
        aria-describedby={`${id}-errors`}
        onChange={(e) => setText(e.target.value)}
      />
      <FieldErrors id={`${id}-errors`} error={error} field="organisation_id" extra={clientErrors} />
      {q.length >= 2 && (
        <div className="picker-results" aria-live="polite">
          {results.isPending ? (
            <p className="muted">{t('common.loading')}</p>
          ) : results.isError ? (
            <p className="muted">{t('errors.network')}</p>
          ) : results.data.items.length === 0 ? (
            <p className="muted">{t('picker.none')}</p>
          ) : (
            <ul aria-label={t('picker.results')}>
              {results.data.items.slice(0, 8).map((o) => (
                <li key={o.id}>
                  <button type="button" className="picker-option" onClick={() => onChange(o)}>
                    {localName(o, language)}
                    <span className="muted">
                      {' '}
                      · {t(`kind.${o.kind}`)}
                      {o.nis_code ? ` · ${o.nis_code}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
