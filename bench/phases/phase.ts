/**
 * What a phase of the benchmark is and what it is given. A phase (engine, flags, suggest, web,
 * archive, …) times its cases and records figures; bench/run.ts runs the phases in order and
 * turns their figures into ratios, targets, the JSON file and the tables.
 */
import type { Config } from '../config';
import { summarize, type Figure } from '../measure';
import type { Workload } from './workload';

export type PhaseName =
	'engine' | 'baselines' | 'compile' | 'parse' | 'flags' | 'suggest' | 'web' | 'archive';

/** Whether the production builds are there to measure pages on, or why not. */
export interface Builds {
	/** Why there is no app build (`build/`) to start, if there is none. */
	appMissing?: string;
	/** Why there is no floor app build (bench/floor/build/), if there is none. */
	floorMissing?: string;
}

export interface RunContext {
	config: Config;
	/** The repository: glossary/, rules/, transcripts/, build/. */
	root: string;
	figures: Record<string, Figure>;
	/** Figures (and ratios) not measured in this run, and why. */
	absent: Record<string, string>;
	/** The results' `workload`: what the texts and glossaries were, a part per phase. */
	workload: Record<string, unknown>;
	/** Set by the build step before the phases that need it (web, archive). */
	builds?: Builds;
	/** A numbered step: `[3/12]   4.2 s  flags: …`. */
	progress(text: string): void;
	/** A line under the step. */
	detail(text: string): void;
}

export interface Phase {
	name: PhaseName;
	/** Steps it reports with `progress`. */
	steps: number;
	/** Whether it needs the production builds (the build step runs before it). */
	needsBuild?: boolean;
	/** Every figure it records: the ones it could not take are `absent`, with the reason. */
	figures: readonly string[];
	run(ctx: RunContext, workload: Workload): Promise<void>;
}

/** Records a figure: min / median / max of `values`. */
export function record(
	ctx: RunContext,
	name: string,
	values: readonly number[],
	unit: string,
	note?: string
): Figure {
	return (ctx.figures[name] = summarize(values, unit, note));
}

/** Marks every figure of `names` not measured (and not already marked) as absent for `reason`. */
export function markAbsent(ctx: RunContext, names: readonly string[], reason: string): void {
	for (const name of names) if (!(name in ctx.figures)) ctx.absent[name] ??= reason;
}

/** Thousands separated: 50,000. */
export const count = (n: number) => n.toLocaleString('en');

/** Megabytes, two decimals: 1.00 MB. */
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
