import { foldCode, foldKey, isWordCode, sameSpelling } from './fold';
import type { GlossaryEntry, Variant } from './glossary/types';
import type { Correction } from './types';

/** How far around a match context rules look, in code units. */
const CONTEXT_WINDOW = 120;

/** What a matched glossary form turns into, and when it applies. */
interface Target {
	entry: GlossaryEntry;
	/** The written form (variant text, or the canonical name for casing fixes). */
	form: string;
	isCanonical: boolean;
	precededBy?: RegExp;
	followedBy?: RegExp;
	notPrecededBy?: RegExp;
	notFollowedBy?: RegExp;
	transcripts?: Set<string>;
	/** No context rules and no transcript scope: applies wherever its words are. */
	plain: boolean;
}

export interface MatchOptions {
	/** Slug of the transcript, for entries and variants scoped to some transcripts. */
	transcript?: string;
}

/** Bit set in `CHAR` for code units that are part of a word. */
const WORD_BIT = 0x10000;
/**
 * Folded code unit (low 16 bits) and word flag of every UTF-16 code unit: the hot loop reads
 * one table per character instead of calling `foldCode` and `isWordCode`.
 */
const CHAR = new Int32Array(0x10000);
for (let c = 0; c < 0x10000; c++) CHAR[c] = foldCode(c) | (isWordCode(c) ? WORD_BIT : 0);

/** Cells with no node in `check`. */
const FREE = -1;
/** The letter number of a (folded) space, reserved so that runs of spaces can be skipped. */
const SPACE = 1;

/**
 * A trie of every folded glossary form, walked once over a text from each word start.
 *
 * The trie is a double array (Aoe 1989): the child of `node` by letter `a` is the cell
 * `base[node] + a`, present when `check[cell] === node`, so a step is two array reads. Letters
 * are numbered 1..K over the glossary's own alphabet, and nodes are placed breadth-first, so
 * the few nodes near the root that most words reach sit together in cache. A hash table of
 * edges measured ~2× slower at 50,000 variants (a cache miss per step); a Map per node more.
 */
export class Matcher {
	/** Per code unit: the letter number of its folded form (0: in no form) | word bit. */
	private letters = new Int32Array(0x10000);
	private base: Int32Array;
	private check: Int32Array;
	/** Per cell: 1 + index into `lists` of the forms ending there, or 0. */
	private ends: Int32Array;
	private lists: Target[][] = [];
	private nodes = 0;
	/** Reused by `find`: candidate match ends of one walk (one per trie level at most). */
	private scratchEnd = new Int32Array(1);
	private scratchList = new Int32Array(1);
	readonly entries = new Map<string, GlossaryEntry>();

	constructor(entries: GlossaryEntry[]) {
		const trie = new BuildTrie();
		for (const entry of entries) {
			this.entries.set(entry.id, entry);
			trie.add(entry.canonical, { entry, form: entry.canonical, isCanonical: true, plain: true });
			for (const variant of entry.variants) trie.add(variant.text, targetOf(entry, variant));
		}
		// Conditional targets first: they are the more specific reading of the same words.
		for (const list of trie.lists) list.sort((a, b) => specificity(b) - specificity(a));
		const placed = trie.place();
		this.base = placed.base;
		this.check = placed.check;
		this.ends = placed.ends;
		this.lists = trie.lists;
		this.nodes = trie.size;
		this.scratchEnd = new Int32Array(trie.depth + 1);
		this.scratchList = new Int32Array(trie.depth + 1);
		for (let c = 0; c < 0x10000; c++) {
			this.letters[c] = trie.letterOf[CHAR[c]! & 0xffff]! | (CHAR[c]! & WORD_BIT);
		}
	}

	/** Number of trie nodes, for memory figures. */
	get nodeCount(): number {
		return this.nodes;
	}

