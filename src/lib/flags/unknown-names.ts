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
 * (`codeUnits`) and scanned once through lookup tables, building each word's packed key as it
 * goes (`pack`); a lowercase word is looked up in `english` by that key (EnglishTable, built
 * once per set), and what a capitalized word is (pinyin, English, known) is worked out once
 * per distinct word and set pair (WordCache). A word becomes a string only when it is not
 * English, or the first time a capitalized word is seen. The result depends on the text and
 * the sets only: the caches change the cost, never the flags.
 */
import { SYLLABLES } from '../text/pinyin';
import type { Flag } from './types';

export type UnknownNameFlag = Flag & { kind: 'unknown-name' };

export interface UnknownNameOptions {
	/** Where `text` starts in the prepared transcript text: added to every offset. */
	offset?: number;
	/**
	 * Lowercase English words (`an-array-of-english-words`, passed in by the caller). Pass the
	 * same set to every call: a hash table of it is built on first use (≈ 70 ms) and kept.
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
const ORDINARY = new Set(
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
const NOT_PINYIN = new Set(
	`angela naomi shane zane anne anna hanna juan sao zen suga le cuba`.split(/\s+/)
);

/**
 * Spellings that a Western name seldom has and a Chinese name often does: zh ch sh x q, and
 * the finals -ao -ou -ui -iu -uo -ng -ian -uan. Alone, a capitalized word is flagged only when
 * it is one syllable ("Zhao") or has one of these: "Linda" (lin+da), "Susan" (su+san), "Karen"
 * (ka+ren), "June" (ju+ne), "Kenya", "Haiti" all spell pinyin, and none of them is flagged.
 */
const CHINESE_SPELLING = /zh|ch|sh|x|q|ao|ou|ui|iu|uo|ng|ian|uan/;
const SYLLABLE_SET: ReadonlySet<string> = new Set(SYLLABLES);

/** Longest a pinyin word may be, in letters and in syllables ("Heilongjiang" = 3). */
const MAX_LETTERS = 24;
const MAX_SYLLABLES = 4;
/** Longest run of capitalized pinyin words flagged: a name is 1–3 words ("Ou Yang Ming"). */
const MAX_RUN = 3;
/** Shortest lowercase word checked by `not-a-word`. */
const MIN_LETTERS = 4;

// Character classes, one table lookup per code unit.
const LOWER = 1; // a-z
const UPPER = 2; // A-Z
const TONE_LOWER = 4; // ā á ǎ à … ü ǖ: pinyin letters outside ASCII
const TONE_UPPER = 8; // Ā Á Ǎ À …
const OTHER = 16; // any other word code unit: digits, other letters, marks, surrogates
const APOSTROPHE = 32; // ' ’ (inside a word)
const HYPHEN = 64; // - ‐ (inside a word)
const SPACE = 128; // what may separate two words of a name: spaces, never a line break
const LETTER_BITS = LOWER | UPPER | TONE_LOWER | TONE_UPPER;
const WORD_BITS = LETTER_BITS | OTHER;

const CLASS = new Uint8Array(0x10000);
/** The letter a code unit folds to, 1–26 for a–z (tone marks and ü removed), 0 for none. */
const LETTER = new Uint8Array(0x10000);

// Word code units, as fold.ts's isWordCode: letters, marks, digits, and surrogates.
{
	const word = /[\p{L}\p{M}\p{N}]/u;
	for (let code = 0; code < 0x10000; code++) {
		if ((code >= 0xd800 && code <= 0xdfff) || word.test(String.fromCharCode(code))) {
			CLASS[code] = OTHER;
		}
	}
	for (let i = 0; i < 26; i++) {
		CLASS[0x61 + i] = LOWER;
		LETTER[0x61 + i] = i + 1;
		CLASS[0x41 + i] = UPPER;
		LETTER[0x41 + i] = i + 1;
	}
	const tones: [string, string][] = [
		['a', 'āáǎà'],
		['e', 'ēéěè'],
		['i', 'īíǐì'],
		['o', 'ōóǒò'],
		['u', 'ūúǔùüǖǘǚǜ']
	];
	for (const [base, marked] of tones) {
		for (const char of marked) {
			const lower = char.charCodeAt(0);
			const upper = char.toUpperCase().charCodeAt(0);
			CLASS[lower] = TONE_LOWER;
			LETTER[lower] = base.charCodeAt(0) - 0x60;
			if (upper !== lower) {
				CLASS[upper] = TONE_UPPER;
				LETTER[upper] = base.charCodeAt(0) - 0x60;
			}
		}
	}
	CLASS[0x27] = CLASS[0x2019] = APOSTROPHE;
	CLASS[0x2d] = CLASS[0x2010] = HYPHEN;
	for (const space of [0x20, 0x09, 0xa0, 0x202f, 0x3000]) CLASS[space] = SPACE;
	for (let code = 0x2000; code <= 0x200a; code++) CLASS[code] = SPACE;
}

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
		const code = text.charCodeAt(at);
		if (CLASS[code] === APOSTROPHE) {
			apostrophe = 1;
			continue;
		}
		if (length === MAX_LETTERS) return false;
		LETTERS[length] = LETTER[code]!;
		AFTER_APOSTROPHE[length++] = apostrophe;
		apostrophe = 0;
	}
	return segments(0, length, MAX_SYLLABLES);
}

