import { unexplainedChanges } from '../compare';
import type { EntryInfo } from '../glossary/types';
import type { Matcher } from '../matcher';
import { slimDocument } from '../normalize';
import type { ReaderData, TranscriptDocument } from '../types';
import type { LoadedTranscript } from './library';

// Keyed by the document object, which library.ts rebuilds whenever its files or the glossary
// change. Building this is too slow for every page view (the word diff behind `unexplained`),
// and serializing it is most of a page view's server time, so the JSON text is kept too.
const cache = new WeakMap<TranscriptDocument, string>();

/** The reader page's data for a transcript, as JSON text (see `ReaderData`). */
export function readerJson({ slug, meta, doc }: LoadedTranscript, matcher: Matcher): string {
	let json = cache.get(doc);
	if (json === undefined) {
		const paragraphs = [
			...(doc.title ? [doc.title] : []),
			...doc.blocks.flatMap((b) => b.paragraphs)
		];
		const entries: Record<string, EntryInfo> = {};
		for (const id of new Set(paragraphs.flatMap((p) => p.corrections.map((c) => c.entry)))) {
			const e = matcher.entries.get(id);
			if (e)
				entries[id] = { id, canonical: e.canonical, kind: e.kind, source: e.source, note: e.note };
		}
		const data: ReaderData = {
			slug,
			meta,
			doc: slimDocument(doc),
			entries,
			unexplained: paragraphs.reduce((n, p) => n + unexplainedChanges(p).length, 0)
		};
		json = JSON.stringify(data);
		cache.set(doc, json);
	}
	return json;
}
