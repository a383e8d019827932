import { applyCorrections } from './normalize';
import type { Finding } from './finding';
import type { MarkedDocument, MarkedParagraph } from './model';

/**
 * Reading a marked document: its paragraphs, its findings, a paragraph's normalized text. A
 * module apart from document.ts (which builds documents, with the parser) so that the reader's
 * browser code loads only these.
 */

/** The title, then every paragraph of every block: all the text a document has. */
export function paragraphsOf<P extends object>(doc: {
	title: P | null;
	blocks: { paragraphs: P[] }[];
}): P[] {
	const all: P[] = doc.title ? [doc.title] : [];
	for (const block of doc.blocks) all.push(...block.paragraphs);
	return all;
}

/** Every finding of a document, in reading order: a turn's label comes before its text. */
export function findingsOf(doc: MarkedDocument): Finding[] {
	const all = doc.title ? [...doc.title.findings] : [];
	for (const block of doc.blocks) {
		all.push(...block.labelFindings);
		for (const p of block.paragraphs) all.push(...p.findings);
	}
	return all;
}

/** A paragraph with its corrections applied. */
export function normalizedText({ raw, offset, findings }: MarkedParagraph): string {
	return applyCorrections(raw, findings, offset);
}
