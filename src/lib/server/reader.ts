import { createHash } from 'node:crypto';
import { unexplainedChanges } from '../compare';
import type { EntryInfo } from '../glossary/types';
import type { Matcher } from '../matcher';
import { slimDocument } from '../normalize';
import type { ReaderData, TranscriptDocument } from '../types';
import { getGlossary, getTranscript, type LoadedTranscript } from './library';

export interface ReaderPayload {
	data: ReaderData;
	/** `data` as JSON text, what `/t/<slug>/reader.json` sends. */
	json: string;
	/** Names this version of the data: a hash of `json`. */
	tag: string;
}

// Keyed by the document object, which library.ts rebuilds whenever its files or the glossary
// change. Building this is too slow for every page view (the word diff behind `unexplained`).
const cache = new WeakMap<TranscriptDocument, ReaderPayload>();

/** The reader page's data for the transcript named `slug`, or undefined if there is none. */
export async function readerPayloadFor(slug: string): Promise<ReaderPayload | undefined> {
	const transcript = await getTranscript(slug);
	if (!transcript) return undefined;
	return readerPayload(transcript, (await getGlossary()).matcher);
}

/** The reader page's data for a transcript, built once per version of the document. */
function readerPayload({ slug, meta, doc }: LoadedTranscript, matcher: Matcher): ReaderPayload {
	let payload = cache.get(doc);
	if (payload === undefined) {
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
		const json = JSON.stringify(data);
		const tag = createHash('sha256').update(json).digest('base64url').slice(0, 16);
		payload = { data, json, tag };
		cache.set(doc, payload);
	}
	return payload;
}
