import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { Dialog, DialogActions } from '../../shared/ui/Dialog';
import { FormProblem } from '../../shared/ui/problem';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { severities, stepTargets, type Policy, type PolicyInput, type PolicyStep } from './types';
import { usePolicies, useSavePolicy } from './useAdvisories';

function PolicyDialog({ policy, onClose }: { policy?: Policy; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const save = useSavePolicy(policy);
  const [input, setInput] = useState<PolicyInput>(() => ({
    name: policy?.name ?? '',
    description: policy?.description ?? null,
    steps: policy?.steps ?? [{ to: 'spoc', wait_minutes: 30 }],
    out_of_band_from: policy?.out_of_band_from ?? null,
  }));
  const setStep = (index: number, patch: Partial<PolicyStep>): void =>
    setInput((x) => ({
      ...x,
      steps: x.steps.map((s, i) => (i === index ? { ...s, ...patch } : s)),
    }));
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    save.mutate(input, { onSuccess: onClose });
  }
  return (
    <Dialog
      title={policy ? t('advisories.policies.edit') : t('advisories.policies.new')}
      onClose={onClose}
    >
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('advisories.policies.name')}</label>
          <input
            id={`${id}-name`}
            value={input.name}
            required
            onChange={(e) => setInput((x) => ({ ...x, name: e.target.value }))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>{t('advisories.policies.description')}</label>
          <textarea
            id={`${id}-description`}
            rows={2}
            value={input.description ?? ''}
            onChange={(e) => setInput((x) => ({ ...x, description: e.target.value || null }))}
          />
        </div>
        <fieldset className="fieldset">
          <legend>{t('advisories.policies.steps')}</legend>
          <ol className="steps-editor">
            {input.steps.map((step, i) => (
              <li key={i}>
                <div className="field">
                  <label htmlFor={`${id}-to-${i}`}>
                    {t('advisories.policies.stepTo', { n: i + 1 })}
                  </label>
                  <select
                    id={`${id}-to-${i}`}
                    value={step.to}
                    onChange={(e) => setStep(i, { to: e.target.value as PolicyStep['to'] })}
                  >
                    {stepTargets.map((s) => (
                      <option key={s} value={s}>
                        {t(`advisories.policies.target.${s}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-wait-${i}`}>
                    {t('advisories.policies.wait', { n: i + 1 })}
                  </label>
                  <input
                    id={`${id}-wait-${i}`}
                    type="number"
                    min={0}
                    inputMode="numeric"
                    value={step.wait_minutes}
                    onChange={(e) => setStep(i, { wait_minutes: Number(e.target.value) })}
                  />
                </div>
                <button
                  type="button"
                  className="button-small button-danger"
                  aria-label={t('advisories.policies.removeStep', { n: i + 1 })}
                  disabled={input.steps.length === 1}
                  onClick={() =>
                    setInput((x) => ({ ...x, steps: x.steps.filter((_, j) => j !== i) }))
                  }
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="button-secondary"
            onClick={() =>
              setInput((x) => ({
                ...x,
                steps: [...x.steps, { to: 'each_deputy', wait_minutes: 30 }],
              }))
            }
          >
            {t('advisories.policies.addStep')}
          </button>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-oob`}>{t('advisories.policies.outOfBandFrom')}</label>
          <select
            id={`${id}-oob`}
            value={input.out_of_band_from ?? ''}
            onChange={(e) =>
              setInput((x) => ({
                ...x,
                out_of_band_from: (e.target.value || null) as PolicyInput['out_of_band_from'],
              }))
            }
          >
            <option value="">{t('advisories.policies.never')}</option>
            {severities.map((s) => (
              <option key={s} value={s}>
                {t(`advisories.severity.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <FormProblem error={save.error} />
        <DialogActions busy={save.isPending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** How advisories escalate when nobody acknowledges: the steps and their waiting times. */
export function PoliciesPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('advisories.policies.title'));
  const policies = usePolicies();
  const [editing, setEditing] = useState<Policy | 'new' | undefined>();
  return (
    <main id="main" className="page">
      <nav className="breadcrumb" aria-label={t('advisories.breadcrumb')}>
        <Link to="/advisories">{t('advisories.title')}</Link>
      </nav>
      <div className="page-header">
        <h1>{t('advisories.policies.title')}</h1>
        <div className="page-header-actions">
          <button type="button" className="button-primary" onClick={() => setEditing('new')}>
            {t('advisories.policies.new')}
          </button>
        </div>
      </div>
      {policies.isPending ? (
        <LoadingState />
      ) : policies.isError ? (
        <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />
      ) : policies.data.length === 0 ? (
        <EmptyState>{t('advisories.policies.empty')}</EmptyState>
      ) : (
        <ul className="policy-list">
          {policies.data.map((p) => (
            <li key={p.id} className="panel">
              <div className="panel-header">
                <h2>
                  {p.name}
                  {p.is_default && (
                    <span className="badge badge-info">{t('advisories.policies.default')}</span>
                  )}
                </h2>
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={t('advisories.policies.editNamed', { name: p.name })}
                  onClick={() => setEditing(p)}
                >
                  {t('advisories.edit')}
                </button>
              </div>
              {p.description && <p>{p.description}</p>}
              <ol>
                {p.steps.map((s, i) => (
                  <li key={i}>
                    {t(`advisories.policies.target.${s.to}`)} ·{' '}
                    {t('advisories.policies.after', { minutes: s.wait_minutes })}
                  </li>
                ))}
              </ol>
              <p className="muted">
                {p.out_of_band_from
                  ? t('advisories.policies.oobFrom', {
                      severity: t(`advisories.severity.${p.out_of_band_from}`),
                    })
                  : t('advisories.policies.oobNever')}
              </p>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <PolicyDialog
          policy={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
    </main>
  );
}
