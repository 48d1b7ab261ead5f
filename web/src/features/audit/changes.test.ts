import { changesOf, showValue } from './changes';

describe('changesOf', () => {
  it('lists the fields that differ, without the bookkeeping', () => {
    expect(
      changesOf(
        { name_en: null, name_nl: 'A', version: 1, updated_at: 'x' },
        { name_en: 'B', name_nl: 'A', version: 2, updated_at: 'y' },
      ),
    ).toEqual([{ field: 'name_en', before: null, after: 'B' }]);
  });

  it('treats a creation and a deletion as changes of every field', () => {
    expect(changesOf(null, { a: 1 })).toEqual([{ field: 'a', before: undefined, after: 1 }]);
    expect(changesOf({ a: [1] }, null)).toEqual([{ field: 'a', before: [1], after: undefined }]);
  });

  it('shows values as one line', () => {
    expect(showValue(null)).toBe('—');
    expect(showValue('x')).toBe('x');
    expect(showValue({ deputy_ids: [1, 2] })).toBe('{"deputy_ids":[1,2]}');
  });
});
