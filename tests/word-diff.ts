import { diffWordsWithSpace } from 'diff';
import type { Paragraph } from '../src/lib/document/contract';

/**
 * Spans of the raw text that a word-level diff of raw and normalized text shows as changed
 * but no correction covers. The inline view draws corrections, not the diff; this is the
 * independent check that what it draws is all that changed. Empty for a sound document.
 */
export function unexplainedChanges(paragraph: Paragraph): { start: number; end: number }[] {
	const changed: { start: number; end: number }[] = [];
	let at = 0;
	for (const part of diffWordsWithSpace(paragraph.raw, paragraph.normalized)) {
		if (part.added) continue;
		if (part.removed && part.value.trim() !== '') {
			// A word diff moves spaces around; only the words themselves must lie in a correction.
			const start = at + (part.value.length - part.value.trimStart().length);
			changed.push({ start, end: start + part.value.trim().length });
		}
		at += part.value.length;
	}
	return changed.filter(
		(span) => !paragraph.corrections.some((c) => c.start <= span.start && span.end <= c.end)
	);
}