/** A pinyin word of `text` lowercased, tone marks and ü folded, apostrophes left out: "xian". */
function asciiLower(text: string, start: number, end: number): string {
	let out = '';
	for (let at = start; at < end; at++) {
		const letter = LETTER[text.charCodeAt(at)]!;
		if (letter) out += String.fromCharCode(0x60 + letter);
	}
	return out;
}

/** Final parts that make an English word from a stem: "ascertained" from "ascertain". */
const SUFFIXES = ['s', 'es', 'ed', 'ing', 'ly'] as const;

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

/** FNV-1a over UTF-16 code units: `hashStep(hash, code)` from `HASH_SEED`. */
const HASH_SEED = 0x811c9dc5 | 0;
function hashStep(hash: number, code: number): number {
	return Math.imul(hash ^ code, 0x01000193);
}

/**
 * A set of words as an open-addressing hash table over code units: a word of the text is
 * looked up where it stands, without being made a string (most words of a text are English,
 * and a string per word is most of the cost of a scan).
 */
class WordTable {
	readonly size: number;
	private readonly slots: Int32Array; // word number + 1, 0 for an empty slot
	private readonly hashes: Int32Array;
	private readonly starts: Int32Array; // word k is chars[starts[k], starts[k + 1])
	private readonly chars: Uint16Array;
	private readonly mask: number;

	constructor(words: ReadonlySet<string>) {
		this.size = words.size;
		let total = 0;
		for (const word of words) total += word.length;
		this.chars = new Uint16Array(total);
		this.starts = new Int32Array(words.size + 1);
		this.hashes = new Int32Array(words.size);
		let capacity = 1024;
		while (capacity < words.size * 2) capacity *= 2;
		this.slots = new Int32Array(capacity);
		this.mask = capacity - 1;
		let k = 0;
		let at = 0;
		for (const word of words) {
			let hash = HASH_SEED;
			this.starts[k] = at;
			for (let i = 0; i < word.length; i++) {
				const code = word.charCodeAt(i);
				this.chars[at++] = code;
				hash = hashStep(hash, code);
			}
			this.hashes[k] = hash;
			let slot = hash & this.mask;
			while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
			this.slots[slot] = ++k;
		}
		this.starts[k] = at;
	}

	/** True when `text[start, end)`, whose hash is `hash`, is one of the words. */
	has(text: string, start: number, end: number, hash: number): boolean {
		const length = end - start;
		for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
			const k = this.slots[slot]! - 1;
			if (k < 0) return false;
			if (this.hashes[k] !== hash) continue;
			const from = this.starts[k]!;
			if (this.starts[k + 1]! - from !== length) continue;
			let i = 0;
			while (i < length && this.chars[from + i] === text.charCodeAt(start + i)) i++;
			if (i === length) return true;
		}
	}
}

