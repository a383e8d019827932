/**
 * The unknown-name check: machine translation renders a Chinese name it does not know either
 * as a lowercase non-word ("visit cummingkai") or as bare pinyin ("Zhao Lijian said"). Both
 * are flagged at `info` so that a reader can add the name, or its garble, to the glossary.
 *
 * - `unknown-name/not-a-word`: a lowercase word of 4+ ASCII letters, not opening a sentence,
 *   that is not English (`options.english`, also tried without a final s, es, ed, ing, ly, 's),
 *   not a glossary word (`options.known`) and not part of a URL, address or handle.
 * - `unknown-name/romanized`: a run of 1–3 capitalized words, each made only of Hanyu Pinyin
 *   syllables, that holds a word that is neither English nor a glossary word ("Wang Wenbin":
 *   Wang is known from Wang Yi, Wenbin is not). English-looking pinyin alone ("Dong", "Long
 *   Island", "Sun") is left alone, and so are the Chinese words of ORDINARY ("Beijing"). An
 *   English word opening a sentence is no part of a name ("He", "Can"), and a name of one word
 *   must look Chinese (CHINESE_SPELLING), or "Linda", "Susan" and "Kenya" would be flagged.
 *
 * Whole words only: a hyphenated word ("Sino-Canadian"), a contraction ("don't"), a word with
 * digits or letters outside ASCII (tone marks aside) is never flagged. Vietnamese or other
 * names spelled with pinyin syllables ("Dong Nai") are flagged too: nothing tells them apart,
 * and `info` says "probably fine".
 *
 * Fast, because it runs on every paragraph: the text's code units are copied into a typed array
 * (`codeUnits`) and scanned once through the character table (`text/chars.ts`), building each
 * word's packed key as it goes (`text/word-table.ts`); a lowercase word is looked up in
 * `english` by that key (a WordSet, built once per set), and what a capitalized word is
 * (pinyin, English, known) is worked out once per distinct word and set pair (WordCache). A
 * word becomes a string only when it is not English, or the first time a capitalized word is
 * seen. The result depends on the text and the sets only: the caches change the cost, never
 * the flags.
 */
import * as chars from '../text/chars';
import { SYLLABLES } from '../text/pinyin';
import * as wordTable from '../text/word-table';
import type { Flag } from './types';

// The character table, its bits and the packed-key steps as this module's own constants, not
// imported bindings: V8 folds a module's constants into the scan's hot loop, and reads an
// imported binding anew each time (see repetition.ts, where it was measured).
const { APOSTROPHE, CHARS, HYPHEN, letterOf, LOWER, SPACE, TONE_LOWER, TONE_UPPER, UPPER, WORD } =
	chars;
const { nextHigh, nextLow, PACKED_LETTERS, PackedTable, packKey, wordSetOf } = wordTable;

export type UnknownNameFlag = Flag & { kind: 'unknown-name' };

export interface UnknownNameOptions {
	/** Where `text` starts in the prepared transcript text: added to every offset. */
	offset?: number;
	/**
	 * Lowercase English words (`an-array-of-english-words`, passed in by the caller). Pass the
	 * same set to every call: a WordSet of it is built on first use (≈ 70 ms) and kept.
	 */
	english: ReadonlySet<string>;
	/**
	 * Lowercase words of every glossary canonical name and variant. What words are known is
	 * cached for the last pair of sets, so pass a new set when the glossary changes.
	 */
	known: ReadonlySet<string>;
}

/**
 * Chinese words that are ordinary English in a text about China, though the word list lacks
 * them (it has no proper nouns): provinces, large cities, Xinhua, feng shui. Never flagged, and
 * they end a run ("in Beijing Zhao Lijian said" flags "Zhao Lijian").
 */
export const ORDINARY: ReadonlySet<string> = new Set(
	`beijing tianjin chongqing guangzhou shenzhen wuhan nanjing hangzhou chengdu xiamen qingdao
	dalian shenyang kunming xian changsha zhengzhou jinan fuzhou hefei nanning guiyang lanzhou
	xining yinchuan taiyuan shijiazhuang haikou nanchang changchun suzhou ningbo wenzhou macao
	taipei guangdong fujian zhejiang jiangsu shandong hebei henan hubei hunan sichuan yunnan
	guizhou guangxi hainan anhui jiangxi shanxi shaanxi gansu qinghai ningxia jilin liaoning
	heilongjiang xinjiang xizang taiwan xinhua feng shui fu`.split(/\s+/)
);

