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
}

export interface MatchOptions {
	/** Slug of the transcript, for entries and variants scoped to some transcripts. */
	transcript?: string;
}

/**
 * A trie of every folded glossary form, walked once over a text from each word start.
 * Edges live in one open-addressing hash table of typed arrays: a Map per node or a Map
 * keyed by `node * 65536 + code` is several times slower and larger at 50,000 variants.
 */
export class Matcher {
	private from = new Int32Array(1024);
	private code = new Uint16Array(1024);
	private to = new Int32Array(1024);
	private mask = 1023;
	private edgeCount = 0;
	private targets: (Target[] | null)[] = [null];
	readonly entries = new Map<string, GlossaryEntry>();

	constructor(entries: GlossaryEntry[]) {
		for (const entry of entries) {
			this.entries.set(entry.id, entry);
			this.add(entry.canonical, { entry, form: entry.canonical, isCanonical: true });
			for (const variant of entry.variants) this.add(variant.text, targetOf(entry, variant));
		}
		// Conditional targets first: they are the more specific reading of the same words.
		for (const list of this.targets) list?.sort((a, b) => specificity(b) - specificity(a));
	}

	/** Number of trie nodes, for memory figures. */
	get nodeCount(): number {
		return this.targets.length;
	}

	private add(text: string, target: Target): void {
		const key = foldKey(text);
		let node = 0;
		for (let i = 0; i < key.length; i++) {
			const c = key.charCodeAt(i);
			let next = this.edge(node, c);
			if (next === 0) {
				next = this.targets.length;
				this.targets.push(null);
				this.insertEdge(node, c, next);
			}
			node = next;
		}
		(this.targets[node] ??= []).push(target);
	}

	private slot(node: number, c: number): number {
		return (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> 0;
	}

	private edge(node: number, c: number): number {
		const { from, code, to, mask } = this;
		for (let h = this.slot(node, c) & mask; ; h = (h + 1) & mask) {
			const t = to[h]!;
			if (t === 0 || (from[h] === node && code[h] === c)) return t;
		}
	}

	private insertEdge(node: number, c: number, next: number): void {
		if ((this.edgeCount + 1) * 2 > this.mask) this.grow();
		const { mask } = this;
		let h = this.slot(node, c) & mask;
		while (this.to[h] !== 0) h = (h + 1) & mask;
		this.from[h] = node;
		this.code[h] = c;
		this.to[h] = next;
		this.edgeCount++;
	}

	private grow(): void {
		const { from, code, to } = this;
		const size = to.length * 2;
		this.from = new Int32Array(size);
		this.code = new Uint16Array(size);
		this.to = new Int32Array(size);
		this.mask = size - 1;
		this.edgeCount = 0;
		for (let h = 0; h < to.length; h++)
			if (to[h] !== 0) this.insertEdge(from[h]!, code[h]!, to[h]!);
	}

	/**
	 * Every correction in `text`, left to right. At each word start the longest glossary form
	 * that ends on a word boundary and whose context rules hold wins; its words are consumed,
	 * so `Lu Kang` (a canonical name, left as it is) shields its `Kang` from the Kovrig variant.
	 */
	find(text: string, options: MatchOptions = {}): Correction[] {
		const corrections: Correction[] = [];
		const ends: number[] = [];
		const nodes: number[] = [];
		const n = text.length;
		let prevWord = false;
		for (let i = 0; i < n; i++) {
			const isWord = isWordCode(text.charCodeAt(i));
			if (!isWord || prevWord) {
				prevWord = isWord;
				continue;
			}
			// Walk the trie from this word start, remembering every form that ends on a boundary.
			ends.length = 0;
			nodes.length = 0;
			let node = 0;
			let lastSpace = false;
			for (let j = i; j < n; j++) {
				const c = foldCode(text.charCodeAt(j));
				if (c === 0x20 && lastSpace) continue;
				lastSpace = c === 0x20;
				node = this.edge(node, c);
				if (node === 0) break;
				if (
					this.targets[node] !== null &&
					(j + 1 === n || !isWordCode(text.charCodeAt(j + 1)) || !isWordCode(text.charCodeAt(j)))
				) {
					ends.push(j + 1);
					nodes.push(node);
				}
			}
			let consumed = -1;
			for (let k = ends.length - 1; k >= 0 && consumed < 0; k--) {
				const end = ends[k]!;
				const target = this.targets[nodes[k]!]!.find((t) => applies(t, text, i, end, options));
				if (!target) continue;
				consumed = end;
				const original = text.slice(i, end);
				if (target.isCanonical && sameSpelling(original, target.entry.canonical)) break;
				corrections.push({
					start: i,
					end,
					original,
					replacement: target.entry.canonical,
					entry: target.entry.id,
					variant: target.form
				});
			}
			if (consumed > 0) {
				i = consumed - 1;
				prevWord = isWordCode(text.charCodeAt(i));
			} else {
				prevWord = true;
			}
		}
		return corrections;
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
		transcripts: scope ? new Set(scope) : undefined
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
