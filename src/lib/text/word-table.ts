/**
 * Sets of words looked up where a word stands in a text, without making it a string. The
 * unknown-name check (`flags/unknown-names.ts`) looks up every lowercase word of every paragraph
 * in 275,000 English words, and a string per word was most of the cost of its scan; these
 * tables answer from the code units, or from a key built while the word is read.
 *
 * - A packed key: a word of at most PACKED_LETTERS ASCII letters as two int32s, built letter by
 *   letter as a scan reads the word (`nextHigh`, `nextLow`) and compared in one step.
 * - `PackedTable`: packed keys, by open addressing; a set, or a map from key to a byte.
 * - `WordTable`: any words, by their code units and FNV-1a hash (`hash.ts`).
 * - `WordSet`: a set of words as both: its short a–z words packed, the others in a WordTable.
 *   `wordSetOf` builds one per set, once.
 *
 * The tables change what a lookup costs, never its answer: `WordSet.has` is `Set.has`.
 */
import { hashCodeUnits, hashStep, HASH_SEED } from './hash';

/**
 * Most words of a text are at most PACKED_LETTERS ASCII letters, and such a word is kept as a
 * key of two numbers: `low`, its last five letters, and `high`, the (up to six) letters before
 * them, at 5 bits each (`code & 31`: 1–26, the same for a and A), so 25 and 30 bits of two
 * int32s. Letters are never 0, so the key is exact: "ab" (1·32 + 2, 0) and "b" (2, 0) differ.
 * A key is compared in one step and needs no string, and a scan builds it as it reads a word
 * (`nextHigh`, then `nextLow`, per letter); for a longer word it is meaningless, unused.
 */
export const PACKED_LETTERS = 11;

/** `high` of a key after one more letter (call before `nextLow`). */
export function nextHigh(low: number, high: number): number {
	return (high << 5) | (low >>> 20);
}

/** `low` of a key after one more letter, the code unit `code`. */
export function nextLow(low: number, code: number): number {
	return ((low & 0xfffff) << 5) | (code & 31);
}

/** A packed key, for `packKey`. */
export interface PackedKey {
	low: number;
	high: number;
}

/** Sets `key` to the key of `units[start, end)`: ASCII letters, at most PACKED_LETTERS. */
export function packKey(
	key: PackedKey,
	units: ArrayLike<number>,
	start: number,
	end: number
): void {
	let low = 0;
	let high = 0;
	for (let at = start; at < end; at++) {
		high = nextHigh(low, high);
		low = nextLow(low, units[at]!);
	}
	key.low = low;
	key.high = high;
}

/** Where a key's probe starts in a table of 2^bits slots (multiplicative hashing, top bits). */
function slotOf(low: number, high: number, bits: number): number {
	return Math.imul(low ^ Math.imul(high, 0x27d4eb2f), 0x9e3779b1) >>> (32 - bits);
}

/**
 * Keys of packed words, open addressing: key k is `keys[2k]`, `keys[2k + 1]`, and a `low` of 0
 * is an empty slot. Made `withValues`, a map from key to a byte (`get`, `set`); else a set.
 */
export class PackedTable {
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
 * A set of words as an open-addressing hash table over code units: a word of a text is looked
 * up where it stands, by its hash (`hashCodeUnits`) and then its code units.
 */
export class WordTable {
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
 * A set of words for a scan of lowercase words: those of at most PACKED_LETTERS letters a–z as
 * packed keys (one probe, no string), the others in a WordTable.
 */
export class WordSet {
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
		const key: PackedKey = { low: 0, high: 0 };
		for (const word of words) {
			if (word.length <= PACKED_LETTERS && /^[a-z]+$/.test(word)) {
				for (let k = 0; k < word.length; k++) units[k] = word.charCodeAt(k);
				packKey(key, units, 0, word.length);
				this.short.set(key.low, key.high, 1);
			} else {
				long.add(word);
			}
		}
		this.long = new WordTable(long);
	}

	/**
	 * True when `text[start, end)`, lowercase ASCII letters only, is one of the words; (`low`,
	 * `high`) is its packed key, which a word of at most PACKED_LETTERS letters must have.
	 */
	has(text: string, start: number, end: number, low: number, high: number): boolean {
		if (end - start <= PACKED_LETTERS) return this.short.has(low, high);
		return this.long.has(text, start, end, hashCodeUnits(text, start, end));
	}
}

/** One WordSet per set of words, built on first use; rebuilt if the set's size changed. */
const SETS = new WeakMap<ReadonlySet<string>, WordSet>();

/**
 * The WordSet of `words`, built on first use (≈ 70 ms for the English words) and kept while
 * the set lives. A set changed in place without a change of size is not noticed: pass a new set.
 */
export function wordSetOf(words: ReadonlySet<string>): WordSet {
	let set = SETS.get(words);
	if (set?.size !== words.size) SETS.set(words, (set = new WordSet(words)));
	return set;
}
