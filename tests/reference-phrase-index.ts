import { FOLDED_APOSTROPHES, FOLDED_SPACES } from '../src/lib/text/chars';
import type { Pick, PhraseMatch } from '../src/lib/text/phrase-index';

/**
 * What `PhraseIndex.scan` must do, written to be obviously right rather than fast: try every
 * phrase at every word start, longest first. Runs of (folded) spaces in the text count as one.
 *
 * Everything is in UTF-16 code units, as offsets are everywhere in the app: `text[i]` is the
 * code unit at offset `i`, a surrogate is a word code unit (an emoji or 𠀀 is two of them), and
 * folding maps one code unit to one. The folding is this file's own, from `fold.ts`'s comments
 * and the lists of apostrophes and spaces it unifies (`chars.ts`), so that it checks the
 * character table the index reads instead of reading it too.
 */
export function referenceScan<T, R>(
	phrases: readonly (readonly [string, T])[],
	text: string,
	pick: Pick<T, R>
): PhraseMatch<R>[] {
	const byKey = new Map<string, T[]>();
	for (const [phrase, value] of phrases) {
		const key = foldPhrase(phrase);
		if (key !== '') byKey.set(key, [...(byKey.get(key) ?? []), value]);
	}
	const folded = text.split('').map(foldUnit);
	const isWord = (i: number) => i >= 0 && i < text.length && isWordUnit(text[i]!);
	/** Where `key` ends if the text at `start` spells it, else -1. */
	const endOf = (key: string, start: number) => {
		let at = start;
		for (let k = 0; k < key.length; k++) {
			if (folded[at] !== key[k]) return -1;
			at++;
			if (key[k] === ' ') while (folded[at] === ' ') at++;
		}
		return at;
	};
	const matches: PhraseMatch<R>[] = [];
	let consumed = 0;
	for (let start = 0; start < text.length; start++) {
		if (start < consumed || !isWord(start) || isWord(start - 1)) continue;
		const candidates = [...byKey]
			.map(([key, values]) => ({ values, end: endOf(key, start) }))
			.filter(({ end }) => end > start && (!isWord(end) || !isWord(end - 1)))
			.sort((a, b) => b.end - a.end);
		for (const { values, end } of candidates) {
			const value = pick(values, text, start, end);
			if (value === undefined) continue;
			matches.push({ start, end, value });
			consumed = end;
			break;
		}
	}
	return matches;
}

/** A letter, mark or digit, or either half of a surrogate pair. */
function isWordUnit(unit: string): boolean {
	return /[\p{L}\p{M}\p{N}]/u.test(unit) || /^[\ud800-\udfff]$/.test(unit);
}

/**
 * One code unit folded: typographic apostrophes as ', the spaces that editors mix as a space,
 * lowercase when that is one code unit (İ, whose lowercase is two, stays).
 */
function foldUnit(unit: string): string {
	if (FOLDED_APOSTROPHES.includes(unit)) return "'";
	if (FOLDED_SPACES.includes(unit)) return ' ';
	const lower = unit.toLowerCase();
	return lower.length === 1 ? lower : unit;
}

/** A phrase folded unit by unit, runs of spaces as one, trimmed: the key it is found by. */
function foldPhrase(phrase: string): string {
	return phrase.split('').map(foldUnit).join('').replace(/ {2,}/g, ' ').trim();
}
