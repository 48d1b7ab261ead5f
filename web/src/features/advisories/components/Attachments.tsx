import { useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { errorsForField, isApiError } from '../../../shared/api/errors';
import { useFieldErrorMessage, useProblemMessage } from '../../../shared/ui/problem';
import { attachmentUrl } from '../api';
import { attachmentLimits, type Advisory, type AdvisoryAttachment } from '../types';
import { useDeleteAttachment, useUploadAttachment } from '../useAdvisories';

/** "1.2 MB", "340 kB", "12 B" (binary multiples, as the server's limit is set). */
export function formatSize(bytes: number, locale: string): string {
  const format = (n: number, unit: string): string =>
    `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n)} ${unit}`;
  if (bytes >= 1024 * 1024) return format(bytes / (1024 * 1024), 'MB');
  if (bytes >= 1024) return format(bytes / 1024, 'kB');
  return format(bytes, 'B');
}

/** The short name of a media type: "PDF", "PNG", "CSV", "DOCX", ... */
function kindOf(mediaType: string): string {
  const known: Record<string, string> = {
    'application/pdf': 'PDF',
    'image/png': 'PNG',
    'image/jpeg': 'JPEG',
    'text/plain': 'TXT',
    'text/csv': 'CSV',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
    'application/vnd.oasis.opendocument.text': 'ODT',
    'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  };
  return known[mediaType.split(';')[0]?.trim() ?? ''] ?? mediaType;
}

interface AttachmentListProps {
  advisoryId: number;
  attachments: AdvisoryAttachment[];
}

/** An advisory's files as download links (the advisory view and a recipient's inbox view). */
export function AttachmentList({ advisoryId, attachments }: AttachmentListProps): ReactNode {
  const { t, i18n } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="adv-attachments">
      <h2 id="adv-attachments">{t('advisories.attachments.title')}</h2>
      <ul className="attachment-list">
        {attachments.map((a) => (
          <li key={a.id}>
            <a href={attachmentUrl(advisoryId, a.id)} download={a.name}>
              {a.name}
            </a>{' '}
            <span className="muted">
              {kindOf(a.media_type)}, {formatSize(a.size, i18n.language)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface AttachmentsEditorProps {
  advisory: Advisory;
}

interface Refusal {
  name: string;
  error: unknown;
}

/** A draft's files: add (file input or drop), see name, size and type, remove. */
export function AttachmentsEditor({ advisory }: AttachmentsEditorProps): ReactNode {
  const { t, i18n } = useTranslation();
  const upload = useUploadAttachment(advisory.id);
  const remove = useDeleteAttachment(advisory.id);
  const problemMessage = useProblemMessage();
  const fieldMessage = useFieldErrorMessage();
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [dragging, setDragging] = useState(false);

  async function add(files: FileList | File[]): Promise<void> {
    const refused: Refusal[] = [];
    // One at a time: the server checks the count and duplicates per upload.
    for (const file of Array.from(files)) {
      try {
        await upload.mutateAsync(file);
      } catch (error) {
        refused.push({ name: file.name, error });
      }
    }
    setRefusals(refused);
  }

  function messageOf(error: unknown): string {
    const fields = isApiError(error) ? errorsForField(error, 'file') : [];
    return fields[0] ? fieldMessage(fields[0]) : problemMessage(error);
  }

  function onDrop(event: DragEvent): void {
    event.preventDefault();
    setDragging(false);
    void add(event.dataTransfer.files);
  }

  return (
    <section className="panel" aria-labelledby="adv-attachments-edit">
      <h2 id="adv-attachments-edit">{t('advisories.attachments.title')}</h2>
      <p className="muted" id="adv-attachments-hint">
        {t('advisories.attachments.hint', {
          size: formatSize(attachmentLimits.maxBytes, i18n.language),
          count: attachmentLimits.maxCount,
        })}
      </p>
      {advisory.attachments.length === 0 ? (
        <p>{t('advisories.attachments.none')}</p>
      ) : (
        <ul className="attachment-list">
          {advisory.attachments.map((a) => (
            <li key={a.id}>
              <a href={attachmentUrl(advisory.id, a.id)} download={a.name}>
                {a.name}
              </a>{' '}
              <span className="muted">
                {kindOf(a.media_type)}, {formatSize(a.size, i18n.language)}
              </span>{' '}
              <button
                type="button"
                className="button-secondary"
                disabled={remove.isPending}
                onClick={() => remove.mutate(a.id)}
              >
                {t('advisories.attachments.remove', { name: a.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div
        className={dragging ? 'attachment-drop attachment-drop-active' : 'attachment-drop'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor="adv-attachment-input">{t('advisories.attachments.add')}</label>
        <input
          id="adv-attachment-input"
          type="file"
          multiple
          aria-describedby="adv-attachments-hint adv-attachments-errors"
          disabled={upload.isPending}
          onChange={(e) => {
            if (e.target.files) void add(e.target.files);
            e.target.value = '';
          }}
        />
        <span className="muted">{t('advisories.attachments.drop')}</span>
      </div>
      {upload.isPending && <p role="status">{t('common.busy')}</p>}
      {refusals.length > 0 && (
        // The alert wraps the list: role="alert" on the <ul> itself would orphan its items.
        <div role="alert">
          <ul className="field-errors" id="adv-attachments-errors">
            {refusals.map((r) => (
              <li key={r.name}>
                {t('advisories.attachments.refused', { name: r.name, message: messageOf(r.error) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {remove.error && <p role="alert">{problemMessage(remove.error)}</p>}
    </section>
  );
}
