import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers';

/**
 * Benchmarks are not tests: CI does not run `npm run bench`. This only checks that its quick
 * mode runs and writes a results file of the documented shape (issue #8).
 */
const FIGURES = [
	'baseline.indexOf',
	'baseline.toLowerCase',
	'naive.50k',
	'engine.1k.1mb',
	'engine.10k.1mb',
	'engine.50k.1mb',
	'engine.50k.10mb',
	'compile.50k',
	'matcher.memory.50k',
	'parse.lukang',
	'parse.corpus',
	'ssr.reader.p50',
	'ssr.reader.p95',
	'ssr.plain.p50',
	'js.reader.gzip',
	'js.smallest.gzip'
];
const RATIOS = [
	'engine_vs_naive',
	'engine_vs_lowercase',
	'glossary_scaling',
	'text_scaling',
	'ssr_vs_plain',
	'js_vs_smallest'
];
/** Without a production build, quick mode may skip the page figures, and must say so. */
const NEED_BUILD = new Set([
	'ssr.reader.p50',
	'ssr.reader.p95',
	'ssr.plain.p50',
	'js.reader.gzip',
	'js.smallest.gzip',
	'ssr_vs_plain',
	'js_vs_smallest'
]);

const dir = mkdtempSync(path.join(tmpdir(), 'bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --quick', { timeout: 120_000 }, () => {
	it('runs and writes a valid results file', async () => {
		const out = path.join(dir, 'results.json');
		const { stdout } = await promisify(execFile)(
			path.join(ROOT, 'node_modules/.bin/tsx'),
			['bench/run.ts', '--quick', '--out', out],
			{ cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 110_000 }
		);
		expect(stdout).toMatch(/^\[1\/\d+\]/m);
		expect(stdout).toContain('engine_vs_naive');

		const results = JSON.parse(readFileSync(out, 'utf8'));
		expect(typeof results.node).toBe('string');
		expect(typeof results.machine.model).toBe('string');
		expect(results.machine.cores).toBeGreaterThan(0);
		expect(Number.isNaN(Date.parse(results.date))).toBe(false);
		expect(results.mode).toBe('quick');
		const absent: Record<string, string> = results.absent ?? {};

		for (const name of FIGURES) {
			const figure = results.figures[name];
			if (!figure) {
				expect(NEED_BUILD.has(name), `${name} is missing`).toBe(true);
				expect(absent[name], `${name} is missing without a reason`).toBeTruthy();
				continue;
			}
			expect(typeof figure.unit, name).toBe('string');
			for (const key of ['min', 'median', 'max', 'runs']) {
				expect(Number.isFinite(figure[key]), `${name}.${key}`).toBe(true);
			}
			expect(figure.min, name).toBeLessThanOrEqual(figure.median);
			expect(figure.median, name).toBeLessThanOrEqual(figure.max);
			expect(figure.runs, name).toBeGreaterThanOrEqual(1);
		}
		for (const name of RATIOS) {
			const ratio = results.ratios[name];
			if (ratio === undefined) {
				expect(NEED_BUILD.has(name), `${name} is missing`).toBe(true);
				expect(absent[name], `${name} is missing without a reason`).toBeTruthy();
				continue;
			}
			expect(Number.isFinite(ratio) && ratio > 0, name).toBe(true);
		}
	});
});
