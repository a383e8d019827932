import { diffWords } from 'diff';
import { normalizedText, paragraphsOf } from '../document/marked';
import { isCorrection } from '../document/finding';
import type { MarkedDocument } from '../document/model';

/** One paragraph a glossary change would change: its text before and after, as a word diff. */
export interface ChangedParagraph {
	block: number | null;
	paragraph: number;
	turn: number | null;
	/** Runs of the normalized text: unchanged, removed or added. */
	diff: { text: string; change: 'same' | 'removed' | 'added' }[];
}

/** What a glossary change does to one transcript. */
export interface TranscriptEffect {
	paragraphs: ChangedParagraph[];
	/** Corrections the change adds, and removes (by place, entry and replacement). */
	added: number;
	removed: number;
	/** Corrections that now go to another entry: each is a conflict to spell out. */
	retargeted: { text: string; from: string; to: string }[];
}

/**
 * The effect of a glossary change on a transcript: `before` and `after` are the same text
 * marked with the glossary as it is and as it would be.
 */
export function effectOf(before: MarkedDocument, after: MarkedDocument): TranscriptEffect {
	const old = paragraphsOf(before);
	const now = paragraphsOf(after);
	const where = placesOf(before);
	const effect: TranscriptEffect = { paragraphs: [], added: 0, removed: 0, retargeted: [] };
	old.forEach((p, i) => {
		const q = now[i]!;
		const key = (f: { start: number; end: number; rule: string; fix?: string }) =>
			`${f.start}:${f.end}:${f.rule}:${f.fix}`;
		const was = new Map(p.findings.filter(isCorrection).map((f) => [key(f), f]));
		const is = new Map(q.findings.filter(isCorrection).map((f) => [key(f), f]));
		for (const k of is.keys()) if (!was.has(k)) effect.added++;
		for (const k of was.keys()) if (!is.has(k)) effect.removed++;
		for (const f of was.values()) {
			const other = q.findings.find(
				(g) => isCorrection(g) && g.start === f.start && g.end === f.end && g.rule !== f.rule
			);
			if (other) effect.retargeted.push({ text: f.actual, from: f.rule, to: other.rule });
		}
		const a = normalizedText(p);
		const b = normalizedText(q);
		if (a === b) return;
		effect.paragraphs.push({
			...where[i]!,
			diff: diffWords(a, b).map((part) => ({
				text: part.value,
				change: part.added ? 'added' : part.removed ? 'removed' : 'same'
			}))
		});
	});
	return effect;
}

/** Where each paragraph of `paragraphsOf(doc)` is: block, index in it, turn. */
function placesOf(doc: MarkedDocument): Omit<ChangedParagraph, 'diff'>[] {
	const places: Omit<ChangedParagraph, 'diff'>[] = doc.title
		? [{ block: null, paragraph: 0, turn: null }]
		: [];
	doc.blocks.forEach((b, block) =>
		b.paragraphs.forEach((_, paragraph) => places.push({ block, paragraph, turn: b.turn }))
	);
	return places;
}
