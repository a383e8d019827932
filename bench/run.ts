/**
 * `npm run bench [-- OPTIONS]`: the engine's figures side by side with their baselines, all from
 * one run, printed as a table and written as JSON; a full run also writes the tables of
 * bench/README.md. What each figure measures: bench/README.md.
 *
 * --quick        a scaled-down workload and few runs, to see that the benchmark works; uses the
 *                existing build/ if there is one. Writes bench/results.quick.json.
 * --out FILE     where to write the JSON (then bench/README.md is left alone).
 * --no-build     use the existing build/ instead of running `vite build` first (full run), and
 *                the existing floor app build (bench/floor/build/) if there is one.
 * --only PHASES  these phases only, comma-separated: engine, baselines, compile, parse, flags,
 *                suggest, web, archive. The JSON goes to the system's temp folder unless --out
 *                says otherwise.
 * --help         this text.
 *
 * This module only orchestrates: the workload (phases/workload.ts), then each phase
 * (phases/*.ts) in order, the production builds before the first phase that needs them
 * (phases/build.ts), then ratios and targets (targets.ts) and the tables (report.ts). The unit
 * test calls `runBench` with the tiny configuration and no builds.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FULL, QUICK, type Config } from './config';
import type { Figure } from './measure';
import { archivePhase } from './phases/archive';
import { baselinesPhase } from './phases/baselines';
import { prepareBuilds, type BuildMode } from './phases/build';
import { compilePhase } from './phases/compile';
import { enginePhase } from './phases/engine';
import { flagsPhase } from './phases/flags';
import { parsePhase } from './phases/parse';
import type { Phase, PhaseName, RunContext } from './phases/phase';
import { suggestPhase } from './phases/suggest';
import { webPhase } from './phases/web';
import { makeWorkload } from './phases/workload';
import { formatTable, updateReadme, type Results } from './report';
import { dependsOn, evaluateTargets, ratios, RATIO_NAMES, TARGETS } from './targets';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Every phase, in the order a run takes them. */
export const PHASES: readonly Phase[] = [
	enginePhase,
	baselinesPhase,
	compilePhase,
	parsePhase,
	flagsPhase,
	suggestPhase,
	webPhase,
	archivePhase
];

export interface RunOptions {
	config: Config;
	/** The repository: glossary/, rules/, transcripts/, build/ (default: this one). */
	root?: string;
	/** The phases to run (default: all). */
	phases?: readonly PhaseName[];
	/** Production builds: make them, use what is there, or none (see phases/build.ts). */
	builds: BuildMode;
	/** The JSON file to write, if any. */
	out?: string;
	/** The README whose tables to write from the results, if any. */
	readme?: string;
	/** Where progress goes (default: the console). */
	log?: (line: string) => void;
}

/** Runs the phases and returns the results and the printed table; writes `out` and `readme`. */
export async function runBench(options: RunOptions): Promise<{ results: Results; table: string }> {
	const { config } = options;
	const log = options.log ?? ((line: string) => console.log(line));
	const wanted = options.phases ?? PHASES.map((p) => p.name);
	const phases = PHASES.filter((p) => wanted.includes(p.name));
	const needsBuild = phases.some((p) => p.needsBuild);
	const steps = 1 + phases.reduce((n, p) => n + p.steps, 0) + (needsBuild ? 1 : 0);
	const started = Date.now();
	let step = 0;
	const ctx: RunContext = {
		config,
		root: options.root ?? ROOT,
		figures: {},
		absent: {},
		workload: {},
		progress: (text) => {
			const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
			log(`[${++step}/${steps}] ${seconds} s  ${text}`);
		},
		detail: (text) => log(`               ${text}`)
	};

	const workload = await makeWorkload(ctx);
	for (const phase of phases) {
		if (phase.needsBuild && !ctx.builds) {
			const floor = config.mode === 'full' && wanted.includes('web');
			ctx.builds = prepareBuilds(ctx, options.builds, floor);
		}
		await phase.run(ctx, workload);
		for (const name of phase.figures) {
			if (!(name in ctx.figures)) ctx.absent[name] ??= `${phase.name} phase did not record it`;
		}
	}

	const results = finish(ctx, {
		only: options.phases && phases.length < PHASES.length ? phases.map((p) => p.name) : undefined,
		smallBytes: workload.cold.small.bytes,
		largeBytes: workload.cold.large.bytes
	});
	const table = formatTable(results);
	log('\n' + table);
	if (options.out) {
		await writeFile(options.out, JSON.stringify(results, null, '\t') + '\n');
		log(`\nwritten: ${path.relative(process.cwd(), options.out)}`);
	}
	if (options.readme) {
		await updateReadme(options.readme, results);
		log(`tables written into ${path.relative(process.cwd(), options.readme)}`);
	}
	log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
	return { results, table };
}

