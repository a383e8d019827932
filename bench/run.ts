/**
 * `npm run bench [-- --quick] [-- --out FILE] [-- --no-build] [-- --only archive]`: the engine's
 * figures side by side with their baselines, all from one run, printed as a table and written
 * as JSON (`bench/results.json`, or `bench/results.quick.json` with `--quick`).
 *
 * --quick     tiny workload and few runs, to check that the benchmark works (the unit test).
 *             The figure names stay the same; `workload` in the JSON gives the real sizes.
 * --out FILE  where to write the JSON.
 * --no-build  use the existing `build/` instead of running `vite build` first (full run), and
 *             the existing floor app build (bench/floor/build/) if there is one.
 * --only archive
 *             the archive figures only (bench/archive.ts, bench/archive-web.ts), with the
 *             workload and engine.50k.10mb they are compared with; the other figures are left
 *             out, and the JSON goes to the system's temp folder unless --out says otherwise.
 *
 * The full run builds the app and the floor app (bench/floor/); quick mode builds neither and
 * skips what it cannot measure without them, saying so under `absent`.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildDocument, speakerLookup } from '../src/lib/document/mark';
import type { GlossaryEntry } from '../src/lib/glossary/types';
import { GlossaryMatcher } from '../src/lib/glossary/matcher';
import { parseTranscript } from '../src/lib/document/parse';
import { prepareText } from '../src/lib/text/prepare';
import { memoryOf, sink, summarize, throughput, timeInterleaved, type Figure } from './measure';
import { checkAgainstDocument, flagAll, flagWorkload, loadChecker, normalizeAll } from './flags';
import { makeSuggester, suggestAll, suggesterMemory, suggesterStartup } from './suggest';
import { checkAgainstNaive, engineNormalize, naiveNormalize, naiveRules } from './naive';
import { formatTable, TARGETS, type Results } from './report';
import { buildFloor, FLOOR_DIR, hasBuild, hasFloorBuild, measureWeb } from './web';
import { archiveDir, generateArchive, measureIndex } from './archive';
import { measureArchiveWeb } from './archive-web';
import {
	buildCorpora,
	glossaryFiles,
	loadFiles,
	loadWithSynthetic,
	PLANTED_ENTRIES,
	readGlossaryFiles,
	sliceAtParagraph,
	syntheticEntries,
	toOneByte,
	variantCount,
	VARIANTS_PER_ENTRY
} from './workload';

const ROOT = path.resolve(import.meta.dirname, '..');
const READER_SLUG = 'lu-kang-globe-and-mail-interview-2020';
/** The worst case: one garble of the real glossary (→ Meng Wanzhou), over and over. */
const DENSE_LINE = 'Meng late boat ';
/** The same as many short turns, each its own paragraph in a document. */
const DENSE_TURNS = 'Lu Kang: Meng late boat.\nWandeshan: Meng late boat?\n';

interface Config {
	mode: 'full' | 'quick';
	/** Synthetic variants of the glossaries named 1k, 10k and 50k. */
	variants: { '1k': number; '10k': number; '50k': number };
	/** Corpus sizes named 1mb and 10mb, in UTF-8 bytes. */
	corpus: { '1mb': number; '10mb': number };
	/** The naive baseline runs on a slice this big and is reported per MB. */
	naiveSlice: number;
	/** Repeats of DENSE_LINE and of DENSE_TURNS in the dense texts. */
	dense: { line: number; turns: number };
	runs: number;
	naiveRuns: number;
	warmup: number;
	minRunMs: number;
	web: { rounds: number; requestsPerRound: number; warmup: number; longWarmup: number };
	archive: {
		/** Transcripts in the generated archive. */
		count: number;
		indexRuns: number;
		/** Workers of indexArchive: both cores of the development machine. */
		workers: number;
		/** DOCUMENT_CACHE_MB of the archive server (`cache.limit`). */
		cacheMb: number;
		/** Server starts timed for `archive.start`. */
		starts: number;
		rounds: number;
		requestsPerRound: number;
		warmup: number;
		/** Reader pages of random transcripts read before `server.memory.browse`. */
		browse: number;
		settleMs: number;
	};
}

const FULL: Config = {
	mode: 'full',
	variants: { '1k': 1_000, '10k': 10_000, '50k': 50_000 },
	corpus: { '1mb': 1_000_000, '10mb': 10_000_000 },
	naiveSlice: 32_768,
	dense: { line: 100_000, turns: 30_000 },
	runs: 7,
	naiveRuns: 5,
	warmup: 3,
	minRunMs: 50,
	web: { rounds: 5, requestsPerRound: 200, warmup: 30, longWarmup: 2000 },
	archive: {
		count: 10_000,
		indexRuns: 3,
		workers: 2,
		cacheMb: 64,
		starts: 3,
		rounds: 5,
		requestsPerRound: 40,
		warmup: 10,
		browse: 200,
		settleMs: 2000
	}
};

