import { describe, expect, it } from 'vitest';
import { buildDocument } from '../../src/lib/document';
import { unexplainedChanges } from '../../src/lib/compare';
import { piecesOf } from '../../src/lib/segments';
import { realMatcher, transcripts } from '../helpers';

const matcher = realMatcher();

describe('inline segments', () => {
	it.each(transcripts())(
		'$slug: a word diff of raw and normalized text changes nothing but the corrections',
		({ slug, text }) => {
			const doc = buildDocument(text, matcher, { transcript: slug });
			for (const p of [
				...(doc.title ? [doc.title] : []),
				...doc.blocks.flatMap((b) => b.paragraphs)
			]) {
				expect(unexplainedChanges(p)).toEqual([]);
				const { pieces, rest } = piecesOf(p);
				const join = (side: 'original' | 'replacement') =>
					pieces.map((piece) => piece.before + piece.correction[side]).join('') + rest;
				expect(join('original')).toBe(p.raw);
				expect(join('replacement')).toBe(p.normalized);
			}
		}
	);

	it('notices a change that no correction explains', () => {
		const paragraph = {
			raw: 'Meng hung boat said',
			normalized: 'Meng Wanzhou says',
			corrections: [],
			offset: 0
		};
		expect(unexplainedChanges(paragraph)).toEqual([
			{ start: 5, end: 9 },
			{ start: 10, end: 19 }
		]);
	});
});
