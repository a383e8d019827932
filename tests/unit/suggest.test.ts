import { describe, expect, it } from 'vitest';
import { findingsOf, markDocument } from '../../src/lib/document/mark';
import { loadGlossary } from '../../src/lib/glossary/load';
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import type { GlossaryEntry } from '../../src/lib/glossary/types';
import { englishWords } from '../../src/lib/server/english';
import { dictionary } from '../../src/lib/suggest/dictionary';
import { groupSuggestions, isSuggestion } from '../../src/lib/suggest/group';
import { soundKey } from '../../src/lib/suggest/sound';
import { Suggester } from '../../src/lib/suggest/suggester';
import { wordsOf } from '../../src/lib/suggest/words';
import { LU_KANG, realGlossary, transcripts } from '../helpers';

const english = englishWords();
const isEnglish = (w: string) => english.has(w);
const entries = realGlossary().entries;

/** The real glossary without one variant: what the suggester must then find on its own. */
function without(entryId: string, variant: string): GlossaryEntry[] {
	const entry = entries.find((e) => e.id === entryId);
	expect(
		entry?.variants.some((v) => v.text === variant),
		`${entryId} lists "${variant}"`
	).toBe(true);
	return entries.map((e) =>
		e === entry ? { ...e, variants: e.variants.filter((v) => v.text !== variant) } : e
	);
}

function suggest(list: GlossaryEntry[], text: string, transcript?: string) {
	const doc = markDocument(text, new GlossaryMatcher(list), {
		transcript,
		suggester: new Suggester(list, dictionary(), isEnglish)
	});
	return findingsOf(doc).filter(isSuggestion);
}

// The timeouts are a safety net only: each case builds a suggester over the real glossary, and
// a loaded machine takes seconds for one.
describe(
	'the suggester finds garbles the glossary does not list, each by its rule',
	{ timeout: 60_000 },
	() => {
		const cases: [
			entry: string,
			variant: string,
			sentence: string,
			rule: string,
			evidence: RegExp
		][] = [
			[
				'meng-wanzhou',
				'Meng late boat',
				'Only Canada agreed to detain Meng late boat.',
				'characters',
				/late=晚 \(gloss\), boat=舟 \(gloss\)/
			],
			[
				'meng-wanzhou',
				'Bangladesh evening boat',
				'The Bangladesh evening boat incident will bring costs.',
				'characters',
				/Bangladesh=孟 as in 孟加拉 \(proper noun\)/
			],
			[
				'meng-wanzhou',
				'Meng hung boat',
				'Countries that Meng hung boat has visited.',
				'characters',
				/hung≈\?/
			],
			['meng-wanzhou', 'Meng Wan Zhou', 'He asked about Meng Wan-zhou today.', 'spelling', /form/],
			[
				'nathan-vanderklippe',
				'Vandeshan',
				'Vandeshan asked the question.',
				'near-spelling',
				/1 letter/
			],
			[
				'nathan-vanderklippe',
				'Mt. Vander',
				'Mt. Vander: Thank you.',
				'own-words',
				/Mt=山 \(gloss\)/
			],
			['michael-kovrig', 'cummingkai', 'but cummingkai was taken.', 'sound-alike', /kangmingkai/],
			[
				'michael-kovrig',
				'Kang Mingkai',
				'He spoke to Kang Mingkai.',
				'spelling',
				/pinyin of 康明凯/
			],
			['five-eyes', 'five eye', 'the five eye alliance', 'near-spelling', /plural s/],
			['dual-circulation', 'double cycle', 'a new double cycle pattern', 'characters', /double=双/]
		];
		for (const [entry, variant, sentence, rule, evidence] of cases) {
			it(`${rule}: "${variant}" for ${entry}`, () => {
				const found = suggest(without(entry, variant), sentence);
				expect(found).toHaveLength(1);
				const [s] = found;
				expect(s!.entry).toBe(entry);
				expect(s!.rule).toBe(`suggestion/${rule}`);
				expect(s!.note).toMatch(evidence);
				// The span is exactly the text it names, with absolute offsets.
				expect(sentence.slice(s!.start, s!.end)).toBe(s!.actual);
				expect(s!.score).toBeGreaterThan(0);
				expect(s!.score).toBeLessThanOrEqual(1);
			});
		}

		it('reads one word of pinyin syllable by syllable, one syllable off ("Mengxizhou")', () => {
			const [s] = suggest(entries, 'the arrest of Mengxizhou in Vancouver');
			expect(s).toMatchObject({
				entry: 'meng-wanzhou',
				actual: 'Mengxizhou',
				rule: 'suggestion/characters'
			});
		});

		it('proposes a surname where it stands alone once it was seen with the first name', () => {
			const found = suggest(
				entries,
				'Title\n\nSpaffer was sentenced in August.\n\nCanadians Michael Spaffer and Michael Kovrig came home.'
			);
			expect(found.map((f) => [f.actual, f.entry])).toEqual([
				['Spaffer', 'michael-spavor'],
				['Michael Spaffer', 'michael-spavor']
			]);
		});

		it('extends a correction of the same entry rather than leaving the rest of the name', () => {
			// In the Lu Kang interview "Kang" alone is corrected; "Kang Mingkai" is then proposed whole.
			const found = suggest(
				without('michael-kovrig', 'Kang Mingkai'),
				'arrange Kang Mingkai to talk',
				LU_KANG
			);
			expect(found.map((f) => f.actual)).toEqual(['Kang Mingkai']);
		});

		it('proposes a context variant scoped to another transcript where its context holds', () => {
			const sentence =
				'Prime Minister Trudeau of Canada has taken a different approach from his predecessor';
			expect(
				suggest(entries, sentence, 'another-transcript').map((f) => [f.actual, f.entry, f.rule])
			).toEqual([['Trudeau', 'mark-carney', 'suggestion/context-elsewhere']]);
			// …and not in the transcript it is scoped to, where the glossary corrects it.
			expect(suggest(entries, sentence, 'observers-network-carney-china-2025')).toEqual([]);
		});
	}
);