	/**
	 * Every correction in `text`, left to right. At each word start the longest glossary form
	 * that ends on a word boundary and whose context rules hold wins; its words are consumed,
	 * so `Lu Kang` (a canonical name, left as it is) shields its `Kang` from the Kovrig variant.
	 */
	find(text: string, options: MatchOptions = {}): Correction[] {
		const corrections: Correction[] = [];
		const { letters, base, check, ends, scratchEnd, scratchList } = this;
		const n = text.length;
		let i = 0;
		while (i < n) {
			const first = letters[text.charCodeAt(i)]!;
			if (first < WORD_BIT) {
				i++;
				continue;
			}
			// A word starts at i: walk the trie, remembering every form that ends on a boundary.
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
					if (next < WORD_BIT || x < WORD_BIT) {
						scratchEnd[count] = j + 1;
						scratchList[count++] = ends[node]! - 1;
					}
				}
			}
			const consumed = this.resolve(text, i, count, options, corrections);
			if (consumed > 0) {
				i = consumed;
			} else {
				// No form starts here: the rest of this word cannot start one either.
				i++;
				while (i < n && letters[text.charCodeAt(i)]! >= WORD_BIT) i++;
			}
		}
		return corrections;
	}

	/** Picks the longest candidate whose rules hold; returns where it ends, or -1. */
	private resolve(
		text: string,
		start: number,
		count: number,
		options: MatchOptions,
		corrections: Correction[]
	): number {
		for (let k = count - 1; k >= 0; k--) {
			const end = this.scratchEnd[k]!;
			const list = this.lists[this.scratchList[k]!]!;
			const target =
				list.length === 1 && list[0]!.plain
					? list[0]
					: list.find((t) => applies(t, text, start, end, options));
			if (!target) continue;
			const original = text.slice(start, end);
			if (!target.isCanonical || !sameSpelling(original, target.entry.canonical)) {
				corrections.push({
					start,
					end,
					original,
					replacement: target.entry.canonical,
					entry: target.entry.id,
					variant: target.form
				});
			}
			return end;
		}
		return -1;
	}
}
/**
 * The trie while it is built: first-child / next-sibling lists in typed arrays, turned into the
 * double array by `place` once every form is in.
 */
class BuildTrie {
	/** Letter number of each folded code unit; 0 for code units in no form. */
	readonly letterOf = new Uint16Array(0x10000);
	readonly lists: Target[][] = [];
	size = 1;
	/** Length of the longest form, in code units. */
	depth = 0;
	private letterCount = SPACE;
	private label = new Uint16Array(1024);
	private child = new Int32Array(1024);
	private sibling = new Int32Array(1024);
	private list = new Int32Array(1024);

	constructor() {
		this.letterOf[0x20] = SPACE;
	}

	add(text: string, target: Target): void {
		const key = foldKey(text);
		if (key === '') return;
		this.depth = Math.max(this.depth, key.length);
		let node = 0;
		for (let i = 0; i < key.length; i++) node = this.childOf(node, this.letter(key.charCodeAt(i)));
		if (this.list[node] === 0) this.list[node] = this.lists.push([target]);
		else this.lists[this.list[node]! - 1]!.push(target);
	}

	private letter(code: number): number {
		return (this.letterOf[code] ||= ++this.letterCount);
	}

	private childOf(node: number, letter: number): number {
		for (let c = this.child[node]!; c !== 0; c = this.sibling[c]!) {
			if (this.label[c] === letter) return c;
		}
		if (this.size === this.label.length) this.grow();
		const c = this.size++;
		this.label[c] = letter;
		this.sibling[c] = this.child[node]!;
		this.child[node] = c;
		return c;
	}

	private grow(): void {
		const widen = <T extends Uint16Array | Int32Array>(a: T, make: (n: number) => T): T => {
			const b = make(a.length * 2);
			b.set(a);
			return b;
		};
		this.label = widen(this.label, (n) => new Uint16Array(n));
		this.child = widen(this.child, (n) => new Int32Array(n));
		this.sibling = widen(this.sibling, (n) => new Int32Array(n));
		this.list = widen(this.list, (n) => new Int32Array(n));
	}

