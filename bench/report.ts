/**
 * The results file's shape and its two tables: the one `npm run bench` prints, and the Markdown
 * one written into bench/README.md between marker comments, so that the figures there are never
 * copied by hand. A full run writes both; `npx tsx bench/report.ts [results.json] [README.md]`
 * writes the README's table again from a results file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from './config';
import type { Figure } from './measure';
import { OTHER_RATIOS, RATIOS, TARGETS, type Target, type TargetResult } from './targets';

export interface Results {
	node: string;
	machine: { model: string; cores: number };
	date: string;
	mode: Config['mode'];
	/** `--only`: the phases measured, when not all of them. */
	only?: string[];
	figures: Record<string, Figure>;
	ratios: Record<string, number>;
	targets: Record<string, TargetResult>;
	/** Figures (or ratios, or targets) not measured in this run, and why. */
	absent: Record<string, string>;
	workload: unknown;
}

/** Figures in the order of the phases; a `.warm` twin follows its cold figure. */
const ORDER = [
	'baseline.indexOf',
	'baseline.toLowerCase',
	'naive.50k',
	'alternation.50k',
	'alternation.50k.ascii',
	'engine.50k.slice',
	'engine.1k.1mb',
	'engine.1k.1mb.warm',
	'engine.10k.1mb',
	'engine.10k.1mb.warm',
	'engine.50k.1mb',
	'engine.50k.1mb.warm',
	'engine.50k.10mb',
	'engine.50k.10mb.warm',
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
	'flags.lukang.warm',
	'normalize.lukang',
	'flags.10mb',
	'flags.10mb.warm',
	'normalize.10mb',
	'normalize.10mb.warm',
	'suggest.lukang',
	'suggest.lukang.warm',
	'suggest.1mb',
	'suggest.1mb.warm',
	'normalize.1mb',
	'normalize.1mb.warm',
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
	'archive.build',
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

/** Figure names in table order: known ones first, then any others, absent ones included. */
function figureNames(results: Results): string[] {
	return [
		...ORDER.filter((n) => n in results.figures || n in results.absent),
		...Object.keys(results.figures).filter((n) => !ORDER.includes(n))
	];
}

/** The targets this run was meant to measure (all, unless `--only` left some out). */
function measuredTargets(results: Results): readonly Target[] {
	return TARGETS.filter(
		(t) => !results.only || t.name in results.targets || t.name in results.absent
	);
}

/** The goal as the results file holds it (the run's own), else as the targets are now. */
const goal = (t: Target, r?: TargetResult) =>
	`${(r ?? t).op === '>=' ? '≥' : '≤'} ${formatNumber((r ?? t).target)}${t.unit}`;

/** What a ratio compares, in words. */
function ratioWhat(name: string): string {
	return (
		RATIOS.find((r) => r.name === name)?.what ??
		OTHER_RATIOS[name as keyof typeof OTHER_RATIOS] ??
		''
	);
}

/** Ratios reported without a target, with what each compares. */
function otherRatios(results: Results): { name: string; what: string; value: number }[] {
	return Object.entries(results.ratios)
		.filter(([name]) => !TARGETS.some((t) => t.name === name))
		.map(([name, value]) => ({ name, what: ratioWhat(name), value }));
}

const MODE_NOTE: Record<Config['mode'], string> = {
	full: '',
	quick:
		'QUICK MODE: workload scaled down (see "workload" in the JSON); figures are not comparable with the targets.',
	tiny: 'TINY MODE (the unit test): a few KB of text, one run each; figures mean nothing.'
};

/** The table `npm run bench` prints: figures, then targets with PASS / MISS / ABSENT. */
export function formatTable(results: Results): string {
	const figureRows = figureNames(results).map((name) => {
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
	const targetRows = measuredTargets(results).map((t) => {
		const r = results.targets[t.name];
		if (!r) return [t.name, t.label, 'absent', goal(t), 'ABSENT'];
		return [t.name, t.label, formatNumber(r.value) + t.unit, goal(t, r), r.pass ? 'PASS' : 'MISS'];
	});
	const header = [
		`Transcript Reader benchmark (${results.mode} run) — node ${results.node}, ${results.machine.model}, ${results.machine.cores} cores, ${results.date}`,
		MODE_NOTE[results.mode],
		results.only
			? `ONLY ${results.only.join(', ').toUpperCase()} (--only): the other figures and their targets were not measured.`
			: ''
	].filter(Boolean);
	const absent = Object.entries(results.absent).map(([n, why]) => `  ${n}: ${why}`);
	const extra = otherRatios(results).map(({ name, value }) => `${name} ${formatNumber(value)}`);
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

/** The comments bench/README.md holds the generated tables between. */
export const README_START =
	'<!-- bench:results:start — written by bench/report.ts from bench/results.json; edit neither by hand -->';
export const README_END = '<!-- bench:results:end -->';

function markdownTable(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [
		line(header),
		line(align.map((a) => (a === 'r' ? '---:' : '---'))),
		...rows.map(line)
	].join('\n');
}

/** The README's tables: targets, other ratios, every figure, what was absent. */
export function markdownTables(results: Results): string {
	const code = (name: string) => `\`${name}\``;
	const targets = measuredTargets(results).map((t) => {
		const r = results.targets[t.name];
		const value = r ? formatNumber(r.value) + t.unit : 'absent';
		const what = t.kind === 'ratio' ? ratioWhat(t.name) || t.label : t.label;
		return [code(t.name), what, value, goal(t, r), r ? (r.pass ? 'PASS' : '**MISS**') : 'ABSENT'];
	});
	const others = otherRatios(results).map((r) => [code(r.name), r.what, formatNumber(r.value)]);
	const figures = figureNames(results).map((name) => {
		const f = results.figures[name];
		if (!f) return [code(name), '', 'absent', '', ''];
		const range = `${formatNumber(f.min)} – ${formatNumber(f.max)}`;
		return [code(name), f.unit, formatNumber(f.median), range, String(f.runs)];
	});
	const absent = Object.entries(results.absent).map(([n, why]) => `- ${code(n)}: ${why}`);
	const run = `${results.mode} run of ${results.date.slice(0, 10)} (${results.date}), node ${results.node}, ${results.machine.model}, ${results.machine.cores} cores`;
	return [
		`Figures of the ${run}${results.only ? `, only ${results.only.join(', ')}` : ''}.`,
		MODE_NOTE[results.mode],
		'',
		markdownTable(
			['target', 'what', 'value', 'goal', 'result'],
			['l', 'l', 'r', 'r', 'l'],
			targets
		),
		'',
		'Ratios without a target:',
		'',
		markdownTable(['ratio', 'what', 'value'], ['l', 'l', 'r'], others),
		'',
		'Every figure (median of the runs; MB = 10^6 bytes of UTF-8; no suffix: cold, `.warm`: warm):',
		'',
		markdownTable(
			['figure', 'unit', 'median', 'min – max', 'runs'],
			['l', 'l', 'r', 'r', 'r'],
			figures
		),
		...(absent.length > 0 ? ['', 'Not measured in this run:', '', ...absent] : [])
	]
		.filter((line, i, all) => !(line === '' && all[i - 1] === ''))
		.join('\n');
}

/** `readme` with the tables between its marker comments replaced; throws without the markers. */
export function withTables(readme: string, results: Results): string {
	const start = readme.indexOf(README_START);
	const end = readme.indexOf(README_END);
	if (start < 0 || end < start) {
		throw new Error(`no ${README_START} … ${README_END} in the README`);
	}
	return (
		readme.slice(0, start + README_START.length) +
		'\n\n' +
		markdownTables(results) +
		'\n\n' +
		readme.slice(end)
	);
}

/**
 * The README at `file` with the tables of `results`, formatted as `npm run lint` wants it
 * (Prettier pads the tables' columns), so that writing it twice changes nothing.
 */
export async function renderReadme(file: string, results: Results): Promise<string> {
	const prettier = await import('prettier');
	const options = (await prettier.resolveConfig(file)) ?? {};
	return prettier.format(withTables(await readFile(file, 'utf8'), results), {
		...options,
		filepath: file
	});
}

/** Writes the tables of `results` into the README at `file`. */
export async function updateReadme(file: string, results: Results): Promise<void> {
	await writeFile(file, await renderReadme(file, results));
}

// `npx tsx bench/report.ts [results.json] [README.md]`
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	const [resultsFile, readmeFile] = [
		process.argv[2] ?? path.join(import.meta.dirname, 'results.json'),
		process.argv[3] ?? path.join(import.meta.dirname, 'README.md')
	];
	readFile(resultsFile, 'utf8')
		.then((text) => updateReadme(readmeFile, JSON.parse(text) as Results))
		.then(() =>
			console.log(
				`${path.relative(process.cwd(), readmeFile)}: tables written from ${path.relative(process.cwd(), resultsFile)}`
			)
		)
		.catch((error: Error) => {
			console.error(`bench/report.ts: ${error.message}`);
			process.exitCode = 1;
		});
}
