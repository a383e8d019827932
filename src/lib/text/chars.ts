/**
 * The character table: what each UTF-16 code unit is to the app's scanners, one `Int32Array`
 * entry per code unit. Folding (`fold.ts`), the phrase index, the repeated-word check and the
 * unknown-name check all read this one table, so they agree on what a word, a space, an
 * apostrophe and a letter are; each used to build a 64K table of its own, four in all, and a
 * change to one (a new apostrophe, a new space) had to be made in each.
 *
 * An entry is the folded code unit (low 16 bits, `FOLDED`) or-ed with class bits. Offsets are
 * UTF-16 code units everywhere, and so is the table: each half of a surrogate pair is a word
 * code unit (OTHER_WORD), so an emoji or 𠀀 (CJK Extension B) is part of a word and never ends
 * one halfway. A scanner that must know what a code point outside the BMP is reads the code
 * point itself (`repetition.ts`, whose words are those of a `u` regular expression).
 *
 * Every entry is below 2^30, a small integer to V8: a hot loop never boxes one.
 */

/** The folded code unit: lowercase when that is one code unit (İ stays), quotes and spaces unified. */
export const FOLDED = 0xffff;
/** a–z. */
export const LOWER = 1 << 16;
/** A–Z. */
export const UPPER = 1 << 17;
/** A pinyin vowel outside ASCII, lowercase: ā á ǎ à … ü ǖ ǘ ǚ ǜ (TONE_VOWELS). */
export const TONE_LOWER = 1 << 18;
/** A pinyin vowel outside ASCII, uppercase: Ā Á Ǎ À … Ü Ǖ. */
export const TONE_UPPER = 1 << 19;
/** Any other part of a word: other letters, marks, digits, either half of a surrogate pair. */
export const OTHER_WORD = 1 << 20;
/** Part of a word (`isWordCode`): a letter, mark or digit (\p{L} \p{M} \p{N}), or a surrogate. */
export const WORD = LOWER | UPPER | TONE_LOWER | TONE_UPPER | OTHER_WORD;
/** ' and ’, which may join two parts of a word: "don't", "Xi’an", "China’s". */
export const APOSTROPHE = 1 << 21;
/** - and ‐ (U+2010), which may join two parts of a word: "people-to-people". */
export const HYPHEN = 1 << 22;
/** INLINE_SPACES: what may stand between two words of a name or a doubling. */
export const SPACE = 1 << 23;
/** What `String.prototype.trim` removes: white space and line terminators (`\s`). */
export const WHITESPACE = 1 << 24;
/** Bits 25–29: the pinyin letter, 1–26 for a–z, A–Z and each tone vowel's base letter; 0 else. */
const LETTER_SHIFT = 25;

/** Folded to ': the typographic apostrophes and quotes that translation and editors mix freely. */
export const FOLDED_APOSTROPHES = '’‘ʼ`´';
/** Folded to a space: tab, line feed, no-break, en, em, thin, narrow no-break, ideographic. */
export const FOLDED_SPACES = '\t\n\u00a0\u2002\u2003\u2009\u202f\u3000';
/** SPACE: space, tab, no-break, U+2000–U+200A, narrow no-break, ideographic; no line break. */
export const INLINE_SPACES =
	' \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u3000';
/** The pinyin vowels with tone marks, and ü, by base letter (their capitals are TONE_UPPER). */
const TONE_VOWELS: Record<string, string> = {
	a: 'āáǎà',
	e: 'ēéěè',
	i: 'īíǐì',
	o: 'ōóǒò',
	u: 'ūúǔùüǖǘǚǜ'
};

/** The entry of every code unit. */
export const CHARS = new Int32Array(0x10000);
{
	const wordChar = /[\p{L}\p{M}\p{N}]/u;
	for (let code = 0; code < 0x10000; code++) {
		const char = String.fromCharCode(code);
		const lower = char.toLowerCase();
		let entry = lower.length === 1 ? lower.charCodeAt(0) : code;
		if (isSurrogate(code) || wordChar.test(char)) entry |= OTHER_WORD;
		if (char.trim() === '') entry |= WHITESPACE;
		CHARS[code] = entry;
	}
	const set = (code: number, bits: number) => (CHARS[code] = (CHARS[code]! & ~OTHER_WORD) | bits);
	for (let i = 0; i < 26; i++) {
		set(0x61 + i, LOWER | ((i + 1) << LETTER_SHIFT));
		set(0x41 + i, UPPER | ((i + 1) << LETTER_SHIFT));
	}
	for (const [base, vowels] of Object.entries(TONE_VOWELS)) {
		const letter = (base.charCodeAt(0) - 0x60) << LETTER_SHIFT;
		for (const vowel of vowels) {
			set(vowel.charCodeAt(0), TONE_LOWER | letter);
			set(vowel.toUpperCase().charCodeAt(0), TONE_UPPER | letter);
		}
	}
	const foldTo = (char: string, to: string) => {
		const code = char.charCodeAt(0);
		CHARS[code] = (CHARS[code]! & ~FOLDED) | to.charCodeAt(0);
	};
	for (const quote of FOLDED_APOSTROPHES) foldTo(quote, "'");
	for (const space of FOLDED_SPACES) foldTo(space, ' ');
	for (const apostrophe of "'’") CHARS[apostrophe.charCodeAt(0)]! |= APOSTROPHE;
	for (const hyphen of '-\u2010') CHARS[hyphen.charCodeAt(0)]! |= HYPHEN;
	for (const space of INLINE_SPACES) CHARS[space.charCodeAt(0)]! |= SPACE;
}

/** The pinyin letter of an entry: 1–26 (a–z, tone marks and the dots of ü dropped), or 0. */
export function letterOf(entry: number): number {
	return entry >>> LETTER_SHIFT;
}

/** True for either half of a surrogate pair (U+D800–U+DFFF). */
export function isSurrogate(code: number): boolean {
	return (code & 0xf800) === 0xd800;
}