const QUICK: Config = {
	mode: 'quick',
	variants: { '1k': 1_000, '10k': 2_000, '50k': 5_000 },
	corpus: { '1mb': 64_000, '10mb': 640_000 },
	naiveSlice: 4_096,
	dense: { line: 4_000, turns: 1_200 },
	runs: 3,
	naiveRuns: 3,
	warmup: 1,
	minRunMs: 5,
	web: { rounds: 3, requestsPerRound: 20, warmup: 5, longWarmup: 10 },
	archive: {
		count: 200,
		indexRuns: 1,
		workers: 2,
		cacheMb: 64,
		starts: 1,
		rounds: 3,
		requestsPerRound: 10,
		warmup: 3,
		browse: 20,
		settleMs: 500
	}
};

/** Figures and ratios of the archive (issue #18); `--only archive` measures just these. */
const ARCHIVE_WEB = [
	'archive.start',
	'library.p50.10k',
	'library.p50.5',
	'mentions.p50',
	'fts.p50',
	'server.memory.start',
	'server.memory.browse',
	'cache.limit',
	'library_scaling',
	'mentions_vs_library',
	'fts_vs_library',
	'memory_growth'
];
const ARCHIVE_NAMES = ['archive.index', 'index_vs_normalize', 'engine.50k.10mb', ...ARCHIVE_WEB];

/** Steps of a whole run; `--only archive` takes 5 of them. */
let steps = 12;
const started = Date.now();
let step = 0;

function progress(text: string): void {
	const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
	console.log(`[${++step}/${steps}] ${seconds} s  ${text}`);
}

function detail(text: string): void {
	console.log(`               ${text}`);
}

function parseArgs(argv: string[]): {
	config: Config;
	out: string;
	build: boolean;
	floorIfMissing: boolean;
	only?: 'archive';
} {
	const quick = argv.includes('--quick');
	const valueOf = (flag: string) => {
		const at = argv.indexOf(flag);
		return at >= 0 ? argv[at + 1] : undefined;
	};
	const at = argv.indexOf('--out');
	const out = at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1]!) : undefined;
	const onlyValue = valueOf('--only');
	if (argv.includes('--only') && onlyValue !== 'archive') throw new Error('--only takes: archive');
	const only = onlyValue === 'archive' ? onlyValue : undefined;
	const unknown = argv.filter(
		(a, i) =>
			!['--quick', '--out', '--no-build', '--only'].includes(a) &&
			!['--out', '--only'].includes(argv[i - 1]!)
	);
	if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')}`);
	const defaultOut = only
		? path.join(os.tmpdir(), `transcript-reader-bench-${only}${quick ? '.quick' : ''}.json`)
		: path.join(ROOT, 'bench', quick ? 'results.quick.json' : 'results.json');
	return {
		config: quick ? QUICK : FULL,
		out: out ?? defaultOut,
		build: !quick && !argv.includes('--no-build'),
		floorIfMissing: !quick && !only,
		only
	};
}

async function readSeeds(): Promise<{ name: string; text: string }[]> {
	const dir = path.join(ROOT, 'transcripts');
	const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
	return Promise.all(
		names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') }))
	);
}

