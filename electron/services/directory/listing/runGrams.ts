/**
 * An index of one run of the users list copy (textCopy.ts): for each character, how many of the
 * run's records hold it, and for each pair of adjacent characters, which records hold it. With it
 * a 1-character query is counted without reading a text, a 2-character query is counted and paged
 * from one list, and a longer one only reads the records that hold its two rarest pairs. Scanning
 * every text instead stops at every other record for a common letter, which at a million users
 * is tens of milliseconds a query. Characters are UTF-16 units, as in String.prototype.includes.
 */
export interface RunGrams {
  /** The records' texts, as built from. */
  texts: readonly string[];
  /** Every unit some record holds, ascending. */
  units: Uint16Array;
  /** How many records hold `units[i]`. */
  unitRecords: Int32Array;
  /** Every pair some record holds (first unit × 65536 + second), ascending. */
  pairs: Uint32Array;
  /** The records holding `pairs[i]` are `records[starts[i]]` up to `records[starts[i + 1]]`. */
  starts: Int32Array;
  /** Record indexes, ascending within each pair. */
  records: Uint16Array;
}

/** A run holds fewer records than this, so a record's index fits a Uint16Array. */
export const RUN_RECORDS_MAX = 65_536;

const NONE = Uint16Array.of();

// Scratch space shared by every build (builds are synchronous). A record's stamp per unit says
// whether the record being read has been counted there already.
const unitSeen = new Int32Array(65_536);
const unitCount = new Int32Array(65_536);
/** The slot of each ASCII pair in this build, or -1; other pairs' slots are in a map. */
const asciiSlot = new Int32Array(128 * 128);
let stamp = 0;
/** Per slot: its pair, how many records hold it, the last record counted there. Grown as needed. */
let slotKeys = new Float64Array(0);
let slotCounts = new Int32Array(0);
let slotSeen = new Int32Array(0);

function reserveSlots(count: number): void {
  if (slotKeys.length >= count) return;
  slotKeys = new Float64Array(count);
  slotCounts = new Int32Array(count);
  slotSeen = new Int32Array(count);
}

function lowerBound(sorted: Uint16Array | Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Reads the records' texts; `texts[i]` is record i. */
export function buildRunGrams(texts: readonly string[]): RunGrams {
  if (texts.length >= RUN_RECORDS_MAX)
    throw new RangeError(`a run holds at most ${RUN_RECORDS_MAX - 1} records`);
  // Stamps stay unique across builds, so the scratch tables never need clearing between records.
  if (stamp > 2 ** 30) {
    unitSeen.fill(0);
    stamp = 0;
  }
  const base = stamp + 1;
  stamp += texts.length;
  asciiSlot.fill(-1);
  const otherSlot = new Map<number, number>();
  const touchedUnits: number[] = [];
  const positions = texts.reduce((sum, text) => sum + text.length, 0);
  reserveSlots(positions);
  let slots = 0;
  const newSlot = (first: number, second: number): number => {
    slotKeys[slots] = first * 65_536 + second;
    slotCounts[slots] = 0;
    slotSeen[slots] = -1;
    return slots++;
  };

  // First pass: which units and pairs each record holds, each counted once per record. The pair
  // ending at each position is kept for the second pass.
  const textSlots = new Int32Array(positions);
  let position = 0;
  for (let record = 0; record < texts.length; record++) {
    const text = texts[record] as string;
    const mark = base + record;
    let previous = -1;
    for (let at = 0; at < text.length; at++, position++) {
      const unit = text.charCodeAt(at);
      if (unitSeen[unit] !== mark) {
        if (unitCount[unit] === 0) touchedUnits.push(unit);
        unitSeen[unit] = mark;
        unitCount[unit] = (unitCount[unit] as number) + 1;
      }
      if (previous !== -1) {
        let slot: number;
        if ((previous | unit) < 128) {
          const cell = (previous << 7) | unit;
          slot = asciiSlot[cell] as number;
          if (slot === -1) slot = asciiSlot[cell] = newSlot(previous, unit);
        } else {
          const key = previous * 65_536 + unit;
          slot = otherSlot.get(key) ?? -1;
          if (slot === -1) otherSlot.set(key, (slot = newSlot(previous, unit)));
        }
        textSlots[position] = slot;
        if (slotSeen[slot] !== record) {
          slotSeen[slot] = record;
          slotCounts[slot] = (slotCounts[slot] as number) + 1;
        }
      }
      previous = unit;
    }
  }

  const units = Uint16Array.from(touchedUnits).sort();
  const unitRecords = new Int32Array(units.length);
  units.forEach((unit, index) => {
    unitRecords[index] = unitCount[unit] as number;
    unitCount[unit] = 0;
  });

  // The pairs in key order, each with its place in one array of record indexes.
  const order = Array.from({ length: slots }, (_, slot) => slot).sort(
    (a, b) => (slotKeys[a] as number) - (slotKeys[b] as number),
  );
  const pairs = new Uint32Array(slots);
  const starts = new Int32Array(slots + 1);
  const next = new Int32Array(slots);
  let total = 0;
  order.forEach((slot, index) => {
    pairs[index] = slotKeys[slot] as number;
    starts[index] = total;
    next[slot] = total;
    total += slotCounts[slot] as number;
    slotSeen[slot] = -1;
  });
  starts[order.length] = total;

  // Second pass: each record's index under each pair it holds, in record order.
  const records = new Uint16Array(total);
  position = 0;
  texts.forEach((text, record) => {
    const end = position + text.length;
    // A record's first position starts no pair.
    for (let at = position + 1; at < end; at++) {
      const slot = textSlots[at] as number;
      if (slotSeen[slot] === record) continue;
      slotSeen[slot] = record;
      const place = next[slot] as number;
      records[place] = record;
      next[slot] = place + 1;
    }
    position = end;
  });
  return { texts, units, unitRecords, pairs, starts, records };
}

/** How many of the run's records hold this unit. */
export function recordsWithUnit(grams: RunGrams, unit: number): number {
  const at = lowerBound(grams.units, unit);
  return grams.units[at] === unit ? (grams.unitRecords[at] as number) : 0;
}

/** The run's records that hold the pair at `at` in `text`, ascending. */
export function recordsWithPair(grams: RunGrams, text: string, at: number): Uint16Array {
  const key = text.charCodeAt(at) * 65_536 + text.charCodeAt(at + 1);
  const index = lowerBound(grams.pairs, key);
  if (grams.pairs[index] !== key) return NONE;
  return grams.records.subarray(grams.starts[index], grams.starts[index + 1]);
}

/** The records in both ascending lists, ascending. */
export function bothOf(a: Uint16Array, b: Uint16Array): Uint16Array {
  const both = new Uint16Array(Math.min(a.length, b.length));
  let count = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      both[count++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return both.subarray(0, count);
}