	/**
	 * Places the nodes breadth-first in a double array: each node's children go at the first
	 * base where all their cells are free. Most nodes have one child and take the first free
	 * cell, so placing is linear in practice.
	 */
	place(): { base: Int32Array; check: Int32Array; ends: Int32Array } {
		const letters = this.letterCount;
		let check = new Int32Array(this.size + letters + 1).fill(FREE);
		let base = new Int32Array(check.length);
		let ends = new Int32Array(check.length);
		const ensure = (cell: number) => {
			if (cell < check.length) return;
			let size = check.length * 2;
			while (size <= cell) size *= 2;
			const grown = new Int32Array(size).fill(FREE);
			grown.set(check);
			check = grown;
			const b = new Int32Array(size);
			b.set(base);
			base = b;
			const e = new Int32Array(size);
			e.set(ends);
			ends = e;
		};
		check[0] = -2; // the root's cell, parent of none
		const queue = new Int32Array(this.size);
		const cellOf = new Int32Array(this.size);
		const kids: number[] = [];
		let tail = 1;
		let firstFree = 1;
		let last = 0;
		for (let head = 0; head < tail; head++) {
			const node = queue[head]!;
			kids.length = 0;
			let low = 0x10000;
			for (let c = this.child[node]!; c !== 0; c = this.sibling[c]!) {
				kids.push(c);
				low = Math.min(low, this.label[c]!);
			}
			if (kids.length === 0) continue;
			while (check[firstFree] !== FREE) ensure(++firstFree);
			let b = firstFree - low;
			for (let cell = firstFree; ; ) {
				b = cell - low;
				if (b >= 1 && kids.every((k) => (ensure(b + this.label[k]!), check[b + this.label[k]!] === FREE))) {
					break;
				}
				do ensure(++cell);
				while (check[cell] !== FREE);
			}
			base[cellOf[node]!] = b;
			for (const k of kids) {
				const cell = b + this.label[k]!;
				check[cell] = cellOf[node]!;
				ends[cell] = this.list[k]!;
				cellOf[k] = cell;
				queue[tail++] = k;
				last = Math.max(last, cell);
			}
		}
		// Every `base + letter` the walk can compute stays inside the arrays.
		const length = last + letters + 1;
		ensure(length);
		return {
			base: base.slice(0, length),
			check: check.slice(0, length),
			ends: ends.slice(0, length)
		};
	}
}

function targetOf(entry: GlossaryEntry, variant: Variant): Target {
	const scope = variant.transcripts ?? entry.transcripts;
	return {
		entry,
		form: variant.text,
		isCanonical: false,
		precededBy: variant.precededBy ? new RegExp(`(?:${variant.precededBy})$`, 'iu') : undefined,
		followedBy: variant.followedBy ? new RegExp(`^(?:${variant.followedBy})`, 'iu') : undefined,
		notPrecededBy: variant.notPrecededBy
			? new RegExp(`(?:${variant.notPrecededBy})$`, 'iu')
			: undefined,
		notFollowedBy: variant.notFollowedBy
			? new RegExp(`^(?:${variant.notFollowedBy})`, 'iu')
			: undefined,
		transcripts: scope ? new Set(scope) : undefined,
		plain:
			!scope &&
			!variant.precededBy &&
			!variant.followedBy &&
			!variant.notPrecededBy &&
			!variant.notFollowedBy
	};
}

function specificity(t: Target): number {
	return (
		(t.precededBy || t.followedBy || t.notPrecededBy || t.notFollowedBy ? 2 : 0) +
		(t.transcripts ? 1 : 0)
	);
}

function applies(t: Target, text: string, start: number, end: number, options: MatchOptions) {
	if (t.transcripts && !(options.transcript && t.transcripts.has(options.transcript))) return false;
	if (t.precededBy || t.notPrecededBy) {
		const before = text.slice(Math.max(0, start - CONTEXT_WINDOW), start);
		if (t.precededBy && !t.precededBy.test(before)) return false;
		if (t.notPrecededBy && t.notPrecededBy.test(before)) return false;
	}
	if (t.followedBy || t.notFollowedBy) {
		const after = text.slice(end, end + CONTEXT_WINDOW);
		if (t.followedBy && !t.followedBy.test(after)) return false;
		if (t.notFollowedBy && t.notFollowedBy.test(after)) return false;
	}
	return true;
}
