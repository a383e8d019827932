import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ARCHIVE_ENTITY,
	archiveSlug,
	generateArchive,
	readArchiveSeeds
} from '../../bench/archive';
import { TINY } from '../../bench/config';
import type { Figure } from '../../bench/measure';
import {
	markdownTables,
	README_END,
	README_START,
	renderReadme,
	withTables,
	type Results
} from '../../bench/report';
import { parseArgs, PHASES, runBench } from '../../bench/run';
import { evaluateTargets, ratios } from '../../bench/targets';
import {
	freshCopier,
	freshCorpora,
	PLANTED_ENTRIES,
	repeatedCorpora,
	syntheticEntries
} from '../../bench/workload';
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import { prepareText } from '../../src/lib/text/prepare';
import { realGlossary, ROOT, TRANSCRIPTS } from '../helpers';

/**
 * The benchmark harness (bench/), whatever the working tree holds: the phases run in-process
 * with the tiny configuration (a few KB of text, one run each) and no production build, so the
 * page figures are absent whether or not build/ exists; targets, ratios and the README's tables
 * are checked on figures made up here; the generators on small corpora and archives.
 * Benchmarks are not tests: CI does not run `npm run bench`, and no figure is judged here.
 */

/** Every figure a full run records, as bench/README.md names them; `.warm` twins included. */
const FIGURES = [
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
	'ssr.reader.p50.long',
	'ssr.plain.p50.long',
	'ssr.floor.p50',
	'ssr.floor.p95',
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
/** Every target, as bench/README.md states it: a ratio, or (`figure`) a figure's median. */
const TARGETS: { name: string; kind: 'ratio' | 'figure'; op: '>=' | '<='; target: number }[] = [
	{ name: 'engine_vs_naive', kind: 'ratio', op: '>=', target: 5000 },
	{ name: 'engine_vs_lowercase', kind: 'ratio', op: '>=', target: 0.05 },
	{ name: 'glossary_scaling', kind: 'ratio', op: '<=', target: 1.5 },
	{ name: 'text_scaling', kind: 'ratio', op: '<=', target: 11.5 },
	{ name: 'dense_vs_engine', kind: 'ratio', op: '>=', target: 0.2 },
	{ name: 'compile_vs_load', kind: 'ratio', op: '<=', target: 1 },
	{ name: 'flags_vs_normalize', kind: 'ratio', op: '<=', target: 3.5 },
	{ name: 'flags.10mb', kind: 'figure', op: '>=', target: 20 },
	{ name: 'suggest_vs_normalize', kind: 'ratio', op: '<=', target: 50 },
	{ name: 'suggest.lukang', kind: 'figure', op: '<=', target: 100 },
	{ name: 'suggest.memory', kind: 'figure', op: '<=', target: 150 },
	{ name: 'suggest.startup', kind: 'figure', op: '<=', target: 300 },
	{ name: 'ssr_vs_floor', kind: 'ratio', op: '<=', target: 2.5 },
	{ name: 'ssr_vs_floor_long', kind: 'ratio', op: '<=', target: 3 },
	{ name: 'js_vs_smallest', kind: 'ratio', op: '<=', target: 1.6 },
	{ name: 'library_scaling', kind: 'ratio', op: '<=', target: 2 },
	{ name: 'mentions_vs_library', kind: 'ratio', op: '<=', target: 2 },
	{ name: 'fts_vs_library', kind: 'ratio', op: '<=', target: 2 },
	{ name: 'index_vs_build', kind: 'ratio', op: '>=', target: 0.45 },
	{ name: 'memory_growth', kind: 'ratio', op: '<=', target: 1.2 }
];
/** Ratios reported without a target. */
const OTHER_RATIOS = [
	'engine_vs_alternation',
	'engine_vs_alternation_ascii',
	'engine_vs_lowercase_onebyte',
	'flags_vs_normalize_warm',
	'flags_vs_normalize_lukang',
	'suggest_vs_normalize_warm',
	'ssr_vs_plain',
	'ssr_vs_plain_long'
];
const RATIOS = [...TARGETS.filter((t) => t.kind === 'ratio').map((t) => t.name), ...OTHER_RATIOS];
/** No longer targets: replaced, or their figures swing with the machine. */
const NOT_TARGETS = ['index_vs_normalize', 'ssr_vs_plain', 'ssr_vs_plain_long', 'compile.50k'];
/** What needs the production build (`build/`, bench/floor/build/): absent in a run without. */
const NEED_BUILD = new Set([
	...FIGURES.filter((f) => /^(ssr|html|js)\./.test(f)),
	'archive.start',
	'library.p50.10k',
	'library.p50.5',
	'mentions.p50',
	'fts.p50',
	'server.memory.start',
	'server.memory.browse',
	'cache.limit',
	'ssr_vs_plain',
	'ssr_vs_plain_long',
	'ssr_vs_floor',
	'ssr_vs_floor_long',
	'js_vs_smallest',
	'library_scaling',
	'mentions_vs_library',
	'fts_vs_library',
	'memory_growth'
]);

const dir = mkdtempSync(path.join(tmpdir(), 'bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const escape = (name: string) => name.replaceAll('.', '\\.');

describe('a tiny run of every phase, without production builds', () => {
	let results: Results;
	let table: string;
	let log = '';
	const out = path.join(dir, 'results.json');
	const readme = path.join(dir, 'README.md');

	beforeAll(async () => {
		writeFileSync(readme, `# Notes\n\n${README_START}\nold\n${README_END}\n\nAfter.\n`);
		({ results, table } = await runBench({
			config: TINY,
			builds: 'none',
			out,
			readme,
			log: (line) => (log += line + '\n')
		}));
	}, 600_000);

	it('reports its steps, and writes the JSON it returns', () => {
		expect(log).toMatch(/^\[1\/\d+\]/m);
		expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(results);
		expect(results.mode).toBe('tiny');
		expect(results.only).toBeUndefined();
		expect(results.machine.cores).toBeGreaterThan(0);
		expect(Number.isNaN(Date.parse(results.date))).toBe(false);
	});

	it('measures every figure that needs no build, and says why the others are absent', () => {
		for (const name of FIGURES) {
			const figure = results.figures[name];
			if (NEED_BUILD.has(name)) {
				expect(figure, `${name} needs a build`).toBeUndefined();
				expect(results.absent[name], name).toMatch(/no production build/);
				continue;
			}
			expect(figure, `${name} is missing: ${results.absent[name]}`).toBeDefined();
			for (const key of ['min', 'median', 'max', 'runs'] as const) {
				expect(Number.isFinite(figure![key]), `${name}.${key}`).toBe(true);
			}
			expect(figure!.min).toBeLessThanOrEqual(figure!.median);
			expect(figure!.median).toBeLessThanOrEqual(figure!.max);
			expect(figure!.runs).toBeGreaterThanOrEqual(1);
		}
		expect(Object.keys(results.figures).filter((n) => !FIGURES.includes(n))).toEqual([]);
	});

	it('computes every ratio whose figures it has', () => {
		for (const name of RATIOS) {
			if (NEED_BUILD.has(name)) {
				expect(results.ratios[name], name).toBeUndefined();
				expect(results.absent[name], name).toMatch(/depends on an absent figure/);
			} else {
				expect(results.ratios[name], name).toBeGreaterThan(0);
			}
		}
	});

	it.each(TARGETS)('prints target $name $op $target as PASS, MISS or ABSENT', (t) => {
		const row = (result: string) => new RegExp(`^${escape(t.name)}\\s.*\\s${result}$`, 'm');
		const result = results.targets[t.name];
		if (NEED_BUILD.has(t.name)) {
			expect(result).toBeUndefined();
			expect(table).toMatch(row('ABSENT'));
			return;
		}
		expect(result).toBeDefined();
		expect(result!.op).toBe(t.op);
		expect(result!.target).toBe(t.target);
		expect(result!.value).toBe(
			t.kind === 'ratio' ? results.ratios[t.name] : results.figures[t.name]?.median
		);
		expect(result!.pass).toBe(
			t.op === '>=' ? result!.value >= t.target : result!.value <= t.target
		);
		expect(table).toMatch(row(result!.pass ? 'PASS' : 'MISS'));
	});

	it.each(NOT_TARGETS)('%s is no target', (name) => {
		expect(results.targets[name]).toBeUndefined();
		expect(table).not.toMatch(new RegExp(`^${escape(name)}\\s.*\\s(PASS|MISS|ABSENT)$`, 'm'));
	});

	it('times cold and warm on different texts of the same size', () => {
		const corpus = (results.workload as { corpus: Record<string, { bytes: number }> }).corpus;
		expect(corpus['1mb']!.bytes).toBeGreaterThanOrEqual(TINY.corpus['1mb']);
		expect(corpus['1mb.warm']!.bytes).toBeGreaterThanOrEqual(TINY.corpus['1mb']);
		expect(corpus['10mb']!.bytes).toBeGreaterThanOrEqual(TINY.corpus['10mb']);
		const flags = (results.workload as { flags: Record<string, { flags: number }> }).flags;
		expect(flags['10mb']!.flags).toBeGreaterThan(0);
	});

	it('writes its tables into the README between the markers, and nothing else', async () => {
		const text = readFileSync(readme, 'utf8');
		expect(text.startsWith(`# Notes\n\n${README_START}\n`)).toBe(true);
		expect(text.endsWith(`${README_END}\n\nAfter.\n`)).toBe(true);
		expect(text).not.toContain('\nold\n');
		expect(text).toMatch(/^\| `flags_vs_normalize` +\| .* \| (PASS|\*\*MISS\*\*) +\|$/m);
		expect(await renderReadme(readme, results)).toBe(text);
	});
});

/** Made-up results: every figure a full run records, with a median of `value(name)`. */
function madeUp(value: (name: string) => number): Results {
	const figures: Record<string, Figure> = {};
	for (const name of FIGURES) {
		const v = value(name);
		figures[name] = { unit: 'MB/s', min: v, median: v, max: v, runs: 1 };
	}
	const r = ratios(figures, { smallBytes: 1e6, largeBytes: 1e7 });
	return {
		node: 'v0',
		machine: { model: 'test', cores: 2 },
		date: '2026-01-01T00:00:00.000Z',
		mode: 'full',
		figures,
		ratios: r,
		targets: evaluateTargets(figures, r),
		absent: {},
		workload: {}
	};
}

describe('targets and tables', () => {
	it('computes every ratio and judges every target from a full run’s figures', () => {
		const results = madeUp(() => 1);
		expect(Object.keys(results.ratios).sort()).toEqual([...RATIOS].sort());
		expect(Object.keys(results.targets).sort()).toEqual(TARGETS.map((t) => t.name).sort());
		for (const t of TARGETS) {
			// Every median is 1: each ratio of two medians is 1, text_scaling 10, memory_growth 0.5.
			const value = results.targets[t.name]!.value;
			expect(results.targets[t.name]!.pass, t.name).toBe(
				t.op === '>=' ? value >= t.target : value <= t.target
			);
		}
		expect(results.ratios.text_scaling).toBeCloseTo(10);
		expect(results.ratios.memory_growth).toBeCloseTo(0.5);
	});

	it('passes a target met exactly', () => {
		const results = madeUp((name) =>
			name === 'archive.index' ? 0.45 : name === 'flags.10mb' ? 20 : 1
		);
		expect(results.targets.index_vs_build).toMatchObject({ value: 0.45, pass: true });
		expect(results.targets['flags.10mb']).toMatchObject({ value: 20, pass: true });
		const missed = madeUp((name) => (name === 'archive.index' ? 0.44 : 1));
		expect(missed.targets.index_vs_build!.pass).toBe(false);
		expect(markdownTables(missed)).toMatch(/\| `index_vs_build` \|.*\| \*\*MISS\*\* \|/);
	});

	it('replaces only what lies between the markers, the same every time', () => {
		const results = madeUp(() => 2);
		const readme = `Before.\n${README_START}\nstale\n${README_END}\nAfter.\n`;
		const once = withTables(readme, results);
		expect(withTables(once, results)).toBe(once);
		expect(once).toMatch(/^Before\.\n/);
		expect(once).toMatch(/\nAfter\.\n$/);
		expect(once).not.toContain('stale');
		expect(() => withTables('no markers', results)).toThrow(/bench:results:start/);
	});

	it('bench/README.md holds the tables of bench/results.json', async () => {
		const results = JSON.parse(
			readFileSync(path.join(ROOT, 'bench/results.json'), 'utf8')
		) as Results;
		const file = path.join(ROOT, 'bench/README.md');
		expect(await renderReadme(file, results)).toBe(readFileSync(file, 'utf8'));
	});
});

describe('command line', () => {
	it('takes the documented options', () => {
		expect(parseArgs(['--help'])).toBe('help');
		const full = parseArgs([]);
		expect(full).toMatchObject({ builds: 'make', phases: undefined });
		expect(full !== 'help' && full.config.mode).toBe('full');
		expect(full !== 'help' && full.out).toBe(path.join(ROOT, 'bench/results.json'));
		expect(full !== 'help' && full.readme).toBe(path.join(ROOT, 'bench/README.md'));
		const quick = parseArgs(['--quick', '--only', 'engine,flags']);
		expect(quick).toMatchObject({
			builds: 'existing',
			phases: ['engine', 'flags'],
			readme: undefined
		});
		expect(quick !== 'help' && quick.config.mode).toBe('quick');
		expect(parseArgs(['--no-build', '--out', 'x.json'])).toMatchObject({
			builds: 'existing',
			out: path.resolve('x.json'),
			readme: undefined
		});
		expect(() => parseArgs(['--only', 'engines'])).toThrow(/--only takes: engine, baselines/);
		expect(() => parseArgs(['--fast'])).toThrow(/unknown argument/);
		expect(PHASES.map((p) => p.name)).toEqual([
			'engine',
			'baselines',
			'compile',
			'parse',
			'flags',
			'suggest',
			'web',
			'archive'
		]);
	});
});

/** The corpora (bench/workload.ts): cold ones of fresh copies, warm ones of repeated text. */
describe('bench corpora', () => {
	const { entries } = realGlossary();
	const seeds = readdirSync(TRANSCRIPTS)
		.filter((n) => n.endsWith('.txt'))
		.sort()
		.map((n) => readFileSync(path.join(TRANSCRIPTS, n), 'utf8'));
	const planted = syntheticEntries(PLANTED_ENTRIES);
	const words = (text: string) => text.toLowerCase().match(/\p{L}+/gu) ?? [];

	it('makes the same bytes every time, the smaller a prefix of the larger', () => {
		const sizes = [20_000, 60_000];
		const [a, b] = freshCorpora(seeds, freshCopier(seeds, entries), planted, sizes);
		const [c] = freshCorpora(seeds, freshCopier(seeds, entries), planted, [20_000]);
		expect(c!.text).toBe(a!.text);
		expect(b!.text.startsWith(a!.text)).toBe(true);
		expect(a!.bytes).toBe(Buffer.byteLength(a!.text));
		expect(a!.bytes).toBeGreaterThanOrEqual(20_000);
		const [d] = repeatedCorpora(seeds, entries, planted, [20_000]);
		expect(repeatedCorpora(seeds, entries, planted, [20_000])[0]!.text).toBe(d!.text);
	});

	it('gives each copy of a seed its own names and words', () => {
		const copy = freshCopier(seeds, entries);
		const seed = seeds.findIndex((s) => s.length > 20_000);
		const [one, two] = [copy(seeds[seed]!, seed + 1), copy(seeds[seed]!, seed + 1 + seeds.length)];
		expect(one).not.toBe(two);
		// Words: about half the ordinary words swapped, so most word pairs are new to a copy.
		const pairs = (text: string) => {
			const w = words(text);
			return new Set(w.slice(1).map((x, i) => `${w[i]} ${x}`));
		};
		const [p1, p2] = [pairs(one), pairs(two)];
		const shared = [...p1].filter((p) => p2.has(p)).length;
		expect(shared / p1.size).toBeLessThan(0.7);
		// Names: listed garbles (corrections), garbles no glossary lists, stand-ins.
		const matcher = new GlossaryMatcher(entries);
		expect(matcher.find(prepareText(one)).length).toBeGreaterThan(10);
		const seedWords = new Set(words(seeds.join('\n')));
		const known = new Set(
			entries.flatMap((e) => words([e.canonical, ...e.variants.map((v) => v.text)].join(' ')))
		);
		const fresh = [...new Set(words(one))].filter((w) => !seedWords.has(w) && !known.has(w));
		expect(fresh.length).toBeGreaterThan(20);
	});

	it('reads fresher cold than warm', () => {
		const distinct = (text: string) => {
			const w = words(text);
			return new Set(w.slice(2).map((x, i) => `${w[i]} ${w[i + 1]} ${x}`)).size / (w.length - 2);
		};
		const [cold] = freshCorpora(seeds, freshCopier(seeds, entries), planted, [200_000]);
		const [warm] = repeatedCorpora(seeds, entries, planted, [200_000]);
		expect(distinct(cold!.text)).toBeGreaterThan(2 * distinct(warm!.text));
	});
});

/** The archive generator (bench/archive.ts): small archives, in this test's temp folder. */
describe('bench archive generator', { timeout: 120_000 }, () => {
	const { entries } = realGlossary();
	const files = (d: string) => readdirSync(d).sort();
	const archive = (name: string, count: number) =>
		generateArchive(path.join(dir, name), count, TRANSCRIPTS, entries);

	it('writes the same bytes every time, and transcript n whatever the count', async () => {
		const [a, b, c] = [await archive('a', 20), await archive('b', 20), await archive('c', 10)];
		expect(a.reused || b.reused).toBe(false);
		expect(files(a.dir)).toEqual(files(b.dir));
		expect(files(a.dir)).toHaveLength(20 * 2 + 1);
		for (const name of files(a.dir)) {
			expect(readFileSync(path.join(b.dir, name)), name).toEqual(
				readFileSync(path.join(a.dir, name))
			);
		}
		expect({ ...b, dir: a.dir, ms: a.ms }).toEqual(a);
		for (const name of files(c.dir).filter((n) => n !== 'manifest.json')) {
			expect(readFileSync(path.join(c.dir, name)), name).toEqual(
				readFileSync(path.join(a.dir, name))
			);
		}
	});

	it('holds the fresh copies the cold corpus is made of', async () => {
		const a = await archive('a', 20);
		const seeds = await readArchiveSeeds(TRANSCRIPTS);
		const copy = freshCopier(
			seeds.map((s) => s.text),
			entries
		);
		for (const n of [1, 7, 20]) {
			const seed = seeds[(n - 1) % seeds.length]!;
			expect(readFileSync(path.join(a.dir, `${archiveSlug(seed, n)}.txt`), 'utf8')).toBe(
				copy(seed.text, n)
			);
		}
	});

	it('re-garbles the real names of its seed, differently in each transcript', async () => {
		const a = await archive('a', 20);
		const seeds = await readArchiveSeeds(TRANSCRIPTS);
		const matcher = new GlossaryMatcher(entries);
		const garbles = (text: string) =>
			matcher
				.find(prepareText(text))
				.filter((c) => c.rule === ARCHIVE_ENTITY)
				.map((c) => c.actual);
		const seed = seeds.findIndex((s) => garbles(s.text).length > 0);
		const texts = [seed + 1, seed + 1 + seeds.length].map((n) =>
			readFileSync(path.join(a.dir, `${archiveSlug(seeds[seed]!, n)}.txt`), 'utf8')
		);
		for (const text of texts) {
			expect(text).not.toBe(seeds[seed]!.text);
			expect(garbles(text).length).toBeGreaterThan(0);
			// Garbles in mixed case, not the seed's own spellings only.
			expect(garbles(text).some((g) => !seeds[seed]!.text.includes(g))).toBe(true);
		}
		expect(texts[0]).not.toBe(texts[1]);
		expect(a.entity.mentions).toBeGreaterThan(0);
		expect(a.bytes).toBe(
			files(a.dir)
				.filter((n) => n.endsWith('.txt'))
				.reduce((sum, n) => sum + readFileSync(path.join(a.dir, n)).length, 0)
		);
	});

	it('writes valid, varied metadata', async () => {
		const a = await archive('meta', 60);
		const metas = files(a.dir)
			.filter((n) => n.endsWith('.meta.yaml'))
			.map((n) => parse(readFileSync(path.join(a.dir, n), 'utf8')) as Record<string, unknown>);
		expect(metas).toHaveLength(60);
		for (const m of metas) {
			expect(m.title).toMatch(/\S \(\d+\)$/);
			if (m.date !== undefined) {
				expect(m.date).toMatch(/^20(1[5-9]|2[0-5])-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/);
			}
			expect(typeof m.outlet).toBe('string');
			expect(typeof m.machine_translated).toBe('boolean');
			expect(['zh', 'fr', 'en']).toContain(m.source_language);
		}
		const years = new Set(metas.map((m) => String(m.date ?? '').slice(0, 4)).filter(Boolean));
		expect(years.size).toBeGreaterThanOrEqual(5);
		expect(new Set(metas.map((m) => m.outlet)).size).toBeGreaterThanOrEqual(6);
		expect(metas.filter((m) => m.machine_translated).length).toBeGreaterThan(metas.length / 2);
		expect(metas.some((m) => !m.machine_translated)).toBe(true);
	});

	it('reuses an archive whose manifest matches, and replaces one that does not', async () => {
		const first = await archive('reuse', 5);
		const again = await archive('reuse', 5);
		expect(again.reused).toBe(true);
		expect(again.hash).toBe(first.hash);
		const other = await archive('reuse', 3);
		expect(other.reused).toBe(false);
		expect(other.hash).not.toBe(first.hash);
		expect(files(other.dir)).toHaveLength(3 * 2 + 1);
		expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toEqual([]);
	});
});
