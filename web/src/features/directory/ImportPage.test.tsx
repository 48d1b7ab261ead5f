import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { db, signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

function csv(text: string): File {
  return new File([text], 'organisations.csv', { type: 'text/csv' });
}

describe('ImportPage', () => {
  it('checks a file without storing it, then imports it', async () => {
    signIn();
    renderApp({ route: '/imports' });
    await userEvent.upload(
      await screen.findByLabelText('CSV file'),
      csv(
        'kind,nis_code,name_nl,x_note\nmunicipality,99101,Nieuwdorp,a\nmunicipality,99102,Oudstad,b\n',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(await screen.findByText(/2 lines checked, nothing stored\./)).toBeInTheDocument();
    expect(screen.getByText('x_note')).toBeInTheDocument();
    expect(db.imported).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText(/2 lines imported\. New: 2, updated: 0\./)).toBeInTheDocument();
    expect(db.imported).toHaveLength(2);
  });

  it('lists the bad cells by line and column, and stores nothing', async () => {
    signIn();
    renderApp({ route: '/imports' });
    await userEvent.click(await screen.findByLabelText('Contact people'));
    expect(screen.getByText(/full_name and organisation_nis/)).toBeInTheDocument();
    await userEvent.upload(
      screen.getByLabelText('CSV file'),
      csv('organisation_nis,full_name\n99001,Ann\n99001,\n99002,Bert\n99002,\n'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    const table = await screen.findByRole('table', { name: '2 errors' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'LineColumnFieldProblem',
      '32full_nameFill in this field.',
      '52full_nameFill in this field.',
    ]);
    expect(screen.getByText(/nothing was stored/)).toBeInTheDocument();
    expect(db.imported).toEqual([]);
  });

  it('asks for a file first', async () => {
    signIn();
    renderApp({ route: '/imports' });
    await userEvent.click(await screen.findByRole('button', { name: 'Check' }));
    expect(screen.getByText('Choose a file.')).toBeInTheDocument();
  });

  it('is not open to a SPOC', async () => {
    signIn(2);
    renderApp({ route: '/imports' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Directory' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Import' })).toBeNull();
  });
});