/**
 * Non-Chinese names and words that happen to spell pinyin and that a rule below would still
 * flag ("Angela" = an+ge+la, "Naomi" = nao+mi, "Le Devoir"): treated as not pinyin. Found by
 * segmenting lists of countries, cities and Western given names; not a list of every such name.
 */
export const NOT_PINYIN: ReadonlySet<string> = new Set(
	`angela naomi shane zane anne anna hanna juan sao zen suga le cuba`.split(/\s+/)
);

/**
 * Spellings that a Western name seldom has and a Chinese name often does: zh ch sh x q, and
 * the finals -ao -ou -ui -iu -uo -ng -ian -uan. Alone, a capitalized word is flagged only when
 * it is one syllable ("Zhao") or has one of these: "Linda" (lin+da), "Susan" (su+san), "Karen"
 * (ka+ren), "June" (ju+ne), "Kenya", "Haiti" all spell pinyin, and none of them is flagged.
 */
export const CHINESE_SPELLING = /zh|ch|sh|x|q|ao|ou|ui|iu|uo|ng|ian|uan/;
const SYLLABLE_SET: ReadonlySet<string> = new Set(SYLLABLES);

/** Longest a pinyin word may be, in letters and in syllables ("Heilongjiang" = 3). */
const MAX_LETTERS = 24;
const MAX_SYLLABLES = 4;
/** Longest run of capitalized pinyin words flagged: a name is 1–3 words ("Ou Yang Ming"). */
const MAX_RUN = 3;
/** Shortest lowercase word checked by `not-a-word`. */
const MIN_LETTERS = 4;

/**
 * The classes a code unit of a word can have in the character table (`CHARS`): an entry's other
 * bits are its folded code unit and its pinyin letter, masked off before classes are compared.
 */
const CLASS_BITS = WORD | APOSTROPHE | HYPHEN;

/**
 * SYLLABLES as a trie over letters 1–26: node `n`'s child for letter `l` is `TRIE[n * 27 + l]`
 * (0: none), and `END[n]` is 1 when the path to `n` spells a syllable. Node 0 is the root.
 */
const { TRIE, END } = (() => {
	const children: number[] = new Array(27).fill(0);
	const end: number[] = [0];
	for (const syllable of SYLLABLES) {
		let node = 0;
		for (const char of syllable) {
			const slot = node * 27 + (char.charCodeAt(0) - 0x60);
			if (children[slot] === 0) {
				children[slot] = end.length;
				end.push(0);
				children.push(...new Array(27).fill(0));
			}
			node = children[slot]!;
		}
		end[node] = 1;
	}
	return { TRIE: Int32Array.from(children), END: Uint8Array.from(end) };
})();

/** Letters (1–26) of the word being segmented, and 1 where an apostrophe precedes a letter. */
const LETTERS = new Uint8Array(MAX_LETTERS);
const AFTER_APOSTROPHE = new Uint8Array(MAX_LETTERS);
const VOWEL_A = 1;
const VOWEL_E = 5;
const VOWEL_O = 15;

/**
 * True when `LETTERS[at, length)` is a sequence of at most `left` syllables, the longest
 * syllable tried first. As in pinyin spelling, a syllable starting with a, e or o follows
 * another only after an apostrophe (Xi'an), and an apostrophe ends a syllable.
 */
function segments(at: number, length: number, left: number): boolean {
	if (at === length) return true;
	if (left === 0) return false;
	const first = LETTERS[at]!;
	if (
		at > 0 &&
		AFTER_APOSTROPHE[at] === 0 &&
		(first === VOWEL_A || first === VOWEL_E || first === VOWEL_O)
	) {
		return false;
	}
	// The ends of every syllable starting at `at`, found by walking the trie once.
	let ends = 0; // bit k set: a syllable of k + 1 letters
	let node = 0;
	for (let k = at; k < length; k++) {
		if (k > at && AFTER_APOSTROPHE[k] === 1) break;
		node = TRIE[node * 27 + LETTERS[k]!]!;
		if (node === 0) break;
		if (END[node] === 1) ends |= 1 << (k - at);
	}
	for (let size = 6; size >= 1; size--) {
		if (ends & (1 << (size - 1)) && segments(at + size, length, left - 1)) return true;
	}
	return false;
}