/** Ratios and targets; what could not be computed is absent, with the figure it lacks. */
function finish(
	ctx: RunContext,
	run: { only?: PhaseName[]; smallBytes: number; largeBytes: number }
): Results {
	const { figures, absent } = ctx;
	const ratioValues = ratios(figures, run);
	const missing = (name: string) => dependsOn(name).filter((f) => !(f in figures));
	const measuredHere = (name: string) =>
		!run.only || dependsOn(name).some((f) => f in figures || f in absent);
	for (const name of [...RATIO_NAMES, ...TARGETS.map((t) => t.name)]) {
		if (name in ratioValues || name in figures || !measuredHere(name)) continue;
		const lacking = missing(name);
		absent[name] ??= lacking.length
			? `depends on an absent figure (${lacking.join(', ')})`
			: 'could not be computed';
	}
	return {
		node: process.version,
		machine: { model: os.cpus()[0]?.model.trim() ?? 'unknown', cores: os.availableParallelism() },
		date: new Date().toISOString(),
		mode: ctx.config.mode,
		...(run.only ? { only: run.only } : {}),
		figures: figures as Record<string, Figure>,
		ratios: ratioValues,
		targets: evaluateTargets(figures, ratioValues),
		absent,
		workload: ctx.workload
	};
}

/** The command line as run options; throws on anything it does not know. */
export function parseArgs(argv: readonly string[]): RunOptions | 'help' {
	if (argv.includes('--help') || argv.includes('-h')) return 'help';
	const valueOf = (flag: string) => {
		const at = argv.indexOf(flag);
		if (at < 0) return undefined;
		const value = argv[at + 1];
		if (!value || value.startsWith('--')) throw new Error(`${flag} takes a value`);
		return value;
	};
	const unknown = argv.filter(
		(a, i) =>
			!['--quick', '--out', '--no-build', '--only'].includes(a) &&
			!['--out', '--only'].includes(argv[i - 1]!)
	);
	if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')}`);
	const quick = argv.includes('--quick');
	const onlyValue = valueOf('--only');
	const names = PHASES.map((p) => p.name);
	const only = onlyValue?.split(',').map((s) => s.trim()) as PhaseName[] | undefined;
	const wrong = only?.filter((n) => !names.includes(n)) ?? [];
	if (wrong.length > 0)
		throw new Error(`--only takes: ${names.join(', ')} (not ${wrong.join(', ')})`);
	const outValue = valueOf('--out');
	const defaultOut = only
		? path.join(
				os.tmpdir(),
				`transcript-reader-bench-${only.join('-')}${quick ? '.quick' : ''}.json`
			)
		: path.join(ROOT, 'bench', quick ? 'results.quick.json' : 'results.json');
	const full = !quick && !only && !outValue;
	return {
		config: quick ? QUICK : FULL,
		phases: only,
		builds: quick || argv.includes('--no-build') ? 'existing' : 'make',
		out: outValue ? path.resolve(outValue) : defaultOut,
		// Only a complete full run into bench/results.json writes the README's tables.
		readme: full ? path.join(ROOT, 'bench', 'README.md') : undefined
	};
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	if (options === 'help') {
		const { readFile } = await import('node:fs/promises');
		const source = await readFile(import.meta.filename, 'utf8');
		const doc = source.slice(source.indexOf('/**') + 3, source.indexOf('*/'));
		console.log(doc.replace(/^ \* ?/gm, '').trim());
		return;
	}
	const { results } = await runBench(options);
	// A missed target is a MISS in the table, never a failure; a figure a full run could not
	// take is (--only: of the phases asked for).
	if (results.mode === 'full' && Object.keys(results.absent).length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	main().catch((error: Error) => {
		console.error(`bench failed: ${error.stack ?? error.message}`);
		process.exitCode = 1;
	});
}
