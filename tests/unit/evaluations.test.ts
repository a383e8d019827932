/**
 * The evaluations (`npm run eval:heldout`, `eval:flags`, `eval:suggest`) on the shadow fixtures,
 * a development set (tests/fixtures/heldout and clean, see their SOURCES.md): they never skip,
 * and each figure keeps a floor that names the figure it protects and where it was measured.
 *
 * The floors are the figures measured on 2026-12-07 (commit "Evaluations on the shadow
 * fixtures"), which equal those of the real texts the shadows carry over (session 4 and 5
 * notes). A change that loses one fails here; one that gains should raise the floor. Never tune
 * the engine on these texts to pass: they are tuned on already, so they catch regressions, not
 * generalization.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
	CorpusError,
	DEV_ANNOTATED,
	DEV_CLEAN,
	FLAGS_SUFFIX,
	glossaryIn,
	NAMES_SUFFIX,
	readCorpus
} from '../../scripts/corpus';
import { checkText, evaluateFlags, loadEngine, parseAnnotations } from '../../scripts/eval-flags';
import { evaluateNames } from '../../scripts/eval-heldout';
import { evaluateSuggestions } from '../../scripts/eval-suggest';
import { slugOf } from '../../src/lib/server/read-text';
import { cli } from '../cli';

const corpus = readCorpus();

describe('the development corpus', () => {
	it('has every annotated text and clean text on disk', () => {
		const annotated = readdirSync(DEV_ANNOTATED).filter(
			(f) => f.endsWith(NAMES_SUFFIX) || f.endsWith(FLAGS_SUFFIX)
		);
		const names = new Set(annotated.map((f) => f.replace(/\.(annotations|flags)\.yaml$/, '')));
		expect(corpus.annotated.map((t) => t.slug)).toEqual([...names].sort());
		expect(corpus.annotated).toHaveLength(16);
		expect(corpus.clean).toHaveLength(11);
		expect(corpus.isDevelopmentSet).toBe(true);
	});

	it('has flag annotations, each written before any detector ran, with a kind, text and note', () => {
		const files = corpus.annotated.flatMap((t) => (t.flagsFile ? [t.flagsFile] : []));
		expect(files).toHaveLength(11);
		for (const file of files) {
			const source = readFileSync(file, 'utf8');
			expect(source, file).toMatch(/2026-12-01 BEFORE any flag detector/);
			expect(parseAnnotations(source, file).length, file).toBeGreaterThan(0);
		}
	});
});

describe('a corpus of your own (--corpus DIR)', () => {
	const dirs: string[] = [];
	afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
	const copy = () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'corpus-'));
		dirs.push(dir);
		cpSync(DEV_ANNOTATED, dir, { recursive: true });
		cpSync(DEV_CLEAN, path.join(dir, 'clean'), { recursive: true });
		return dir;
	};
	const problemsOf = (dir: string) => {
		try {
			readCorpus(dir, path.join(dir, 'clean'));
		} catch (error) {
			if (error instanceof CorpusError) return error.message.split('\n');
			throw error;
		}
		return [];
	};

	it('reads a folder laid out like the fixtures, and is not the development set', () => {
		const dir = copy();
		const own = readCorpus(dir, path.join(dir, 'clean'));
		expect(own.annotated).toHaveLength(16);
		expect(own.clean).toHaveLength(11);
		expect(own.isDevelopmentSet).toBe(false);
	});

	it('fails on a missing text, naming it, and on a text without annotations', () => {
		const dir = copy();
		rmSync(path.join(dir, 'todaychina-two-macs-2021-01.txt'));
		writeFileSync(path.join(dir, 'stray.txt'), 'A text nobody annotated.');
		const problems = problemsOf(dir);
		expect(problems).toHaveLength(2);
		expect(problems[0]).toMatch(/todaychina-two-macs-2021-01\.txt is missing/);
		expect(problems[1]).toMatch(/stray\.txt has no annotations/);
	});

	it('fails on an empty or absent folder', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'corpus-'));
		dirs.push(dir);
		expect(problemsOf(dir).join('\n')).toMatch(/clean is not a folder/);
		expect(problemsOf(path.join(dir, 'nowhere'))[0]).toMatch(/nowhere is not a folder/);
	});
});

describe('names (eval:heldout)', () => {
	const { annotated, clean } = evaluateNames(corpus, glossaryIn());

	it('corrects at least 28 of the 56 garbles of known entries (measured 28/56)', () => {
		expect(annotated.garblesOfKnownEntries).toBeGreaterThanOrEqual(56);
		expect(annotated.fixed).toBeGreaterThanOrEqual(28);
	});

	it('makes no correction that fixes no annotated garble, and alters no protected name', () => {
		expect(annotated.wrong).toEqual([]);
		expect(annotated.altered).toEqual([]);
	});

	it('reads the annotated turns of every text exactly', () => {
		expect(annotated.turnsExact).toBe(annotated.texts);
	});

	it('changes no name in clean English', () => {
		expect(clean.texts).toBe(14);
		expect(clean.corrections).toEqual([]);
	});
});

describe('flags (eval:flags)', { timeout: 60_000 }, async () => {
	const engine = await loadEngine();
	const result = await evaluateFlags(corpus, engine);

	it('finds every annotated span in its text', () => {
		expect(result.problems).toEqual([]);
	});

	it('keeps recall at its floors (measured 8/96 overall, 5/30 code detectors, 3/66 rules)', () => {
		const { all, code, rules } = result.total;
		expect(all.annotated).toBe(108);
		expect(all.found).toBeGreaterThanOrEqual(8);
		expect(code.found).toBeGreaterThanOrEqual(5);
		expect(rules.found).toBeGreaterThanOrEqual(3);
	});

	it('raises no flag that matches no annotation on the machine translations (measured 1)', () => {
		expect(result.total.unmatched).toBeLessThanOrEqual(1);
	});

	it('raises no warning or error on clean English', () => {
		expect(result.clean.texts).toBe(14);
		expect(result.clean.flags.filter((f) => f.severity !== 'info')).toEqual([]);
	});

	it('measures the flags the CLI reports', async () => {
		const name = result.texts.reduce((a, b) => (b.flags > a.flags ? b : a)).name;
		const file = path.join(DEV_ANNOTATED, `${name}.txt`);
		const { stdout } = await cli(['check', file, '--format', 'json']);
		type Located = { kind: string; rule: string; line: number; column: number };
		const key = (f: Located) => `${f.line}:${f.column} ${f.kind} ${f.rule}`;
		const reported = (JSON.parse(stdout) as { flags: Located[] }[])[0]!.flags.map(key);
		const { flags } = checkText(readFileSync(file, 'utf8'), slugOf(file), engine);
		expect(flags.map(key)).toEqual(reported);
		expect(flags).toHaveLength(result.texts.find((t) => t.name === name)!.flags);
	});
});

describe('suggestions (eval:suggest)', { timeout: 180_000 }, () => {
	const { annotated, precision } = evaluateSuggestions(corpus, glossaryIn().entries);

	it('proposes at least 18 of the 28 unseen garbles for the right entry (measured 18/28)', () => {
		expect(annotated.unseenGarbles).toBeGreaterThanOrEqual(28);
		expect(annotated.proposedForRightEntry).toBeGreaterThanOrEqual(18);
	});

	it('makes no wrong suggestion on the annotated texts, the seeds or clean English', () => {
		expect(precision.wrong).toEqual([]);
		expect(precision.clean.words).toBeGreaterThan(5000);
	});
});