async function main(): Promise<void> {
	const { config, out, build, floorIfMissing, only } = parseArgs(process.argv.slice(2));
	if (only) steps = 5;
	const figures: Record<string, Figure> = {};
	const absent: Record<string, string> = {};
	const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

	progress(`workload (${config.mode}): generating glossaries and corpora`);
	const realFiles = await readGlossaryFiles(path.join(ROOT, 'glossary'));
	const real = loadWithSynthetic(realFiles, []);
	const synthetic = syntheticEntries(config.variants['50k'] / VARIANTS_PER_ENTRY);
	const glossaries = new Map<string, GlossaryEntry[]>();
	for (const [name, variants] of Object.entries(config.variants)) {
		glossaries.set(
			name,
			loadWithSynthetic(realFiles, synthetic.slice(0, variants / VARIANTS_PER_ENTRY))
		);
	}
	const seeds = await readSeeds();
	const [small, large] = buildCorpora(
		seeds.map((s) => s.text),
		real,
		synthetic.slice(0, PLANTED_ENTRIES),
		[config.corpus['1mb'], config.corpus['10mb']]
	);
	const slice = sliceAtParagraph(small!.text, config.naiveSlice);
	const sliceBytes = Buffer.byteLength(slice);
	const denseText = (unit: string, repeats: number) => {
		const text = unit.repeat(repeats);
		return { text, bytes: Buffer.byteLength(text) };
	};
	const dense = denseText(DENSE_LINE, config.dense.line);
	const denseTurns = denseText(DENSE_TURNS, config.dense.turns);
	const matchers = new Map([...glossaries].map(([name, g]) => [name, new GlossaryMatcher(g)]));
	const workload = {
		corpus: {
			'1mb': { bytes: small!.bytes, chars: small!.text.length },
			'10mb': { bytes: large!.bytes, chars: large!.text.length },
			naiveSlice: { bytes: sliceBytes },
			dense: { bytes: dense.bytes, repeats: config.dense.line, unit: DENSE_LINE },
			denseTurns: { bytes: denseTurns.bytes, repeats: config.dense.turns, unit: DENSE_TURNS }
		},
		glossaries: Object.fromEntries(
			[...glossaries].map(([name, g]) => [
				name,
				{
					entries: g.length,
					variants: variantCount(g),
					trieNodes: matchers.get(name)!.nodeCount,
					correctionsIn1mb: matchers.get(name)!.find(small!.text).length
				}
			])
		),
		real: { entries: real.length, variants: variantCount(real) },
		note: 'each glossary is the real one plus the first N/5 synthetic entries of 5 variants each; the corpus plants names from the first 200 synthetic entries and re-garbles the real names, so every glossary finds the same corrections',
		seeds: seeds.map((s) => s.name)
	};
	for (const [name, g] of Object.entries(workload.glossaries)) {
		detail(
			`glossary ${name}: ${g.entries.toLocaleString('en')} entries, ${g.variants.toLocaleString('en')} variants, ${g.correctionsIn1mb.toLocaleString('en')} corrections in the 1 MB corpus`
		);
	}
	detail(`corpus: ${mb(small!.bytes)} and ${mb(large!.bytes)}; naive slice ${mb(sliceBytes)}`);

	if (!only) {
		progress('correctness: engine and naive baseline agree (synthetic 50k glossary, no overlaps)');
		const syntheticOnly = loadWithSynthetic([], synthetic);
		const checked = checkAgainstNaive(new GlossaryMatcher(syntheticOnly), syntheticOnly, slice);
		detail(`same normalized text, ${checked} corrections`);
		const denseFound = engineNormalize(matchers.get('50k')!, dense.text);
		if (denseFound.corrections !== config.dense.line || denseFound.normalized.includes('boat')) {
			throw new Error(
				`the dense text should have ${config.dense.line} corrections, one per ${JSON.stringify(DENSE_LINE)}; found ${denseFound.corrections}`
			);
		}
		detail(
			`dense text: ${denseFound.corrections.toLocaleString('en')} corrections, one per garble`
		);
	}

	progress('baselines and engine throughput on the same texts (interleaved rounds)');
	const m50k = matchers.get('50k')!;
	const oneByte = toOneByte(small!);
	const cases = [
		{
			name: 'baseline.indexOf',
			text: small!,
			run: () => (sink.value += small!.text.indexOf('\u0001zq#'))
		},
		{
			name: 'baseline.toLowerCase',
			text: small!,
			run: () => (sink.value += small!.text.toLowerCase().length)
		},
		...(['1k', '10k', '50k'] as const).map((g) => ({
			name: `engine.${g}.1mb`,
			text: small!,
			run: () => (sink.value += engineNormalize(matchers.get(g)!, small!.text).corrections)
		})),
		{
			name: 'engine.50k.10mb',
			text: large!,
			run: () => (sink.value += engineNormalize(m50k, large!.text).corrections)
		},
		// V8 keeps the corpus as a two-byte string (it has ’ and CJK characters), where
		// toLowerCase is slower than on one-byte text; these two show the one-byte case too.
		{
			name: 'baseline.toLowerCase.onebyte',
			text: oneByte,
			run: () => (sink.value += oneByte.text.toLowerCase().length)
		},
		{
			name: 'engine.50k.1mb.onebyte',
			text: oneByte,
			run: () => (sink.value += engineNormalize(m50k, oneByte.text).corrections)
		},
		// The worst case: a correction every 15 bytes, through the same path as engine.*.
		{
			name: 'normalize.dense',
			text: dense,
			run: () => (sink.value += engineNormalize(m50k, dense.text).corrections),
			note: `the engine's path of engine.* (find every correction, build the normalized text) with the 50k glossary, on ${JSON.stringify(DENSE_LINE)} × ${config.dense.line.toLocaleString('en')}: one correction (→ Meng Wanzhou) every ${DENSE_LINE.length} bytes`
		},
		{
			name: 'normalize.dense.turns',
			text: denseTurns,
			run: () => (sink.value += engineNormalize(m50k, denseTurns.text).corrections),
			note: `as normalize.dense, on ${JSON.stringify(DENSE_TURNS)} × ${config.dense.turns.toLocaleString('en')}`
		},
		{
			name: 'document.dense.turns',
			text: denseTurns,
			run: () => (sink.value += documentCorrections(denseTurns.text, m50k)),
			note: `the text of normalize.dense.turns through buildDocument (parse, then normalize each of its ${(config.dense.turns * 2).toLocaleString('en')} one-line turns), 50k glossary`
		}
	];
	// --only archive: the one figure the archive's indexing is compared with.
	const timed = only ? cases.filter((c) => c.name === 'engine.50k.10mb') : cases;
	const times = timeInterleaved(timed, config);
	for (const c of timed) {
		figures[c.name] = summarize(
			throughput(c.text.bytes, times.get(c.name)!),
			'MB/s',
			'note' in c ? c.note : undefined
		);
		detail(`${c.name}: ${figures[c.name]!.median.toFixed(1)} MB/s`);
	}
	const finishing = {
		config,
		out,
		figures,
		absent,
		smallBytes: small!.bytes,
		largeBytes: large!.bytes,
		only
	};
	if (only) {
		const { buildError } = buildApps(config, build, false);
		const archive = await archiveSteps(config, figures, absent, buildError, real);
		return finish({ ...finishing, workload: { ...workload, archive } });
	}

	progress(
		`naive baseline: one RegExp replace per variant, ${config.variants['50k'].toLocaleString('en')} variants`
	);
	const rules = naiveRules(glossaries.get('50k')!);
	const naiveTimes = timeInterleaved(
		[
			{ name: 'naive', run: () => (sink.value += naiveNormalize(slice, rules).length) },
			{ name: 'engine', run: () => (sink.value += engineNormalize(m50k, slice).corrections) }
		],
		{ runs: config.naiveRuns, warmup: 1, minRunMs: config.minRunMs }
	);
	figures['naive.50k'] = summarize(
		throughput(sliceBytes, naiveTimes.get('naive')!),
		'MB/s',
		`${rules.length.toLocaleString('en')} RegExps (flags gi, compiled beforehand) over a ${sliceBytes.toLocaleString('en')}-byte slice; per MB, as it is linear in text`
	);
	figures['engine.50k.slice'] = summarize(
		throughput(sliceBytes, naiveTimes.get('engine')!),
		'MB/s',
		"the engine on the naive baseline's slice"
	);
	detail(`naive.50k: ${figures['naive.50k'].median.toPrecision(3)} MB/s`);

	progress(
		`compile: building the matcher from ${config.variants['50k'].toLocaleString('en')} variants, next to loading them`
	);
	const g50k = glossaries.get('50k')!;
	const files50k = glossaryFiles(
		realFiles,
		synthetic.slice(0, config.variants['50k'] / VARIANTS_PER_ENTRY)
	);
	const compile = timeInterleaved(
		[
			{ name: 'compile', run: () => (sink.value += new GlossaryMatcher(g50k).nodeCount) },
			{ name: 'load', run: () => (sink.value += loadFiles(files50k).length) }
		],
		{ runs: config.runs, warmup: config.mode === 'quick' ? 1 : 2, minRunMs: 0 }
	);
	figures['compile.50k'] = summarize(
		compile.get('compile')!,
		'ms',
		'new GlossaryMatcher(entries) for the 50k glossary (synthetic plus real), entries already loaded'
	);
	figures['load.50k'] = summarize(
		compile.get('load')!,
		'ms',
		`loadGlossary (YAML parse and validation) of the same glossary: the real files plus one synthetic file of ${(files50k.at(-1)!.text.length / 1e6).toFixed(2)} MB, text already read`
	);
	figures['matcher.memory.50k'] = summarize(
		await memoryOf(() => new GlossaryMatcher(g50k), 5),
		'MB',
		'heap used + external (typed arrays) after minus before, after a full GC'
	);
	detail(
		`compile ${figures['compile.50k'].median.toFixed(1)} ms, load ${figures['load.50k'].median.toFixed(1)} ms, ${figures['matcher.memory.50k'].median.toFixed(1)} MB`
	);

	progress('parse: the Lu Kang interview and the large corpus');
	const lukang = seeds.find((s) => s.name === `${READER_SLUG}.txt`)!.text;
	const realMatcher = new GlossaryMatcher(real);
	const lookup = speakerLookup(real);
	const parseTimes = timeInterleaved(
		[
			{
				name: 'lukang',
				run: () => (sink.value += parseTranscript(prepareText(lukang), lookup).blocks.length)
			},
			{
				name: 'corpus',
				run: () => (sink.value += parseTranscript(prepareText(large!.text), lookup).blocks.length)
			},
			{
				name: 'document',
				run: () => (sink.value += documentCorrections(lukang, realMatcher, READER_SLUG))
			}
		],
		config
	);
	const micro = (ms: number[]) => ms.map((t) => t * 1000);
	figures['parse.lukang'] = summarize(
		micro(parseTimes.get('lukang')!),
		'µs',
		'prepareText + parseTranscript of the 56 KB interview'
	);
	figures['parse.corpus'] = summarize(throughput(large!.bytes, parseTimes.get('corpus')!), 'MB/s');
	figures['document.lukang'] = summarize(
		micro(parseTimes.get('document')!),
		'µs',
		'buildDocument: parse and normalize every paragraph, real glossary'
	);
	detail(
		`parse ${figures['parse.lukang'].median.toFixed(0)} µs, ${figures['parse.corpus'].median.toFixed(1)} MB/s`
	);

	progress('flags: every flag check per paragraph, next to normalizing the same paragraphs');
	const rulesDir = path.join(ROOT, 'rules');
	const { checker, rules: ruleCount, files: ruleFiles } = await loadChecker(rulesDir, real);
	// Parsed and matched once, outside the timing: each paragraph with its corrections.
	const lukangFlags = flagWorkload(lukang, realMatcher, READER_SLUG);
	const corpusFlags = flagWorkload(large!.text, realMatcher);
	const flagCounts = {
		lukang: checkAgainstDocument(lukang, realMatcher, checker, lukangFlags),
		'10mb': flagAll(checker, corpusFlags)
	};
	const flagTimes = timeInterleaved(
		[
			{ name: 'flags.lukang', run: () => (sink.value += flagAll(checker, lukangFlags)) },
			{
				name: 'normalize.lukang',
				run: () => (sink.value += normalizeAll(realMatcher, lukangFlags))
			},
			{ name: 'flags.10mb', run: () => (sink.value += flagAll(checker, corpusFlags)) },
			{
				name: 'normalize.10mb',
				run: () => (sink.value += normalizeAll(realMatcher, corpusFlags))
			}
		],
		config
	);
	figures['flags.lukang'] = summarize(
		micro(flagTimes.get('flags.lukang')!),
		'µs',
		`checker.flags(raw, offset, corrections) over the ${lukangFlags.paragraphs.length} paragraphs of the interview (${flagCounts.lukang} flags; ${ruleCount} rules of rules/ plus the repeated-word check), parsed and matched beforehand, real glossary`
	);
	figures['normalize.lukang'] = summarize(
		micro(flagTimes.get('normalize.lukang')!),
		'µs',
		'matcher.find + applyCorrections over the same paragraphs, real glossary, timed in the same rounds as flags.lukang'
	);
	figures['flags.10mb'] = summarize(
		throughput(large!.bytes, flagTimes.get('flags.10mb')!),
		'MB/s',
		`flags.lukang's loop over the ${corpusFlags.paragraphs.length.toLocaleString('en')} paragraphs of the 10 MB corpus (${flagCounts['10mb'].toLocaleString('en')} flags), each with its corrections from the real glossary; per byte of the corpus`
	);
	figures['normalize.10mb'] = summarize(
		throughput(large!.bytes, flagTimes.get('normalize.10mb')!),
		'MB/s',
		'matcher.find + applyCorrections over the same paragraphs, real glossary, timed in the same rounds as flags.10mb'
	);
	detail(
		`flags: ${ruleCount} rules (${ruleFiles.join(', ')}); ${flagCounts.lukang} flags in the interview, ${flagCounts['10mb'].toLocaleString('en')} in the 10 MB corpus`
	);
	detail(
		`flags ${figures['flags.lukang'].median.toFixed(0)} µs (normalize ${figures['normalize.lukang'].median.toFixed(0)} µs), ${figures['flags.10mb'].median.toFixed(1)} MB/s (normalize ${figures['normalize.10mb'].median.toFixed(1)} MB/s)`
	);
	const flagsWorkload = {
		rules: ruleCount,
		lukang: {
			paragraphs: lukangFlags.paragraphs.length,
			bytes: lukangFlags.bytes,
			corrections: lukangFlags.corrections,
			flags: flagCounts.lukang
		},
		'10mb': {
			paragraphs: corpusFlags.paragraphs.length,
			bytes: corpusFlags.bytes,
			corrections: corpusFlags.corrections,
			flags: flagCounts['10mb']
		},
		note: "paragraphs as markDocument parses them (labels left out), corrections from the real glossary; bytes are the paragraphs' own"
	};

	progress('suggest: the suggester per paragraph, next to normalizing the same paragraphs');
	const suggester = makeSuggester(real);
	const corpus1mb = flagWorkload(small!.text, realMatcher);
	const suggestTimes = timeInterleaved(
		[
			{ name: 'suggest.lukang', run: () => (sink.value += suggestAll(suggester, lukangFlags)) },
			{ name: 'suggest.1mb', run: () => (sink.value += suggestAll(suggester, corpus1mb)) },
			{
				name: 'normalize.1mb',
				run: () => (sink.value += normalizeAll(realMatcher, corpus1mb))
			}
		],
		config
	);
	figures['suggest.lukang'] = summarize(
		suggestTimes.get('suggest.lukang')!,
		'ms',
		`suggester.find(raw, { offset, transcript, corrections }) over the ${lukangFlags.paragraphs.length} paragraphs of the interview, after warm-up, real glossary`
	);
	figures['suggest.1mb'] = summarize(
		throughput(small!.bytes, suggestTimes.get('suggest.1mb')!),
		'MB/s',
		`the same loop over the ${corpus1mb.paragraphs.length.toLocaleString('en')} paragraphs of the 1 MB corpus; per byte of the corpus`
	);
	figures['normalize.1mb'] = summarize(
		throughput(small!.bytes, suggestTimes.get('normalize.1mb')!),
		'MB/s',
		'matcher.find + applyCorrections over the same paragraphs, timed in the same rounds as suggest.1mb'
	);
	figures['suggest.memory'] = summarize(
		await suggesterMemory(real, corpus1mb, 3),
		'MB',
		'heap used + external after minus before, after a full GC: the suggester for the real glossary, its caches filled by the 1 MB corpus'
	);
	figures['suggest.startup'] = summarize(
		suggesterStartup(ROOT, real, config.mode === 'quick' ? 2 : 5),
		'ms',
		'read and parse the CC-CEDICT subset, index it, build the suggester for the real glossary: fresh objects each time'
	);
	detail(
		`suggest ${figures['suggest.lukang'].median.toFixed(1)} ms, ${figures['suggest.1mb'].median.toFixed(2)} MB/s (normalize ${figures['normalize.1mb'].median.toFixed(1)} MB/s), ${figures['suggest.memory'].median.toFixed(1)} MB, start-up ${figures['suggest.startup'].median.toFixed(0)} ms`
	);

	const { buildError, floorError } = buildApps(config, build, floorIfMissing);

	progress(`reader page: server render and client JavaScript of /t/${READER_SLUG}`);
	const floorNames = ['ssr.floor.p50', 'ssr.floor.p95', 'ssr.floor.p50.long', 'html.floor'];
	const webNames = [
		'ssr.reader.p50',
		'ssr.reader.p95',
		'ssr.plain.p50',
		'ssr.plain.p95',
		'ssr.reader.p50.long',
		'ssr.plain.p50.long',
		'js.reader.gzip',
		'js.smallest.gzip',
		...floorNames
	];
	if (buildError || !hasBuild(ROOT)) {
		const reason =
			buildError ??
			`no build/ (run \`npx vite build\`)${config.mode === 'quick' ? '; skipped in quick mode' : ''}`;
		for (const name of webNames) absent[name] = reason;
		detail(`skipped: ${reason}`);
	} else {
		try {
			const web = await measureWeb({
				root: ROOT,
				page: `/t/${READER_SLUG}`,
				...config.web,
				floor: floorError ? undefined : FLOOR_DIR,
				log: detail
			});
			Object.assign(figures, web.figures);
			if (floorError) {
				for (const name of floorNames) absent[name] = floorError;
				detail(`floor skipped: ${floorError}`);
			}
			for (const p of web.pages)
				detail(
					`JS of ${p.path}: ${(p.gzipBytes / 1000).toFixed(1)} KB gzip in ${p.scripts} scripts`
				);
		} catch (error) {
			const reason = `reader page not measured: ${(error as Error).message}`;
			for (const name of webNames) absent[name] = reason;
			detail(reason);
		}
	}

	const archive = await archiveSteps(config, figures, absent, buildError, real);
	await finish({ ...finishing, workload: { ...workload, flags: flagsWorkload, archive } });
}

