/**
 * The benchmark's workload, generated deterministically from the seed transcripts and the real
 * glossary: nothing is downloaded and every run of the same code yields the same bytes.
 *
 * - Synthetic glossaries: 5 variants per entry, written as YAML in the project's own format and
 *   loaded through the real loader together with the real glossary. Smaller glossaries are
 *   prefixes of the largest, so the names planted in the corpus are in every glossary and each
 *   size finds the same corrections: only the glossary's cost changes between sizes.
 * - Corpus: seed paragraphs shuffled with a fixed seed, real names re-garbled from the real
 *   glossary's variants and synthetic names planted, all in mixed case.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { foldKey } from '../src/lib/text/fold';
import { loadGlossary, type GlossaryFile } from '../src/lib/glossary/load';
import type { GlossaryEntry } from '../src/lib/glossary/types';
import { prepareText } from '../src/lib/text/prepare';

export const VARIANTS_PER_ENTRY = 5;
/** Synthetic names planted in the corpus come from this many first entries (1,000 variants). */
export const PLANTED_ENTRIES = 200;
/** One word token in this many is replaced by a planted synthetic name. */
const PLANT_EVERY = 60;

/** mulberry32: a tiny seeded PRNG, so the workload never depends on Math.random. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function pick<T>(random: () => number, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)]!;
}

function shuffle<T>(random: () => number, items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[items[i], items[j]] = [items[j]!, items[i]!];
	}
	return items;
}

// Syllables of invented names. Onsets like `th`, `b`, `s` make names share their first letters
// with common English words, so the trie walk goes as deep at word starts as a real newsroom
// glossary would make it go.
const ONSETS = [
	'b',
	'd',
	'f',
	'g',
	'h',
	'j',
	'k',
	'l',
	'm',
	'n',
	'p',
	'r',
	's',
	't',
	'v',
	'w',
	'z'
];
const CLUSTERS = ['ch', 'sh', 'th', 'zh', 'br', 'tr', 'kr', 'st'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ei', 'ou', 'ao', 'ia'];
const CODAS = ['', '', 'n', 'r', 'l', 's', 'ng', 'th', 'x'];

function syllable(random: () => number): string {
	const onset = random() < 0.25 ? pick(random, CLUSTERS) : pick(random, ONSETS);
	return onset + pick(random, VOWELS) + pick(random, CODAS);
}

function word(random: () => number, syllables: number): string {
	let w = '';
	for (let i = 0; i < syllables; i++) w += syllable(random);
	return w[0]!.toUpperCase() + w.slice(1);
}

/** A garbled form of a name, the ways machine translation garbles them. */
function garble(random: () => number, name: string): string {
	const words = name.split(' ');
	switch (Math.floor(random() * 5)) {
		case 0: // a vowel heard differently
			return name.replace(/[aeiou]/, (v) =>
				pick(
					random,
					VOWELS.filter((o) => o !== v)
				)
			);
		case 1: // family name first
			return [...words].reverse().join(' ');
		case 2: // words run together or split at a syllable
			return words.length > 1
				? words.join('')
				: `${name.slice(0, 3)} ${name[3]!.toUpperCase()}${name.slice(4)}`;
		case 3: // an extra syllable heard
			return `${name} ${word(random, 1)}`;
		default: // a consonant heard differently
			return name.replace(/[bdgklmnprstvz]/, () => pick(random, ONSETS));
	}
}

/** Word sequences a form contains, itself excluded (`a b c` → `a`, `b`, `c`, `a b`, `b c`). */
function innerGrams(key: string): string[] {
	const words = key.split(' ');
	const grams: string[] = [];
	for (let length = 1; length < words.length; length++) {
		for (let i = 0; i + length <= words.length; i++)
			grams.push(words.slice(i, i + length).join(' '));
	}
	return grams;
}

/**
 * Keeps the synthetic forms free of overlaps: no form is another form, or a run of whole words
 * inside one. The engine and the naive one-RegExp-per-variant loop then have one right answer
 * each, and the benchmark can check that they agree.
 */
