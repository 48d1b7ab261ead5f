import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { toApiError } from '../../shared/api/errors';
import { currentLanguage } from '../../shared/i18n/i18n';
import { localName } from '../../shared/i18n/names';
import { Badge, DemoBadge } from '../../shared/ui/Badge';
import { FormProblem } from '../../shared/ui/problem';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { InvitePersonDialog } from '../accounts/components/InvitePersonDialog';
import { rolesForKind, spocInviteRoles } from '../accounts/types';
import { useSession } from '../auth/useSession';
import { AddServiceDialog } from './components/AddServiceDialog';
import { ChangeSpocDialog } from './components/ChangeSpocDialog';
import { ContactCard } from './components/ContactCard';
import { CustomerList, groupByCustomer } from './components/CustomerList';
import { EditOrganisationDialog } from './components/EditOrganisationDialog';
import { GapBadges } from './components/GapBadges';
import { PersonDialog } from './components/PersonDialog';
import { ServiceList } from './components/ServiceList';
import type { OrganisationDetail, Person } from './types';
import {
  useDeleteService,
  useOrganisation,
  useProvinces,
  useRegions,
  useVerifyPerson,
} from './useDirectory';

const EDITOR_ROLES = ['warroom_admin', 'warroom_analyst', 'spoc'];
const WARROOM_ROLES = ['warroom_admin', 'warroom_analyst'];

/** One organisation: names and codes, SPOC and deputies, contacts, providers and customers. */
export function OrganisationPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const params = useParams();
  // An id that cannot exist is "not found" at once, as the server would say.
  const id = Number(params.id);
  const query = useOrganisation(id);
  usePageTitle(query.data ? localName(query.data, currentLanguage(i18n)) : t('organisation.title'));

  return (
    <main id="main" className="page">
      <p className="breadcrumb">
        <Link to="/directory">← {t('organisation.back')}</Link>
      </p>
      {!/^[1-9][0-9]{0,15}$/.test(params.id ?? '') ? (
        <ErrorState error={toApiError(404, undefined)} />
      ) : query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <OrganisationView
          organisation={query.data}
          onReload={async () => (await query.refetch()).data}
        />
      )}
    </main>
  );
}

interface OrganisationViewProps {
  organisation: OrganisationDetail;
  onReload: () => Promise<OrganisationDetail | undefined>;
}

