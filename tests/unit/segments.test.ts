import { describe, expect, it } from 'vitest';
import { buildDocument } from '../../src/lib/document';
import { unexplainedChanges } from '../../src/lib/compare';
import { segmentsOf } from '../../src/lib/segments';
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
				const segments = segmentsOf(p);
				expect(segments.map((s) => ('text' in s ? s.text : s.correction.original)).join('')).toBe(
					p.raw
				);
				expect(
					segments.map((s) => ('text' in s ? s.text : s.correction.replacement)).join('')
				).toBe(p.normalized);
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
