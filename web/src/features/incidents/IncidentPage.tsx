import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { ExerciseBanner, TlpBadge } from '../advisories/components/Labels';
import { useSession } from '../auth/useSession';
import { isWarroomRole } from '../directory/roles';
import { EditIncidentForm } from './components/EditIncidentForm';
import { IncidentSeverityBadge, IncidentStatusBadge } from './components/Labels';
import { LegalClocks } from './components/LegalClocks';
import { Services } from './components/Services';
import { Timeline } from './components/Timeline';
import { Workflow } from './components/Workflow';
import type { Incident, Taxonomy } from './types';
import { useIncident, useIncidentEvents, useTaxonomy } from './useIncidents';

/** "Malicious code · Ransomware", in the reader's language where the taxonomy has it. */
function rsitText(incident: Incident, taxonomy: Taxonomy | undefined): string {
  if (!incident.rsit_class) return '—';
  const chosen = taxonomy?.classes.find((c) => c.key === incident.rsit_class);
  const type = chosen?.types.find((x) => x.key === incident.rsit_type);
  const className = chosen?.name ?? incident.rsit_class;
  const typeName = type?.name ?? incident.rsit_type;
  return typeName ? `${className} · ${typeName}` : className;
}

function Facts({
  incident: x,
  taxonomy,
}: {
  incident: Incident;
  taxonomy: Taxonomy | undefined;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const at = (iso: string | null): string => (iso ? formatDateTime(iso, language) : '—');
  const yesNo = (value: boolean): string => (value ? t('incidents.yes') : t('incidents.no'));
  return (
    <dl className="facts">
      <div>
        <dt>{t('incidents.field.organisation')}</dt>
        <dd>
          <Link to={`/organisations/${x.organisation.id}`}>{x.organisation.name}</Link>
        </dd>
      </div>
      <div>
        <dt>{t('incidents.field.rsit')}</dt>
        <dd>{rsitText(x, taxonomy)}</dd>
      </div>
      <div>
        <dt>{t('incidents.field.detectedAt')}</dt>
        <dd>{at(x.detected_at)}</dd>
      </div>
      <div>
        <dt>{t('incidents.field.becameAwareAt')}</dt>
        <dd>{at(x.became_aware_at)}</dd>
      </div>
      <div>
        <dt>{t('incidents.field.declared')}</dt>
        <dd>{t('incidents.declaredBy', { at: at(x.declared_at), by: x.declared_by })}</dd>
      </div>
      <div>
        <dt>{t('incidents.field.localLead')}</dt>
        <dd>{x.local_lead ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('incidents.field.callbackNumber')}</dt>
        <dd>
          {x.callback_number ? (
            <a href={`tel:${x.callback_number.replace(/[^\d+]/g, '')}`}>{x.callback_number}</a>
          ) : (
            '—'
          )}
        </dd>
      </div>
      <div>
        <dt>{t('incidents.field.personalData')}</dt>
        <dd>{yesNo(x.personal_data)}</dd>
      </div>
      <div>
        <dt>{t('incidents.field.nis2')}</dt>
        <dd>{yesNo(x.nis2_applicable)}</dd>
      </div>
      {x.closed_at && (
        <div>
          <dt>{t('incidents.field.closedAt')}</dt>
          <dd>{at(x.closed_at)}</dd>
        </div>
      )}
    </dl>
  );
}

/**
 * One incident: TLP and exercise marker first, its facts, the status workflow, the legal clocks
 * counting down, editing with If-Match, and the timeline (appended to, never edited).
 */
export function IncidentPage(): ReactNode {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const incident = useIncident(id);
  const taxonomy = useTaxonomy();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  useIncidentEvents();
  usePageTitle(incident.data?.title ?? t('incidents.title'));

  if (incident.isPending) {
    return (
      <main id="main" className="page">
        <LoadingState />
      </main>
    );
  }
  if (incident.isError) {
    return (
      <main id="main" className="page">
        <ErrorState error={incident.error} onRetry={() => void incident.refetch()} />
      </main>
    );
  }
  const x = incident.data;
  return (
    <main id="main" className="page">
      {x.is_exercise && <ExerciseBanner />}
      <p className="badge-row">
        <TlpBadge tlp={x.tlp} />
      </p>
      <nav className="breadcrumb" aria-label={t('incidents.breadcrumb')}>
        <Link to="/incidents">{t('incidents.title')}</Link>
      </nav>
      <div className="page-header">
        <h1>{x.title}</h1>
        <p className="badge-row">
          <IncidentSeverityBadge level={x.severity} />
          <IncidentStatusBadge status={x.status} />
          {x.is_exercise && <span className="badge badge-exercise">{t('common.exercise')}</span>}
        </p>
        {!editing && (
          <div className="page-header-actions">
            <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
              {t('incidents.edit.button')}
            </button>
          </div>
        )}
      </div>
      {editing ? (
        <EditIncidentForm
          incident={x}
          taxonomy={taxonomy.data}
          mayChooseRed={isWarroomRole(session.data?.user?.role)}
          onDone={() => setEditing(false)}
        />
      ) : (
        <>
          <Facts incident={x} taxonomy={taxonomy.data} />
          <section className="panel" aria-labelledby="what-heading">
            <h2 id="what-heading">{t('incidents.field.whatHappened')}</h2>
            <p className="incident-text">{x.what_happened}</p>
          </section>
        </>
      )}
      <Workflow incident={x} />
      <LegalClocks incident={x} readAt={incident.dataUpdatedAt} />
      <Services incident={x} />
      <Timeline incident={x} />
    </main>
  );
}
