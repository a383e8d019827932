import { CHARS, FOLDED, WHITESPACE, WORD } from './chars';
import { HASH_SEED, hashStep } from './hash';

/**
 * A phrase index: many phrases, each with values, found in a text in one pass. Matching is
 * whole words only, case- and apostrophe-folded (see `fold.ts`), with any run of spaces in the
 * text standing for one space of a phrase; at each word start the longest phrase wins (leftmost
 * longest), and its words are consumed. What a phrase means (which value applies, given its
 * context) is the caller's business: `scan` asks `pick` for each candidate, longest first.
 * Glossary forms (`glossary/matcher.ts`) compile into it; so will flag rules and suggestion forms.
 */

/** A phrase found in a text: `[start, end)` in UTF-16 code units, and what `pick` made of it. */
export interface PhraseMatch<R> {
	start: number;
	end: number;
	value: R;
}

/**
 * Chooses among the values of a phrase found at `[start, end)` of `text`: a result consumes the
 * words, `undefined` lets a shorter phrase (or none) be tried.
 */
export type Pick<T, R> = (
	values: readonly T[],
	text: string,
	start: number,
	end: number
) => R | undefined;

/** Bit set in `PhraseIndex.letters` for code units that are part of a word (`WORD`). */
const WORD_BIT = 0x10000;
/**
 * Bit set in `PhraseIndex.letters` for code units whose folded form is part of a word: the
 * characters of a token (see `PhraseIndex`). Differs from `WORD_BIT` only for ʼ (U+02BC), a
 * letter that folds to `'`.
 */
const TOKEN_BIT = 0x20000;

/** Cells with no node in `check`. */
const FREE = -1;
/** The letter number of a (folded) space, reserved so that runs of spaces can be skipped. */
const SPACE = 1;

/** Bits in the first-token filter: 2^20 bits, 128 KB, stays in cache. */
const FILTER_BITS = 20;

/**
 * Filter bit of a token hash (FNV-1a over letter numbers, `hash.ts`): mixed, so that the top
 * bits depend on every letter.
 */
function filterBit(hash: number): number {
	return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> (32 - FILTER_BITS);
}

/**
 * A trie of every folded phrase, walked from the word starts of a text.
 *
 * Most words start no phrase, and walking the trie is the costly part, so a word is first looked
 * up in a bit filter of the phrases' first tokens (runs of word characters: `lin` in `Lin Hua`,
 * `u` in `U.S.`). A phrase can only start where the text's first token is the phrase's first
 * token, since a phrase ends on a word boundary; a word whose token's bit is clear is skipped
 * after one read of its characters. On the benchmark corpus with 50,000 variants three words
 * in four are skipped so; the rest are names, words that begin some phrase (`the`), and false
 * positives of the filter (about 4% of words).
 *
 * The trie is a double array (Aoe 1989): the child of `node` by letter `a` is the cell
 * `base[node] + a`, present when `check[cell] === node`, so a step is two array reads. Letters
 * are numbered 1..K over the phrases' own alphabet. The hash table of edges this replaces
 * ran at ~35 MB/s with 50,000 variants (a cache miss at nearly every step); see `npm run bench`.
 */
export class PhraseIndex<T> {
	/** Per code unit: the letter number of its folded form (0: in no phrase) | word and token bits. */
	private letters = new Int32Array(0x10000);
	/** Bit `filterBit(hash of first token)` is set for the first token of every phrase. */
	private filter: Int32Array;
	private base: Int32Array;
	private check: Int32Array;
	/** Per cell: 1 + index into `lists` of the values of the phrase ending there, or 0. */
	private ends: Int32Array;
	private lists: T[][] = [];
	private nodes = 0;
	/** Reused by `walk`: candidate match ends of one walk (one per trie level at most). */
	private scratchEnd = new Int32Array(1);
	private scratchList = new Int32Array(1);

	/** `phrases`: each phrase with a value; a phrase added twice keeps both, in order. */
	constructor(phrases: Iterable<readonly [phrase: string, value: T]>) {
		const trie = new BuildTrie<T>();
		for (const [phrase, value] of phrases) trie.add(phrase, value);
		const placed = trie.place();
		this.base = placed.base;
		this.check = placed.check;
		this.ends = placed.ends;
		this.filter = trie.filter;
		this.lists = trie.lists;
		this.nodes = trie.size;
		this.scratchEnd = new Int32Array(trie.depth + 1);
		this.scratchList = new Int32Array(trie.depth + 1);
		for (let c = 0; c < 0x10000; c++) {
			const folded = CHARS[c]! & FOLDED;
			this.letters[c] =
				trie.letterOf[folded]! |
				(CHARS[c]! & WORD ? WORD_BIT : 0) |
				(CHARS[folded]! & WORD ? TOKEN_BIT : 0);
		}
	}

