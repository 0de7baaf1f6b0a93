import { describe, expect, it } from 'vitest';
import { createTextCopy, type CopiedUser } from '../../electron/services/directory/listing/textCopy';

/**
 * The users list's in-memory copy against the plainest model of it (every user in an array, sorted
 * and filtered afresh): after each batch of writes, in runs that split, empty and are made again,
 * both give the same ids in the same order, the same counts and the same pages.
 */

/** A deterministic pseudo-random sequence, so that a failure is the same on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

// Non-ASCII letters and an emoji (two UTF-16 units) too: the runs' index works on units.
const WORDS = [
  'anna',
  'bruno',
  'chen',
  'dubois',
  'elena',
  'rosa',
  'kowalski',
  'zoë',
  'łukasz',
  'sun😀',
  'aaaa',
];

function user(id: number, next: () => number): CopiedUser {
  const word = WORDS[Math.floor(next() * WORDS.length)] as string;
  const key = `${word}.${Math.floor(next() * 1_000_000)}.${id}`;
  return {
    id,
    username_key: key,
    search_text: `${key} ${word} example.com`,
    flags: Math.floor(next() * 4),
    version: 1,
  };
}

function model(users: Map<number, CopiedUser>) {
  const sorted = [...users.values()].sort((a, b) => (a.username_key < b.username_key ? -1 : 1));
  const matching = (query: string) => sorted.filter((row) => row.search_text.includes(query));
  return { sorted, matching };
}

function expectSame(copy: ReturnType<typeof createTextCopy>, users: Map<number, CopiedUser>) {
  const { sorted, matching } = model(users);
  expect(copy.size).toBe(sorted.length);
  expect([...copy.ids()]).toEqual(sorted.map((row) => row.id));
  const queries = [
    'a',
    'an',
    'rosa',
    'example',
    'zz-none',
    '.1',
    'ł',
    'zoë',
    'ë.',
    '😀',
    'n😀.',
    'aaa',
    'e.c',
    'q',
  ];
  for (const query of queries) {
    const expected = matching(query).map((row) => row.id);
    for (const [offset, limit] of [
      [0, 50],
      [Math.floor(expected.length / 2), 100],
      [expected.length, 10],
    ] as const) {
      expect(copy.match(query, offset, limit)).toEqual({
        total: expected.length,
        pageIds: expected.slice(offset, offset + limit),
      });
    }
    const wanted = matching(query).filter((row) => (row.flags & 1) === 1);
    const collected = copy.collect(query, { mask: 1, want: 1 }, undefined, 25);
    expect(collected.total).toBe(wanted.length);
    expect(collected.ids).toEqual(wanted.slice(0, 25).map((row) => row.id));
    expect(wanted.every((row) => collected.marks[row.id] === 1)).toBe(true);
  }
  const everyone = copy.collect('', { mask: 0, want: 0 }, (id) => id % 3 === 0, 10);
  const thirds = sorted.filter((row) => row.id % 3 === 0);
  expect(everyone.total).toBe(thirds.length);
  expect(everyone.ids).toEqual(thirds.slice(0, 10).map((row) => row.id));
}

describe('the in-memory copy of the users list', () => {
  // Runs of the product's size, and runs of 8 users, which split and empty all the time.
  it.each([undefined, 8])(
    'stays the same as the table through creates, changes and deletes (runs of %s)',
    (chunkRows) => {
      const next = random(7);
      const users = new Map<number, CopiedUser>();
      for (let id = 1; id <= 9_000; id++) users.set(id, user(id, next));
      const copy = createTextCopy([...users.values()], chunkRows);
      expectSame(copy, users);

      let nextId = 9_001;
      for (let batch = 0; batch < 250; batch++) {
        const leaving = new Set<number>();
        const fresh: CopiedUser[] = [];
        const ids = [...users.keys()];
        for (let n = 0; n < 20; n++) {
          const kind = next();
          if (kind < 0.5) {
            // Many new users under one word, so that one run grows past its split.
            const made = user(nextId++, next);
            made.username_key = `anna.${String(batch).padStart(3, '0')}.${made.id}`;
            made.search_text = `${made.username_key} anna example.com`;
            fresh.push(made);
            users.set(made.id, made);
          } else {
            const id = ids[Math.floor(next() * ids.length)] as number;
            if (leaving.has(id) || !users.has(id)) continue;
            leaving.add(id);
            if (kind < 0.75) {
              users.delete(id);
            } else {
              const changed = user(id, next);
              fresh.push(changed);
              users.set(id, changed);
            }
          }
        }
        for (const row of fresh) leaving.add(row.id);
        expect(copy.patch(leaving, fresh)).toBe('patched');
        if (batch % 25 === 24) expectSame(copy, users);
      }
      expectSame(copy, users);
    },
  );

  it('empties runs, makes every run again for a large write, and empties and fills again', () => {
    const next = random(11);
    const users = new Map<number, CopiedUser>();
    for (let id = 1; id <= 5_000; id++) users.set(id, user(id, next));
    const copy = createTextCopy([...users.values()], 8);

    // The first 40 users in list order, ten at a time: whole runs empty and go.
    const first = model(users).sorted.slice(0, 40);
    for (let at = 0; at < first.length; at += 10) {
      const batch = new Set(first.slice(at, at + 10).map((row) => row.id));
      for (const id of batch) users.delete(id);
      expect(copy.patch(batch, [])).toBe('patched');
    }
    expectSame(copy, users);

    const gone = new Set([...users.keys()].filter((id) => id % 2 === 0));
    for (const id of gone) users.delete(id);
    expect(copy.patch(gone, [])).toBe('rejoined');
    expectSame(copy, users);

    const everyone = new Set(users.keys());
    users.clear();
    expect(copy.patch(everyone, [])).toBe('rejoined');
    expectSame(copy, users);

    const back = user(1, next);
    users.set(1, back);
    expect(copy.patch(new Set([1]), [back])).toBe('patched');
    expectSame(copy, users);
  });

  it('types a query on one character at a time, and back, finding what a fresh scan finds', () => {
    const next = random(5);
    // Runs of "a" of every length up to five: "aaa" is in most users' text, and often more than
    // once in one text, overlapping.
    const typedUser = (id: number): CopiedUser => {
      const key = `${WORDS[id % WORDS.length] as string}.${id}`;
      return {
        id,
        username_key: key,
        search_text: `${key} ${'a'.repeat(1 + (id % 5))}b example.com`,
        flags: Math.floor(next() * 2),
        version: 1,
      };
    };
    const users = new Map<number, CopiedUser>();
    for (let id = 1; id <= 6_000; id++) users.set(id, typedUser(id));
    const copy = createTextCopy([...users.values()], 64);
    const check = (query: string) => {
      const expected = model(users)
        .matching(query)
        .map((row) => row.id);
      for (const offset of [0, Math.floor(expected.length / 2)])
        expect(copy.match(query, offset, 40), `${query} from ${offset}`).toEqual({
          total: expected.length,
          pageIds: expected.slice(offset, offset + 40),
        });
      const flagged = model(users)
        .matching(query)
        .filter((row) => (row.flags & 1) === 1);
      expect(copy.collect(query, { mask: 1, want: 1 }, undefined, 30).ids).toEqual(
        flagged.slice(0, 30).map((row) => row.id),
      );
    };
    for (const word of ['aaaab', 'aaab example', 'example.com', 'b exz', 'ple.c']) {
      for (let length = 1; length <= word.length; length++) check(word.slice(0, length));
      for (let length = word.length - 1; length >= 1; length--) check(word.slice(0, length));
    }

    // Typed "aaa", then some users changed: their runs look again, the others go on from "aaa".
    check('aaa');
    const changed = [...users.keys()].filter((id) => id % 97 === 0);
    const fresh = changed.map((id) => ({ ...typedUser(id), search_text: `moved.${id} aaaaab` }));
    for (const row of fresh) users.set(row.id, row);
    expect(copy.patch(new Set(changed), fresh)).toBe('patched');
    check('aaaa');
    check('aaaab');
  });
});
