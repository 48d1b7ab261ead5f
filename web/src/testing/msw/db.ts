import type { Schemas } from '../../shared/api/types';

type Organisation = Schemas['OrganisationDetail'];
type Person = Schemas['Person'];
type User = Schemas['User'];
type ApiToken = Schemas['ApiToken'];

export interface SessionState {
  stage: Schemas['SessionStage'];
  userId: number;
  csrf: string;
  /** False once the sign-in is older than the server's re-authentication window. */
  recentlyAuthenticated?: boolean;
}

/** The in-memory database behind the MSW handlers; reset before every test. */
export interface Db {
  regions: Schemas['Region'][];
  provinces: Schemas['Province'][];
  organisations: Organisation[];
  people: Person[];
  users: (User & { password: string })[];
  tokens: ApiToken[];
  /** The signed-in user's sessions in other browsers. */
  otherSessions: Schemas['OwnSession'][];
  session: SessionState | null;
  totpCode: string;
  recoveryCodes: string[];
  links: Record<string, Schemas['AccountLink']>;
  audit: Schemas['AuditEntry'][];
  /** The data lines that the CSV import stored. */
  imported: string[];
  nextId: number;
}

const NOW = '2026-11-27T09:00:00Z';

function organisation(
  partial: Partial<Organisation> & Pick<Organisation, 'id' | 'name_nl' | 'kind'>,
): Organisation {
  return {
    status: 'active',
    is_demo: false,
    exercise_contacts: false,
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    gaps: [],
    people: [],
    deputies: [],
    providers: [],
    customers: [],
    spoc: null,
    parent: null,
    merged_into: null,
    nis_code: null,
    name_fr: null,
    name_de: null,
    name_en: null,
    region_nis: null,
    province_nis: null,
    ...partial,
  };
}

function person(
  partial: Partial<Person> & Pick<Person, 'id' | 'organisation_id' | 'full_name'>,
): Person {
  return {
    preferred_language: 'nl',
    roles: [],
    is_demo: false,
    version: 1,
    verified_at: null,
    account: null,
    ...partial,
  };
}

