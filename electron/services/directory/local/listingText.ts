/** The trigram index needs three characters. */
const TRIGRAM_MIN = 3;

/**
 * Up to this many matches the trigram index gives the exact count and the
 * matches are sorted; above it the in-memory copy, already in list order, is
 * faster for both (measured: see README's performance section).
 */
export const SPARSE_MAX = 1000;

/** Characters, not UTF-16 units: an emoji is one character to the trigram tokenizer. */
export const usesTrigrams = (text: string): boolean => Array.from(text).length >= TRIGRAM_MIN;

/** Quotes the typed text as one FTS5 phrase, so its characters are never read as query syntax. */
export const ftsPhrase = (text: string): string => `"${text.replaceAll('"', '""')}"`;