	/** Number of trie nodes, for memory figures. */
	get nodeCount(): number {
		return this.nodes;
	}

	/**
	 * Every match in `text`, left to right. At each word start the longest phrase that ends on a
	 * word boundary and that `pick` accepts wins, and its words are consumed: so `Lu Kang` (a
	 * phrase of its own) shields its `Kang` from a phrase `Kang`.
	 */
	scan<R>(text: string, pick: Pick<T, R>): PhraseMatch<R>[] {
		const matches: PhraseMatch<R>[] = [];
		this.each(text, pick, (start, end, value) => matches.push({ start, end, value }));
		return matches;
	}

	/** `scan`, calling `visit` for each match instead of collecting them (no garbage per match). */
	each<R>(
		text: string,
		pick: Pick<T, R>,
		visit: (start: number, end: number, value: R) => void
	): void {
		const { letters, filter } = this;
		const n = text.length;
		let i = 0;
		while (i < n) {
			let x = letters[text.charCodeAt(i)]!;
			if ((x & WORD_BIT) === 0) {
				i++;
				continue;
			}
			// A word starts at i: hash its first token, and walk only if some phrase starts with it.
			let hash = HASH_SEED;
			let j = i;
			while ((x & TOKEN_BIT) !== 0) {
				hash = hashStep(hash, x & 0xffff);
				x = ++j < n ? letters[text.charCodeAt(j)]! : 0;
			}
			const bit = filterBit(hash);
			const consumed =
				(filter[bit >>> 5]! & (1 << (bit & 31))) !== 0 ? this.walk(text, i, pick, visit) : -1;
			if (consumed > 0) {
				i = consumed;
			} else {
				// No phrase starts here, nor inside this word: skip the rest of it.
				i = j;
				while (i < n && (letters[text.charCodeAt(i)]! & WORD_BIT) !== 0) i++;
			}
		}
	}

	/**
	 * Walks the trie from the word start `i`, remembering every phrase that ends on a boundary,
	 * and records the longest that `pick` accepts. Returns where it ends, or -1.
	 */
	private walk<R>(
		text: string,
		i: number,
		pick: Pick<T, R>,
		visit: (start: number, end: number, value: R) => void
	): number {
		const { letters, base, check, ends, scratchEnd, scratchList } = this;
		const n = text.length;
		let count = 0;
		let node = 0;
		let lastSpace = false;
		for (let j = i; j < n; j++) {
			const x = letters[text.charCodeAt(j)]!;
			const letter = x & 0xffff;
			if (letter === SPACE && lastSpace) continue;
			lastSpace = letter === SPACE;
			const cell = base[node]! + letter;
			if (check[cell] !== node) break;
			node = cell;
			if (ends[node] !== 0) {
				const next = j + 1 < n ? letters[text.charCodeAt(j + 1)]! : 0;
				if ((next & WORD_BIT) === 0 || (x & WORD_BIT) === 0) {
					scratchEnd[count] = j + 1;
					scratchList[count++] = ends[node]! - 1;
				}
			}
		}
		// Longest first; the scratch arrays are read before `pick` could start another walk.
		for (let k = count - 1; k >= 0; k--) {
			const end = scratchEnd[k]!;
			const value = pick(this.lists[scratchList[k]!]!, text, i, end);
			if (value !== undefined) {
				visit(i, end, value);
				return end;
			}
		}
		return -1;
	}
}

/** Fields of a node record in `BuildTrie.nodes`: one record per node keeps a step in one cache line. */
const CHILD = 0;
const SIBLING = 1;
const LABEL = 2;
const LIST = 3;
const WIDE = 4;
const FIELDS = 5;
/** Nodes with this many children look them up in a Map instead of scanning their list. */
const WIDE_CHILDREN = 8;
/** Trie levels placed breadth-first (see `BuildTrie.place`). */
const BREADTH_FIRST_LEVELS = 3;

/**
 * The trie while it is built: first-child / next-sibling lists in one typed array, turned into
 * the double array by `place` once every phrase is in.
 */
class BuildTrie<T> {
	/** Letter number of each folded code unit; 0 for code units in no form. */
	readonly letterOf = new Uint16Array(0x10000);
	/** See `PhraseIndex.filter`. */
	readonly filter = new Int32Array(1 << (FILTER_BITS - 5));
	readonly lists: T[][] = [];
	size = 1;
	/** Length of the longest phrase, in code units. */
	depth = 0;
	letterCount = SPACE;
	private nodes = new Int32Array(1024 * FIELDS);
	/** Scratch for `placeChildren`: the letters of one node's children. */
	private labels = new Int32Array(0);
	/** Children by letter of the nodes that have many (`WIDE` in their record points here). */
	private wide: Map<number, number>[] = [];
	/** The folded phrase being added (see `fold`). */
	private key = new Uint16Array(64);

