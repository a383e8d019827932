/**
 * The benchmark's workload, generated deterministically from the seed transcripts and the real
 * glossary: nothing is downloaded and every run of the same code yields the same bytes.
 *
 * - Synthetic glossaries: 5 variants per entry, written as YAML in the project's own format and
 *   loaded through the real loader together with the real glossary. Smaller glossaries are
 *   prefixes of the largest, so the names planted in the corpus are in every glossary and each
 *   size finds the same corrections: only the glossary's cost changes between sizes.
 * - Fresh copies (`freshCopier`): copy n of a seed transcript with its vocabulary made new —
 *   names re-garbled (listed garbles, garbles no glossary lists, stand-ins named for the copy)
 *   and ordinary words swapped — so that no cache keyed by a spelling is warm for it. The
 *   archive's transcripts (bench/archive.ts) and the cold corpora (`freshCorpora`) are such
 *   copies.
 * - Repeated corpora (`repeatedCorpora`): the seed paragraphs shuffled over and over, real names
 *   re-garbled from the glossary's own variants: 72 KB of vocabulary repeated, the text of the
 *   `.warm` figures (and of every figure before the cold ones).
 *
 * Both kinds of corpus plant synthetic names, all in mixed case.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { glossaryWords } from '../src/lib/flags/checks';
import { findUnknownNames } from '../src/lib/flags/unknown-names';
import { loadGlossary, type GlossaryFile } from '../src/lib/glossary/load';
import type { GlossaryEntry } from '../src/lib/glossary/types';
import { englishWords } from '../src/lib/server/english';
import { foldKey } from '../src/lib/text/fold';
import { SYLLABLES } from '../src/lib/text/pinyin';
import { prepareText } from '../src/lib/text/prepare';

export const VARIANTS_PER_ENTRY = 5;
/** Synthetic names planted in the corpus come from this many first entries (1,000 variants). */
export const PLANTED_ENTRIES = 200;
/** One word token in this many is replaced by a planted synthetic name. */
const PLANT_EVERY = 60;
/**
 * How a fresh copy varies its seed. Of the mentions of a real name, `standIn` (people only)
 * name the copy's own stand-in for that person and `unlisted` are a garble the glossary does
 * not list; the rest are one of the entry's forms. `swap` of the ordinary words (lowercase
 * English of 4+ letters, no glossary word) are swapped for another such word of the seeds.
 */
export const FRESHNESS = { standIn: 0.2, unlisted: 0.25, swap: 0.5 } as const;

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
			if (words.length > 1) return words.join('');
			return name.length >= 4
				? `${name.slice(0, 3)} ${name[3]!.toUpperCase()}${name.slice(4)}`
				: name;
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

const capitalize = (word: string) => word[0]!.toUpperCase() + word.slice(1);

/**
 * A name made for one copy, of pinyin syllables: `Qiao Zhenming`, or for a lowercase original
 * (a garble such as `tiktok`) lowercase syllables run together, as machine translation leaves
 * a name it does not know.
 */
function standInName(random: () => number, like: string): string {
	const syllable = () => pick(random, SYLLABLES);
	if (like === like.toLowerCase()) return syllable() + syllable() + syllable();
	return `${capitalize(syllable())} ${capitalize(syllable() + (random() < 0.7 ? syllable() : ''))}`;
}

/** What a name found in a text is: the forms of its entry, or a name no glossary knows. */
interface NameOwner {
	id: string;
	forms: string[];
	person: boolean;
	/** A name the glossary does not know (an unknown-name flag of a seed): always stood in. */
	unknown?: boolean;
}

/** How a garbler varies the names it rewrites (see FRESHNESS); all zero: listed forms only. */
export interface NameFreshness {
	standIn: number;
	unlisted: number;
}

/**
 * Rewrites every real name of a text as another of its forms in mixed case; with `fresh`, some
 * as a garble no glossary lists, or (people) as the copy's stand-in, one per entry and copy,
 * kept in `cast`. `unknown` names (no glossary entry) are always stood in. Only entries whose
 * variants apply everywhere are used, so each listed form is a correction to find. Draws from
 * `random` only what it needs: with `fresh` all zero, the draws are those of the first corpus.
 */
export function realNameGarbler(
	real: readonly GlossaryEntry[],
	fresh: NameFreshness = { standIn: 0, unlisted: 0 },
	unknown: readonly string[] = []
): (text: string, random: () => number, cast?: Map<string, string>) => string {
	const owners = new Map<string, NameOwner>();
	for (const entry of real) {
		if (entry.transcripts) continue;
		const plain = entry.variants
			.filter((v) => !v.precededBy && !v.followedBy && !v.notPrecededBy && !v.notFollowedBy)
			.filter((v) => !v.transcripts)
			.map((v) => v.text);
		const owner = {
			id: entry.id,
			forms: [entry.canonical, ...plain],
			person: entry.kind === 'person'
		};
		for (const form of owner.forms) owners.set(form.toLowerCase(), owner);
	}
	for (const name of unknown) {
		if (!owners.has(name.toLowerCase())) {
			owners.set(name.toLowerCase(), {
				id: `?${name}`,
				forms: [name],
				person: true,
				unknown: true
			});
		}
	}
	const alternatives = [...owners.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
	// No `u` flag: with it a big alternation is orders of magnitude slower in V8.
	const pattern = new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'gi');
	const fresher = fresh.standIn + fresh.unlisted > 0;
	return (text, random, cast = new Map()) =>
		text.replace(pattern, (match) => {
			const owner = owners.get(match.toLowerCase());
			if (!owner) return match;
			const draw = owner.unknown || fresher ? random() : 1;
			if (owner.unknown || (owner.person && draw < fresh.standIn)) {
				let name = cast.get(owner.id);
				if (!name) cast.set(owner.id, (name = standInName(random, match)));
				return name;
			}
			const form = pick(random, owner.forms);
			return mixCase(random, draw < fresh.standIn + fresh.unlisted ? garble(random, form) : form);
		});
}

