import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { FieldErrors } from '../../../shared/ui/problem';
import { incidentTlps, type IncidentTlp } from '../types';

/** The yes/no facts of an incident and its TLP label, as the declaration and the edit form hold them. */
export interface IncidentFlags {
  personalData: boolean;
  nis2: boolean;
  isExercise: boolean;
  tlp: IncidentTlp;
}

/**
 * Personal data, NIS2 and exercise as checkboxes, then the TLP label. TLP:RED is offered only
 * when `offerRed` (the war room, or an incident that is RED already).
 */
export function IncidentFlagFields({
  draft,
  set,
  offerRed,
  error,
}: {
  draft: IncidentFlags;
  set: (patch: Partial<IncidentFlags>) => void;
  offerRed: boolean;
  error: unknown;
}): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <div className="field-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.personalData}
            onChange={(e) => set({ personalData: e.target.checked })}
          />
          {t('incidents.field.personalData')}
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.nis2}
            onChange={(e) => set({ nis2: e.target.checked })}
          />
          {t('incidents.field.nis2')}
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.isExercise}
            onChange={(e) => set({ isExercise: e.target.checked })}
          />
          {t('incidents.field.exercise')}
        </label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-tlp`}>TLP</label>
        <select
          id={`${id}-tlp`}
          value={draft.tlp}
          onChange={(e) => set({ tlp: e.target.value as IncidentTlp })}
        >
          {incidentTlps
            .filter((x) => x !== 'red' || offerRed)
            .map((x) => (
              <option key={x} value={x}>
                TLP:{x.toUpperCase()}
              </option>
            ))}
        </select>
        <FieldErrors id={`${id}-tlp-errors`} error={error} field="tlp" />
      </div>
    </>
  );
}