	constructor() {
		this.letterOf[0x20] = SPACE;
	}

	add(text: string, value: T): void {
		const length = this.fold(text);
		if (length === 0) return;
		this.depth = Math.max(this.depth, length);
		const key = this.key;
		let hash = HASH_SEED;
		// The first token's letters: the key is folded already, so its own word flag decides.
		for (let i = 0; i < length && (CHARS[key[i]!]! & WORD) !== 0; i++) {
			hash = hashStep(hash, this.letter(key[i]!));
		}
		const bit = filterBit(hash);
		this.filter[bit >>> 5]! |= 1 << (bit & 31);
		let node = 0;
		for (let i = 0; i < length; i++) node = this.childOf(node, this.letter(key[i]!));
		const at = node * FIELDS + LIST;
		if (this.nodes[at] === 0) this.nodes[at] = this.lists.push([value]);
		else this.lists[this.nodes[at]! - 1]!.push(value);
	}

	/**
	 * Folds `text` into `key` as `foldKey` does (folded code units, runs of spaces as one, trimmed)
	 * without building strings, which took a sixth of the build; returns its length.
	 */
	private fold(text: string): number {
		let start = 0;
		let end = text.length;
		while (start < end && CHARS[text.charCodeAt(start)]! & WHITESPACE) start++;
		while (end > start && CHARS[text.charCodeAt(end - 1)]! & WHITESPACE) end--;
		if (this.key.length < end - start) this.key = new Uint16Array(end - start);
		let length = 0;
		let lastSpace = false;
		for (let i = start; i < end; i++) {
			const folded = CHARS[text.charCodeAt(i)]! & FOLDED;
			const space = folded === 0x20;
			if (!(space && lastSpace)) this.key[length++] = folded;
			lastSpace = space;
		}
		return length;
	}

	private letter(code: number): number {
		return (this.letterOf[code] ||= ++this.letterCount);
	}

	private childOf(node: number, letter: number): number {
		const nodes = this.nodes;
		const wide = nodes[node * FIELDS + WIDE]!;
		if (wide !== 0) {
			const map = this.wide[wide - 1]!;
			let c = map.get(letter);
			if (c === undefined) map.set(letter, (c = this.newNode(node, letter)));
			return c;
		}
		let count = 0;
		for (let c = nodes[node * FIELDS + CHILD]!; c !== 0; c = nodes[c * FIELDS + SIBLING]!) {
			if (nodes[c * FIELDS + LABEL] === letter) return c;
			count++;
		}
		const c = this.newNode(node, letter);
		// Scanning a long list of siblings at every insert was most of the build's time.
		if (count + 1 === WIDE_CHILDREN) {
			const map = new Map<number, number>();
			for (
				let k = this.nodes[node * FIELDS + CHILD]!;
				k !== 0;
				k = this.nodes[k * FIELDS + SIBLING]!
			) {
				map.set(this.nodes[k * FIELDS + LABEL]!, k);
			}
			this.nodes[node * FIELDS + WIDE] = this.wide.push(map);
		}
		return c;
	}

	private newNode(parent: number, letter: number): number {
		if ((this.size + 1) * FIELDS > this.nodes.length) {
			const grown = new Int32Array(this.nodes.length * 2);
			grown.set(this.nodes);
			this.nodes = grown;
		}
		const c = this.size++;
		this.nodes[c * FIELDS + LABEL] = letter;
		this.nodes[c * FIELDS + SIBLING] = this.nodes[parent * FIELDS + CHILD]!;
		this.nodes[parent * FIELDS + CHILD] = c;
		return c;
	}

	/**
	 * Places the nodes in a double array: each node's children go at the first base where all
	 * their cells are free. The first `BREADTH_FIRST_LEVELS` levels are placed breadth-first, so
	 * the nodes most words reach sit together; deeper subtrees depth-first, which follows the
	 * order nodes were created in and keeps placing from missing the cache at every node.
	 */
	place(): { base: Int32Array; check: Int32Array; ends: Int32Array } {
		// Placing is dense (a few free cells per thousand), so this size rarely has to grow.
		this.labels = new Int32Array(this.letterCount + 1);
		const cells = new Cells(
			this.size + (this.size >> 4) + 2 * this.letterCount + 1,
			this.letterCount
		);
		cells.check[0] = -2; // the root's cell, child of none
		// Triples of (node, its cell, its depth): no table of cells by node is needed.
		const queue = new Int32Array(this.size * 3);
		const stack: number[] = [];
		let tail = 3;
		for (let head = 0; head < tail; head += 3) {
			const node = queue[head]!;
			const cell = queue[head + 1]!;
			const depth = queue[head + 2]!;
			if (depth < BREADTH_FIRST_LEVELS) {
				this.placeChildren(node, cell, cells, (child, at) => {
					queue[tail++] = child;
					queue[tail++] = at;
					queue[tail++] = depth + 1;
				});
				continue;
			}
			stack.push(node, cell);
			while (stack.length > 0) {
				const at = stack.pop()!;
				this.placeChildren(stack.pop()!, at, cells, (child, childCell) =>
					stack.push(child, childCell)
				);
			}
		}
		return cells.trimmed();
	}

