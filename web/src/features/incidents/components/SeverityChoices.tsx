import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { errorsForField } from '../../../shared/api/errors';
import { FieldErrors } from '../../../shared/ui/problem';
import { severityLevels, type SeverityDefinition } from '../types';

interface SeverityChoicesProps {
  value: number | undefined;
  /** The written definitions from the taxonomy; the level's word alone while they load. */
  definitions: SeverityDefinition[] | undefined;
  error?: unknown;
  onChange: (level: number) => void;
}

/** Severity 1 to 4 as large radio buttons, each with its written definition beside it. */
export function SeverityChoices({
  value,
  definitions,
  error,
  onChange,
}: SeverityChoicesProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const invalid = errorsForField(error, 'severity').length > 0;
  return (
    <fieldset className="severity-choices" aria-describedby={invalid ? `${id}-errors` : undefined}>
      <legend>{t('incidents.field.severity')}</legend>
      {severityLevels.map((level) => {
        const definition = definitions?.find((d) => d.level === level);
        return (
          <label key={level} className="severity-choice">
            <input
              type="radio"
              name={`${id}-severity`}
              value={level}
              checked={value === level}
              aria-labelledby={`${id}-name-${level}`}
              aria-describedby={definition ? `${id}-def-${level}` : undefined}
              onChange={() => onChange(level)}
            />
            <span id={`${id}-name-${level}`}>
              {t('incidents.severityLabel', {
                level,
                label: definition?.label ?? t(`incidents.severity.${level}`),
              })}
            </span>
            {definition && (
              <span className="severity-definition" id={`${id}-def-${level}`}>
                {definition.definition}
              </span>
            )}
          </label>
        );
      })}
      <FieldErrors id={`${id}-errors`} error={error} field="severity" />
    </fieldset>
  );
}
