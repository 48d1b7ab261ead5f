import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../../shared/api/errors';
import { currentLanguage } from '../../../shared/i18n/i18n';
import { localName } from '../../../shared/i18n/names';
import { Dialog, DialogActions } from '../../../shared/ui/Dialog';
import { ConflictNotice, FieldErrors, FormProblem } from '../../../shared/ui/problem';
import { TextField } from '../../../shared/ui/TextField';
import { OrganisationPicker } from '../../accounts/components/OrganisationPicker';
import {
  organisationKinds,
  organisationStatuses,
  type Organisation,
  type OrganisationDetail,
  type OrganisationKind,
  type OrganisationPatch,
  type OrganisationRef,
} from '../types';
import { useProvinces, useRegions, useUpdateOrganisation } from '../useDirectory';

const FIELDS = [
  'name_nl',
  'name_fr',
  'name_de',
  'name_en',
  'kind',
  'region_nis',
  'province_nis',
  'status',
  'external_id',
];

interface EditOrganisationDialogProps {
  organisation: OrganisationDetail;
  onReload: () => Promise<OrganisationDetail | undefined>;
  onClose: () => void;
}

interface Draft {
  name_nl: string;
  name_fr: string;
  name_de: string;
  name_en: string;
  external_id: string;
  kind: OrganisationKind;
  region_nis: string;
  province_nis: string;
  status: Organisation['status'];
  parent: OrganisationRef | null;
  merged_into: OrganisationRef | null;
}

function draftOf(o: OrganisationDetail): Draft {
  return {
    name_nl: o.name_nl,
    name_fr: o.name_fr ?? '',
    name_de: o.name_de ?? '',
    name_en: o.name_en ?? '',
    external_id: o.external_id ?? '',
    kind: o.kind,
    region_nis: o.region_nis ?? '',
    province_nis: o.province_nis ?? '',
    status: o.status,
    parent: o.parent ?? null,
    merged_into: o.merged_into ?? null,
  };
}

/** The fields that differ from the record as read: a PATCH changes nothing else. */
export function patchOf(before: Draft, after: Draft): OrganisationPatch {
  const patch: OrganisationPatch = {};
  const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  if (after.name_nl.trim() !== before.name_nl) patch.name_nl = after.name_nl.trim();
  for (const key of ['name_fr', 'name_de', 'name_en', 'external_id'] as const) {
    if (text(after[key]) !== text(before[key])) patch[key] = text(after[key]);
  }
  if (after.kind !== before.kind) patch.kind = after.kind;
  if (after.region_nis !== before.region_nis) patch.region_nis = text(after.region_nis);
  if (after.province_nis !== before.province_nis) patch.province_nis = text(after.province_nis);
  if (after.status !== before.status) patch.status = after.status;
  if (after.parent?.id !== before.parent?.id) patch.parent_id = after.parent?.id ?? null;
  if (after.merged_into?.id !== before.merged_into?.id) {
    patch.merged_into_id = after.merged_into?.id ?? null;
  }
  return patch;
}

interface RefFieldProps {
  label: string;
  value: OrganisationRef | null;
  error: unknown;
  field: string;
  onChange: (value: OrganisationRef | null) => void;
}

/** A link to another organisation: shown with a button to clear it, or a picker to choose one. */
function RefField({ label, value, error, field, onChange }: RefFieldProps): ReactNode {
  const { t, i18n } = useTranslation();
  const id = useId();
  if (!value) {
    return (
      <div>
        <OrganisationPicker
          label={label}
          value={undefined}
          onChange={(o) => o && onChange({ id: o.id, name_nl: o.name_nl, name_fr: o.name_fr })}
        />
        <FieldErrors id={`${id}-errors`} error={error} field={field} />
      </div>
    );
  }
  return (
    <div className="field">
      <span className="label" id={`${id}-label`}>
        {label}
      </span>
      <div className="picked" aria-labelledby={`${id}-label`}>
        <span>{localName(value, currentLanguage(i18n))}</span>
        <button type="button" className="button-link" onClick={() => onChange(null)}>
          {t('organisationEdit.clear')}
          <span className="visually-hidden">: {label}</span>
        </button>
      </div>
      <FieldErrors id={`${id}-errors`} error={error} field={field} />
    </div>
  );
}

