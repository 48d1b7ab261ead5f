import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { errorsForField } from '../../../shared/api/errors';
import { FieldErrors } from '../../../shared/ui/problem';
import type { RsitClass } from '../types';

interface RsitFieldsProps {
  classes: RsitClass[] | undefined;
  rsitClass: string;
  rsitType: string;
  error?: unknown;
  onChange: (rsitClass: string, rsitType: string) => void;
}

/** The RSIT class and a type of that class (both optional), with the type's description. */
export function RsitFields({
  classes = [],
  rsitClass,
  rsitType,
  error,
  onChange,
}: RsitFieldsProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const chosen = classes.find((c) => c.key === rsitClass);
  const type = chosen?.types.find((x) => x.key === rsitType);
  const describe = (field: string, extra?: string): string | undefined =>
    [errorsForField(error, field).length > 0 ? `${id}-${field}-errors` : '', extra ?? '']
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor={`${id}-class`}>{t('incidents.field.rsitClass')}</label>
        <select
          id={`${id}-class`}
          value={rsitClass}
          aria-invalid={errorsForField(error, 'rsit_class').length > 0 || undefined}
          aria-describedby={describe('rsit_class')}
          onChange={(e) => onChange(e.target.value, '')}
        >
          <option value="">{t('incidents.rsit.notYet')}</option>
          {classes.map((c) => (
            <option key={c.key} value={c.key}>
              {c.name}
            </option>
          ))}
        </select>
        <FieldErrors id={`${id}-rsit_class-errors`} error={error} field="rsit_class" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('incidents.field.rsitType')}</label>
        <select
          id={`${id}-type`}
          value={rsitType}
          disabled={!chosen}
          aria-invalid={errorsForField(error, 'rsit_type').length > 0 || undefined}
          aria-describedby={describe('rsit_type', type ? `${id}-type-description` : undefined)}
          onChange={(e) => onChange(rsitClass, e.target.value)}
        >
          <option value="">{t('incidents.rsit.chooseType')}</option>
          {(chosen?.types ?? []).map((x) => (
            <option key={x.key} value={x.key}>
              {x.name}
            </option>
          ))}
        </select>
        {type && (
          <p className="field-hint" id={`${id}-type-description`}>
            {type.description}
          </p>
        )}
        <FieldErrors id={`${id}-rsit_type-errors`} error={error} field="rsit_type" />
      </div>
    </div>
  );
}
