/**
 * The results file's shape, the targets (issue #8, "benchmark, settled", then the archive's of
 * issue #18), and the table `npm run bench` prints. Every target is a ratio of figures measured
 * side by side in one run: the machine is shared and absolute times swing 2×.
 */
import type { Figure } from './measure';

export interface TargetResult {
	value: number;
	target: number;
	op: '>=' | '<=';
	pass: boolean;
}

export interface Results {
	node: string;
	machine: { model: string; cores: number };
	date: string;
	mode: 'full' | 'quick';
	/** `--only archive`: just the archive's figures (and engine.50k.10mb) were measured. */
	only?: 'archive';
	figures: Record<string, Figure>;
	ratios: Record<string, number>;
	targets: Record<string, TargetResult>;
	/** Figures (or ratios) not measured in this run, and why. */
	absent: Record<string, string>;
	workload: unknown;
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

export const TARGETS: Target[] = [
	{
		name: 'engine_vs_naive',
		kind: 'ratio',
		label: 'engine(50k) / naive(50k), speed',
		op: '>=',
		target: 5000,
		unit: '×'
	},
	{
		name: 'engine_vs_lowercase',
		kind: 'ratio',
		label: 'engine(50k) / toLowerCase, speed',
		op: '>=',
		target: 0.05,
		unit: ''
	},
	{
		name: 'glossary_scaling',
		kind: 'ratio',
		label: 'time(50k) / time(1k), 1 MB',
		op: '<=',
		target: 1.5,
		unit: ''
	},
	{
		name: 'text_scaling',
		kind: 'ratio',
		label: 'time(10 MB) / time(1 MB), 50k',
		op: '<=',
		target: 11.5,
		unit: ''
	},
	{
		name: 'dense_vs_engine',
		kind: 'ratio',
		label: 'dense garbles / engine(50k) 1 MB, speed',
		op: '>=',
		target: 0.2,
		unit: ''
	},
	{
		name: 'compile_vs_load',
		kind: 'ratio',
		label: 'compile(50k) / load(50k), time',
		op: '<=',
		target: 1,
		unit: ''
	},
	{
		name: 'flags_vs_normalize',
		kind: 'ratio',
		label: 'flags / normalize, time, 10 MB',
		op: '<=',
		target: 3,
		unit: '×'
	},
	{
		name: 'flags.10mb',
		kind: 'figure',
		label: 'flags over the 10 MB corpus',
		op: '>=',
		target: 20,
		unit: ' MB/s'
	},
	{
		name: 'suggest_vs_normalize',
		kind: 'ratio',
		label: 'suggest / normalize, time, 1 MB',
		op: '<=',
		target: 50,
		unit: '×'
	},
	{
		name: 'suggest.lukang',
		kind: 'figure',
		label: 'suggestions in the Lu Kang interview',
		op: '<=',
		target: 100,
		unit: ' ms'
	},
	{
		name: 'suggest.memory',
		kind: 'figure',
		label: 'suggester memory, caches filled',
		op: '<=',
		target: 150,
		unit: ' MB'
	},
	{
		name: 'suggest.startup',
		kind: 'figure',
		label: 'dictionary start-up',
		op: '<=',
		target: 300,
		unit: ' ms'
	},
	{
		name: 'ssr_vs_floor',
		kind: 'ratio',
		label: 'SSR p50 / floor app p50',
		op: '<=',
		target: 1.5,
		unit: '×'
	},
	{
		name: 'ssr_vs_floor_long',
		kind: 'ratio',
		label: 'the same after the long run',
		op: '<=',
		target: 1.5,
		unit: '×'
	},
	{
		name: 'js_vs_smallest',
		kind: 'ratio',
		label: 'reader JS gzip / smallest page',
		op: '<=',
		target: 1.5,
		unit: '×'
	},
	{
		name: 'library_scaling',
		kind: 'ratio',
		label: 'library p50, 10,000 / 5 transcripts',
		op: '<=',
		target: 2,
		unit: '×'
	},
	{
		name: 'mentions_vs_library',
		kind: 'ratio',
		label: 'entity mentions p50 / library p50, 10k',
		op: '<=',
		target: 2,
		unit: '×'
	},
	{
		name: 'fts_vs_library',
		kind: 'ratio',
		label: 'full-text search p50 / library p50, 10k',
		op: '<=',
		target: 2,
		unit: '×'
	},
	{
		name: 'index_vs_normalize',
		kind: 'ratio',
		label: 'indexing (2 workers) / engine(50k) 10 MB, speed',
		op: '>=',
		target: 0.7,
		unit: ''
	},
	{
		name: 'memory_growth',
		kind: 'ratio',
		label: 'RSS after browsing / (RSS at start + cache)',
		op: '<=',
		target: 1,
		unit: ''
	}
];

/** Figures in the order the issue lists them; extra figures follow. */
const ORDER = [
	'baseline.indexOf',
	'baseline.toLowerCase',
	'naive.50k',
	'engine.1k.1mb',
	'engine.10k.1mb',
	'engine.50k.1mb',
	'engine.50k.10mb',
	'engine.50k.slice',
	'baseline.toLowerCase.onebyte',
	'engine.50k.1mb.onebyte',
	'normalize.dense',
	'normalize.dense.turns',
	'document.dense.turns',
	'compile.50k',
	'load.50k',
	'matcher.memory.50k',
	'parse.lukang',
	'parse.corpus',
	'document.lukang',
	'flags.lukang',
	'normalize.lukang',
	'flags.10mb',
	'normalize.10mb',
	'suggest.lukang',
	'suggest.1mb',
	'normalize.1mb',
	'suggest.memory',
	'suggest.startup',
	'ssr.reader.p50',
	'ssr.reader.p95',
	'ssr.plain.p50',
	'ssr.plain.p95',
	'ssr.floor.p50',
	'ssr.floor.p95',
	'ssr.reader.p50.long',
	'ssr.plain.p50.long',
	'ssr.floor.p50.long',
	'html.reader',
	'html.floor',
	'js.reader.gzip',
	'js.smallest.gzip',
	'archive.index',
	'archive.start',
	'library.p50.10k',
	'library.p50.5',
	'mentions.p50',
	'fts.p50',
	'server.memory.start',
	'server.memory.browse',
	'cache.limit'
];

/** Three significant digits at least, thousands separated: 0.00981, 97.3, 9,912. */
export function formatNumber(value: number): string {
	const abs = Math.abs(value);
	const digits =
		abs >= 100
			? 0
			: abs >= 10
				? 1
				: abs >= 1
					? 2
					: Math.min(6, 2 - Math.floor(Math.log10(abs || 1)));
	return value.toLocaleString('en', {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	});
}

function table(rows: string[][], align: ('l' | 'r')[]): string {
	const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
	return rows
		.map((r) =>
			r
				.map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
				.join('  ')
				.trimEnd()
		)
		.join('\n');
}

export function formatTable(results: Results): string {
	const names = [
		...ORDER.filter((n) => n in results.figures || n in results.absent),
		...Object.keys(results.figures).filter((n) => !ORDER.includes(n))
	];
	const figureRows = names.map((name) => {
		const f = results.figures[name];
		if (!f) return [name, '', 'absent', '', '', ''];
		return [
			name,
			f.unit,
			formatNumber(f.min),
			formatNumber(f.median),
			formatNumber(f.max),
			String(f.runs)
		];
	});
	const measured = (t: Target) =>
		!results.only || t.name in results.targets || t.name in results.absent;
	const targetRows = TARGETS.filter(measured).map((t) => {
		const r = results.targets[t.name];
		const goal = `${t.op === '>=' ? '≥' : '≤'} ${formatNumber(t.target)}${t.unit}`;
		if (!r) return [t.name, t.label, 'absent', goal, 'ABSENT'];
		return [t.name, t.label, formatNumber(r.value) + t.unit, goal, r.pass ? 'PASS' : 'MISS'];
	});
	const header = [
		`Transcript Reader benchmark (${results.mode} run) — node ${results.node}, ${results.machine.model}, ${results.machine.cores} cores, ${results.date}`,
		results.mode === 'quick'
			? 'QUICK MODE: workload scaled down (see "workload" in the JSON); figures are not comparable with the targets.'
			: '',
		results.only
			? `ONLY THE ${results.only.toUpperCase()} FIGURES (--only ${results.only}): the other figures and their targets were not measured.`
			: ''
	].filter(Boolean);
	const absent = Object.entries(results.absent).map(([n, why]) => `  ${n}: ${why}`);
	const extra = Object.entries(results.ratios)
		.filter(([name]) => !TARGETS.some((t) => t.name === name))
		.map(([name, value]) => `${name} ${formatNumber(value)}`);
	return [
		...header,
		'',
		table(
			[['figure', 'unit', 'min', 'median', 'max', 'runs'], ...figureRows],
			['l', 'l', 'r', 'r', 'r', 'r']
		),
		'',
		table(
			[['ratio', 'what', 'value', 'target', 'result'], ...targetRows],
			['l', 'l', 'r', 'r', 'l']
		),
		'',
		...(extra.length > 0 ? [`other ratios: ${extra.join(', ')}`] : []),
		'MB = 10^6 bytes of UTF-8, KB = 10^3 bytes; ratios use medians.',
		...(absent.length > 0 ? ['absent:', ...absent] : [])
	].join('\n');
}
