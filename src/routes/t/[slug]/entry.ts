import type { SlimDocument, SlimParagraph } from '$lib/types';

/** Anchor id of a correction: stable across views, so links and stepping work in each. */
export function correctionId(where: string, paragraph: number, index: number): string {
	return `c-${where}-${paragraph}-${index}`;
}

export interface Occurrence {
	id: string;
	/** Turn number, or null outside turns (title, preamble, captions). */
	turn: number | null;
	original: string;
}

/** Every correction of a document grouped by glossary entry, most frequent first. */
export function occurrencesByEntry(doc: SlimDocument): [string, Occurrence[]][] {
	const groups = new Map<string, Occurrence[]>();
	const add = (where: string, turn: number | null, paragraphs: SlimParagraph[]) =>
		paragraphs.forEach((p, pi) =>
			p.corrections.forEach((c, ci) => {
				const list = groups.get(c.entry) ?? [];
				list.push({ id: correctionId(where, pi, ci), turn, original: c.original });
				groups.set(c.entry, list);
			})
		);
	if (doc.title) add('title', null, [doc.title]);
	doc.blocks.forEach((b, bi) => add(String(bi), b.turn, b.paragraphs));
	return [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}
