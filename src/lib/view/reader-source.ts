import type { MarkedDocument, TranscriptMeta } from '../document/model';
import type { Quality } from '../document/quality';
import type { EntryInfo } from '../glossary/types';

/** What the reader page loads for one transcript (`/t/<slug>/reader.json`). */
export interface ReaderData {
	slug: string;
	/** The transcript's sidecar metadata (`<slug>.meta.yaml`). */
	meta: TranscriptMeta;
	doc: MarkedDocument;
	/** The glossary entries behind the corrections, for tooltips and the panel. */
	entries: Record<string, EntryInfo>;
	quality: Quality;
}

/**
 * Where the reader page gets its data. On the server it carries the data itself; the
 * `transport` hook (src/hooks.ts) sends the browser only the URL, which names the data's
 * version so the browser may cache it for good. Embedding the ~100 KB of data in every page
 * instead was most of the page's server time (see README, Benchmarks).
 */
export class ReaderSource {
	constructor(
		readonly url: string,
		readonly data?: ReaderData
	) {}
}
