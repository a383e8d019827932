/**
 * The texts and glossaries every phase times its cases on, made once per run (bench/workload.ts
 * generates them): the synthetic glossaries, the cold corpora (fresh vocabulary in every copy)
 * and the warm ones (the seeds' vocabulary repeated), the naive baseline's slice, the dense texts.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GlossaryFile } from '../../src/lib/glossary/load';
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import type { GlossaryEntry } from '../../src/lib/glossary/types';
import {
	FRESHNESS,
	freshCopier,
	freshCorpora,
	loadWithSynthetic,
	PLANTED_ENTRIES,
	readGlossaryFiles,
	repeatedCorpora,
	sliceAtParagraph,
	syntheticEntries,
	variantCount,
	VARIANTS_PER_ENTRY,
	type Corpus,
	type SyntheticEntry
} from '../workload';
import { count, mb, type RunContext } from './phase';

export const READER_SLUG = 'lu-kang-globe-and-mail-interview-2020';
/** The worst case: one garble of the real glossary (→ Meng Wanzhou), over and over. */
export const DENSE_LINE = 'Meng late boat ';
/** The same as many short turns, each its own paragraph in a document. */
export const DENSE_TURNS = 'Lu Kang: Meng late boat.\nWandeshan: Meng late boat?\n';

export type GlossarySize = '1k' | '10k' | '50k';
export const GLOSSARY_SIZES: readonly GlossarySize[] = ['1k', '10k', '50k'];

export interface Workload {
	realFiles: GlossaryFile[];
	/** The real glossary (glossary/), through the real loader. */
	real: GlossaryEntry[];
	realMatcher: GlossaryMatcher;
	synthetic: SyntheticEntry[];
	/** The real glossary plus the first N / 5 synthetic entries. */
	glossaries: Map<GlossarySize, GlossaryEntry[]>;
	matchers: Map<GlossarySize, GlossaryMatcher>;
	seeds: { name: string; text: string }[];
	/** The Lu Kang interview, the reader page's transcript. */
	lukang: string;
	/** Fresh copies of the seeds: no cache has seen their spellings (the targets' figures). */
	cold: { small: Corpus; large: Corpus };
	/** The seeds' paragraphs shuffled over and over: the `.warm` figures. */
	warm: { small: Corpus; large: Corpus };
	/** The first paragraphs of the cold 1 MB corpus, for the naive baseline. */
	slice: string;
	sliceBytes: number;
	dense: Corpus;
	denseTurns: Corpus;
}

async function readSeeds(root: string): Promise<{ name: string; text: string }[]> {
	const dir = path.join(root, 'transcripts');
	const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
	return Promise.all(
		names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') }))
	);
}

/** Share of the word windows of `length` words in `text` that are distinct: how fresh it reads. */
function distinctWindows(text: string, length: number): number {
	const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
	const seen = new Set<string>();
	for (let i = 0; i + length <= words.length; i++) seen.add(words.slice(i, i + length).join(' '));
	return Number((seen.size / Math.max(1, words.length - length + 1)).toFixed(3));
}