/**
 * Most words of a text are at most PACKED_LETTERS ASCII letters, and such a word is kept as a
 * key of two numbers: `low`, its last five letters, and `high`, the (up to six) letters before
 * them, at 5 bits each (`code & 31`: 1–26, the same for a and A), so 25 and 30 bits of two
 * int32s. Letters are never 0, so the key is exact: "ab" (1·32 + 2, 0) and "b" (2, 0) differ.
 * A key is compared in one step and needs no string, and the scan builds it as it reads a
 * word (`nextHigh`, `nextLow`), letter by letter; for a longer word it is meaningless, unused.
 */
const PACKED_LETTERS = 11;
function nextHigh(low: number, high: number): number {
	return (high << 5) | (low >>> 20);
}
function nextLow(low: number, code: number): number {
	return ((low & 0xfffff) << 5) | (code & 31);
}
/** The key of `units[start, end)` (ASCII letters, at most PACKED_LETTERS): PACKED_LOW and PACKED_HIGH. */
let PACKED_LOW = 0;
let PACKED_HIGH = 0;
function pack(units: ArrayLike<number>, start: number, end: number): void {
	let low = 0;
	let high = 0;
	for (let at = start; at < end; at++) {
		high = nextHigh(low, high);
		low = nextLow(low, units[at]!);
	}
	PACKED_LOW = low;
	PACKED_HIGH = high;
}

/** Where a key's probe starts in a table of 2^bits slots (multiplicative hashing, top bits). */
function slotOf(low: number, high: number, bits: number): number {
	return Math.imul(low ^ Math.imul(high, 0x27d4eb2f), 0x9e3779b1) >>> (32 - bits);
}

/**
 * Keys of packed words, open addressing: key k is `keys[2k]`, `keys[2k + 1]`, and a `low` of 0
 * is an empty slot. Made `withValues`, a map from key to a byte (`get`, `set`); else a set.
 */
class PackedTable {
	private readonly keys: Int32Array;
	private readonly values: Uint8Array;
	private readonly bits: number;
	count = 0;

	constructor(bits: number, withValues: boolean) {
		this.bits = bits;
		this.keys = new Int32Array(2 << bits);
		this.values = new Uint8Array(withValues ? 1 << bits : 0);
	}

	/** The slot of key (`low`, `high`): where it is, or the empty slot where it would go. */
	private find(low: number, high: number): number {
		const mask = (1 << this.bits) - 1;
		let slot = slotOf(low, high, this.bits);
		for (;;) {
			const key = this.keys[2 * slot]!;
			if (key === 0 || (key === low && this.keys[2 * slot + 1] === high)) return slot;
			slot = (slot + 1) & mask;
		}
	}

	/** True when the key is in the table. */
	has(low: number, high: number): boolean {
		return this.keys[2 * this.find(low, high)] !== 0;
	}

	/** The key's value, or -1 when it is absent. */
	get(low: number, high: number): number {
		const slot = this.find(low, high);
		return this.keys[2 * slot] === 0 ? -1 : this.values[slot]!;
	}

	/** Sets the key's value; the caller keeps `count` under half of the slots. */
	set(low: number, high: number, value: number): void {
		const slot = this.find(low, high);
		if (this.keys[2 * slot] === 0) {
			this.keys[2 * slot] = low;
			this.keys[2 * slot + 1] = high;
			this.count++;
		}
		if (this.values.length > 0) this.values[slot] = value;
	}

	clear(): void {
		this.keys.fill(0);
		this.count = 0;
	}
}

/**
 * The English words: those of at most PACKED_LETTERS letters a–z as packed keys (one probe,
 * no string, for the lowercase words of a text), the others in a WordTable.
 */
class EnglishTable {
	readonly size: number;
	private readonly short: PackedTable;
	private readonly long: WordTable;

	constructor(words: ReadonlySet<string>) {
		this.size = words.size;
		let bits = 10;
		while (1 << bits < words.size * 2) bits++;
		this.short = new PackedTable(bits, false);
		const long = new Set<string>();
		const units = new Uint16Array(PACKED_LETTERS);
		for (const word of words) {
			if (word.length <= PACKED_LETTERS && /^[a-z]+$/.test(word)) {
				for (let k = 0; k < word.length; k++) units[k] = word.charCodeAt(k);
				pack(units, 0, word.length);
				this.short.set(PACKED_LOW, PACKED_HIGH, 1);
			} else {
				long.add(word);
			}
		}
		this.long = new WordTable(long);
	}

