import { describe, expect, it } from 'vitest';
import {
  bothOf,
  buildRunGrams,
  recordsWithPair,
  recordsWithUnit,
} from '../../electron/services/directory/listing/runGrams';

describe("a run's index of characters and pairs", () => {
  const texts = ['anna\nanna@example.com', 'hannah', 'zoë', '', 'b', 'sun😀', 'naan'];
  const grams = buildRunGrams(texts);

  it('counts each record once per character, however often it holds it', () => {
    const holding = (unit: string) => texts.filter((text) => text.includes(unit)).length;
    for (const unit of ['a', 'n', 'h', 'ë', 'z', '@', '\n', 'q']) {
      expect(recordsWithUnit(grams, unit.charCodeAt(0)), unit).toBe(holding(unit));
    }
  });

  it('lists the records holding each pair, ascending and without repeats', () => {
    const holders = (pair: string) => [...recordsWithPair(grams, pair, 0)];
    expect(holders('an')).toEqual([0, 1, 6]);
    expect(holders('nn')).toEqual([0, 1]);
    expect(holders('na')).toEqual([0, 1, 6]);
    expect(holders('aa')).toEqual([6]);
    expect(holders('oë')).toEqual([2]);
    expect(holders('😀')).toEqual([5]);
    expect(holders('n\ud83d')).toEqual([5]);
    expect(holders('xy')).toEqual([]);
    // A pair never spans two records: record 3 is empty and 4 is one character.
    expect(holders('ëb')).toEqual([]);
  });

  it('finds the records two lists share', () => {
    expect([...bothOf(Uint16Array.of(1, 3, 5, 9), Uint16Array.of(0, 3, 4, 9, 12))]).toEqual([3, 9]);
    expect([...bothOf(Uint16Array.of(), Uint16Array.of(1))]).toEqual([]);
  });

  it('gives the same answers when built after other runs, whose marks it must not read', () => {
    buildRunGrams(['anna', 'zzz']);
    const again = buildRunGrams(texts);
    expect(again).toEqual(grams);
  });

  it('refuses a run too long for its record numbers', () => {
    expect(() => buildRunGrams(new Array<string>(65_536).fill('a'))).toThrow(RangeError);
  });
});
