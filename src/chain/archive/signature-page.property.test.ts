import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { signaturePage, type Cursor } from './signature-page.ts';

/** The node's rule written the slow, obvious way: filter by position, newest first, cut at limit. */
function reference(history: readonly number[], before: Cursor, until: Cursor, limit: number): number[] {
  if (before === 'unknown') return [];
  return [...history]
    .reverse()
    .filter((o) => (typeof before === 'number' ? o < before : true))
    .filter((o) => (typeof until === 'number' ? o > until : true))
    .slice(0, limit);
}

const history = fc.uniqueArray(fc.nat(500), { maxLength: 80 }).map((a) => a.sort((x, y) => x - y));
const cursor = fc.oneof(fc.constant<Cursor>('absent'), fc.constant<Cursor>('unknown'), fc.nat(520));

describe('signaturePage (getSignaturesForAddress paging)', () => {
  test('matches the reference rule for any cursor and limit', () => {
    fc.assert(
      fc.property(history, cursor, cursor, fc.integer({ min: 1, max: 1000 }), (h, before, until, limit) => {
        expect(signaturePage(h, before, until, limit)).toEqual(reference(h, before, until, limit));
      }),
    );
  });

  test('walking with `before` = the last of each page yields every entry once, newest first', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 12 }), (h, pageSize) => {
        const walked: number[] = [];
        let before: Cursor = 'absent';
        for (;;) {
          const page = signaturePage(h, before, 'absent', pageSize);
          if (page.length === 0) break;
          walked.push(...page);
          before = page[page.length - 1] as number;
        }
        expect(walked).toEqual([...h].reverse());
      }),
    );
  });
});