export function createDb(): Db {
  const people: Person[] = [
    person({
      id: 101,
      organisation_id: 1,
      full_name: 'Ann Voorbeeld',
      job_title: 'ICT-verantwoordelijke',
      work_email: 'ann.voorbeeld@oefenstad.example',
      oob_email: 'ann.voorbeeld@mail.test',
      mobile: '+32499001101',
      roles: ['spoc', 'ict_lead'],
      verified_at: '2026-10-01T08:00:00Z',
      is_demo: true,
      account: { id: 2, status: 'active' },
    }),
    person({
      id: 102,
      organisation_id: 1,
      full_name: 'Bert Proef',
      work_email: 'bert.proef@oefenstad.example',
      landline: '+3230001122',
      roles: ['dpo'],
      verified_at: '2025-01-10T08:00:00Z',
      is_demo: true,
    }),
    person({
      id: 103,
      organisation_id: 1,
      full_name: 'Chris Fictief',
      work_email: 'chris.fictief@oefenstad.example',
      mobile: '+32499001103',
      roles: ['general_director'],
      is_demo: true,
    }),
  ];
  const oefenstad = organisation({
    id: 1,
    kind: 'municipality',
    name_nl: 'Oefenstad',
    nis_code: '99001',
    region_nis: '02000',
    province_nis: '10000',
    is_demo: true,
    version: 3,
    people: people.filter((p) => p.organisation_id === 1),
    spoc: { id: 101, full_name: 'Ann Voorbeeld' },
    deputies: [{ id: 102, full_name: 'Bert Proef' }],
    deputy_count: 1,
    gaps: ['stale_contacts'],
    providers: [
      {
        id: 501,
        provider: { id: 4, name_nl: 'Demo ICT NV' },
        customer: { id: 1, name_nl: 'Oefenstad' },
        service: 'vpn',
        description: 'VPN en firewallbeheer',
      },
    ],
  });
  return {
    regions: [
      {
        nis_code: '02000',
        name_nl: 'Vlaams Gewest',
        name_fr: 'Région flamande',
        name_de: 'Flämische Region',
        name_en: 'Flemish Region',
      },
      {
        nis_code: '03000',
        name_nl: 'Waals Gewest',
        name_fr: 'Région wallonne',
        name_de: 'Wallonische Region',
        name_en: 'Walloon Region',
      },
    ],
    provinces: [
      {
        nis_code: '10000',
        name_nl: 'Antwerpen',
        name_fr: 'Anvers',
        name_en: 'Antwerp',
        region_nis: '02000',
      },
      {
        nis_code: '70000',
        name_nl: 'Limburg',
        name_fr: 'Limbourg',
        name_en: 'Limburg',
        region_nis: '02000',
      },
      {
        nis_code: '50000',
        name_nl: 'Henegouwen',
        name_fr: 'Hainaut',
        name_en: 'Hainaut',
        region_nis: '03000',
      },
    ],
    organisations: [
      oefenstad,
      organisation({
        id: 2,
        kind: 'municipality',
        name_nl: 'Antwerpen',
        name_fr: 'Anvers',
        name_de: 'Antwerpen',
        nis_code: '11002',
        region_nis: '02000',
        province_nis: '10000',
        gaps: ['no_spoc', 'no_deputy', 'no_out_of_band'],
      }),
      organisation({
        id: 3,
        kind: 'municipality',
        name_nl: 'Proefdorp',
        nis_code: '99002',
        region_nis: '02000',
        province_nis: '70000',
        is_demo: true,
        gaps: ['no_deputy'],
      }),
      organisation({
        id: 4,
        kind: 'ict_provider',
        name_nl: 'Demo ICT NV',
        is_demo: true,
        gaps: [],
        customers: [
          {
            id: 501,
            provider: { id: 4, name_nl: 'Demo ICT NV' },
            customer: { id: 1, name_nl: 'Oefenstad' },
            service: 'vpn',
            description: null,
            customer_spoc: { id: 101, full_name: 'Ann Voorbeeld', mobile: '+32499001101' },
          },
          {
            id: 502,
            provider: { id: 4, name_nl: 'Demo ICT NV' },
            customer: { id: 1, name_nl: 'Oefenstad' },
            service: 'firewall',
            description: null,
            customer_spoc: { id: 101, full_name: 'Ann Voorbeeld', mobile: '+32499001101' },
          },
          {
            id: 503,
            provider: { id: 4, name_nl: 'Demo ICT NV' },
            customer: { id: 3, name_nl: 'Proefdorp' },
            service: 'backup',
            description: null,
          },
        ],
      }),
      organisation({
        id: 5,
        kind: 'municipality',
        name_nl: 'Bergen',
        name_fr: 'Mons',
        nis_code: '53053',
        region_nis: '03000',
        province_nis: '50000',
        gaps: ['no_spoc'],
      }),
    ],
    people,
    users: [
      {
        id: 1,
        email: 'admin@warroom.test',
        display_name: 'Wanda Admin',
        role: 'warroom_admin',
        organisation_id: 9,
        organisation_name: 'War room',
        status: 'active',
        totp_enabled: true,
        preferred_language: 'en',
        last_sign_in_at: '2026-11-27T08:00:00Z',
        person_id: null,
        version: 1,
        password: 'correct horse battery',
      },
      {
        id: 2,
        email: 'ann.voorbeeld@oefenstad.example',
        display_name: 'Ann Voorbeeld',
        role: 'spoc',
        organisation_id: 1,
        organisation_name: 'Oefenstad',
        status: 'active',
        totp_enabled: true,
        preferred_language: 'nl',
        last_sign_in_at: null,
        person_id: 101,
        person_name: 'Ann Voorbeeld',
        version: 4,
        password: 'another long password',
      },
    ],
    tokens: [
      {
        id: 1,
        name: 'sweep on log server',
        scopes: ['iocs:read', 'sightings:write'],
        created_at: '2026-11-01T10:00:00Z',
        expires_at: null,
        last_used_at: '2026-11-26T23:10:00Z',
      },
    ],
    otherSessions: [
      {
        id: '0123456789abcdef',
        current: false,
        stage: 'full',
        address: '198.51.100.23',
        created_at: '2026-11-26T18:00:00Z',
        last_seen_at: '2026-11-26T19:00:00Z',
        expires_at: '2026-11-26T19:30:00Z',
      },
    ],
    session: null,
    totpCode: '123456',
    recoveryCodes: ['aaaa-bbbb-cccc', 'dddd-eeee-ffff'],
    links: {
      'setup-token': {
        purpose: 'setup',
        email: 'admin@warroom.test',
        display_name: 'Wanda Admin',
        organisation_name: 'War room',
        totp_required: true,
        expires_at: '2026-11-28T09:00:00Z',
      },
    },
    audit: [],
    imported: [],
    nextId: 1000,
  };
}

export let db: Db = createDb();

export function resetDb(): void {
  db = createDb();
}

/** Signs a user in at the given stage, as if the earlier steps happened. */
export function signIn(userId = 1, stage: SessionState['stage'] = 'full'): SessionState {
  db.session = { stage, userId, csrf: 'csrf-test-token' };
  return db.session;
}

/** The organisation with this id; throws in tests when it is missing. */
export function organisationById(id: number): Db['organisations'][number] {
  const o = db.organisations.find((x) => x.id === id);
  if (!o) throw new Error(`no organisation ${id}`);
  return o;
}
