import type { MatchOptions, Matcher } from './matcher';
import type {
	Correction,
	Paragraph,
	SlimDocument,
	SlimParagraph,
	TranscriptDocument
} from './types';

/**
 * The one function that builds normalized text: each correction's span of `raw` replaced by
 * its replacement. Corrections must be sorted and must not overlap.
 */
export function applyCorrections(raw: string, corrections: readonly Correction[]): string {
	let out = '';
	let at = 0;
	for (const c of corrections) {
		if (c.start < at || c.end < c.start || c.end > raw.length) {
			throw new RangeError(`correction ${c.start}-${c.end} overlaps or leaves the text`);
		}
		out += raw.slice(at, c.start) + c.replacement;
		at = c.end;
	}
	return out + raw.slice(at);
}

export function slimDocument(doc: TranscriptDocument): SlimDocument {
	const slim = ({ normalized: _, ...rest }: Paragraph): SlimParagraph => rest;
	return {
		...doc,
		title: doc.title && slim(doc.title),
		blocks: doc.blocks.map((b) => ({ ...b, paragraphs: b.paragraphs.map(slim) }))
	};
}

/** The normalized text of a slim paragraph. */
export function normalizedText(p: SlimParagraph): string {
	return applyCorrections(p.raw, p.corrections);
}

/** A paragraph of raw text with its glossary corrections and normalized text. */
export function normalizeParagraph(
	raw: string,
	offset: number,
	matcher: Matcher,
	options?: MatchOptions
): Paragraph {
	const corrections = matcher.find(raw, options);
	return { raw, normalized: applyCorrections(raw, corrections), corrections, offset };
}