export async function makeWorkload(ctx: RunContext): Promise<Workload> {
	const { config, root } = ctx;
	ctx.progress(`workload (${config.mode}): generating glossaries and corpora`);
	const realFiles = await readGlossaryFiles(path.join(root, 'glossary'));
	const real = loadWithSynthetic(realFiles, []);
	const synthetic = syntheticEntries(config.variants['50k'] / VARIANTS_PER_ENTRY);
	const glossaries = new Map(
		GLOSSARY_SIZES.map((size) => [
			size,
			loadWithSynthetic(realFiles, synthetic.slice(0, config.variants[size] / VARIANTS_PER_ENTRY))
		])
	);
	const seeds = await readSeeds(root);
	const seedTexts = seeds.map((s) => s.text);
	const planted = synthetic.slice(0, PLANTED_ENTRIES);
	const sizes = [config.corpus['1mb'], config.corpus['10mb']];
	const [coldSmall, coldLarge] = freshCorpora(
		seedTexts,
		freshCopier(seedTexts, real),
		planted,
		sizes
	);
	const [warmSmall, warmLarge] = repeatedCorpora(seedTexts, real, planted, sizes);
	const slice = sliceAtParagraph(coldSmall!.text, config.naiveSlice);
	const denseText = (unit: string, repeats: number): Corpus => {
		const text = unit.repeat(repeats);
		return { text, bytes: Buffer.byteLength(text) };
	};
	const matchers = new Map([...glossaries].map(([size, g]) => [size, new GlossaryMatcher(g)]));
	const interview = seeds.find((s) => s.name === `${READER_SLUG}.txt`)?.text;
	if (!interview) throw new Error(`no transcripts/${READER_SLUG}.txt`);
	const lukang = config.interviewBytes
		? sliceAtParagraph(interview, config.interviewBytes)
		: interview;
	const w: Workload = {
		realFiles,
		real,
		realMatcher: new GlossaryMatcher(real),
		synthetic,
		glossaries,
		matchers,
		seeds,
		lukang,
		cold: { small: coldSmall!, large: coldLarge! },
		warm: { small: warmSmall!, large: warmLarge! },
		slice,
		sliceBytes: Buffer.byteLength(slice),
		dense: denseText(DENSE_LINE, config.dense.line),
		denseTurns: denseText(DENSE_TURNS, config.dense.turns)
	};

	const size = (c: Corpus) => ({ bytes: c.bytes, chars: c.text.length });
	ctx.workload.corpus = {
		'1mb': size(w.cold.small),
		'10mb': size(w.cold.large),
		'1mb.warm': size(w.warm.small),
		'10mb.warm': size(w.warm.large),
		naiveSlice: { bytes: w.sliceBytes },
		dense: { bytes: w.dense.bytes, repeats: config.dense.line, unit: DENSE_LINE },
		denseTurns: { bytes: w.denseTurns.bytes, repeats: config.dense.turns, unit: DENSE_TURNS },
		// How fresh each reads: the share of its 3- and 4-word windows that are distinct (one
		// real transcript, the 56 KB Lu Kang interview alone: 0.85 and 0.94).
		distinctWindows: {
			'1mb': [distinctWindows(w.cold.small.text, 3), distinctWindows(w.cold.small.text, 4)],
			'1mb.warm': [distinctWindows(w.warm.small.text, 3), distinctWindows(w.warm.small.text, 4)]
		},
		freshness: FRESHNESS
	};
	ctx.workload.glossaries = Object.fromEntries(
		[...glossaries].map(([name, g]) => [
			name,
			{
				entries: g.length,
				variants: variantCount(g),
				trieNodes: matchers.get(name)!.nodeCount,
				correctionsIn1mb: matchers.get(name)!.find(w.cold.small.text).length,
				correctionsIn1mbWarm: matchers.get(name)!.find(w.warm.small.text).length
			}
		])
	);
	ctx.workload.real = { entries: real.length, variants: variantCount(real) };
	ctx.workload.note =
		'each glossary is the real one plus the first N/5 synthetic entries of 5 variants each. Cold corpora (the figures without a suffix): fresh copies 1, 2, 3, … of the seeds (copy n is the archive’s transcript n: of the real names’ mentions 20% (people) name a stand-in made for the copy and 25% are garbles no glossary lists, the rest listed forms in mixed case; half the ordinary words swapped for other words of the seeds), names of the first 200 synthetic entries planted. Warm corpora (.warm): the seed paragraphs shuffled over and over, real names re-garbled from their listed forms, the same names planted; every glossary finds the same corrections in each';
	ctx.workload.seeds = seeds.map((s) => s.name);
	ctx.workload.interview = { slug: READER_SLUG, bytes: Buffer.byteLength(lukang) };

	for (const [name, g] of Object.entries(
		ctx.workload.glossaries as Record<string, { entries: number; variants: number }>
	)) {
		ctx.detail(`glossary ${name}: ${count(g.entries)} entries, ${count(g.variants)} variants`);
	}
	ctx.detail(
		`corpora: cold ${mb(w.cold.small.bytes)} and ${mb(w.cold.large.bytes)}, warm ${mb(w.warm.small.bytes)} and ${mb(w.warm.large.bytes)}; naive slice ${mb(w.sliceBytes)}`
	);
	return w;
}
