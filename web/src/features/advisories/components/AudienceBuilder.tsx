import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { localName } from '../../../shared/i18n/names';
import { getOrganisation, listOrganisations } from '../../directory/api';
import { organisationKinds, type OrganisationSummary } from '../../directory/types';
import { directoryKeys, useProvinces, useRegions } from '../../directory/useDirectory';
import type { Audience } from '../types';
import { useAudiencePreview } from '../useAdvisories';

/** Recipient kinds: every local government kind; providers come in through their customers. */
const recipientKinds = organisationKinds.filter(
  (k) => k !== 'war_room' && k !== 'audit_firm' && k !== 'ict_provider',
);

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...new Set([...list, value])] : list.filter((x) => x !== value);
}

function useDebounced(text: string): string {
  const [value, setValue] = useState(text.trim());
  useEffect(() => {
    const timer = window.setTimeout(() => setValue(text.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [text]);
  return value;
}

interface SearchProps {
  label: string;
  kind?: 'ict_provider';
  onPick: (organisation: OrganisationSummary) => void;
}

function OrganisationSearch({ label, kind, onPick }: SearchProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const id = useId();
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const results = useQuery({
    queryKey: ['advisories', 'organisation-search', kind ?? 'any', q],
    queryFn: () => listOrganisations({ q, kind }, undefined, 10),
    enabled: q.length >= 2,
  });
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={t('picker.placeholder')}
        onChange={(e) => setText(e.target.value)}
      />
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
              {results.data.items.map((o) => (
                <li key={o.id}>
                  <button
                    type="button"
                    className="picker-option"
                    onClick={() => {
                      onPick(o);
                      setText('');
                    }}
                  >
                    {localName(o, language)}
                    <span className="muted"> · {t(`kind.${o.kind}`)}</span>
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

interface AudienceBuilderProps {
  audience: Audience;
  /** Names of organisations picked earlier (provider, hand-picked), by id. */
  names: Record<number, string>;
  onChange: (audience: Audience, names: Record<number, string>) => void;
}

/** The names of organisations a saved draft names by id only (provider, hand-picked). */
function useNames(ids: number[], known: Record<number, string>): Record<number, string> {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const missing = ids.filter((id) => known[id] === undefined);
  const results = useQueries({
    queries: missing.map((id) => ({
      queryKey: directoryKeys.organisation(id),
      queryFn: () => getOrganisation(id),
    })),
  });
  const names = { ...known };
  for (const r of results) if (r.data) names[r.data.id] = localName(r.data, language);
  return names;
}

/** Who receives the advisory: all, by kind and area, a provider's customers, or hand-picked. */
export function AudienceBuilder({
  audience,
  names: picked,
  onChange,
}: AudienceBuilderProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const names = useNames(
    [
      ...audience.organisation_ids,
      ...(audience.provider_id === null ? [] : [audience.provider_id]),
    ],
    picked,
  );
  const id = useId();
  const provinces = useProvinces();
  const regions = useRegions();
  const set = (patch: Partial<Audience>, newNames: Record<number, string> = names): void =>
    onChange({ ...audience, ...patch }, newNames);

  return (
    <section className="panel audience" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('advisories.audience.title')}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={audience.all}
          onChange={(e) => set({ all: e.target.checked })}
        />
        {t('advisories.audience.all')}
      </label>
      {!audience.all && (
        <>
          <fieldset className="fieldset">
            <legend>{t('advisories.audience.kinds')}</legend>
            <div className="checkbox-grid">
              {recipientKinds.map((k) => (
                <label key={k} className="checkbox">
                  <input
                    type="checkbox"
                    checked={audience.kinds.includes(k)}
                    onChange={(e) => set({ kinds: toggle(audience.kinds, k, e.target.checked) })}
                  />
                  {t(`kind.${k}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="fieldset">
            <legend>{t('advisories.audience.regions')}</legend>
            <div className="checkbox-grid">
              {(regions.data ?? []).map((r) => (
                <label key={r.nis_code} className="checkbox">
                  <input
                    type="checkbox"
                    checked={audience.region_nis.includes(r.nis_code)}
                    onChange={(e) =>
                      set({ region_nis: toggle(audience.region_nis, r.nis_code, e.target.checked) })
                    }
                  />
                  {localName(r, language)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="fieldset">
            <legend>{t('advisories.audience.provinces')}</legend>
            <div className="checkbox-grid">
              {(provinces.data ?? []).map((p) => (
                <label key={p.nis_code} className="checkbox">
                  <input
                    type="checkbox"
                    checked={audience.province_nis.includes(p.nis_code)}
                    onChange={(e) =>
                      set({
                        province_nis: toggle(audience.province_nis, p.nis_code, e.target.checked),
                      })
                    }
                  />
                  {localName(p, language)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="fieldset">
            <legend>{t('advisories.audience.provider')}</legend>
            {audience.provider_id === null ? (
              <OrganisationSearch
                label={t('advisories.audience.providerSearch')}
                kind="ict_provider"
                onPick={(o) =>
                  set({ provider_id: o.id }, { ...names, [o.id]: localName(o, language) })
                }
              />
            ) : (
              <>
                <p className="picked">
                  <span>{names[audience.provider_id] ?? `#${audience.provider_id}`}</span>
                  <button
                    type="button"
                    className="button-link"
                    onClick={() =>
                      set({ provider_id: null, provider_service: null, include_provider: false })
                    }
                  >
                    {t('advisories.audience.remove')}
                  </button>
                </p>
                <div className="field">
                  <label htmlFor={`${id}-service`}>{t('advisories.audience.service')}</label>
                  <input
                    id={`${id}-service`}
                    value={audience.provider_service ?? ''}
                    onChange={(e) => set({ provider_service: e.target.value || null })}
                  />
                </div>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={audience.include_provider}
                    onChange={(e) => set({ include_provider: e.target.checked })}
                  />
                  {t('advisories.audience.includeProvider')}
                </label>
              </>
            )}
          </fieldset>
          <fieldset className="fieldset">
            <legend>{t('advisories.audience.picked')}</legend>
            {audience.organisation_ids.length > 0 && (
              <ul className="picked-list">
                {audience.organisation_ids.map((oid) => (
                  <li key={oid}>
                    {names[oid] ?? `#${oid}`}{' '}
                    <button
                      type="button"
                      className="button-link"
                      aria-label={t('advisories.audience.removeNamed', {
                        name: names[oid] ?? `#${oid}`,
                      })}
                      onClick={() =>
                        set({
                          organisation_ids: audience.organisation_ids.filter((x) => x !== oid),
                        })
                      }
                    >
                      {t('advisories.audience.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <OrganisationSearch
              label={t('advisories.audience.pickSearch')}
              onPick={(o) =>
                set(
                  { organisation_ids: toggle(audience.organisation_ids, o.id, true) },
                  { ...names, [o.id]: localName(o, language) },
                )
              }
            />
          </fieldset>
        </>
      )}
    </section>
  );
}

/** The organisations the audience reaches now: a count and the first ones by name. */
export function AudiencePreviewPanel({ audience }: { audience: Audience }): ReactNode {
  const { t } = useTranslation();
  const [debounced, setDebounced] = useState(audience);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(audience), 300);
    return () => window.clearTimeout(timer);
  }, [audience]);
  const preview = useAudiencePreview(debounced);
  return (
    <section className="panel audience-preview" aria-live="polite" aria-busy={preview.isFetching}>
      <h2>{t('advisories.audience.preview')}</h2>
      {preview.isPending ? (
        <p className="muted">{t('common.loading')}</p>
      ) : preview.isError ? (
        <p className="muted">{t('errors.network')}</p>
      ) : (
        <>
          <p className="audience-count">
            <strong>{t('advisories.audience.count', { count: preview.data.count })}</strong>
          </p>
          {preview.data.items.length > 0 && (
            <ul className="audience-list">
              {preview.data.items.map((o) => (
                <li key={o.id}>
                  {o.name} <span className="muted">· {t(`kind.${o.kind}`)}</span>
                </li>
              ))}
            </ul>
          )}
          {preview.data.count > preview.data.items.length && (
            <p className="muted">
              {t('advisories.audience.more', {
                count: preview.data.count - preview.data.items.length,
              })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
