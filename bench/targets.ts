/**
 * The ratios a run reports and the targets some of them (and a few figures) are held to (issue
 * #8, "benchmark, settled"; the archive's of issue #18; re-based in "Settle wave 2"). Every
 * ratio is of two figures measured side by side in one run, from their medians: the machine is
 * shared and absolute times swing 2×. A missed target is reported, never a failed run.
 */
import type { Figure } from './measure';

export interface RatioDef {
	name: string;
	/** What it compares, in a few words (the tables say it). */
	what: string;
	/** `over / under` of the two figures' medians. */
	over: string;
	under: string;
}

/**
 * Ratios of two medians. A speed over a speed says how many times faster; a time ratio of two
 * speeds (MB/s) puts the faster one over: time(a) / time(b) = speed(b) / speed(a).
 */
export const RATIOS: readonly RatioDef[] = [
	{
		name: 'engine_vs_naive',
		what: 'engine (50k variants) / one RegExp replace per variant, speed, same slice and rounds',
		over: 'engine.50k.slice',
		under: 'naive.50k'
	},
	{
		name: 'engine_vs_alternation',
		what: 'engine / one alternation RegExp of every variant (giu, Unicode word boundaries), speed, same slice',
		over: 'engine.50k.slice',
		under: 'alternation.50k'
	},
	{
		name: 'engine_vs_alternation_ascii',
		what: 'engine / the same alternation with flags gi and \\b, speed, same slice',
		over: 'engine.50k.slice',
		under: 'alternation.50k.ascii'
	},
	{
		name: 'engine_vs_lowercase',
		what: 'engine (50k, cold 1 MB) / toLowerCase() of the same text, speed',
		over: 'engine.50k.1mb',
		under: 'baseline.toLowerCase'
	},
	{
		name: 'engine_vs_lowercase_onebyte',
		what: 'the same on the corpus made one-byte (ASCII)',
		over: 'engine.50k.1mb.onebyte',
		under: 'baseline.toLowerCase.onebyte'
	},
	{
		name: 'glossary_scaling',
		what: 'time with 50k variants / time with 1k, cold 1 MB',
		over: 'engine.1k.1mb',
		under: 'engine.50k.1mb'
	},
	{
		name: 'dense_vs_engine',
		what: 'speed on one garble over and over / speed on the cold 1 MB corpus',
		over: 'normalize.dense',
		under: 'engine.50k.1mb'
	},
	{
		name: 'compile_vs_load',
		what: 'compiling the 50k matcher / loading the same glossary from YAML, time',
		over: 'compile.50k',
		under: 'load.50k'
	},
	{
		name: 'flags_vs_normalize',
		what: 'time of every flag check (caches empty) / time of normalizing, same cold 10 MB paragraphs',
		over: 'normalize.10mb',
		under: 'flags.10mb'
	},
	{
		name: 'flags_vs_normalize_warm',
		what: 'the same, caches filled, on the warm 10 MB corpus',
		over: 'normalize.10mb.warm',
		under: 'flags.10mb.warm'
	},
	{
		name: 'flags_vs_normalize_lukang',
		what: 'the same on the Lu Kang interview, caches empty',
		over: 'flags.lukang',
		under: 'normalize.lukang'
	},
	{
		name: 'suggest_vs_normalize',
		what: 'time of the suggester (new each run) / time of normalizing, same cold 1 MB paragraphs',
		over: 'normalize.1mb',
		under: 'suggest.1mb'
	},
	{
		name: 'suggest_vs_normalize_warm',
		what: 'the same, one suggester with its caches filled, on the warm 1 MB corpus',
		over: 'normalize.1mb.warm',
		under: 'suggest.1mb.warm'
	},
	{
		name: 'ssr_vs_plain',
		what: 'reader page render p50 / a plain node:http server sending its bytes',
		over: 'ssr.reader.p50',
		under: 'ssr.plain.p50'
	},
	{
		name: 'ssr_vs_plain_long',
		what: 'the same after the long run',
		over: 'ssr.reader.p50.long',
		under: 'ssr.plain.p50.long'
	},
	{
		name: 'ssr_vs_floor',
		what: "reader page render p50 / the floor app's, after a short warm-up",
		over: 'ssr.reader.p50',
		under: 'ssr.floor.p50'
	},
	{
		name: 'ssr_vs_floor_long',
		what: 'the same after 2,000 more requests per server',
		over: 'ssr.reader.p50.long',
		under: 'ssr.floor.p50.long'
	},
	{
		name: 'js_vs_smallest',
		what: "reader page JavaScript (gzip) / the smallest page's",
		over: 'js.reader.gzip',
		under: 'js.smallest.gzip'
	},
	{
		name: 'library_scaling',
		what: 'library page p50, 10,000 transcripts / 5 transcripts',
		over: 'library.p50.10k',
		under: 'library.p50.5'
	},
	{
		name: 'mentions_vs_library',
		what: "first page of an entity's mentions p50 / library p50, 10,000",
		over: 'mentions.p50',
		under: 'library.p50.10k'
	},
	{
		name: 'fts_vs_library',
		what: 'first page of full-text search p50 / library p50, 10,000',
		over: 'fts.p50',
		under: 'library.p50.10k'
	},
	{
		name: 'index_vs_build',
		what: 'indexing speed / building the same documents without writing them, same workers',
		over: 'archive.index',
		under: 'archive.build'
	}
];