describe('precision: what the suggester leaves alone', { timeout: 120_000 }, () => {
	it.each([
		['part of a longer Chinese name', 'Foreign Ministry spokesman Zhao Lijian said'],
		['a name the glossary knows, with a title', 'Ms. Meng Wanzhou and MP Michael Chong'],
		['a word of the canonical name, however cased', 'SECRETARY BLINKEN: Thank you.'],
		['a pinyin place name two letters from a name', 'Xinjiang and Tibet'],
		['English glosses of an institution, two words', 'the Foreign Ministry said'],
		['function words glossing characters', 'China to act, China for all'],
		['a possessive without its apostrophe', 'Huaweis chief financial officer'],
		['a repeated name', 'Justin Trudeau Trudeau said']
	])('%s: %s', (_, sentence) => {
		expect(suggest(entries, sentence)).toEqual([]);
	});

	it('is silent on the five seed transcripts with the full glossary', () => {
		for (const { slug, text } of transcripts()) {
			expect(
				suggest(entries, text, slug).map((f) => f.actual),
				slug
			).toEqual([]);
		}
	});

	it('never proposes a form an editor ruled out (not_variants)', () => {
		const list = without('meng-wanzhou', 'Meng late boat');
		expect(suggest(list, 'detain Meng late boat.')).toHaveLength(1);
		const ruled = list.map((e) =>
			e.id === 'meng-wanzhou' ? { ...e, notVariants: ['meng  LATE boat'] } : e
		);
		expect(suggest(ruled, 'detain Meng late boat.')).toEqual([]);
	});
});

describe('not_variants in glossary files', () => {
	it('is validated like variants, with file, line, entry and field', () => {
		const { problems, entries: loaded } = loadGlossary([
			{
				name: 'people.yaml',
				text: [
					'- id: meng-wanzhou',
					'  canonical: Meng Wanzhou',
					'  kind: person',
					'  variants: [Meng late boat]',
					'  not_variants: [Meng night boat, meng late boat, "  "]'
				].join('\n')
			}
		]);
		expect(problems.map((p) => `${p.file}:${p.line} ${p.entry} ${p.field}: ${p.message}`)).toEqual([
			'people.yaml:5 meng-wanzhou not_variants[2]: must not be empty'
		]);
		expect(loaded).toEqual([]);
		const ok = loadGlossary([
			{
				name: 'people.yaml',
				text: [
					'- id: meng-wanzhou',
					'  canonical: Meng Wanzhou',
					'  kind: person',
					'  variants: [Meng late boat]',
					'  not_variants: [Meng night boat, meng late boat]'
				].join('\n')
			}
		]);
		expect(ok.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
			'not_variants[1]: "meng late boat" is also listed in variants; keep it in one list'
		]);
		expect(ok.entries[0]!.notVariants).toEqual(['Meng night boat']);
	});
});

describe('grouping for the CLI and the API', { timeout: 60_000 }, () => {
	it('groups by entry and spelling, with paragraph-relative occurrences', () => {
		const list = without('michael-kovrig', 'cummingkai');
		const text =
			'Title\n\nQ: Did cummingkai confess?\n\nA: cummingkai did not. Neither did Cummingkai.';
		const doc = markDocument(text, new GlossaryMatcher(list), {
			suggester: new Suggester(list, dictionary(), isEnglish)
		});
		const groups = groupSuggestions(doc);
		expect(groups).toHaveLength(1);
		const [g] = groups;
		expect(g).toMatchObject({
			text: 'cummingkai',
			entry: 'michael-kovrig',
			canonical: 'Michael Kovrig'
		});
		expect(g!.occurrences).toHaveLength(3);
		for (const o of g!.occurrences) {
			const p = doc.blocks[o.block!]!.paragraphs[o.paragraph]!;
			expect(p.raw.slice(o.start, o.end).toLowerCase()).toBe('cummingkai');
		}
	});
});

describe('word windows and sound keys', () => {
	it('joins words across spaces, hyphens, an abbreviation and a possessive, not across punctuation', () => {
		const words = wordsOf('Mt. Vander, Meng’s late boat; Wan-zhou. Next');
		expect(words.map((w) => [w.text, w.joinsNext])).toEqual([
			['Mt', true],
			['Vander', false],
			['Meng', true],
			['late', true],
			['boat', false],
			['Wan', true],
			['zhou', false],
			['Next', false]
		]);
	});

	it('hears pinyin and English respellings alike', () => {
		expect(soundKey('cummingkai')).toBe(soundKey('kangmingkai'));
		expect(soundKey('consino')).toBe(soundKey('kangxinuo'));
		expect(soundKey('Spaffer')).toBe(soundKey('Spavor'));
		expect(soundKey('Kovrig')).not.toBe(soundKey('kangmingkai'));
	});
});
