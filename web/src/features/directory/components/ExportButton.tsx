import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { FormProblem } from '../../../shared/ui/problem';
import { downloadText, fetchAllOrganisations, organisationsCsv } from '../exportCsv';
import type { DirectoryFilters, Province, Region } from '../types';

interface ExportButtonProps {
  filters: DirectoryFilters;
  regions: Region[];
  provinces: Province[];
}

/** Downloads the whole filtered list (every page) as a CSV file. */
export function ExportButton({ filters, regions, provinces }: ExportButtonProps): ReactNode {
  const { t } = useTranslation();
  const exportList = useMutation({
    mutationFn: async () => {
      const items = await fetchAllOrganisations(filters);
      const day = new Date().toISOString().slice(0, 10);
      downloadText(organisationsCsv(items, regions, provinces), `warroom-directory-${day}.csv`);
      return items.length;
    },
  });
  return (
    <div className="export">
      <button
        type="button"
        className="button-secondary button-small"
        disabled={exportList.isPending}
        onClick={() => exportList.mutate()}
      >
        {exportList.isPending ? t('directory.exporting') : t('directory.export')}
      </button>
      {exportList.isSuccess && (
        <span className="muted" role="status">
          {t('directory.exported', { count: exportList.data })}
        </span>
      )}
      <FormProblem error={exportList.error} />
    </div>
  );
}