/** Replaces one word token in `PLANT_EVERY` with a planted synthetic variant in mixed case. */
function synthNamePlanter(planted: readonly string[]) {
	return (paragraph: string, random: () => number) =>
		paragraph.replace(/\b[A-Za-z]{3,}\b/g, (token) =>
			random() * PLANT_EVERY < 1 ? mixCase(random, pick(random, planted)) : token
		);
}

/** The PRNG seed of copy n (1-based): copies depend neither on each other nor on how many. */
export function copySeed(n: number): number {
	return Math.imul(n, 0x9e3779b1) ^ 0x18a7c4e5;
}

/** Makes copy n of a seed text: `copy(text, n)`, the same bytes for the same n. */
export type FreshCopy = (text: string, n: number) => string;

/**
 * Copies of the seed transcripts with fresh vocabulary (see FRESHNESS), each drawn from its own
 * PRNG (`copySeed`): words first, then names, so a swap never breaks a name (no word of a
 * glossary form is swapped). The names the unknown-name check flags in the seeds (no glossary
 * entry) get a stand-in in every copy.
 */
export function freshCopier(seeds: readonly string[], real: readonly GlossaryEntry[]): FreshCopy {
	const english = englishWords();
	const known = glossaryWords(real);
	const unknown = new Set<string>();
	const swappable = new Set<string>();
	for (const seed of seeds) {
		const text = prepareText(seed);
		for (const flag of findUnknownNames(text, { english, known })) {
			unknown.add(text.slice(flag.start, flag.end));
		}
		for (const [w] of text.matchAll(/\b[a-z]{4,}\b/g)) {
			if (english.has(w) && !known.has(w)) swappable.add(w);
		}
	}
	const vocabulary = [...swappable].sort();
	const names = realNameGarbler(real, FRESHNESS, [...unknown].sort());
	return (text, n) => {
		const random = rng(copySeed(n));
		const swapped = text.replace(/\b[a-z]{4,}\b/g, (w) =>
			swappable.has(w) && random() < FRESHNESS.swap ? pick(random, vocabulary) : w
		);
		return names(swapped, random);
	};
}

export interface Corpus {
	/** Prepared text (see prepareText) of at least the size asked for, cut at a paragraph end. */
	text: string;
	bytes: number;
}

/** Collects paragraphs into corpora of at least each of `sizes` bytes, each a prefix of the next. */
function corpora(paragraphs: Iterable<string>, sizes: readonly number[]): Corpus[] {
	const wanted = [...sizes].sort((a, b) => a - b);
	const out: string[] = [];
	const made: Corpus[] = [];
	let bytes = 0;
	for (const p of paragraphs) {
		out.push(p);
		bytes += Buffer.byteLength(p);
		while (wanted.length > 0 && bytes >= wanted[0]!) {
			wanted.shift();
			made.push({ text: out.join(''), bytes });
		}
		if (wanted.length === 0) break;
	}
	return made;
}

/** The non-blank lines of a text, prepared, each ending in a line break. */
function paragraphsOf(text: string): string[] {
	return prepareText(text)
		.split('\n')
		.filter((p) => p.trim() !== '')
		.map((p) => p + '\n');
}

/**
 * The cold corpora: fresh copies 1, 2, 3, … of the seeds in turn (copy n of seed (n − 1) mod
 * seeds, the archive's transcript n), blank lines left out, with synthetic names planted (each
 * copy its own PRNG for that too), cut at a paragraph end once each size is reached.
 */
export function freshCorpora(
	seeds: readonly string[],
	copy: FreshCopy,
	planted: readonly SyntheticEntry[],
	sizes: readonly number[]
): Corpus[] {
	const plant = synthNamePlanter(planted.flatMap((e) => e.variants));
	function* paragraphs() {
		for (let n = 1; ; n++) {
			const random = rng(copySeed(n) ^ 0x2545f491);
			for (const p of paragraphsOf(copy(seeds[(n - 1) % seeds.length]!, n))) {
				yield plant(p, random);
			}
		}
	}
	return corpora(paragraphs(), sizes);
}

/**
 * The warm corpora: seed paragraphs shuffled over and over with one PRNG, real names re-garbled
 * as one of their listed forms, synthetic names planted. Its vocabulary is the seeds' 72 KB,
 * repeated: the text of the `.warm` figures.
 */
export function repeatedCorpora(
	seeds: readonly string[],
	real: readonly GlossaryEntry[],
	planted: readonly SyntheticEntry[],
	sizes: readonly number[],
	seed = 8
): Corpus[] {
	const random = rng(seed);
	const lines = seeds.flatMap((s) => paragraphsOf(s).map((p) => p.slice(0, -1)));
	const regarble = realNameGarbler(real);
	const plant = synthNamePlanter(planted.flatMap((e) => e.variants));
	function* paragraphs() {
		for (;;) {
			for (const p of shuffle(random, [...lines])) yield plant(regarble(p, random), random) + '\n';
		}
	}
	return corpora(paragraphs(), sizes);
}

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
