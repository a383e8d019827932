/**
 * Timing and summary helpers. Every figure is min / median / max over a fixed number of runs
 * taken after a warm-up; cases compared by a ratio are timed in interleaved rounds, so a slow
 * moment of a noisy 2-core machine hits both sides of the ratio alike.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Figure {
	unit: string;
	min: number;
	median: number;
	max: number;
	runs: number;
	/** How the figure was taken, when its name does not say it all. */
	note?: string;
}

// A full collection before each run, so garbage left by one case is not charged to the next.
// `--expose-gc` cannot be passed through `tsx bench/run.ts`; this is the documented way in.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

export function gc(): void {
	collect();
}

/**
 * Heap growth of `build`, `count` times, each measured alone, in MB. Typed arrays live outside
 * the heap and are freed a moment after the collection that finds them dead: collect, let that
 * happen, collect again, then read.
 */
export async function memoryOf(build: () => unknown, count: number): Promise<number[]> {
	const settled = async () => {
		gc();
		await new Promise((resolve) => setTimeout(resolve, 50));
		gc();
		const m = process.memoryUsage();
		return m.heapUsed + m.external;
	};
	const sizes: number[] = [];
	let previous: unknown;
	for (let i = 0; i < count; i++) {
		previous = undefined;
		const before = await settled();
		previous = build();
		sizes.push(((await settled()) - before) / 1e6);
	}
	sink.value += previous ? 1 : 0;
	return sizes;
}

/** Results are added here so that the engine cannot optimize away the work it is timed on. */
export const sink = { value: 0 };

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(values: readonly number[], unit: string, note?: string): Figure {
	return {
		unit,
		min: Math.min(...values),
		median: median(values),
		max: Math.max(...values),
		runs: values.length,
		...(note ? { note } : {})
	};
}

export interface Case {
	name: string;
	run: () => void;
	/**
	 * Called before each timed run, outside the timing: a cold case empties the caches its run
	 * fills (a new checker or suggester), a warm one fills them (a pass over the same text). The
	 * run is then timed once, never repeated.
	 */
	prepare?: () => void;
	/** Calls before timing, instead of `TimingOptions.warmup`. */
	warmup?: number;
}

export interface TimingOptions {
	runs: number;
	/** Calls before timing starts, so the code is optimized and caches are warm. */
	warmup: number;
	/** A run repeats a fast case until it takes at least this long, for timer resolution. */
	minRunMs: number;
}

/**
 * Milliseconds per call of each case, one value per run. Runs are interleaved: round r times
 * every case once before round r + 1 begins.
 */
export function timeInterleaved(
	cases: readonly Case[],
	options: TimingOptions
): Map<string, number[]> {
	const repeats = new Map<string, number>();
	for (const c of cases) {
		for (let i = 0; i < (c.warmup ?? options.warmup); i++) c.run();
		if (c.prepare) {
			repeats.set(c.name, 1);
			continue;
		}
		const once = timeOnce(c.run, 1);
		repeats.set(c.name, Math.max(1, Math.ceil(options.minRunMs / Math.max(once, 1e-3))));
	}
	const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
	for (let r = 0; r < options.runs; r++) {
		for (const c of cases) {
			c.prepare?.();
			gc();
			const n = repeats.get(c.name)!;
			times.get(c.name)!.push(timeOnce(c.run, n) / n);
		}
	}
	return times;
}

function timeOnce(run: () => void, repeat: number): number {
	const start = process.hrtime.bigint();
	for (let i = 0; i < repeat; i++) run();
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Megabytes (10^6 bytes of UTF-8) per second, from milliseconds per call. */
export function throughput(bytes: number, ms: readonly number[]): number[] {
	return ms.map((t) => bytes / 1e6 / (t / 1000));
}

export function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}