/** True when `text[start, end)` (a capitalized word, apostrophes allowed) spells pinyin. */
function isPinyin(text: string, start: number, end: number): boolean {
	let length = 0;
	let apostrophe = 0;
	for (let at = start; at < end; at++) {
		const entry = CHARS[text.charCodeAt(at)]!;
		if (entry & APOSTROPHE) {
			apostrophe = 1;
			continue;
		}
		if (length === MAX_LETTERS) return false;
		LETTERS[length] = letterOf(entry);
		AFTER_APOSTROPHE[length++] = apostrophe;
		apostrophe = 0;
	}
	return segments(0, length, MAX_SYLLABLES);
}

/** A pinyin word of `text` lowercased, tone marks and ü folded, apostrophes left out: "xian". */
function asciiLower(text: string, start: number, end: number): string {
	let out = '';
	for (let at = start; at < end; at++) {
		const letter = letterOf(CHARS[text.charCodeAt(at)]!);
		if (letter) out += String.fromCharCode(0x60 + letter);
	}
	return out;
}

/** Final parts that make an English word from a stem: "ascertained" from "ascertain". */
export const SUFFIXES = ['s', 'es', 'ed', 'ing', 'ly'] as const;

/** True when lowercase `word` is English, or an English word plus a common ending. */
function isEnglish(word: string, english: ReadonlySet<string>): boolean {
	if (english.has(word)) return true;
	for (const suffix of SUFFIXES) {
		if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
			const stem = word.slice(0, -suffix.length);
			if (english.has(stem)) return true;
			// closing → close, agreed → agree; countries → country.
			if ((suffix === 'ing' || suffix === 'ed') && english.has(`${stem}e`)) return true;
			if ((suffix === 'es' || suffix === 'ed') && stem.endsWith('i')) {
				if (english.has(`${stem.slice(0, -1)}y`)) return true;
			}
		}
	}
	return false;
}