/**
 * The production builds: the app (`vite build`) when `build`, and the floor app when `build`
 * or when `floor` and it is missing. Says what failed, or what is missing.
 */
function buildApps(
	config: Config,
	build: boolean,
	floor: boolean
): { buildError?: string; floorError?: string } {
	progress(
		!floor
			? build
				? 'production build: the app (vite build)'
				: 'production build: using the existing build/'
			: build
				? 'production builds: the app and the floor app (vite build)'
				: 'production builds: using the existing build/ and bench/floor/build/'
	);
	let buildError: string | undefined;
	let floorError: string | undefined;
	if (build) {
		try {
			execFileSync(
				process.execPath,
				[path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
				{ cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 }
			);
		} catch (error) {
			buildError = `vite build failed: ${String((error as { stderr?: Buffer }).stderr ?? error).slice(-500)}`;
		}
	}
	if (floor && (build || !hasFloorBuild())) {
		try {
			buildFloor(ROOT);
			detail('floor app built into bench/floor/build/');
		} catch (error) {
			floorError = `floor app build failed: ${String((error as { stderr?: Buffer }).stderr ?? error).slice(-500)}`;
		}
	}
	floorError ??= hasFloorBuild()
		? undefined
		: `no bench/floor/build/ (\`npm run bench\` builds it)${config.mode === 'quick' ? '; skipped in quick mode' : ''}`;
	return { buildError, floorError };
}

/** The archive's figures (issue #18): generate or reuse it, index it, then its servers. */
async function archiveSteps(
	config: Config,
	figures: Record<string, Figure>,
	absent: Record<string, string>,
	buildError: string | undefined,
	real: readonly GlossaryEntry[]
): Promise<unknown> {
	const a = config.archive;
	progress(
		`archive: ${a.count.toLocaleString('en')} transcripts generated from the seeds, then indexArchive with ${a.workers} workers (${a.indexRuns} run${a.indexRuns > 1 ? 's' : ''})`
	);
	const archive = await generateArchive(
		archiveDir(a.count),
		a.count,
		path.join(ROOT, 'transcripts'),
		real
	);
	detail(
		`${archive.reused ? 'reused' : `generated in ${(archive.ms / 1000).toFixed(1)} s`}: ${archive.dir}, ${archive.transcripts.toLocaleString('en')} transcripts, ${(archive.bytes / 1e6).toFixed(1)} MB of text; ${archive.entity.mentions.toLocaleString('en')} mentions of ${archive.entity.canonical} in ${archive.entity.transcripts.toLocaleString('en')} transcripts; "${archive.word.text}" ${archive.word.occurrences.toLocaleString('en')} times`
	);
	const info: Record<string, unknown> = {
		...archive,
		generateMs: archive.ms,
		note: "bench/archive.ts: transcript n is seed (n - 1) % 5 with its real names re-garbled (the corpus garbler, seeded per transcript) and varied metadata; bytes are the .txt files'; entity mentions count the canonical name and the variants as the matcher finds them (the index also counts surnames alone and leaves out speaker labels)"
	};
	delete info.ms;
	let dataDir: string | undefined;
	try {
		try {
			const indexed = await measureIndex(archive, {
				root: ROOT,
				runs: a.indexRuns,
				workers: a.workers,
				log: detail
			});
			figures['archive.index'] = indexed.figure;
			dataDir = indexed.dataDir;
			info.indexed = indexed.indexed;
		} catch (error) {
			const reason = `indexArchive failed: ${(error as Error).message}`;
			for (const name of ['archive.index', ...ARCHIVE_WEB]) absent[name] = reason;
			detail(reason);
		}

		progress('archive server: start, library, mentions and full-text search, memory');
		if (!dataDir || buildError || !hasBuild(ROOT)) {
			const reason =
				(dataDir ? undefined : 'no index: indexArchive failed') ??
				buildError ??
				`no build/ (run \`npx vite build\`)${config.mode === 'quick' ? '; skipped in quick mode' : ''}`;
			for (const name of ARCHIVE_WEB) absent[name] ??= reason;
			detail(`skipped: ${reason}`);
			return info;
		}
		try {
			const web = await measureArchiveWeb({
				root: ROOT,
				archive,
				dataDir,
				cacheMb: a.cacheMb,
				starts: a.starts,
				rounds: a.rounds,
				requestsPerRound: a.requestsPerRound,
				warmup: a.warmup,
				browse: a.browse,
				settleMs: a.settleMs,
				log: detail
			});
			Object.assign(figures, web.figures);
			info.web = web.info;
		} catch (error) {
			const reason = `archive server not measured: ${(error as Error).message}`;
			for (const name of ARCHIVE_WEB) absent[name] = reason;
			detail(reason);
		}
		return info;
	} finally {
		if (dataDir) await rm(dataDir, { recursive: true, force: true });
	}
}

/** Ratios and targets, the table, the JSON file. */
async function finish(run: {
	config: Config;
	out: string;
	figures: Record<string, Figure>;
	absent: Record<string, string>;
	smallBytes: number;
	largeBytes: number;
	only?: 'archive';
	workload: unknown;
}): Promise<void> {
	const { config, out, figures, absent } = run;
	const results: Results = {
		node: process.version,
		machine: { model: os.cpus()[0]?.model.trim() ?? 'unknown', cores: os.availableParallelism() },
		date: new Date().toISOString(),
		mode: config.mode,
		...(run.only ? { only: run.only } : {}),
		figures,
		ratios: ratios(figures, run.smallBytes, run.largeBytes),
		targets: {},
		absent,
		workload: run.workload
	};
	for (const t of TARGETS) {
		const value = t.kind === 'ratio' ? results.ratios[t.name] : figures[t.name]?.median;
		if (run.only && !ARCHIVE_NAMES.includes(t.name)) continue;
		if (value === undefined) {
			absent[t.name] ??= 'depends on an absent figure';
			continue;
		}
		results.targets[t.name] = {
			value,
			target: t.target,
			op: t.op,
			pass: t.op === '>=' ? value >= t.target : value <= t.target
		};
	}
	await writeFile(out, JSON.stringify(results, null, '\t') + '\n');
	console.log('\n' + formatTable(results));
	console.log(
		`\nwritten: ${path.relative(process.cwd(), out)} (${((Date.now() - started) / 1000).toFixed(0)} s)`
	);
	// The full run must have every figure (--only archive: the archive's); quick mode may lack
	// the page figures without a build.
	if (config.mode === 'full' && Object.keys(absent).length > 0) process.exitCode = 1;
}

/** buildDocument's correction count: the one place the bench builds a whole document. */
function documentCorrections(text: string, matcher: GlossaryMatcher, transcript?: string): number {
	return buildDocument(text, matcher, transcript ? { transcript } : {}).corrections;
}

/** Speed ratios from medians; time ratios for the scaling figures. */
function ratios(
	f: Record<string, Figure>,
	smallBytes: number,
	largeBytes: number
): Record<string, number> {
	const r: Record<string, number> = {};
	const med = (name: string) => f[name]?.median;
	const put = (name: string, value: number | undefined) => {
		if (value !== undefined && Number.isFinite(value)) r[name] = value;
	};
	/** `over / under` of two figures' medians, when both were measured. */
	const ratio = (name: string, over: string, under: string) => {
		const [a, b] = [med(over), med(under)];
		put(name, a && b ? a / b : undefined);
	};
	ratio('engine_vs_naive', 'engine.50k.1mb', 'naive.50k');
	ratio('engine_vs_lowercase', 'engine.50k.1mb', 'baseline.toLowerCase');
	ratio('engine_vs_lowercase_onebyte', 'engine.50k.1mb.onebyte', 'baseline.toLowerCase.onebyte');
	// Time ratios of speeds: seconds = bytes / (MB/s).
	ratio('glossary_scaling', 'engine.1k.1mb', 'engine.50k.1mb');
	const [e50k, e50k10] = [med('engine.50k.1mb'), med('engine.50k.10mb')];
	put('text_scaling', e50k && e50k10 ? largeBytes / e50k10 / (smallBytes / e50k) : undefined);
	ratio('ssr_vs_plain', 'ssr.reader.p50', 'ssr.plain.p50');
	ratio('ssr_vs_plain_long', 'ssr.reader.p50.long', 'ssr.plain.p50.long');
	ratio('ssr_vs_floor', 'ssr.reader.p50', 'ssr.floor.p50');
	ratio('ssr_vs_floor_long', 'ssr.reader.p50.long', 'ssr.floor.p50.long');
	ratio('compile_vs_load', 'compile.50k', 'load.50k');
	// Speeds: time(suggest) / time(normalize) = normalize MB/s / suggest MB/s.
	ratio('suggest_vs_normalize', 'normalize.1mb', 'suggest.1mb');
	ratio('dense_vs_engine', 'normalize.dense', 'engine.50k.1mb');
	ratio('js_vs_smallest', 'js.reader.gzip', 'js.smallest.gzip');
	// Time ratios: flag time / normalization time over the same paragraphs, same rounds.
	ratio('flags_vs_normalize', 'normalize.10mb', 'flags.10mb');
	ratio('flags_vs_normalize_lukang', 'flags.lukang', 'normalize.lukang');
	// The archive (issue #18): latencies over latencies; indexing speed over one-core normalizing.
	ratio('library_scaling', 'library.p50.10k', 'library.p50.5');
	ratio('mentions_vs_library', 'mentions.p50', 'library.p50.10k');
	ratio('fts_vs_library', 'fts.p50', 'library.p50.10k');
	ratio('index_vs_normalize', 'archive.index', 'engine.50k.10mb');
	const [browse, start, cache] = [
		med('server.memory.browse'),
		med('server.memory.start'),
		med('cache.limit')
	];
	put('memory_growth', browse && start && cache ? browse / (start + cache) : undefined);
	return r;
}

main().catch((error: Error) => {
	console.error(`bench failed: ${error.stack ?? error.message}`);
	process.exitCode = 1;
});