class FormSet {
	private forms = new Set<string>();
	private grams = new Set<string>();

	tryAdd(form: string): boolean {
		if (form.length < 4 || form.length > 40) return false;
		const key = foldKey(form);
		const inner = innerGrams(key);
		if (this.forms.has(key) || this.grams.has(key) || inner.some((g) => this.forms.has(g))) {
			return false;
		}
		this.forms.add(key);
		for (const g of inner) this.grams.add(g);
		return true;
	}
}

export interface SyntheticEntry {
	id: string;
	canonical: string;
	variants: string[];
}

/** `count` synthetic entries of `VARIANTS_PER_ENTRY` variants each; the same for a given seed. */
export function syntheticEntries(count: number, seed = 8): SyntheticEntry[] {
	const random = rng(seed);
	const forms = new FormSet();
	const entries: SyntheticEntry[] = [];
	while (entries.length < count) {
		const canonical = `${word(random, 1 + Math.floor(random() * 2))} ${word(random, 2)}`;
		if (!forms.tryAdd(canonical)) continue;
		const variants: string[] = [];
		for (let tries = 0; variants.length < VARIANTS_PER_ENTRY && tries < 200; tries++) {
			const variant = garble(
				random,
				tries < 20 ? canonical : pick(random, [canonical, ...variants])
			);
			if (forms.tryAdd(variant)) variants.push(variant);
		}
		// Rare: a name whose garbles all collide. Its forms stay reserved; the name is dropped.
		if (variants.length < VARIANTS_PER_ENTRY) continue;
		entries.push({ id: `synthetic-${entries.length + 1}`, canonical, variants });
	}
	return entries;
}

/** Entries as a glossary file in the project's format (see glossary/*.yaml). */
export function glossaryYaml(entries: readonly SyntheticEntry[]): string {
	const list = entries.map((e) => ({
		id: e.id,
		canonical: e.canonical,
		kind: 'person',
		variants: e.variants
	}));
	return '# Synthetic glossary generated by bench/workload.ts.\n\n' + stringify(list);
}

export async function readGlossaryFiles(dir: string): Promise<GlossaryFile[]> {
	const names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
	return Promise.all(
		names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') }))
	);
}

/** The real glossary's files plus a synthetic file, as the loader reads them. */
export function glossaryFiles(
	real: readonly GlossaryFile[],
	synthetic: readonly SyntheticEntry[]
): GlossaryFile[] {
	const files = [...real];
	if (synthetic.length > 0)
		files.push({ name: 'zz-synthetic.yaml', text: glossaryYaml(synthetic) });
	return files;
}

/** Glossary files through the real loader (YAML parse and validation); any problem is a bug here. */
export function loadFiles(files: GlossaryFile[]): GlossaryEntry[] {
	const { entries, problems } = loadGlossary(files);
	if (problems.length > 0) {
		throw new Error(
			`generated glossary has ${problems.length} problem(s): ${problems[0]!.message}`
		);
	}
	return entries;
}

/** The real glossary plus a synthetic file, through the real loader. */
export function loadWithSynthetic(
	real: GlossaryFile[],
	synthetic: readonly SyntheticEntry[]
): GlossaryEntry[] {
	return loadFiles(glossaryFiles(real, synthetic));
}

export function variantCount(entries: readonly GlossaryEntry[]): number {
	return entries.reduce((n, e) => n + e.variants.length, 0);
}