/** Ratios that take more than two medians. */
export const OTHER_RATIOS = {
	text_scaling: 'time on the cold 10 MB / time on the cold 1 MB, 50k',
	memory_growth: 'server RSS after browsing / (RSS at start + DOCUMENT_CACHE_MB), no V8 flags'
} as const;

/** Every ratio a full run reports. */
export const RATIO_NAMES: readonly string[] = [
	...RATIOS.map((r) => r.name),
	...Object.keys(OTHER_RATIOS)
];

/** The sizes text_scaling divides by: the cold corpora's bytes. */
export interface CorpusSizes {
	smallBytes: number;
	largeBytes: number;
}

/** Every ratio whose figures were measured. */
export function ratios(f: Record<string, Figure>, sizes: CorpusSizes): Record<string, number> {
	const r: Record<string, number> = {};
	const med = (name: string) => f[name]?.median;
	const put = (name: string, value: number | undefined) => {
		if (value !== undefined && Number.isFinite(value) && value > 0) r[name] = value;
	};
	for (const { name, over, under } of RATIOS) {
		const [a, b] = [med(over), med(under)];
		put(name, a && b ? a / b : undefined);
	}
	const [small, large] = [med('engine.50k.1mb'), med('engine.50k.10mb')];
	put(
		'text_scaling',
		small && large ? sizes.largeBytes / large / (sizes.smallBytes / small) : undefined
	);
	const [browse, start, cache] = [
		med('server.memory.browse'),
		med('server.memory.start'),
		med('cache.limit')
	];
	put('memory_growth', browse && start && cache ? browse / (start + cache) : undefined);
	return r;
}

export interface Target {
	name: string;
	/** A ratio from `ratios`, or the median of a figure. */
	kind: 'ratio' | 'figure';
	label: string;
	op: '>=' | '<=';
	target: number;
	unit: string;
}

export interface TargetResult {
	value: number;
	target: number;
	op: '>=' | '<=';
	pass: boolean;
}

const target = (
	name: string,
	kind: Target['kind'],
	label: string,
	op: Target['op'],
	value: number,
	unit = ''
): Target => ({ name, kind, label, op, target: value, unit });

export const TARGETS: readonly Target[] = [
	target('engine_vs_naive', 'ratio', 'engine(50k) / naive(50k), speed', '>=', 5000, '×'),
	target('engine_vs_lowercase', 'ratio', 'engine(50k) / toLowerCase, speed', '>=', 0.05),
	target('glossary_scaling', 'ratio', 'time(50k) / time(1k), 1 MB', '<=', 1.5),
	target('text_scaling', 'ratio', 'time(10 MB) / time(1 MB), 50k', '<=', 11.5),
	target('dense_vs_engine', 'ratio', 'dense garbles / engine(50k) 1 MB, speed', '>=', 0.2),
	target('compile_vs_load', 'ratio', 'compile(50k) / load(50k), time', '<=', 1),
	target('flags_vs_normalize', 'ratio', 'flags (cold) / normalize, time, 10 MB', '<=', 3.5, '×'),
	target('flags.10mb', 'figure', 'flags over the cold 10 MB corpus', '>=', 20, ' MB/s'),
	target('suggest_vs_normalize', 'ratio', 'suggest (cold) / normalize, time, 1 MB', '<=', 50, '×'),
	target(
		'suggest.lukang',
		'figure',
		'suggestions in the Lu Kang interview (cold)',
		'<=',
		100,
		' ms'
	),
	target('suggest.memory', 'figure', 'suggester memory, caches filled', '<=', 150, ' MB'),
	target('suggest.startup', 'figure', 'dictionary start-up', '<=', 300, ' ms'),
	target('ssr_vs_floor', 'ratio', 'SSR p50 / floor app p50', '<=', 2.5, '×'),
	target('ssr_vs_floor_long', 'ratio', 'the same after the long run', '<=', 3, '×'),
	target('js_vs_smallest', 'ratio', 'reader JS gzip / smallest page', '<=', 1.6, '×'),
	target('library_scaling', 'ratio', 'library p50, 10,000 / 5 transcripts', '<=', 2, '×'),
	target('mentions_vs_library', 'ratio', 'entity mentions p50 / library p50, 10k', '<=', 2, '×'),
	target('fts_vs_library', 'ratio', 'full-text search p50 / library p50, 10k', '<=', 2, '×'),
	target('index_vs_build', 'ratio', 'indexing / building alone, speed, same workers', '>=', 0.45),
	target('memory_growth', 'ratio', 'RSS after browsing / (RSS at start + cache)', '<=', 1.2)
];

/** Each target met or missed; targets whose value was not measured are left out. */
export function evaluateTargets(
	figures: Record<string, Figure>,
	ratioValues: Record<string, number>
): Record<string, TargetResult> {
	const results: Record<string, TargetResult> = {};
	for (const t of TARGETS) {
		const value = t.kind === 'ratio' ? ratioValues[t.name] : figures[t.name]?.median;
		if (value === undefined) continue;
		results[t.name] = {
			value,
			target: t.target,
			op: t.op,
			pass: t.op === '>=' ? value >= t.target : value <= t.target
		};
	}
	return results;
}

/** The figures a ratio or target depends on. */
export function dependsOn(name: string): string[] {
	const def = RATIOS.find((r) => r.name === name);
	if (def) return [def.over, def.under];
	if (name === 'text_scaling') return ['engine.50k.1mb', 'engine.50k.10mb'];
	if (name === 'memory_growth')
		return ['server.memory.browse', 'server.memory.start', 'cache.limit'];
	return TARGETS.some((t) => t.name === name && t.kind === 'figure') ? [name] : [];
}