	private placeChildren(
		node: number,
		cell: number,
		cells: Cells,
		visit: (child: number, cell: number) => void
	): void {
		const nodes = this.nodes;
		const labels = this.labels;
		let count = 0;
		let low = 0x10000;
		for (let c = nodes[node * FIELDS + CHILD]!; c !== 0; c = nodes[c * FIELDS + SIBLING]!) {
			const label = nodes[c * FIELDS + LABEL]!;
			labels[count++] = label;
			if (label < low) low = label;
		}
		if (count === 0) return;
		const b = cells.findBase(labels, count, low);
		cells.base[cell] = b;
		for (let c = nodes[node * FIELDS + CHILD]!; c !== 0; c = nodes[c * FIELDS + SIBLING]!) {
			const at = b + nodes[c * FIELDS + LABEL]!;
			cells.use(at, cell, nodes[c * FIELDS + LIST]!);
			visit(c, at);
		}
	}
}

/** How often a free cell may fail to fit a node before the search stops trying it. */
const MAX_MISSES = 16;

/** The growing arrays of a double array, and the search for free cells. */
class Cells {
	check: Int32Array;
	base: Int32Array;
	ends: Int32Array;
	/**
	 * A list of cells that may be free, in order: used cells are unlinked when the search meets
	 * them, and so are cells that failed too often, so each search skips what is known to be
	 * full instead of rescanning it (a plain scan made placing quadratic).
	 */
	private next: Int32Array;
	private misses: Uint8Array;
	private head = 1;
	private last = 0;

	constructor(
		size: number,
		private letters: number
	) {
		this.check = new Int32Array(size).fill(FREE);
		this.base = new Int32Array(size);
		this.ends = new Int32Array(size);
		this.next = new Int32Array(size);
		for (let c = 0; c < size; c++) this.next[c] = c + 1;
		this.misses = new Uint8Array(size);
	}

	/** The first base ≥ 1 at which the cell of every one of `labels` is free. */
	findBase(labels: Int32Array, count: number, low: number): number {
		let prev = -1;
		for (let c = this.head; ;) {
			this.ensure(c + this.letters);
			if (this.check[c] === FREE && this.fits(c - low, labels, count)) return c - low;
			if (this.check[c] !== FREE || ++this.misses[c]! > MAX_MISSES) {
				const after = this.next[c]!;
				if (prev < 0) this.head = after;
				else this.next[prev] = after;
				c = after;
			} else {
				prev = c;
				c = this.next[c]!;
			}
		}
	}

	private fits(base: number, labels: Int32Array, count: number): boolean {
		if (base < 1) return false;
		for (let k = 0; k < count; k++) if (this.check[base + labels[k]!] !== FREE) return false;
		return true;
	}

	use(cell: number, parent: number, ends: number): void {
		this.check[cell] = parent;
		this.ends[cell] = ends;
		this.last = Math.max(this.last, cell);
	}

	private ensure(cell: number): void {
		if (cell < this.check.length) return;
		const size = Math.max(this.check.length * 2, cell + 1);
		const widen = (a: Int32Array, fill: number) => {
			const b = new Int32Array(size).fill(fill);
			b.set(a);
			return b;
		};
		this.check = widen(this.check, FREE);
		this.base = widen(this.base, 0);
		this.ends = widen(this.ends, 0);
		const from = this.next.length;
		this.next = widen(this.next, 0);
		for (let c = from; c < size; c++) this.next[c] = c + 1;
		const misses = new Uint8Array(size);
		misses.set(this.misses);
		this.misses = misses;
	}

	/** The arrays cut to the last used cell, plus room for `base + letter` of any letter. */
	trimmed(): { base: Int32Array; check: Int32Array; ends: Int32Array } {
		const length = this.last + this.letters + 1;
		this.ensure(length);
		return {
			base: this.base.slice(0, length),
			check: this.check.slice(0, length),
			ends: this.ends.slice(0, length)
		};
	}
}
