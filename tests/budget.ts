/**
 * How much work a randomized or repeated test does. A test's budget is a count, never a time:
 * it must pass on a slow or loaded machine and fail only when the behaviour is wrong.
 *
 * - `npm test` runs the small counts (the day-to-day and CI suite);
 * - `npm run test:stress` sets `STRESS=1` and runs the full counts;
 * - `TEST_SEED=<n>` repeats a randomized run: every randomized test names its seed when it fails.
 */
import fc from 'fast-check';

/** True under `npm run test:stress`. */
export const STRESS = process.env.STRESS === '1';

/** `small` rounds normally, `full` under `STRESS=1`; `TEST_ROUNDS` overrides both. */
export function rounds(small: number, full: number): number {
	const forced = Number(process.env.TEST_ROUNDS);
	if (Number.isInteger(forced) && forced > 0) return forced;
	return STRESS ? full : small;
}

/** The seed of this run's randomized tests: `TEST_SEED`, or one drawn now. */
export const SEED: number = (() => {
	const given = Number(process.env.TEST_SEED);
	return Number.isInteger(given) ? given : Math.floor(Math.random() * 2 ** 31);
})();

/**
 * A seeded generator (mulberry32) for tests that draw their own random inputs; the test must
 * report `SEED` in its failure message (see `withSeed`).
 */
export function seededRandom(seed: number = SEED): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

/** `message` with the seed that repeats the run, for an assertion's message. */
export const withSeed = (message: string) => `${message} (repeat with TEST_SEED=${SEED})`;

/** fast-check parameters for a property: `small` runs normally, `full` under stress, this run's seed. */
export function propertyRuns(small: number, full: number): { numRuns: number; seed: number } {
	return { numRuns: rounds(small, full), seed: SEED };
}

// fast-check prints the seed and path of a failing property itself; this makes the seed the run's.
fc.configureGlobal({ seed: SEED });
