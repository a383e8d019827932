import { foldCode, foldKey, isWordCode } from '../src/lib/text/fold';
import type { Pick, PhraseMatch } from '../src/lib/text/phrase-index';

/**
 * What `PhraseIndex.scan` must do, written to be obviously right rather than fast: try every
 * phrase at every word start, longest first. Runs of (folded) spaces in the text count as one.
 */
export function referenceScan<T, R>(
	phrases: readonly (readonly [string, T])[],
	text: string,
	pick: Pick<T, R>
): PhraseMatch<R>[] {
	const byKey = new Map<string, T[]>();
	for (const [phrase, value] of phrases) {
		const key = foldKey(phrase);
		if (key !== '') byKey.set(key, [...(byKey.get(key) ?? []), value]);
	}
	const folded = [...text].map((_, i) => foldCode(text.charCodeAt(i)));
	const isWord = (i: number) => i >= 0 && i < text.length && isWordCode(text.charCodeAt(i));
	/** Where `key` ends if the text at `start` spells it, else -1. */
	const endOf = (key: string, start: number) => {
		let at = start;
		for (let k = 0; k < key.length; k++) {
			if (folded[at] !== key.charCodeAt(k)) return -1;
			at++;
			if (key[k] === ' ') while (folded[at] === 0x20) at++;
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
