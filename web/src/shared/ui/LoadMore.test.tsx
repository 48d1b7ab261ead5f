import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { renderWithProviders } from '../../testing/render';
import { LoadMore } from './LoadMore';

function query(hasNextPage: boolean, isFetchingNextPage = false) {
  return { hasNextPage, isFetchingNextPage, fetchNextPage: vi.fn(() => Promise.resolve()) };
}

describe('LoadMore', () => {
  it('shows nothing when there is no next page', () => {
    const { container } = renderWithProviders(<LoadMore query={query(false)} label="Show more" />);
    expect(container).toBeEmptyDOMElement();
  });

  it('fetches the next page on a click and shows what is on screen', async () => {
    const q = query(true);
    renderWithProviders(
      <LoadMore query={q} label="Show more">
        <p>500 shown</p>
      </LoadMore>,
    );
    expect(screen.getByText('500 shown')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(q.fetchNextPage).toHaveBeenCalledTimes(1);
  });

  it('is disabled and says so while the next page loads', () => {
    renderWithProviders(<LoadMore query={query(true, true)} label="Show more" />, {
      language: 'en',
    });
    const button = screen.getByRole('button');
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Loading…');
  });
});
