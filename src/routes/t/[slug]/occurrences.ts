import { isCorrection, type Finding } from '$lib/document/finding';
import { flagsOf } from '$lib/document/quality';
import type { MarkedDocument } from '$lib/document/model';

export interface Occurrence {
	id: string;
	/** Turn number, or null outside turns (title, preamble, captions). */
	turn: number | null;
	original: string;
}

const cache = new WeakMap<MarkedDocument, [string, Occurrence[]][]>();

/** Every correction of a document grouped by glossary entry, most frequent first. */
export function occurrencesByEntry(
	doc: MarkedDocument,
	ids: Map<Finding, string>
): [string, Occurrence[]][] {
	const cached = cache.get(doc);
	if (cached) return cached;
	const groups = new Map<string, Occurrence[]>();
	const blocks = [...(doc.title ? [{ turn: null, paragraphs: [doc.title] }] : []), ...doc.blocks];
	for (const { turn, paragraphs } of blocks) {
		for (const finding of paragraphs.flatMap((p) => p.findings).filter(isCorrection)) {
			const list = groups.get(finding.rule) ?? [];
			list.push({ id: ids.get(finding)!, turn, original: finding.actual });
			groups.set(finding.rule, list);
		}
	}
	const sorted = [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
	cache.set(doc, sorted);
	return sorted;
}

/** Every flag of a document grouped by kind, most frequent first (anchor ids by `ids`). */
export function flagOccurrences(
	doc: MarkedDocument,
	ids: Map<Finding, string>
): [string, Occurrence[]][] {
	const groups = new Map<string, Occurrence[]>();
	const blocks = [...(doc.title ? [{ turn: null, paragraphs: [doc.title] }] : []), ...doc.blocks];
	for (const { turn, paragraphs } of blocks) {
		for (const flag of paragraphs.flatMap(flagsOf)) {
			const list = groups.get(flag.kind) ?? [];
			list.push({ id: ids.get(flag)!, turn, original: flag.actual });
			groups.set(flag.kind, list);
		}
	}
	return [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}
