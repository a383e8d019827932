import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { PhraseIndex, type Pick } from '../../src/lib/text/phrase-index';
import { propertyRuns } from '../budget';
import { referenceScan } from '../reference-phrase-index';

// Small alphabets make collisions likely: phrases inside phrases, shared prefixes, repeats,
// case and apostrophe variants, space runs and word boundaries at every turn. Characters outside
// the BMP (an emoji, 𠀀 of CJK Extension B: two code units each), lone surrogates, combining
// marks and İ (whose lowercase is two code units) check that offsets are code units throughout.
const letter = fc.constantFrom(
	...['a', 'b', 'A', 'é', 'É', "'", '’', 'ʼ', '.', '-', '1'],
	...['😀', '𠀀', '𝐀', '\ud83d', '\u0301', 'e\u0301', 'İ']
);
const space = fc.constantFrom(' ', '  ', '\u00a0', '\t', ', ', '\n', '\u2003', '\u2000', '\r\n');
const word = fc.array(letter, { minLength: 1, maxLength: 4 }).map((w) => w.join(''));
const phrase = fc.array(fc.tuple(word, space), { minLength: 1, maxLength: 3 }).map((parts) =>
	parts
		.map(([w, s]) => w + s)
		.join('')
		.trimEnd()
);
const text = fc
	.array(fc.oneof(word, space, phrase), { maxLength: 30 })
	.map((parts) => parts.join(''));

/** Generous: a property's budget is its count of runs, never a time. */
const TIMEOUT = 120_000;

/** Accepts a value unless it is odd and the match is at an odd offset: pick must be consulted. */
const pick: Pick<number, number> = (values, _text, start) =>
	values.find((v) => v % 2 === 0 || start % 2 === 0);

describe('PhraseIndex', () => {
	test.prop([fc.array(phrase, { maxLength: 12 }), text], propertyRuns(300, 2000))(
		'finds exactly what the plain reference finds',
		(phrases, sample) => {
			const entries = phrases.map((p, i) => [p, i] as const);
			const index = new PhraseIndex(entries);
			expect(index.scan(sample, pick)).toEqual(referenceScan(entries, sample, pick));
		},
		TIMEOUT
	);

	test.prop(
		[fc.array(phrase, { minLength: 1, maxLength: 12 }), text, fc.nat()],
		propertyRuns(100, 100) // fast-check's default, as before: each run scans a longer text
	)(
		'finds every phrase planted between spaces',
		(phrases, sample, at) => {
			const planted = phrases[at % phrases.length]!;
			const entries = phrases.map((p, i) => [p, i] as const);
			const all = ` ${sample} ${planted} `;
			const matches = new PhraseIndex(entries).scan(all, (values) => values[0]);
			expect(matches).toEqual(referenceScan(entries, all, (values) => values[0]));
		},
		TIMEOUT
	);

	it('prefers the leftmost, then the longest phrase that pick accepts', () => {
		const index = new PhraseIndex([
			['meng late', 'short'],
			['meng late boat', 'long'],
			['late boat incident', 'later']
		]);
		const found = index.scan('the Meng  Late boat incident', (values) => values[0]);
		expect(found).toEqual([{ start: 4, end: 19, value: 'long' }]);
		const refused = index.scan('the meng late boat', (values) =>
			values[0] === 'long' ? undefined : values[0]
		);
		expect(refused).toEqual([{ start: 4, end: 13, value: 'short' }]);
	});

	it('counts offsets in UTF-16 code units, past characters outside the BMP', () => {
		// 😀 and 𠀀 are two code units each; a surrogate is a word code unit, as in `fold.ts`.
		const index = new PhraseIndex([['kang', 1]]);
		expect(index.scan('😀 𠀀 Kang 😀kang', (v) => v[0])).toEqual([{ start: 6, end: 10, value: 1 }]);
		expect(referenceScan([['kang', 1]], '😀 𠀀 Kang', (v) => v[0])).toEqual([
			{ start: 6, end: 10, value: 1 }
		]);
	});

	it('matches whole words only', () => {
		const index = new PhraseIndex([['kang', 1]]);
		expect(index.scan('Kangaroo xkang kang’s', (v) => v[0])).toEqual([
			{ start: 15, end: 19, value: 1 }
		]);
	});
});