	/**
	 * True when `text[start, end)` (`units`: its code units), lowercase ASCII letters, is one of
	 * the words; (`low`, `high`) is its key if it has one.
	 */
	has(
		text: string,
		units: Uint16Array,
		start: number,
		end: number,
		low: number,
		high: number
	): boolean {
		if (end - start <= PACKED_LETTERS) return this.short.has(low, high);
		let hash = HASH_SEED;
		for (let k = start; k < end; k++) hash = hashStep(hash, units[k]!);
		return this.long.has(text, start, end, hash);
	}
}

/** One table per word set, built on first use; rebuilt if the set's size changed. */
const TABLES = new WeakMap<ReadonlySet<string>, EnglishTable>();
function tableOf(words: ReadonlySet<string>): EnglishTable {
	let table = TABLES.get(words);
	if (table?.size !== words.size) TABLES.set(words, (table = new EnglishTable(words)));
	return table;
}

/**
 * The words of an open run of capitalized pinyin words: starts, ends without any 's, and what
 * CapitalizedWords knows of each.
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
 * is kept, and made anew when the sets, or their sizes, change (as `tableOf`: a set changed in
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
	const englishTable = tableOf(english);
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
		let cls = CLASS[units[at]!]!;
		if (!(cls & WORD_BITS)) {
			at++;
			continue;
		}
		// A word: word code units, with inner apostrophes and hyphens.
		const start = at;
		const firstClass = cls;
		let all = 0; // classes of every code unit after the first
		let apostrophes = 0;
		let lastApostrophe = -1;
		// The word's key (see `pack`), kept for words of letters only, whatever their length.
		let low = nextLow(0, units[at]!);
		let high = 0;
		let code = 0;
		at++;
		for (;;) {
			while (at < length && (cls = CLASS[(code = units[at]!)]!) & WORD_BITS) {
				all |= cls;
				high = nextHigh(low, high);
				low = nextLow(low, code);
				at++;
			}
			if (at + 1 >= length || !(cls & (APOSTROPHE | HYPHEN))) break;
			if (!(CLASS[units[at + 1]!]! & WORD_BITS)) break;
			all |= cls;
			if (cls === APOSTROPHE) {
				apostrophes++;
				lastApostrophe = at;
			}
			at++;
		}
		const end = at;
		// A final 's or ’s is a possessive: the word is what precedes it.
		let stemEnd = end;
		if (
			apostrophes > 0 &&
			lastApostrophe === end - 2 &&
			(units[end - 1] === 0x73 || units[end - 1] === 0x53)
		) {
			stemEnd = end - 2;
			apostrophes--;
			pack(units, start, stemEnd);
			low = PACKED_LOW;
			high = PACKED_HIGH;
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
			if (run === -1) continue; // still the over-long run
			if (run === MAX_RUN) {
				run = -1; // four pinyin words in a row: a heading or a list, not one name
				continue;
			}
			RUN_STARTS[run] = start;
			RUN_ENDS[run] = stemEnd;
			RUN_INFO[run++] = info;
			// A possessive ends the name: "Zhao Lijian's".
			if (stemEnd !== end) run = closeRun(text, run, offset, flags);
			continue;
		}
		run = closeRun(text, run, offset, flags);
		// Lowercase ASCII letters only, with at most a possessive 's.
		if (firstClass !== LOWER || stemEnd - start < MIN_LETTERS || apostrophes > 0) continue;
		if ((stemEnd === end ? all : restClasses(units, start + 1, stemEnd)) & ~LOWER) continue;
		if (englishTable.has(text, units, start, stemEnd, low, high)) continue;
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
	for (let at = from; at < to; at++) all |= CLASS[units[at]!]!;
	return all;
}

/** The classes of `text[from, to)`, or-ed. */
function restClassesOf(text: string, from: number, to: number): number {
	let all = 0;
	for (let at = from; at < to; at++) all |= CLASS[text.charCodeAt(at)]!;
	return all;
}

/** True when `units[from, to)` is one or more SPACE code units. */
function onlySpaces(units: Uint16Array, from: number, to: number): boolean {
	if (from >= to) return false;
	for (let at = from; at < to; at++) if (CLASS[units[at]!] !== SPACE) return false;
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