function OrganisationView({ organisation: o, onReload }: OrganisationViewProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const session = useSession();
  const role = session.data?.user.role ?? 'observer';
  const canEdit = EDITOR_ROLES.includes(role);
  const canEditAll = WARROOM_ROLES.includes(role);
  // The admin invites anyone; a SPOC her own organisation's people (the server decides).
  const canInvite =
    role === 'warroom_admin' || (role === 'spoc' && session.data?.user.organisation_id === o.id);
  const inviteRoles = role === 'warroom_admin' ? rolesForKind(o.kind) : spocInviteRoles;
  const [inviting, setInviting] = useState<Person>();
  const regions = useRegions();
  const provinces = useProvinces();
  const verify = useVerifyPerson(o.id);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [addingService, setAddingService] = useState(false);
  // The person being changed, or 'new' while a contact is being added.
  const [personDialog, setPersonDialog] = useState<Person | 'new'>();
  const removeService = useDeleteService();
  const isProvider = o.kind === 'ict_provider' || o.kind === 'intermunicipal_association';
  const region = regions.data?.find((r) => r.nis_code === o.region_nis);
  const province = provinces.data?.find((p) => p.nis_code === o.province_nis);
  const deputyOrder = new Map(o.deputies.map((d, i) => [d.id, i + 1]));
  const people = [...o.people].sort((a, b) => {
    const rank = (id: number): number => (id === o.spoc?.id ? 0 : (deputyOrder.get(id) ?? 100));
    return rank(a.id) - rank(b.id) || a.full_name.localeCompare(b.full_name);
  });
  const names: [string, string | null | undefined][] = [
    ['nl', o.name_nl],
    ['fr', o.name_fr],
    ['de', o.name_de],
    ['en', o.name_en],
  ];

  return (
    <>
      <div className="page-header org-header">
        <h1>{localName(o, language)}</h1>
        <div className="badge-row">
          {o.is_demo && <DemoBadge />}
          {o.exercise_contacts && (
            <span className="badge badge-exercise" title={t('organisation.exerciseContactsHint')}>
              {t('organisation.exerciseContacts')}
            </span>
          )}
          <Badge>{t(`kind.${o.kind}`)}</Badge>
          {o.status !== 'active' && <Badge tone="warning">{t(`status.${o.status}`)}</Badge>}
        </div>
        <GapBadges gaps={o.gaps} />
      </div>

      <div className="org-grid">
        <section className="panel" aria-labelledby="facts-title">
          <div className="panel-header">
            <h2 id="facts-title">{t('organisation.facts')}</h2>
            {canEditAll && (
              <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
                {t('organisationEdit.open')}
              </button>
            )}
          </div>
          <dl className="facts">
            {names
              .filter((n): n is [string, string] => Boolean(n[1]))
              .map(([lng, name]) => (
                <div key={lng} className="fact">
                  <dt>{t('organisation.officialName', { language: t(`language.${lng}`) })}</dt>
                  <dd lang={lng}>{name}</dd>
                </div>
              ))}
            <div className="fact">
              <dt>{t('organisation.kind')}</dt>
              <dd>{t(`kind.${o.kind}`)}</dd>
            </div>
            <div className="fact">
              <dt>{t('organisation.nis')}</dt>
              <dd>{o.nis_code ?? '—'}</dd>
            </div>
            <div className="fact">
              <dt>{t('organisation.province')}</dt>
              <dd>{province ? localName(province, language) : (o.province_nis ?? '—')}</dd>
            </div>
            <div className="fact">
              <dt>{t('organisation.region')}</dt>
              <dd>{region ? localName(region, language) : (o.region_nis ?? '—')}</dd>
            </div>
            {o.parent && (
              <div className="fact">
                <dt>{t('organisation.parent')}</dt>
                <dd>
                  <Link to={`/organisations/${o.parent.id}`}>{localName(o.parent, language)}</Link>
                </dd>
              </div>
            )}
            {o.merged_into && (
              <div className="fact">
                <dt>{t('organisation.mergedInto')}</dt>
                <dd>
                  <Link to={`/organisations/${o.merged_into.id}`}>
                    {localName(o.merged_into, language)}
                  </Link>
                </dd>
              </div>
            )}
          </dl>
        </section>

        <section className="panel" aria-labelledby="spoc-title">
          <div className="panel-header">
            <h2 id="spoc-title">{t('organisation.spocAndDeputies')}</h2>
            {canEdit && (
              <button
                type="button"
                className="button-secondary"
                onClick={() => setDialogOpen(true)}
              >
                {t('spoc.change')}
              </button>
            )}
          </div>
          <dl className="facts">
            <div className="fact">
              <dt>{t('organisation.spoc')}</dt>
              <dd data-testid="spoc-name">
                {o.spoc ? o.spoc.full_name : <em>{t('organisation.noSpoc')}</em>}
              </dd>
            </div>
            <div className="fact">
              <dt>{t('organisation.deputies')}</dt>
              <dd>
                {o.deputies.length === 0 ? (
                  <em>{t('organisation.noDeputies')}</em>
                ) : (
                  <ol className="plain-ordered" data-testid="deputies">
                    {o.deputies.map((d) => (
                      <li key={d.id}>{d.full_name}</li>
                    ))}
                  </ol>
                )}
              </dd>
            </div>
          </dl>
        </section>
      </div>

      <section className="panel" aria-labelledby="contacts-title">
        <div className="panel-header">
          <h2 id="contacts-title">{t('organisation.contacts')}</h2>
          {canEdit && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => setPersonDialog('new')}
            >
              {t('person.add')}
            </button>
          )}
        </div>
        <FormProblem error={verify.error} />
        {people.length === 0 ? (
          <EmptyState>{t('organisation.noContacts')}</EmptyState>
        ) : (
          <ul className="contact-list">
            {people.map((p) => (
              <ContactCard
                key={p.id}
                person={p}
                isSpoc={p.id === o.spoc?.id}
                deputyOrder={deputyOrder.get(p.id)}
                canVerify={canEdit}
                verifying={verify.isPending && verify.variables === p.id}
                onVerify={(person) => verify.mutate(person.id)}
                onEdit={canEdit ? setPersonDialog : undefined}
                onInvite={canInvite ? setInviting : undefined}
              />
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="providers-title">
        <h2 id="providers-title">{t('organisation.providers')}</h2>
        {o.providers.length === 0 ? (
          <EmptyState>{t('organisation.noProviders')}</EmptyState>
        ) : (
          <ServiceList services={o.providers} side="provider" />
        )}
      </section>

      {(isProvider || o.customers.length > 0) && (
        <section className="panel" aria-labelledby="customers-title">
          <div className="panel-header">
            <h2 id="customers-title">
              {t('organisation.customers')}{' '}
              <span className="muted">({groupByCustomer(o.customers).length})</span>
            </h2>
            {canEditAll && isProvider && (
              <button
                type="button"
                className="button-secondary"
                onClick={() => setAddingService(true)}
              >
                {t('services.add')}
              </button>
            )}
          </div>
          <FormProblem error={removeService.error} />
          {o.customers.length === 0 ? (
            <EmptyState>{t('organisation.noCustomers')}</EmptyState>
          ) : (
            <CustomerList
              services={o.customers}
              showSpoc={canEditAll}
              onRemove={canEditAll ? (s) => removeService.mutate(s) : undefined}
            />
          )}
        </section>
      )}

      {editing && (
        <EditOrganisationDialog
          organisation={o}
          onReload={onReload}
          onClose={() => setEditing(false)}
        />
      )}
      {addingService && <AddServiceDialog provider={o} onClose={() => setAddingService(false)} />}
      {personDialog && (
        <PersonDialog
          organisationId={o.id}
          person={personDialog === 'new' ? undefined : personDialog}
          onReload={async () =>
            (await onReload())?.people.find(
              (p) => personDialog !== 'new' && p.id === personDialog.id,
            )
          }
          onClose={() => setPersonDialog(undefined)}
        />
      )}

      {inviting && (
        <InvitePersonDialog
          person={inviting}
          roles={inviteRoles}
          onClose={() => setInviting(undefined)}
        />
      )}

      {dialogOpen && (
        <ChangeSpocDialog
          organisation={o}
          onReload={onReload}
          onClose={() => setDialogOpen(false)}
        />
      )}
    </>
  );
}
