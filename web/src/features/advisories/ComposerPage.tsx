import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';

import { isApiError } from '../../shared/api/errors';
import { ConflictNotice, FormProblem } from '../../shared/ui/problem';
import { ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { AttachmentsEditor } from './components/Attachments';
import { AudienceBuilder, AudiencePreviewPanel } from './components/AudienceBuilder';
import { ExerciseBanner } from './components/Labels';
import { alignTexts, TextsEditor } from './components/TextsEditor';
import {
  emptyAudience,
  emptyText,
  severities,
  startedTexts,
  tlps,
  type Advisory,
  type AdvisoryInput,
  type TextLanguage,
} from './types';
import { useAdvisory, usePolicies, useSaveAdvisory } from './useAdvisories';

function initialInput(advisory: Advisory | undefined): AdvisoryInput {
  if (advisory) {
    const { severity, tlp, is_exercise, policy_id, audience, texts } = advisory;
    const languages = Object.keys(texts) as TextLanguage[];
    return {
      severity,
      tlp,
      is_exercise,
      policy_id,
      audience,
      texts: alignTexts(texts, [...new Set<TextLanguage>(['nl', 'fr', 'en', ...languages])]),
    };
  }
  return {
    severity: 'warning',
    tlp: 'amber',
    is_exercise: false,
    policy_id: null,
    audience: emptyAudience(),
    texts: { nl: emptyText(), fr: emptyText(), en: emptyText() },
  };
}

function ComposerForm({ advisory }: { advisory?: Advisory }): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [input, setInput] = useState(() => initialInput(advisory));
  const [names, setNames] = useState<Record<number, string>>({});
  const policies = usePolicies();
  const save = useSaveAdvisory(advisory);
  const set = (patch: Partial<AdvisoryInput>): void => setInput((x) => ({ ...x, ...patch }));

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    save.mutate(
      { ...input, texts: startedTexts(input.texts) },
      { onSuccess: (a) => void navigate(`/advisories/${a.id}`) },
    );
  }

  const conflict = isApiError(save.error) && save.error.status === 412;
  return (
    <form onSubmit={onSubmit} noValidate className="composer">
      {input.is_exercise && <ExerciseBanner />}
      <section className="panel">
        <div className="composer-meta">
          <div className="field">
            <label htmlFor="adv-severity">{t('advisories.field.severity')}</label>
            <select
              id="adv-severity"
              value={input.severity}
              onChange={(e) => set({ severity: e.target.value as AdvisoryInput['severity'] })}
            >
              {severities.map((s) => (
                <option key={s} value={s}>
                  {t(`advisories.severity.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="adv-tlp">TLP</label>
            <select
              id="adv-tlp"
              value={input.tlp}
              onChange={(e) => set({ tlp: e.target.value as AdvisoryInput['tlp'] })}
            >
              {tlps.map((x) => (
                <option key={x} value={x}>
                  TLP:{x.toUpperCase()}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="adv-policy">{t('advisories.field.policy')}</label>
            <select
              id="adv-policy"
              value={input.policy_id ?? ''}
              onChange={(e) => set({ policy_id: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">{t('advisories.compose.defaultPolicy')}</option>
              {(policies.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={input.is_exercise}
              onChange={(e) => set({ is_exercise: e.target.checked })}
            />
            {t('advisories.field.exercise')}
          </label>
        </div>
      </section>
      <TextsEditor texts={input.texts} onChange={(texts) => set({ texts })} />
      {advisory ? (
        <AttachmentsEditor advisory={advisory} />
      ) : (
        <p className="muted">{t('advisories.attachments.saveFirst')}</p>
      )}
      <div className="composer-audience">
        <AudienceBuilder
          audience={input.audience}
          names={names}
          onChange={(audience, newNames) => {
            set({ audience });
            setNames(newNames);
          }}
        />
        <AudiencePreviewPanel audience={input.audience} />
      </div>
      {conflict ? (
        <ConflictNotice onReload={() => window.location.reload()} />
      ) : (
        <FormProblem error={save.error} />
      )}
      <div className="form-actions">
        <Link
          className="button-secondary"
          to={advisory ? `/advisories/${advisory.id}` : '/advisories'}
        >
          {t('common.cancel')}
        </Link>
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.busy') : t('advisories.compose.saveDraft')}
        </button>
      </div>
    </form>
  );
}

/** Writes a new advisory or changes a draft: texts in every language, audience, policy. */
export function ComposerPage(): ReactNode {
  const { t } = useTranslation();
  const { id } = useParams();
  const advisoryId = id ? Number(id) : undefined;
  const advisory = useAdvisory(advisoryId ?? 0);
  const title = advisoryId ? t('advisories.compose.editTitle') : t('advisories.compose.newTitle');
  usePageTitle(title);
  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{title}</h1>
        {advisory.data && <p className="muted">{advisory.data.reference}</p>}
      </div>
      {advisoryId === undefined ? (
        <ComposerForm />
      ) : advisory.isPending ? (
        <LoadingState />
      ) : advisory.isError ? (
        <ErrorState error={advisory.error} onRetry={() => void advisory.refetch()} />
      ) : advisory.data.status !== 'draft' ? (
        <p className="alert alert-warning">{t('advisories.compose.notDraft')}</p>
      ) : (
        <ComposerForm advisory={advisory.data} />
      )}
    </main>
  );
}
