import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocument, markDocument } from '../../src/lib/document/mark';
import { loadQualityRules, QualityChecker } from '../../src/lib/flags/checks';
import { qualityOf } from '../../src/lib/document/quality';
import { FLAG_KINDS } from '../../src/lib/flags/types';
import { LU_KANG, realMatcher, ROOT, transcript, transcripts } from '../helpers';

const rulesDir = path.join(ROOT, 'rules');
const rules = loadQualityRules(
	readdirSync(rulesDir)
		.filter((n) => n.endsWith('.yaml'))
		.map((name) => ({ name, text: readFileSync(path.join(rulesDir, name), 'utf8') }))
);
const checker = new QualityChecker(rules);
const matcher = realMatcher();
const build = (text: string, slug?: string) =>
	buildDocument(text, matcher, { transcript: slug, checker });

describe('flags in the document', () => {
	it('the rules folder loads without problems', () => {
		expect(rules.problems).toEqual([]);
		expect(rules.rules.length).toBeGreaterThan(20);
	});

	it('flags the Lu Kang interview, each flag pointing at its words', () => {
		const doc = build(transcript(LU_KANG), LU_KANG);
		const kinds = new Set(doc.flags.map((f) => f.kind));
		for (const kind of [
			'repeated-word',
			'literal-idiom',
			'spurious-insertion',
			'mistranslated-title'
		]) {
			expect(kinds, kind).toContain(kind);
		}
		for (const f of doc.flags) {
			expect(FLAG_KINDS).toContain(f.kind);
			if (f.paragraph === null) continue; // on a speaker label
			const p = f.block === null ? doc.title! : doc.blocks[f.block]!.paragraphs[f.paragraph]!;
			expect(p.raw.slice(f.start, f.end).trim().length).toBeGreaterThan(0);
		}
		const idiom = doc.flags.find((f) => f.rule === 'idiom/one-hand-cannot-clap')!;
		const p = doc.blocks[idiom.block!]!.paragraphs[idiom.paragraph!]!;
		expect(p.raw.slice(idiom.start, idiom.end)).toMatch(/^one hand can.t make a sound$/i);
		expect(doc.quality.turns).toHaveLength(148);
		expect(doc.quality.score).toBeGreaterThan(0.5);
		expect(doc.quality.score).toBeLessThan(1);
	});

	it.each(transcripts().filter((t) => t.slug.startsWith('china-canada')))(
		'$slug (human-written English) has no warning or error, and scores 1',
		({ slug, text }) => {
			const doc = build(text, slug);
			expect(doc.flags.filter((f) => f.severity !== 'info')).toEqual([]);
			expect(doc.quality.score).toBe(1);
		}
	);

	it('drops a flag on words a correction already fixed', () => {
		// "new crown pneumonia" is a glossary variant of COVID-19 and a calque rule.
		const doc = build('Q: How is the new crown pneumonia now?\nA: Better.');
		expect(doc.blocks[0]!.paragraphs[0]!.corrections).toHaveLength(1);
		expect(doc.flags.filter((f) => f.rule === 'calque/new-crown-pneumonia')).toEqual([]);
	});
});

describe('qualityOf', () => {
	it('is the share of sentences with no warning or error; info does not count', () => {
		const doc = markDocument(
			'Title\nQ: The outbreak of the outbreak worries us. All is well.\nA: One belt, one road. Yes.',
			matcher,
			{ checker }
		);
		const quality = qualityOf(doc);
		expect(quality.severities.warning).toBe(1);
		expect(quality.severities.info).toBeGreaterThanOrEqual(1);
		expect(quality.turns).toEqual([
			{ turn: 1, score: 0.5, flags: 1 },
			{ turn: 2, score: 1, flags: quality.severities.info }
		]);
		// Title (1 sentence) + 2 + 2 sentences, one of them flagged.
		expect(quality.score).toBe(0.8);
		expect(quality.words).toBe(16);
		expect(quality.counts['repeated-word']).toBe(1);
	});
});
