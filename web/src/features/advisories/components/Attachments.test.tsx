import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { advisory, advisoryDb } from '../../../testing/msw/handlers/advisories';
import { signIn } from '../../../testing/msw/db';
import { renderApp } from '../../../testing/render';

function file(name: string, content: string, type = 'application/octet-stream'): File {
  return new File([content], name, { type });
}

describe('Attachments', () => {
  it('uploads files to a draft, shows name, type and size, explains a refusal and removes', async () => {
    advisoryDb.advisories = [advisory()];
    signIn();
    renderApp({ route: '/advisories/1/edit' });
    const input = await screen.findByLabelText('Add files');
    expect(screen.getByText(/at most 8 MB per file and 10 files/)).toBeInTheDocument();
    expect(screen.getByText('No attachments.')).toBeInTheDocument();

    // A PDF is kept; an executable disguised as a PDF is refused with the server's reason.
    await userEvent.upload(input, [
      file('report.pdf', '%PDF-1.7 test'),
      file('invoice.pdf', 'MZ\x90 not a pdf', 'application/pdf'),
    ]);
    const section = screen.getByRole('region', { name: 'Attachments' });
    expect(await within(section).findByRole('link', { name: 'report.pdf' })).toHaveAttribute(
      'href',
      '/api/advisories/1/attachments/1',
    );
    expect(within(section).getByText('PDF, 13 B')).toBeInTheDocument();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'invoice.pdf: This kind of file is not accepted: only PDF, PNG, JPEG, text, CSV and office documents.',
    );
    const names = advisoryDb.sent
      .filter((s) => s.path === '/api/advisories/1/attachments')
      .map((s) => s.body);
    expect(names).toEqual(['report.pdf', 'invoice.pdf']);

    await userEvent.click(within(section).getByRole('button', { name: 'Remove report.pdf' }));
    await waitFor(() => expect(within(section).getByText('No attachments.')).toBeInTheDocument());
    expect(advisoryDb.advisories[0]?.attachments).toEqual([]);
  });

  it('asks to save a new advisory before files can be added', async () => {
    signIn();
    renderApp({ route: '/advisories/new' });
    expect(await screen.findByText('Save the draft first to add attachments.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Add files')).not.toBeInTheDocument();
  });

  it('lists a sent advisory’s files as download links', async () => {
    advisoryDb.advisories = [
      advisory({
        status: 'sent',
        attachments: [
          {
            id: 7,
            name: 'iocs.csv',
            media_type: 'text/csv; charset=utf-8',
            size: 2048,
            sha256: 'a'.repeat(64),
            uploaded_by: { id: 1, name: 'Admin' },
            uploaded_at: 0,
          },
        ],
      }),
    ];
    signIn();
    renderApp({ route: '/advisories/1' });
    const link = await screen.findByRole('link', { name: 'iocs.csv' });
    expect(link).toHaveAttribute('href', '/api/advisories/1/attachments/7');
    expect(link).toHaveAttribute('download', 'iocs.csv');
    expect(screen.getByText('CSV, 2 kB')).toBeInTheDocument();
  });
});
