import { screen } from '@testing-library/react';

import { ApiError } from '../api/errors';
import { renderWithProviders } from '../../testing/render';
import { FormProblem } from './problem';

function problem(status: number, code: string, detail = code): ApiError {
  return new ApiError(status, {
    type: `urn:warroom:problem:${code}`,
    title: 'x',
    status,
    code,
    detail,
  });
}

describe('FormProblem', () => {
  it('shows the sentence for the machine code, in the user language, never the bare code', () => {
    renderWithProviders(<FormProblem error={problem(413, 'body_too_large')} />, {
      language: 'nl',
    });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Wat je verstuurde is te groot.');
    expect(alert).not.toHaveTextContent('body_too_large');
  });

  it('falls back to the sentence for the status when the code is unknown to the app', () => {
    renderWithProviders(<FormProblem error={problem(415, 'some_future_code')} />, {
      language: 'fr',
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Ce type de fichier ou de données n’est pas accepté ici.',
    );
  });

  it('shows the server detail only when neither code nor status has a sentence', () => {
    renderWithProviders(<FormProblem error={problem(418, 'teapot', 'The server is a teapot.')} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The server is a teapot.');
  });
});
