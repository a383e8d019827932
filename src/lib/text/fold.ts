/**
 * Case and punctuation folding shared by the matcher and speaker resolution.
 * Folding maps one UTF-16 code unit to one code unit, so a folded string has the same
 * length as the original and offsets found in it are offsets in the original.
 * The folded form and the word class of each code unit are the character table's (`chars.ts`).
 */
import * as chars from './chars';

// The table and its bits as this module's own constants: V8 folds those into `foldKey`'s loop,
// and reads an imported binding anew each time (see repetition.ts).
const { CHARS, FOLDED, WORD } = chars;

export function foldCode(code: number): number {
	return CHARS[code]! & FOLDED;
}

/** True for a code unit of a word: a letter, mark or digit, or half of a surrogate pair. */
export function isWordCode(code: number): boolean {
	return (CHARS[code]! & WORD) !== 0;
}

/** Lowercase, straight apostrophes, plain spaces, runs of spaces collapsed, trimmed. */
export function foldKey(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) {
		out += String.fromCharCode(CHARS[text.charCodeAt(i)]! & FOLDED);
	}
	return out.replace(/ {2,}/g, ' ').trim();
}

/** True when `a` and `b` differ at most by apostrophe and space style (not by case). */
export function sameSpelling(a: string, b: string): boolean {
	const plain = (s: string) => s.replace(/[’‘ʼ`´]/g, "'").replace(/\s+/g, ' ');
	return plain(a) === plain(b);
}
