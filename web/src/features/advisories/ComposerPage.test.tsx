import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { advisory, advisoryDb } from '../../testing/msw/handlers/advisories';
import { signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';
import type { AdvisoryInput } from './types';

function lastBody(path: string): unknown {
  const writes = advisoryDb.sent.filter((s) => s.path === path);
  return writes[writes.length - 1]?.body;
}

describe('ComposerPage', () => {
  it('writes a draft in three languages with aligned action points and saves it', async () => {
    signIn();
    renderApp({ route: '/advisories/new' });
    expect(await screen.findByRole('heading', { level: 1, name: 'New advisory' })).toBeVisible();
    expect(screen.getByText('Missing languages: NL, FR, EN')).toBeInTheDocument();

    const tabs = screen.getByRole('tablist', { name: 'Languages' });
    await userEvent.type(screen.getByLabelText('Title'), 'Kritiek lek');
    await userEvent.type(screen.getByLabelText('Text (Markdown)'), 'Patch **nu**');
    await userEvent.click(screen.getByRole('button', { name: 'Add action point' }));
    await userEvent.type(screen.getByLabelText('Action point 1'), 'Patchen');
    expect(screen.getByText('Missing languages: FR, EN')).toBeInTheDocument();

    // The action point added in Dutch is there, empty, in French too.
    await userEvent.click(within(tabs).getByRole('tab', { name: /French/ }));
    expect(screen.getByLabelText('Action point 1')).toHaveValue('');
    await userEvent.type(screen.getByLabelText('Title'), 'Faille critique');
    await userEvent.type(screen.getByLabelText('Text (Markdown)'), 'Corrigez');
    await userEvent.type(screen.getByLabelText('Action point 1'), 'Corriger');
    await userEvent.click(within(tabs).getByRole('tab', { name: /English/ }));
    await userEvent.type(screen.getByLabelText('Title'), 'Critical flaw');
    await userEvent.type(screen.getByLabelText('Text (Markdown)'), 'Patch *now*');
    await userEvent.type(screen.getByLabelText('Action point 1'), 'Patch');
    expect(screen.getByText('All languages complete.')).toBeInTheDocument();

    // The Markdown preview renders the text.
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByText('now').tagName).toBe('EM');

    await userEvent.selectOptions(screen.getByLabelText('Severity'), 'critical');
    await userEvent.selectOptions(screen.getByLabelText('TLP'), 'amber+strict');
    await userEvent.click(screen.getByLabelText(/^Exercise/));
    expect(screen.getByText('OEFENING / EXERCICE / EXERCISE')).toBeInTheDocument();
    await userEvent.selectOptions(await screen.findByLabelText('Escalation policy'), 'Standard');

    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/advisories/1'));
    const body = lastBody('/api/advisories') as AdvisoryInput;
    expect(body).toMatchObject({
      severity: 'critical',
      tlp: 'amber+strict',
      is_exercise: true,
      policy_id: 1,
      texts: {
        nl: { title: 'Kritiek lek', body: 'Patch **nu**', action_points: ['Patchen'] },
        fr: { title: 'Faille critique', body: 'Corrigez', action_points: ['Corriger'] },
        en: { title: 'Critical flaw', body: 'Patch *now*', action_points: ['Patch'] },
      },
    });
  });

  it('saves a Dutch-only draft without the untouched languages', async () => {
    signIn();
    renderApp({ route: '/advisories/new' });
    expect(await screen.findByRole('heading', { level: 1, name: 'New advisory' })).toBeVisible();
    await userEvent.type(screen.getByLabelText('Title'), 'Kritiek lek');
    await userEvent.type(screen.getByLabelText('Text (Markdown)'), 'Patch **nu**');
    expect(screen.getByText('Missing languages: FR, EN')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(/\/advisories\/\d+/),
    );
    const body = lastBody('/api/advisories') as AdvisoryInput;
    expect(Object.keys(body.texts)).toEqual(['nl']);
    expect(body.texts.nl).toEqual({
      title: 'Kritiek lek',
      body: 'Patch **nu**',
      action_points: [],
    });
  });

  it('reorders and removes action points in every language at once', async () => {
    advisoryDb.advisories = [
      advisory({
        texts: {
          nl: { title: 'T', body: 'B', action_points: ['een', 'twee'] },
          fr: { title: 'T', body: 'B', action_points: ['un', 'deux'] },
          en: { title: 'T', body: 'B', action_points: ['one', 'two'] },
        },
      }),
    ];
    signIn();
    renderApp({ route: '/advisories/1/edit' });
    expect(await screen.findByLabelText('Action point 1')).toHaveValue('een');
    await userEvent.click(screen.getByRole('button', { name: 'Move action point 2 up' }));
    expect(screen.getByLabelText('Action point 1')).toHaveValue('twee');
    await userEvent.click(screen.getByRole('button', { name: 'Remove action point 2' }));
    expect(screen.queryByLabelText('Action point 2')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(lastBody('/api/advisories/1')).toBeDefined());
    const body = lastBody('/api/advisories/1') as AdvisoryInput;
    expect(body.texts.fr?.action_points).toEqual(['deux']);
    expect(body.texts.en?.action_points).toEqual(['two']);
    expect(advisoryDb.sent.at(-1)?.ifMatch).toBe('W/"1"');
  });

  it('names the hand-picked organisations of a saved draft', async () => {
    const base = advisory();
    advisoryDb.advisories = [
      advisory({ audience: { ...base.audience, all: false, organisation_ids: [3] } }),
    ];
    signIn();
    renderApp({ route: '/advisories/1/edit' });
    expect(await screen.findByRole('button', { name: 'Remove Proefdorp' })).toBeInTheDocument();
  });

  it('previews the audience live: count and names', async () => {
    signIn();
    renderApp({ route: '/advisories/new' });
    expect(await screen.findByText('0 organisations')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Municipality'));
    expect(await screen.findByText('4 organisations')).toBeInTheDocument();
    const preview = screen.getByRole('heading', { name: 'Who receives it' }).closest('section');
    if (!preview) throw new Error('no preview');
    expect(within(preview).getByText('Oefenstad')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('All local governments'));
    await waitFor(() =>
      expect(lastBody('/api/advisories/audience-preview')).toMatchObject({
        audience: { all: true },
      }),
    );
    expect(screen.queryByLabelText('Municipality')).toBeNull();
  });
});
