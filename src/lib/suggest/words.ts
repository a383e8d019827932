/**
 * Words and word windows of a paragraph, as the suggester sees them: a window is one to four
 * words that may be a single name ("Meng hung boat", "Mt. Vander", "Kang Mingkai"), so it never
 * crosses punctuation other than a hyphen or an abbreviation's full stop.
 */

export interface Word {
	text: string;
	/** Offsets in the paragraph. */
	start: number;
	end: number;
	/** Lowercase, accents removed: the word's spelling for every comparison. */
	key: string;
	/** The word may join the next one in a window (only spaces, a hyphen or "Mt. " between). */
	joinsNext: boolean;
	/** What stands between the previous word and this one. */
	before: string;
}

export const MAX_WINDOW = 4;

/** Function words: they open or close no name, and gloss no character of one. */
export const STOPWORDS = new Set(
	'a an the of and or to for by as at in on from with do does did is are was were be been it its this that not no but if so than then when who which what'.split(
		' '
	)
);

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** What may stand between two words of one name. */
const JOIN = /^(?:['’]s)?(?:[ \u00a0]+|-|\.[ \u00a0]+|[ \u00a0]*-[ \u00a0]*)$/u;

/** `Mélanie` → `melanie`, `VanderKlippe` → `vanderklippe`. */
export function wordKey(word: string): string {
	const lower = word.toLowerCase();
	// Plain ASCII is the common case: skip normalization.
	return /^[\x00-\x7f]*$/.test(lower) ? lower : lower.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Spacing, case, hyphens and accents folded away: `Meng Wan-Zhou` → `mengwanzhou`. */
export function joinedKey(text: string): string {
	return wordKey(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The words of a paragraph, each knowing whether a window may go on past it. */
export function wordsOf(text: string): Word[] {
	const words: Word[] = [];
	for (const m of text.matchAll(WORD)) {
		const start = m.index!;
		const previous = words.at(-1);
		// `Kovrig’s`: the `s` after an apostrophe is no word; "Meng’s late boat" may still be a name.
		if (previous && /^['’]$/.test(text.slice(previous.end, start))) continue;
		const between = previous ? text.slice(previous.end, start) : '';
		if (previous) {
			// A full stop joins only after an abbreviation (`Mt. Vander`), not at a sentence end.
			previous.joinsNext =
				JOIN.test(between) && (!between.startsWith('.') || /^\p{Lu}\p{Ll}?$/u.test(previous.text));
		}
		words.push({
			text: m[0],
			start,
			end: start + m[0].length,
			key: wordKey(m[0]),
			joinsNext: false,
			before: between
		});
	}
	return words;
}
