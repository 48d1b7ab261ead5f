import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../../shared/api/errors';
import { Dialog, DialogActions } from '../../../shared/ui/Dialog';
import { ConflictNotice, FieldErrors, FormProblem } from '../../../shared/ui/problem';
import type { OrganisationDetail } from '../types';
import { useSetSpoc } from '../useDirectory';

interface ChangeSpocDialogProps {
  organisation: OrganisationDetail;
  onReload: () => Promise<OrganisationDetail | undefined>;
  onClose: () => void;
}

/** Chooses the SPOC and orders the deputies among the organisation's people. */
export function ChangeSpocDialog({
  organisation,
  onReload,
  onClose,
}: ChangeSpocDialogProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [current, setCurrent] = useState(organisation);
  const [spocId, setSpocId] = useState<number | null>(organisation.spoc?.id ?? null);
  const [deputyIds, setDeputyIds] = useState<number[]>(organisation.deputies.map((d) => d.id));
  const [candidate, setCandidate] = useState('');
  const mutation = useSetSpoc(current);
  const conflict = isApiError(mutation.error) && mutation.error.status === 412;

  const people = current.people;
  const nameOf = (personId: number): string =>
    people.find((p) => p.id === personId)?.full_name ?? `#${personId}`;
  const candidates = people.filter((p) => p.id !== spocId && !deputyIds.includes(p.id));

  function move(index: number, delta: number): void {
    const next = [...deputyIds];
    const target = index + delta;
    const a = next[index];
    const b = next[target];
    if (a === undefined || b === undefined) return;
    next[index] = b;
    next[target] = a;
    setDeputyIds(next);
  }

  function onSpocChange(value: string): void {
    const next = value === '' ? null : Number(value);
    setSpocId(next);
    setDeputyIds(deputyIds.filter((d) => d !== next));
  }

  function onAdd(): void {
    const value = Number(candidate);
    if (!value || deputyIds.includes(value)) return;
    setDeputyIds([...deputyIds, value]);
    setCandidate('');
  }

  async function onReloadClick(): Promise<void> {
    const fresh = await onReload();
    if (!fresh) return;
    setCurrent(fresh);
    setSpocId(fresh.spoc?.id ?? null);
    setDeputyIds(fresh.deputies.map((d) => d.id));
    mutation.reset();
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    mutation.mutate({ spoc_id: spocId, deputy_ids: deputyIds }, { onSuccess: onClose });
  }

  return (
    <Dialog title={t('spoc.title')} onClose={onClose}>
      <form onSubmit={onSubmit} className="stack">
        {conflict ? (
          <ConflictNotice onReload={() => void onReloadClick()} />
        ) : (
          <FormProblem error={mutation.error} fields={['spoc_id', 'deputy_ids']} />
        )}
        {people.length === 0 && <p className="muted">{t('spoc.noPeople')}</p>}
        <div className="field">
          <label htmlFor={`${id}-spoc`}>{t('spoc.spoc')}</label>
          <select
            id={`${id}-spoc`}
            value={spocId ?? ''}
            onChange={(e) => onSpocChange(e.target.value)}
          >
            <option value="">{t('spoc.none')}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.full_name}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-spoc-errors`} error={mutation.error} field="spoc_id" />
        </div>
        <fieldset className="fieldset">
          <legend>{t('spoc.deputies')}</legend>
          <p className="field-hint">{t('spoc.deputiesHint')}</p>
          {deputyIds.length === 0 ? (
            <p className="muted">{t('spoc.noDeputies')}</p>
          ) : (
            <ol className="deputy-list">
              {deputyIds.map((d, i) => (
                <li key={d}>
                  <span className="deputy-name">
                    {i + 1}. {nameOf(d)}
                  </span>
                  <span className="deputy-actions">
                    <button
                      type="button"
                      className="button-small button-secondary"
                      disabled={i === 0}
                      aria-label={t('spoc.moveUp', { name: nameOf(d) })}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button-small button-secondary"
                      disabled={i === deputyIds.length - 1}
                      aria-label={t('spoc.moveDown', { name: nameOf(d) })}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="button-small button-secondary"
                      aria-label={t('spoc.remove', { name: nameOf(d) })}
                      onClick={() => setDeputyIds(deputyIds.filter((x) => x !== d))}
                    >
                      ✕
                    </button>
                  </span>
                </li>
              ))}
            </ol>
          )}
          {candidates.length > 0 && deputyIds.length < 10 && (
            <div className="field add-deputy">
              <label htmlFor={`${id}-add`}>{t('spoc.addDeputy')}</label>
              <div className="inline">
                <select
                  id={`${id}-add`}
                  value={candidate}
                  onChange={(e) => setCandidate(e.target.value)}
                >
                  <option value="">{t('spoc.choose')}</option>
                  {candidates.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.full_name}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="button-secondary"
                  disabled={candidate === ''}
                  onClick={onAdd}
                >
                  {t('spoc.add')}
                </button>
              </div>
            </div>
          )}
          <FieldErrors id={`${id}-deputy-errors`} error={mutation.error} field="deputy_ids" />
        </fieldset>
        <DialogActions busy={mutation.isPending} disabled={conflict} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