/** Upper case, lower case, as written, or each letter at random: how garbles arrive. */
function mixCase(random: () => number, text: string): string {
	const style = random();
	if (style < 0.25) return text;
	if (style < 0.5) return text.toLowerCase();
	if (style < 0.7) return text.toUpperCase();
	let out = '';
	for (const ch of text) out += random() < 0.5 ? ch.toLowerCase() : ch.toUpperCase();
	return out;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Rewrites every real name of a paragraph as another of its forms in mixed case. Only entries
 * whose variants apply everywhere are used, so each rewritten name is a correction to find.
 */
export function realNameGarbler(real: readonly GlossaryEntry[], random: () => number) {
	const formsOf = new Map<string, string[]>();
	const owner = new Map<string, string[]>();
	for (const entry of real) {
		if (entry.transcripts) continue;
		const plain = entry.variants
			.filter((v) => !v.precededBy && !v.followedBy && !v.notPrecededBy && !v.notFollowedBy)
			.filter((v) => !v.transcripts)
			.map((v) => v.text);
		const forms = [entry.canonical, ...plain];
		for (const form of forms) owner.set(form.toLowerCase(), forms);
		formsOf.set(entry.id, forms);
	}
	const alternatives = [...owner.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
	// No `u` flag: with it a big alternation is orders of magnitude slower in V8.
	const pattern = new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'gi');
	return (paragraph: string) =>
		paragraph.replace(pattern, (match) => {
			const forms = owner.get(match.toLowerCase());
			return forms ? mixCase(random, pick(random, forms)) : match;
		});
}

/** Replaces one word token in `PLANT_EVERY` with a planted synthetic variant in mixed case. */
function synthNamePlanter(planted: readonly string[], random: () => number) {
	return (paragraph: string) =>
		paragraph.replace(/\b[A-Za-z]{3,}\b/g, (token) =>
			random() * PLANT_EVERY < 1 ? mixCase(random, pick(random, planted)) : token
		);
}

export interface Corpus {
	/** Prepared text (see prepareText) of at least the size asked for, cut at a paragraph end. */
	text: string;
	bytes: number;
}

/**
 * Corpora of at least each of `sizes` UTF-8 bytes; each is a prefix of the next, so the larger
 * text only adds more of the same kind of text.
 */
export function buildCorpora(
	seeds: readonly string[],
	real: readonly GlossaryEntry[],
	planted: readonly SyntheticEntry[],
	sizes: readonly number[],
	seed = 8
): Corpus[] {
	const random = rng(seed);
	const paragraphs = seeds.flatMap((s) =>
		prepareText(s)
			.split('\n')
			.filter((p) => p.trim() !== '')
	);
	const regarble = realNameGarbler(real, random);
	const plant = synthNamePlanter(
		planted.flatMap((e) => e.variants),
		random
	);
	const largest = Math.max(...sizes);
	const out: string[] = [];
	const corpora: Corpus[] = [];
	const wanted = [...sizes].sort((a, b) => a - b);
	let bytes = 0;
	while (bytes < largest) {
		for (const p of shuffle(random, [...paragraphs])) {
			const text = plant(regarble(p)) + '\n';
			out.push(text);
			bytes += Buffer.byteLength(text);
			while (wanted.length > 0 && bytes >= wanted[0]!) {
				wanted.shift();
				corpora.push({ text: out.join(''), bytes });
			}
			if (bytes >= largest) break;
		}
	}
	return corpora;
}

/** The first paragraphs of `text` that make at least `bytes` UTF-8 bytes. */
export function sliceAtParagraph(text: string, bytes: number): string {
	let end = 0;
	let size = 0;
	while (end < text.length && size < bytes) {
		const next = text.indexOf('\n', end);
		const stop = next < 0 ? text.length : next + 1;
		size += Buffer.byteLength(text.slice(end, stop));
		end = stop;
	}
	return text.slice(0, end);
}

/**
 * The corpus as pure ASCII (typographic quotes and dashes made plain, other characters `?`),
 * re-encoded so that V8 stores it as a one-byte string.
 */
export function toOneByte(corpus: Corpus): Corpus {
	const ascii = corpus.text
		.replace(/[’‘]/g, "'")
		.replace(/[“”]/g, '"')
		.replace(/[–—]/g, '-')
		.replace(/[^\x00-\x7f]/g, '?');
	const text = Buffer.from(ascii, 'latin1').toString('latin1');
	return { text, bytes: text.length };
}
