import { describe, expect, it } from 'vitest';
import { anchorIds, fromLegacyAnchor } from '../../src/lib/document/anchors';
import { findingsOf, markDocument } from '../../src/lib/document/mark';
import { isCorrection } from '../../src/lib/document/finding';
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import { loadGlossary } from '../../src/lib/glossary/load';
import { LU_KANG, realGlossary, transcript } from '../helpers';

const entries = realGlossary().entries;
const text = transcript(LU_KANG);
const mark = (list: typeof entries) =>
	markDocument(text, new GlossaryMatcher(list), { transcript: LU_KANG });

describe('anchor ids', () => {
	const doc = mark(entries);
	const ids = anchorIds(findingsOf(doc));

	it('are unique, and say what they point at', () => {
		expect(new Set(ids.values()).size).toBe(ids.size);
		expect([...ids.values()]).toContain('c-meng-wanzhou--meng-hung-boat-1');
		for (const id of ids.values()) expect(id).toMatch(/^c-[a-z0-9-]+--[a-z0-9-]+-\d+$/);
	});

	it('survive a glossary edit that adds corrections before them', () => {
		// A new entry that fires in the first turns: positional ids would all have moved.
		const extra = loadGlossary([
			{
				name: 'extra.yaml',
				text: '- { id: extra, canonical: Extra Name, kind: term, variants: [dozens of countries, diplomatic relations] }'
			}
		]).entries;
		const edited = mark([...entries, ...extra]);
		const editedIds = anchorIds(findingsOf(edited));
		const key = (f: { start: number; rule: string }) => `${f.rule}@${f.start}`;
		const byKey = new Map([...editedIds].map(([f, id]) => [key(f), id]));
		expect(editedIds.size).toBeGreaterThan(ids.size);
		for (const [finding, id] of ids) expect(byKey.get(key(finding))).toBe(id);
	});

	it('take over the positional ids links used before', () => {
		const blockIndex = doc.blocks.findIndex((b) => b.paragraphs.some((p) => p.findings.length));
		const paragraphIndex = doc.blocks[blockIndex]!.paragraphs.findIndex((p) => p.findings.length);
		const correction =
			doc.blocks[blockIndex]!.paragraphs[paragraphIndex]!.findings.filter(isCorrection)[0]!;
		expect(fromLegacyAnchor(doc, ids, `c-${blockIndex}-${paragraphIndex}-0`)).toBe(
			ids.get(correction)
		);
		expect(fromLegacyAnchor(doc, ids, 'c-title-0-0')).toBe(
			doc.title?.findings[0] && ids.get(doc.title.findings[0])
		);
		expect(fromLegacyAnchor(doc, ids, 'c-99999-0-0')).toBeUndefined();
		expect(fromLegacyAnchor(doc, ids, 'turn-3')).toBeUndefined();
	});
});
