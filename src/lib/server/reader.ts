import { createHash } from 'node:crypto';
import { paragraphsOf } from '../document/mark';
import type { EntryInfo, GlossaryEntry } from '../glossary/types';
import type { ReaderData } from '../view/reader-source';
import type { ShownTranscript } from './instance';
import type { Library } from './library';

export interface ReaderPayload {
	data: ReaderData;
	/** `data` as JSON text, what `/t/<slug>/reader.json` sends. */
	json: string;
	/** Names this version of the data: a hash of `json`. */
	tag: string;
}

// Keyed by the transcript object, which the library rebuilds whenever its files or the
// glossary change: serializing and hashing once per version, not per page view.
const cache = new WeakMap<ShownTranscript, ReaderPayload>();

/** The reader page's data for a transcript of `library`. */
export async function readerPayloadFor(
	library: Library,
	transcript: ShownTranscript
): Promise<ReaderPayload> {
	let payload = cache.get(transcript);
	if (!payload) {
		const { matcher } = await library.glossary();
		payload = readerPayload(transcript, matcher.entries);
		cache.set(transcript, payload);
	}
	return payload;
}

function readerPayload(
	transcript: ShownTranscript,
	glossary: Map<string, GlossaryEntry>
): ReaderPayload {
	const { slug, meta, doc } = transcript;
	const entries: Record<string, EntryInfo> = {};
	for (const p of paragraphsOf(doc)) {
		for (const { source, rule } of p.findings) {
			const e = source === 'glossary' ? glossary.get(rule) : undefined;
			if (e) entries[rule] ??= entryInfo(e);
		}
	}
	const data: ReaderData = { slug, meta, doc, entries, quality: transcript.quality! };
	const json = JSON.stringify(data);
	const tag = createHash('sha256').update(json).digest('base64url').slice(0, 16);
	return { data, json, tag };
}

function entryInfo(e: GlossaryEntry): EntryInfo {
	const reviewed = e.variants.filter((v) => v.added);
	return {
		id: e.id,
		canonical: e.canonical,
		kind: e.kind,
		source: e.source,
		note: e.note,
		...(reviewed.length && {
			provenance: Object.fromEntries(reviewed.map((v) => [v.text, v.added!]))
		})
	};
}
