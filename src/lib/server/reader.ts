import { unexplainedChanges } from '../compare';
import type { EntryInfo } from '../glossary/types';
import type { Matcher } from '../matcher';
import { slimDocument } from '../normalize';
import type { SlimDocument, TranscriptDocument } from '../types';

export interface ReaderFacts {
	/** The document as the page sends it to the browser (see `SlimDocument`). */
	doc: SlimDocument;
	/** The glossary entries behind this document's corrections, for tooltips and the panel. */
	entries: Record<string, EntryInfo>;
	/** Word-level changes between raw and normalized text that no correction explains. */
	unexplained: number;
}

// Keyed by the document object, which library.ts rebuilds whenever its files or the glossary
// change: the word diff behind `unexplained` is too slow to run on every page view.
const facts = new WeakMap<TranscriptDocument, ReaderFacts>();

export function readerFacts(doc: TranscriptDocument, matcher: Matcher): ReaderFacts {
	let known = facts.get(doc);
	if (!known) {
		const paragraphs = [
			...(doc.title ? [doc.title] : []),
			...doc.blocks.flatMap((b) => b.paragraphs)
		];
		const ids = new Set(paragraphs.flatMap((p) => p.corrections.map((c) => c.entry)));
		const entries: Record<string, EntryInfo> = {};
		for (const id of ids) {
			const e = matcher.entries.get(id);
			if (e)
				entries[id] = { id, canonical: e.canonical, kind: e.kind, source: e.source, note: e.note };
		}
		const unexplained = paragraphs.reduce((n, p) => n + unexplainedChanges(p).length, 0);
		known = { doc: slimDocument(doc), entries, unexplained };
		facts.set(doc, known);
	}
	return known;
}