/** Characters that glue a word to a URL, address, handle, path or identifier. */
const GLUE = /[@/\\#_=~|&%+<>]/;

/** True when `text[start, end)` is part of a URL, email, handle or file name. */
function inAddress(text: string, start: number, end: number): boolean {
	let from = start;
	while (from > 0 && !/\s/.test(text[from - 1]!)) from--;
	let to = end;
	while (to < text.length && !/\s/.test(text[to]!)) to++;
	const chunk = text.slice(from, to);
	// A dot between two word characters: "theglobeandmail.com", "www.fmprc.gov.cn".
	return GLUE.test(chunk) || /[\p{L}\p{N}]\.[\p{L}\p{N}]/u.test(chunk);
}

/** True at the start of the text or a line, or after . ! ? : ; … (opening quotes and bullets skipped). */
function opensSentence(text: string, at: number): boolean {
	while (at > 0 && /[\s"“‘'([{«*•·\-–—]/u.test(text[at - 1]!) && text[at - 1] !== '\n') at--;
	return at === 0 || /[.!?:;…\n]/u.test(text[at - 1]!);
}

/** The key of a possessive's stem (see `packKey`), reused by every call. */
const STEM_KEY: wordTable.PackedKey = { low: 0, high: 0 };

/**
 * The words of an open run of capitalized pinyin words: starts, ends without any 's, and what
 * WordCache knows of each.
 */
const RUN_STARTS = new Int32Array(MAX_RUN + 1);
const RUN_ENDS = new Int32Array(MAX_RUN + 1);
const RUN_INFO = new Uint8Array(MAX_RUN + 1);

/** What a capitalized word is, as bits: all that the checks ask of it apart from where it stands. */
const PINYIN = 1; // a word of a romanized name: lowercase pinyin letters after the capital, not `excluded`
const ENGLISH = 2; // its folded spelling is English ("Long", "He")
const UNKNOWN = 4; // neither English nor a glossary word, written or folded
const LOOKS_CHINESE = 8; // alone, it may be a name: one syllable, or CHINESE_SPELLING

/**
 * What each capitalized word is, by its code units, for one pair of word sets. A text repeats
 * its capitalized words ("China", "Minister", "Wang"), and working one out takes a pinyin
 * segmentation, strings and set lookups; a cache makes that once per distinct word. The few
 * lowercase words that are not in the English table (garbles, inflections) are kept too.
 */
class WordCache {
	private readonly cache = new PackedTable(CACHE_BITS, true);
	private readonly lowercase = new Map<string, boolean>();
	readonly englishSize: number;
	readonly knownSize: number;

	constructor(
		readonly english: ReadonlySet<string>,
		readonly known: ReadonlySet<string>
	) {
		this.englishSize = english.size;
		this.knownSize = known.size;
	}

	/**
	 * The bits of `text[start, stemEnd)`, a word whose first code unit is a capital; `plain`
	 * when its other code units are lowercase ASCII letters, and then (`low`, `high`) is its key
	 * if it has one (which tells it from every other such word). Other words (tone marks,
	 * apostrophes, capitals inside) are rare: worked out each time.
	 */
	capitalized(
		text: string,
		start: number,
		stemEnd: number,
		plain: boolean,
		low: number,
		high: number
	): number {
		if (!plain || stemEnd - start > PACKED_LETTERS) return this.work(text, start, stemEnd);
		let info = this.cache.get(low, high);
		if (info < 0) {
			// Distinct words are bounded by the language, but a long-lived process sees many texts.
			if (this.cache.count >= 1 << (CACHE_BITS - 1)) this.cache.clear();
			info = this.work(text, start, stemEnd);
			this.cache.set(low, high, info);
		}
		return info;
	}

	/**
	 * True when `word`, lowercase ASCII letters and not in the English table, is English with an
	 * ending or a glossary word. The same few garbles come back: their answers are kept.
	 */
	knownLowercase(word: string): boolean {
		let found = this.lowercase.get(word);
		if (found === undefined) {
			if (this.lowercase.size >= 1 << (CACHE_BITS - 1)) this.lowercase.clear();
			found = isEnglish(word, this.english) || this.known.has(word);
			this.lowercase.set(word, found);
		}
		return found;
	}

	private work(text: string, start: number, stemEnd: number): number {
		const pinyin =
			!(restClassesOf(text, start + 1, stemEnd) & ~(LOWER | TONE_LOWER | APOSTROPHE)) &&
			stemEnd - start >= 2 &&
			isPinyin(text, start, stemEnd);
		if (!pinyin) return 0;
		const folded = asciiLower(text, start, stemEnd);
		if (excluded(folded)) return 0;
		let info = PINYIN;
		if (this.english.has(folded)) info |= ENGLISH;
		else {
			const written = text.slice(start, stemEnd).toLowerCase();
			if (!this.known.has(written) && !this.known.has(folded)) info |= UNKNOWN;
		}
		if (SYLLABLE_SET.has(folded) || CHINESE_SPELLING.test(folded)) info |= LOOKS_CHINESE;
		return info;
	}
}

/** The cache has 2^CACHE_BITS slots, and starts over when half of them are taken. */
const CACHE_BITS = 16;

/**
 * The cache for the word sets of this call: the same sets come with every call, so one cache
 * is kept, and made anew when the sets, or their sizes, change (as `wordSetOf`: a set changed in
 * place without a change of size is not noticed, so a caller passes a new set instead, as
 * `glossaryWords` makes one).
 */
let lastCache: WordCache | undefined;
function cacheOf(english: ReadonlySet<string>, known: ReadonlySet<string>): WordCache {
	const last = lastCache;
	if (
		last?.english === english &&
		last.known === known &&
		last.englishSize === english.size &&
		last.knownSize === known.size
	) {
		return last;
	}
	return (lastCache = new WordCache(english, known));
}

/**
 * Flags lowercase non-words and romanized names the glossary does not know in `text`, which
 * starts at `offset` of the prepared transcript text. Every flag is `info`.
 */
export function findUnknownNames(text: string, options: UnknownNameOptions): UnknownNameFlag[] {
	const offset = options.offset ?? 0;
	const { english, known } = options;
	const englishWords = wordSetOf(english);
	const words = cacheOf(english, known);
	const units = codeUnits(text);
	const flags: UnknownNameFlag[] = [];
	const length = text.length;
	/** Words in the open run; -1 when the run is too long to be a name (it is never flagged). */
	let run = 0;
	/** Where the previous word ended: a name's words have only SPACE between them. */
	let previousEnd = -1;

	let at = 0;
	while (at < length) {
		let cls = CHARS[units[at]!]!;
		if (!(cls & WORD)) {
			at++;
			continue;
		}
		// A word: word code units, with inner apostrophes and hyphens.
		const start = at;
		const firstClass = cls & CLASS_BITS;
		let all = 0; // classes of every code unit after the first (and other bits: see CLASS_BITS)
		let apostrophes = 0;
		let lastApostrophe = -1;
		// The word's packed key (`text/word-table.ts`), built for every word, used for short ones.
		let low = nextLow(0, units[at]!);
		let high = 0;
		let code = 0;
		at++;
		for (;;) {
			while (at < length && (cls = CHARS[(code = units[at]!)]!) & WORD) {
				all |= cls;
				high = nextHigh(low, high);
				low = nextLow(low, code);
				at++;
			}
			if (at + 1 >= length || !(cls & (APOSTROPHE | HYPHEN))) break;
			if (!(CHARS[units[at + 1]!]! & WORD)) break;
			all |= cls;
			if (cls & APOSTROPHE) {
				apostrophes++;
				lastApostrophe = at;
			}
			at++;
		}
		const end = at;
		all &= CLASS_BITS;
		// A final 's or ’s is a possessive: the word is what precedes it.
		let stemEnd = end;
		if (
			apostrophes > 0 &&
			lastApostrophe === end - 2 &&
			(units[end - 1] === 0x73 || units[end - 1] === 0x53)
		) {
			stemEnd = end - 2;
			apostrophes--;
			packKey(STEM_KEY, units, start, stemEnd);
			low = STEM_KEY.low;
			high = STEM_KEY.high;
		}
		const previous = previousEnd;
		previousEnd = end;

		if (firstClass & (UPPER | TONE_UPPER)) {
			// Capitalized: a word of a romanized name when its other letters are lowercase pinyin.
			// (A word that is a capital and lowercase ASCII letters can be cached by its packed key.)
			const plain = firstClass === UPPER && (stemEnd === end ? all : -1) === LOWER;
			const info = words.capitalized(text, start, stemEnd, plain, low, high);
			if (!(info & PINYIN)) {
				run = closeRun(text, run, offset, flags);
				continue;
			}
			// A name's words have only spaces between them (asked only here: most words are not).
			if (run !== 0 && !(previous >= 0 && onlySpaces(units, previous, start))) {
				run = closeRun(text, run, offset, flags);
			}
			// Four pinyin words in a row are a heading or a list, not one name: -1 until the run ends.
			if (run === MAX_RUN) run = -1;
			if (run !== -1) {
				RUN_STARTS[run] = start;
				RUN_ENDS[run] = stemEnd;
				RUN_INFO[run++] = info;
			}
			// A possessive ends the name ("Zhao Lijian's"), and an over-long run too.
			if (stemEnd !== end) run = closeRun(text, run, offset, flags);
			continue;
		}
		run = closeRun(text, run, offset, flags);
		// Lowercase ASCII letters only, with at most a possessive 's.
		if (firstClass !== LOWER || stemEnd - start < MIN_LETTERS || apostrophes > 0) continue;
		if ((stemEnd === end ? all : restClasses(units, start + 1, stemEnd)) & ~LOWER) continue;
		if (englishWords.has(text, start, stemEnd, low, high)) continue;
		const word = text.slice(start, stemEnd);
		if (words.knownLowercase(word)) continue;
		if (opensSentence(text, start) || inAddress(text, start, end)) continue;
		flags.push({
			source: 'quality',
			kind: 'unknown-name',
			rule: 'unknown-name/not-a-word',
			start: offset + start,
			end: offset + stemEnd,
			actual: word,
			expected: [],
			message: `‘${word}’ is not an English word: it may be a garbled name; check the glossary`,
			severity: 'info'
		});
	}
	closeRun(text, run, offset, flags);
	return flags;
}

/** Flags the open run of `run` words if it is a name (`romanized`); the new run length, 0. */
function closeRun(text: string, run: number, offset: number, flags: UnknownNameFlag[]): number {
	if (run > 0) romanized(text, run, offset, flags);
	return 0;
}

/** True when a pinyin-spelled word is a listed place or non-Chinese name. */
function excluded(word: string): boolean {
	return ORDINARY.has(word) || NOT_PINYIN.has(word);
}

/** The classes of `units[from, to)`, or-ed. */
function restClasses(units: Uint16Array, from: number, to: number): number {
	let all = 0;
	for (let at = from; at < to; at++) all |= CHARS[units[at]!]!;
	return all & CLASS_BITS;
}

/** The classes of `text[from, to)`, or-ed. */
function restClassesOf(text: string, from: number, to: number): number {
	let all = 0;
	for (let at = from; at < to; at++) all |= CHARS[text.charCodeAt(at)]!;
	return all & CLASS_BITS;
}

/** True when `units[from, to)` is one or more SPACE code units. */
function onlySpaces(units: Uint16Array, from: number, to: number): boolean {
	if (from >= to) return false;
	for (let at = from; at < to; at++) if (!(CHARS[units[at]!]! & SPACE)) return false;
	return true;
}

/**
 * The code units of the text being scanned, copied into a typed array: the scan reads every
 * one, and reading a typed array costs less than `charCodeAt` on a string slice. Node's Buffer
 * copies a string as UTF-16 natively; elsewhere (or on a big-endian machine) a loop does it.
 * The array is reused by the next call; a text of more than KEPT_UNITS gets one of its own.
 */
interface Utf16Writer {
	write(text: string, offset: number, encoding: 'utf16le'): number;
}
const NODE_BUFFER = (globalThis as { Buffer?: { from(buffer: ArrayBuffer): Utf16Writer } }).Buffer;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const KEPT_UNITS = 1 << 20;
let keptUnits = new Uint16Array(4096);
let keptWriter = NODE_BUFFER?.from(keptUnits.buffer);

function codeUnits(text: string): Uint16Array {
	const length = text.length;
	let units = keptUnits;
	let writer = keptWriter;
	if (length > units.length) {
		units = new Uint16Array(Math.max(length, 2 * units.length));
		writer = NODE_BUFFER?.from(units.buffer);
		if (units.length <= KEPT_UNITS) [keptUnits, keptWriter] = [units, writer];
	}
	if (writer && LITTLE_ENDIAN) writer.write(text, 0, 'utf16le');
	else for (let at = 0; at < length; at++) units[at] = text.charCodeAt(at);
	return units;
}

/**
 * Flags the run of `count` capitalized pinyin words in RUN_STARTS/RUN_ENDS when one of its
 * words is neither English nor a glossary word. An English word opening a sentence is not
 * part of the name ("He", "Can", "Long"); a name of one word must look Chinese (see
 * CHINESE_SPELLING).
 */
function romanized(text: string, count: number, offset: number, flags: UnknownNameFlag[]): void {
	let first = 0;
	let unknown = false;
	let lone = 0; // info of the last word of the name
	for (let k = 0; k < count; k++) {
		const info = RUN_INFO[k]!;
		if (k === 0 && count > 1 && info & ENGLISH && opensSentence(text, RUN_STARTS[0]!)) {
			first = 1;
			continue;
		}
		if (info & UNKNOWN) unknown = true;
		lone = info;
	}
	if (!unknown) return;
	if (count - first === 1 && !(lone & LOOKS_CHINESE)) return;
	const start = RUN_STARTS[first]!;
	const end = RUN_ENDS[count - 1]!;
	const name = text.slice(start, end);
	flags.push({
		source: 'quality',
		kind: 'unknown-name',
		rule: 'unknown-name/romanized',
		start: offset + start,
		end: offset + end,
		actual: name,
		expected: [],
		message: `‘${name}’ looks like a romanized Chinese name the glossary does not know: add it, or its garbled form, if it needs a note`,
		severity: 'info'
	});
}
