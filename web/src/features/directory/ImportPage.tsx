import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../shared/api/errors';
import type { FieldError } from '../../shared/api/types';
import { Alert } from '../../shared/ui/Alert';
import { FormProblem, useFieldErrorMessage } from '../../shared/ui/problem';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { importCsv, type ImportKind } from './api';
import type { ImportReport } from './types';
import { directoryKeys } from './useDirectory';

interface ImportRequest {
  kind: ImportKind;
  csv: string;
  dryRun: boolean;
}

/** The lines of the file with errors, in file order: line, column, field and the reason. */
function ImportErrors({ errors }: { errors: FieldError[] }): ReactNode {
  const { t } = useTranslation();
  const message = useFieldErrorMessage();
  const sorted = [...errors].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
  return (
    <div className="table-wrap">
      <table className="table import-errors">
        <caption>{t('import.errorsCaption', { count: errors.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.line')}</th>
            <th scope="col">{t('import.column')}</th>
            <th scope="col">{t('import.field')}</th>
            <th scope="col">{t('import.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((e, i) => (
            <tr key={i}>
              <td>{e.line ?? '—'}</td>
              <td>{e.column ? e.column : '—'}</td>
              <td>
                <code>{e.field ?? ''}</code>
              </td>
              <td>{message(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReportSummary({ report }: { report: ImportReport }): ReactNode {
  const { t } = useTranslation();
  return (
    <Alert tone="success">
      <p>
        {report.dry_run
          ? t('import.checked', { count: report.rows })
          : t('import.stored', { count: report.rows })}{' '}
        {t('import.counts', { created: report.created, updated: report.updated })}
      </p>
      {report.ignored_columns && report.ignored_columns.length > 0 && (
        <p>
          {t('import.ignored')}{' '}
          {report.ignored_columns.map((c) => (
            <code key={c} className="ignored-column">
              {c}
            </code>
          ))}
        </p>
      )}
    </Alert>
  );
}

/**
 * The CSV import of organisations and people: check a file first, then import it. The server stores
 * every row or none, and names each bad cell by line and column.
 */
export function ImportPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('import.title'));
  const id = useId();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('organisations');
  const [file, setFile] = useState<File>();
  const [missingFile, setMissingFile] = useState(false);
  const mutation = useMutation({
    mutationFn: ({ kind: k, csv, dryRun }: ImportRequest) => importCsv(k, csv, dryRun),
    onSuccess: (report) => {
      if (!report.dry_run) void queryClient.invalidateQueries({ queryKey: directoryKeys.all });
    },
  });
  const rowErrors =
    isApiError(mutation.error) && mutation.error.fieldErrors.some((e) => e.line !== undefined)
      ? mutation.error.fieldErrors
      : [];

  async function send(dryRun: boolean): Promise<void> {
    if (!file) {
      setMissingFile(true);
      return;
    }
    mutation.mutate({ kind, csv: await file.text(), dryRun });
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    void send(true);
  }

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('import.title')}</h1>
        <p className="muted">{t('import.intro')}</p>
      </div>
      <form className="panel stack" onSubmit={onSubmit} noValidate>
        <fieldset className="fieldset">
          <legend>{t('import.what')}</legend>
          {(['organisations', 'people'] as const).map((k) => (
            <label key={k} className="checkbox">
              <input
                type="radio"
                name={`${id}-kind`}
                value={k}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  mutation.reset();
                }}
              />
              {t(`import.kind.${k}`)}
            </label>
          ))}
          <p className="field-hint">{t(`import.columns.${kind}`)}</p>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('import.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-invalid={missingFile || undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0]);
              setMissingFile(false);
              mutation.reset();
            }}
          />
          {missingFile && (
            <ul className="field-errors">
              <li>{t('import.chooseFile')}</li>
            </ul>
          )}
        </div>
        <div className="dialog-actions">
          <button type="submit" className="button-secondary" disabled={mutation.isPending}>
            {t('import.check')}
          </button>
          <button
            type="button"
            className="button-primary"
            disabled={mutation.isPending}
            onClick={() => void send(false)}
          >
            {mutation.isPending ? t('common.busy') : t('import.import')}
          </button>
        </div>
      </form>
      <section aria-live="polite" className="stack import-result">
        {mutation.isSuccess && <ReportSummary report={mutation.data} />}
        {mutation.isError &&
          (rowErrors.length > 0 ? (
            <>
              <Alert>
                <p>{t('import.nothingStored')}</p>
              </Alert>
              <ImportErrors errors={rowErrors} />
            </>
          ) : (
            <FormProblem error={mutation.error} />
          ))}
      </section>
    </main>
  );
}
