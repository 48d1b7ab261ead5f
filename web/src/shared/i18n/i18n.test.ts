import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import {
  contactRoles,
  directoryGaps,
  organisationKinds,
  organisationStatuses,
  serviceKinds,
} from '../../features/directory/types';
import { roles, tokenScopes, userLanguages } from '../../features/accounts/types';
import {
  ackChannels,
  advisoryStatuses,
  boardStates,
  callOutcomes,
  deliveryStatuses,
  helpStatuses,
  severities,
  stepTargets,
  tlps,
} from '../../features/advisories/types';
import { audiences, timelineFilters, timelineKinds } from '../../features/incidents/types';
import { recipeSteps } from '../../features/webhooks/types';
import { resources } from './i18n';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`),
  );
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const keys = Object.fromEntries(
  Object.entries(resources).map(([lng, tree]) => [lng, new Set(flatten(tree as Tree))]),
) as Record<keyof typeof resources, Set<string>>;
/** Keys as t() names them: plural forms collapse to their base key. */
const baseKeys = new Set([...keys.nl].map((k) => k.replace(PLURAL, '')));

/** The files below `dir` whose name `keep` accepts, skipping folders named in `skip`. */
function filesUnder(dir: string, keep: (name: string) => boolean, skip: string[] = []): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return skip.includes(name) ? [] : filesUnder(path, keep, skip);
    return keep(name) ? [path] : [];
  });
}

function sourceFiles(dir: string): string[] {
  return filesUnder(
    dir,
    (name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.gen.ts'),
  );
}

const SRC = join(__dirname, '..', '..');

describe('translations', () => {
  it.each(['fr', 'en', 'de'] as const)('%s has exactly the keys of nl', (lng) => {
    const missing = [...keys.nl].filter((k) => !keys[lng].has(k));
    const extra = [...keys[lng]].filter((k) => !keys.nl.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('has no empty translation', () => {
    for (const [lng, tree] of Object.entries(resources)) {
      const empty = flatten(tree as Tree).filter((k) => {
        const value = k.split('.').reduce<unknown>((node, part) => (node as Tree)[part], tree);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect({ lng, empty }).toEqual({ lng, empty: [] });
    }
  });

  it('defines every static key that the source passes to t()', () => {
    const used = new Set<string>();
    const dynamicPrefixes = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*(['`])([^'`]+)\1/g)) {
        const key = match[2] ?? '';
        if (key.includes('${')) dynamicPrefixes.add(key.slice(0, key.indexOf('${')));
        else used.add(key);
      }
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !baseKeys.has(k));
    expect(missing).toEqual([]);
    const emptyPrefixes = [...dynamicPrefixes].filter(
      (p) => ![...baseKeys].some((k) => k.startsWith(p)),
    );
    expect(emptyPrefixes).toEqual([]);
  });

  it('translates every value of the enums that the source translates dynamically', () => {
    const expected = [
      ...organisationKinds.map((k) => `kind.${k}`),
      ...directoryGaps.map((g) => `gap.${g}`),
      ...contactRoles.map((r) => `role.${r}`),
      ...serviceKinds.map((s) => `service.${s}`),
      ...organisationStatuses.map((s) => `status.${s}`),
      ...roles.map((r) => `userRole.${r}`),
      ...tokenScopes.map((s) => `scope.${s}`),
      ...userLanguages.map((l) => `language.${l}`),
      ...severities.map((s) => `advisories.severity.${s}`),
      ...advisoryStatuses.map((s) => `advisories.status.${s}`),
      ...tlps.map((x) => `advisories.tlpHint.${x.replace('+', '-')}`),
      ...ackChannels.map((c) => `advisories.channel.${c}`),
      ...boardStates.map((s) => `advisories.board.stateValue.${s}`),
      ...deliveryStatuses.map((s) => `advisories.board.delivery.${s}`),
      ...['initial', 'escalation', 'update'].map((r) => `advisories.board.reason.${r}`),
      ...callOutcomes.map((o) => `advisories.callList.outcome.${o}`),
      ...stepTargets.map((s) => `advisories.policies.target.${s}`),
      ...helpStatuses.map((s) => `help.status.${s}`),
      ...recipeSteps.map((s) => `webhooks.recipe.step.${s}`),
      ...timelineKinds.map((k) => `incidents.timeline.kind.${k}`),
      ...audiences.map((a) => `incidents.timeline.audience.${a}`),
      ...timelineFilters.map((f) => `incidents.timeline.filter.${f}`),
      ...timelineFilters.map((f) => `incidents.timeline.empty.${f}`),
      ...['thanks', 'already'].map((k) => `ackLink.${k}`),
      ...['invited', 'active', 'disabled'].map((s) => `users.status.${s}`),
      ...['invitation', 'password_reset', 'setup'].map((p) => `auth.activate.purpose.${p}`),
      ...['length', 'variety', 'notEmail', 'notName', 'match'].map(
        (h) => `auth.password.hint.${h}`,
      ),
    ];
    expect(expected.filter((k) => !baseKeys.has(k))).toEqual([]);
  });

  it('translates every machine code that the server puts in a problem', () => {
    // A problem's `code` is the single-word message of the server's Error, unless the
    // status is 5xx (then the detail is generic and the code is the error kind). Without
    // a translation the app would show the bare code to the user.
    const serverRoot = join(SRC, '..', '..', 'server');
    const sent = new Set<string>();
    const pattern = /(?<!\w)Error(?:::(\w+))?\(\s*(?:ErrorCode::(\w+),\s*)?"([a-z][a-z0-9_]*)"/g;
    const serverFiles = filesUnder(
      serverRoot,
      (name) => /\.(cc|h)$/.test(name) && !/_(test|fuzz)\.cc$/.test(name),
      ['testing'],
    );
    for (const file of serverFiles) {
      for (const m of readFileSync(file, 'utf8').matchAll(pattern)) {
        const kind = m[1] ?? m[2] ?? '';
        if (!/^k?(Unavailable|Internal)$/.test(kind)) sent.add(m[3] ?? '');
      }
    }
    expect([...sent]).toEqual(expect.arrayContaining(['csrf_token_invalid', 'body_too_large']));
    for (const lng of ['nl', 'fr', 'en', 'de'] as const) {
      const missing = [...sent].filter((c) => !keys[lng].has(`errors.code.${c}`));
      expect({ lng, missing }).toEqual({ lng, missing: [] });
    }
  });

  it('marks the exercise in every language', () => {
    expect(resources.nl.common.exercise).toBe('OEFENING');
    expect(resources.fr.common.exercise).toBe('EXERCICE');
    expect(resources.en.common.exercise).toBe('EXERCISE');
  });
});
