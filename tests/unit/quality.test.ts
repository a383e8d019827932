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
	/** Every flag kind at zero, and the given ones: counts are kept for every kind. */
	const countsWith = (some: Partial<Record<(typeof FLAG_KINDS)[number], number>>) => ({
		...Object.fromEntries(FLAG_KINDS.map((k) => [k, 0])),
		...some
	});

	// Worked by hand from the definition (README, "Flags and quality"), not read off the result:
	//   Title                                            1 sentence, 1 word
	//   Q: The outbreak of the outbreak worries us.      sentence with a warning (repeated-word)
	//      All is well.                                  sentence, clean      → turn 1: 1/2 = 0.5
	//   A: One belt, one road.                           sentence with an info flag (calque/
	//      Yes.                                            one-belt-one-road): not lowering it
	//                                                                         → turn 2: 2/2 = 1
	//   Sentences 1 + 2 + 2 = 5, flagged 1: score 4/5 = 0.8.
	//   Words (runs of letters in the paragraphs; the labels Q and A are not in them):
	//   Title 1 + "The outbreak of the outbreak worries us All is well" 10 + "One belt one road
	//   Yes" 5 = 16. Flags: the warning and the info flag, one in each turn.
	it('is the share of sentences with no warning or error; info does not count', () => {
		const doc = markDocument(
			'Title\nQ: The outbreak of the outbreak worries us. All is well.\nA: One belt, one road. Yes.',
			matcher,
			{ checker }
		);
		expect(qualityOf(doc)).toEqual({
			score: 0.8,
			words: 16,
			counts: countsWith({ 'repeated-word': 1, 'mt-artifact': 1 }),
			severities: { info: 1, warning: 1, error: 0 },
			turns: [
				{ turn: 1, score: 0.5, flags: 1 },
				{ turn: 2, score: 1, flags: 1 }
			]
		});
	});

	// Rounded to 0.001: one flagged sentence in three leaves 2/3 = 0.667; a turn of no sentence
	// (only a label) scores 1. Sentences end at ! ? and their full-width forms too.
	it('rounds to 0.001, and scores a turn with no sentence 1', () => {
		const doc = markDocument(
			'Q: Is the outbreak of the outbreak over? Yes! Good。\nA:\nQ: Fine.',
			matcher,
			{ checker }
		);
		expect(qualityOf(doc)).toEqual({
			// 3 + 0 + 1 sentences, 1 flagged: 3/4.
			score: 0.75,
			// Is, the, outbreak, of, the, outbreak, over, Yes, Good (9) + Fine (1).
			words: 10,
			counts: countsWith({ 'repeated-word': 1 }),
			severities: { info: 0, warning: 1, error: 0 },
			turns: [
				{ turn: 1, score: 0.667, flags: 1 },
				{ turn: 2, score: 1, flags: 0 },
				{ turn: 3, score: 1, flags: 0 }
			]
		});
	});
});
