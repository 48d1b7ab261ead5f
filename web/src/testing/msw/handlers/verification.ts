import { http, HttpResponse } from 'msw';

import type {
  VerificationBoard,
  VerificationCorrection,
  VerificationLink,
  VerificationRound,
  VerificationRoundInput,
} from '../../../features/verification/types';
import { problem, requireSession } from '../problem';

const NOW = '2026-12-07T08:00:00Z';

/** The verification part of the MSW database; reset before every test. */
export interface VerificationDb {
  rounds: VerificationRound[];
  boards: Record<number, VerificationBoard>;
  links: Record<string, VerificationLink | 'expired'>;
  preview: { organisations: number; people: number };
  /** The bodies of the writes, newest last. */
  sent: { path: string; body: unknown }[];
}

function createVerificationDb(): VerificationDb {
  return { rounds: [], boards: {}, links: {}, preview: { organisations: 2, people: 5 }, sent: [] };
}

export let verificationDb: VerificationDb = createVerificationDb();

export function resetVerificationDb(): void {
  verificationDb = createVerificationDb();
}

async function record(request: Request): Promise<unknown> {
  const text = await request.clone().text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  verificationDb.sent.push({ path: new URL(request.url).pathname, body });
  return body;
}

export const verificationHandlers = [
  http.get('/api/verification-rounds', ({ request }) => {
    const denied = requireSession(request);
    return denied ?? HttpResponse.json({ items: verificationDb.rounds });
  }),
  http.post('/api/verification-rounds/preview', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    await record(request);
    return HttpResponse.json(verificationDb.preview);
  }),
  http.post('/api/verification-rounds', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const input = (await record(request)) as VerificationRoundInput;
    const round: VerificationRound = {
      id: verificationDb.rounds.length + 1,
      audience: input.audience,
      created_by: 'admin@warroom.example',
      created_at: NOW,
      expires_at: '2026-12-21T08:00:00Z',
      is_exercise: input.is_exercise ?? false,
      asked: verificationDb.preview.people,
      confirmed: 0,
      corrected: 0,
      outstanding: verificationDb.preview.people,
    };
    verificationDb.rounds.unshift(round);
    verificationDb.boards[round.id] = { round, items: [] };
    return HttpResponse.json(round, { status: 201 });
  }),
  http.get('/api/verification-rounds/:id', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const board = verificationDb.boards[Number(params.id)];
    return board ? HttpResponse.json(board) : problem(404);
  }),
  http.get('/api/verification-links/:token', ({ params }) => {
    const link = verificationDb.links[String(params.token)];
    if (link === 'expired') return problem(410);
    return link ? HttpResponse.json(link) : problem(404);
  }),
  http.post('/api/verification-links/:token/confirm', async ({ request, params }) => {
    const correction = ((await record(request)) ?? {}) as VerificationCorrection;
    const link = verificationDb.links[String(params.token)];
    if (link === 'expired') return problem(410);
    if (!link) return problem(404);
    if (link.state !== 'outstanding') return HttpResponse.json({ ...link, already: true });
    if (correction.work_email === 'wrong') {
      return problem(400, {
        errors: [{ field: '/work_email', code: 'invalid_email', message: 'invalid_email' }],
      });
    }
    const changed = Object.keys(correction).length > 0;
    link.person = { ...link.person, ...correction, verified_at: NOW };
    link.state = changed ? 'corrected' : 'confirmed';
    link.confirmed_at = NOW;
    return HttpResponse.json({ ...link, already: false });
  }),
];
