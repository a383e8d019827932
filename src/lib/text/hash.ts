/**
 * The one string hash of the app's scanners: 32-bit FNV-1a, taken one number at a time so that a
 * scan hashes a word as it reads it, without making a string. The phrase index hashes the letter
 * numbers of a first token for its filter (`phrase-index.ts`); the word tables hash code units
 * (`word-table.ts`). The same function in both keeps one thing to get right, and to measure.
 * Its low bits pick a table's slot (`hash & mask`); the phrase index mixes it before taking the
 * top bits for its filter (`filterBit`).
 */

/** The FNV-1a offset basis, as an int32. */
export const HASH_SEED = 0x811c9dc5 | 0;

/** `hash` (from HASH_SEED) extended by one code unit or other number below 2^16. */
export function hashStep(hash: number, code: number): number {
	return Math.imul(hash ^ code, 0x01000193);
}

/** The hash of the code units `text[start, end)`. */
export function hashCodeUnits(text: string, start = 0, end = text.length): number {
	let hash = HASH_SEED;
	for (let at = start; at < end; at++) hash = hashStep(hash, text.charCodeAt(at));
	return hash;
}
