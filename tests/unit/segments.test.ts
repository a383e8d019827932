import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { buildDocument, markDocument, paragraphsOf } from '../../src/lib/document/mark';
import type { Finding } from '../../src/lib/document/finding';
import { segmentsOf, textOf, type MarkSegment, type Segment } from '../../src/lib/view/segments';
import { realMatcher, transcripts } from '../helpers';
import { propertyRuns } from '../budget';
import { unexplainedChanges } from '../word-diff';

const matcher = realMatcher();

const finding = (start: number, end: number, rule = 'r'): Finding => ({
	source: 'quality',
	rule,
	start,
	end,
	actual: '',
	expected: [],
	message: '',
	severity: 'warning'
});

function marks(segments: readonly Segment[], depth = 0): (MarkSegment & { depth: number })[] {
	return segments.flatMap((s) =>
		typeof s === 'string' ? [] : [{ ...s, depth }, ...marks(s.children, depth + 1)]
	);
}

// The timeout is a safety net only: the property's budget is a count of runs.
describe('segments', { timeout: 60_000 }, () => {
	it.each(transcripts())(
		'$slug: a word diff of raw and normalized text changes nothing but the corrections',
		({ slug, text }) => {
			const doc = buildDocument(text, matcher, { transcript: slug });
			for (const p of paragraphsOf(doc)) expect(unexplainedChanges(p)).toEqual([]);
			for (const p of paragraphsOf(markDocument(text, matcher, { transcript: slug }))) {
				const segments = segmentsOf(p.raw, p.offset, p.findings);
				expect(textOf(segments)).toBe(p.raw);
				expect(marks(segments).map((m) => m.finding)).toEqual(p.findings);
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

	it('nests a flag inside a correction and cuts a finding that crosses an edge', () => {
		const outer = finding(10, 20, 'outer');
		const inner = finding(12, 15, 'inner');
		const across = finding(18, 25, 'across');
		const segments = segmentsOf('abcdefghijklmnopqrstuvwxyz', 10, [outer, inner, across]);
		expect(segments).toEqual([
			{
				finding: outer,
				first: true,
				last: true,
				start: 0,
				end: 10,
				children: [
					'ab',
					{ finding: inner, first: true, last: true, start: 2, end: 5, children: ['cde'] },
					'fgh',
					{ finding: across, first: true, last: false, start: 8, end: 10, children: ['ij'] }
				]
			},
			{ finding: across, first: false, last: true, start: 10, end: 15, children: ['klmno'] },
			'pqrstuvwxyz'
		]);
	});

	const paragraph = fc.string({ minLength: 0, maxLength: 40 });
	const spans = (length: number) =>
		fc.array(
			fc
				.tuple(fc.integer({ min: -3, max: length + 3 }), fc.integer({ min: 0, max: length + 3 }))
				.map(([a, n]) => [a, a + n] as const),
			{ maxLength: 8 }
		);

	test.prop(
		[
			paragraph.chain((raw) => fc.tuple(fc.constant(raw), spans(raw.length))),
			fc.nat({ max: 1000 })
		],
		propertyRuns(100, 1000)
	)(
		'covers the text once, nests properly, and gives every finding exactly its span',
		([raw, pairs], offset) => {
			const findings = pairs.map(([a, b], i) => finding(offset + a, offset + b, `r${i}`));
			const segments = segmentsOf(raw, offset, findings);
			expect(textOf(segments)).toBe(raw);
			const all = marks(segments);
			for (const m of all) {
				expect(textOf(m.children)).toBe(raw.slice(m.start, m.end));
				for (const child of marks(m.children, m.depth + 1).filter((c) => c.depth === m.depth + 1)) {
					expect(child.start).toBeGreaterThanOrEqual(m.start);
					expect(child.end).toBeLessThanOrEqual(m.end);
				}
			}
			for (const f of findings) {
				const start = Math.max(0, f.start - offset);
				const end = Math.min(raw.length, f.end - offset);
				const pieces = all.filter((m) => m.finding === f).sort((a, b) => a.start - b.start);
				if (start >= end) {
					expect(pieces).toEqual([]);
					continue;
				}
				// Adjacent pieces, exactly its span, the first one first.
				expect(pieces[0]!.start).toBe(start);
				expect(pieces.at(-1)!.end).toBe(end);
				pieces.forEach((p, i) => {
					expect(p.first).toBe(i === 0);
					expect(p.last).toBe(i === pieces.length - 1);
					if (i > 0) expect(p.start).toBe(pieces[i - 1]!.end);
				});
			}
		}
	);
});
