import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { advisory, advisoryDb } from '../../testing/msw/handlers/advisories';
import { signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

describe('CallListPage', () => {
  it('lists every number of SPOC and deputies as tel: links and records a call', async () => {
    advisoryDb.advisories = [advisory({ status: 'sent' })];
    advisoryDb.callList = [
      {
        organisation: { id: 3, name: 'Proefdorp', province_nis: '10000' },
        since: '2026-12-07T09:00:00Z',
        contacts: [
          {
            person_id: 5,
            name: 'Piet Proef',
            position: 'spoc',
            mobile: '+32 470 12 34 56',
            landline: '+32 3 000 11 22',
            work_email: 'piet@proefdorp.example',
            oob_email: null,
          },
          {
            person_id: 6,
            name: 'Paula Plaats',
            position: 'deputy 1',
            mobile: '+32 471 00 00 01',
            landline: null,
            work_email: null,
            oob_email: 'paula@mail.test',
          },
        ],
        calls: [],
        acknowledged: null,
      },
    ];
    signIn();
    renderApp({ route: '/advisories/1/call-list' });
    expect(await screen.findByRole('heading', { name: 'Proefdorp' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '+32 470 12 34 56' })).toHaveAttribute(
      'href',
      'tel:+32470123456',
    );
    expect(screen.getByRole('link', { name: '+32 3 000 11 22' })).toHaveAttribute(
      'href',
      'tel:+3230001122',
    );
    expect(screen.getByRole('link', { name: '+32 471 00 00 01' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print call sheet' })).toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Record a call to Proefdorp' });
    await userEvent.selectOptions(within(form).getByLabelText('Outcome'), 'reached');
    await userEvent.selectOptions(within(form).getByLabelText('Person'), '6');
    await userEvent.type(within(form).getByLabelText('Note'), 'Will patch tonight');
    await userEvent.click(within(form).getByLabelText('Acknowledged for the organisation'));
    await userEvent.click(within(form).getByRole('button', { name: 'Record the call' }));
    expect(await within(form).findByText('The call is recorded.')).toBeInTheDocument();
    await waitFor(() =>
      expect(advisoryDb.sent.at(-1)).toMatchObject({
        path: '/api/advisories/1/call-list/3/calls',
        body: { outcome: 'reached', person_id: 6, note: 'Will patch tonight', acknowledged: true },
      }),
    );
  });

  it('says when nobody is on the call list', async () => {
    advisoryDb.advisories = [advisory({ status: 'sent' })];
    signIn();
    renderApp({ route: '/advisories/1/call-list' });
    expect(await screen.findByText('No organisation is on the call list.')).toBeInTheDocument();
  });
});
