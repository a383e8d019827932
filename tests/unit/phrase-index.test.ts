import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { PhraseIndex, type Pick } from '../../src/lib/text/phrase-index';
import { referenceScan } from '../reference-phrase-index';

// Small alphabets make collisions likely: phrases inside phrases, shared prefixes, repeats,
// case and apostrophe variants, space runs and word boundaries at every turn.
const letter = fc.constantFrom('a', 'b', 'A', 'é', 'É', "'", '’', 'ʼ', '.', '-', '1');
const space = fc.constantFrom(' ', '  ', '\u00a0', '\t', ', ', '\n');
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

/** Accepts a value unless it is odd and the match is at an odd offset: pick must be consulted. */
const pick: Pick<number, number> = (values, _text, start) =>
	values.find((v) => v % 2 === 0 || start % 2 === 0);

describe('PhraseIndex', () => {
	test.prop([fc.array(phrase, { maxLength: 12 }), text], { numRuns: 2000 })(
		'finds exactly what the plain reference finds',
		(phrases, sample) => {
			const entries = phrases.map((p, i) => [p, i] as const);
			const index = new PhraseIndex(entries);
			expect(index.scan(sample, pick)).toEqual(referenceScan(entries, sample, pick));
		}
	);

	test.prop([fc.array(phrase, { minLength: 1, maxLength: 12 }), text, fc.nat()])(
		'finds every phrase planted between spaces',
		(phrases, sample, at) => {
			const planted = phrases[at % phrases.length]!;
			const entries = phrases.map((p, i) => [p, i] as const);
			const all = ` ${sample} ${planted} `;
			const matches = new PhraseIndex(entries).scan(all, (values) => values[0]);
			expect(matches).toEqual(referenceScan(entries, all, (values) => values[0]));
		}
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

	it('matches whole words only', () => {
		const index = new PhraseIndex([['kang', 1]]);
		expect(index.scan('Kangaroo xkang kang’s', (v) => v[0])).toEqual([
			{ start: 15, end: 19, value: 1 }
		]);
	});
});