/** The war room changes an organisation's names, kind, place, status and links. */
export function EditOrganisationDialog({
  organisation,
  onReload,
  onClose,
}: EditOrganisationDialogProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const id = useId();
  const [current, setCurrent] = useState(organisation);
  const [draft, setDraft] = useState(() => draftOf(organisation));
  const regions = useRegions();
  const provinces = useProvinces();
  const mutation = useUpdateOrganisation(current);
  const conflict = isApiError(mutation.error) && mutation.error.status === 412;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void =>
    setDraft((d) => ({ ...d, [key]: value }));
  const visibleProvinces = (provinces.data ?? []).filter(
    (p) => !draft.region_nis || p.region_nis === draft.region_nis,
  );
  const patch = patchOf(draftOf(current), draft);
  const unchanged = Object.keys(patch).length === 0;

  async function onReloadClick(): Promise<void> {
    const fresh = await onReload();
    if (!fresh) return;
    setCurrent(fresh);
    setDraft(draftOf(fresh));
    mutation.reset();
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (unchanged) {
      onClose();
      return;
    }
    mutation.mutate(patch, { onSuccess: onClose });
  }

  const nameField = (
    key: 'name_nl' | 'name_fr' | 'name_de' | 'name_en',
    lng: string,
  ): ReactNode => (
    <TextField
      label={t('organisation.officialName', { language: t(`language.${lng}`) })}
      name={key}
      value={draft[key]}
      lang={lng}
      required={key === 'name_nl'}
      maxLength={200}
      error={mutation.error}
      onValueChange={(v) => set(key, v)}
    />
  );

  return (
    <Dialog title={t('organisationEdit.title')} onClose={onClose}>
      <form onSubmit={onSubmit} className="stack" noValidate>
        {conflict ? (
          <ConflictNotice onReload={() => void onReloadClick()} />
        ) : (
          <FormProblem error={mutation.error} fields={[...FIELDS, 'parent_id', 'merged_into_id']} />
        )}
        {nameField('name_nl', 'nl')}
        {nameField('name_fr', 'fr')}
        {nameField('name_de', 'de')}
        {nameField('name_en', 'en')}
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('organisation.kind')}</label>
          <select
            id={`${id}-kind`}
            value={draft.kind}
            onChange={(e) => set('kind', e.target.value as OrganisationKind)}
          >
            {organisationKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-kind-errors`} error={mutation.error} field="kind" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-region`}>{t('organisation.region')}</label>
          <select
            id={`${id}-region`}
            value={draft.region_nis}
            onChange={(e) => {
              const region = e.target.value;
              const province = provinces.data?.find((p) => p.nis_code === draft.province_nis);
              setDraft((d) => ({
                ...d,
                region_nis: region,
                province_nis: province && province.region_nis !== region ? '' : d.province_nis,
              }));
            }}
          >
            <option value="">{t('organisationEdit.none')}</option>
            {(regions.data ?? []).map((r) => (
              <option key={r.nis_code} value={r.nis_code}>
                {localName(r, language)}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-region-errors`} error={mutation.error} field="region_nis" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-province`}>{t('organisation.province')}</label>
          <select
            id={`${id}-province`}
            value={draft.province_nis}
            onChange={(e) => set('province_nis', e.target.value)}
          >
            <option value="">{t('organisationEdit.none')}</option>
            {visibleProvinces.map((p) => (
              <option key={p.nis_code} value={p.nis_code}>
                {localName(p, language)}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-province-errors`} error={mutation.error} field="province_nis" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('organisationEdit.status')}</label>
          <select
            id={`${id}-status`}
            value={draft.status}
            onChange={(e) => set('status', e.target.value as Organisation['status'])}
          >
            {organisationStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-status-errors`} error={mutation.error} field="status" />
        </div>
        <RefField
          label={t('organisation.parent')}
          value={draft.parent}
          error={mutation.error}
          field="parent_id"
          onChange={(v) => set('parent', v)}
        />
        {(draft.status === 'merged' || draft.merged_into) && (
          <RefField
            label={t('organisation.mergedInto')}
            value={draft.merged_into}
            error={mutation.error}
            field="merged_into_id"
            onChange={(v) => set('merged_into', v)}
          />
        )}
        <TextField
          label={t('organisationEdit.externalId')}
          hint={t('organisationEdit.externalIdHint')}
          name="external_id"
          value={draft.external_id}
          maxLength={100}
          error={mutation.error}
          onValueChange={(v) => set('external_id', v)}
        />
        <DialogActions busy={mutation.isPending} disabled={conflict} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
