/**
 * The archive index's shapes: what the library, entity search and full-text search answer.
 * The index itself is SQLite (`server/archive-index/`); these are plain data for pages, the
 * JSON API and the CLI.
 */

/** One line of the library: what a reader wants to know before opening a transcript. */
export interface TranscriptSummary {
	slug: string;
	title: string;
	date: string | null;
	outlet: string | null;
	sourceLanguage: string | null;
	machineTranslated: boolean;
	turns: number;
	/** Named speakers (standard labels such as "Q" or "Host" left out). */
	speakers: string[];
	corrections: number;
	/** Share of sentences with no warning or error (see `qualityOf`), null when not shown. */
	quality: number | null;
	/** Number of translation-quality flags by severity (suggestions not counted). */
	flags: { info: number; warning: number; error: number } | null;
	/** Why the reader cannot show it, when it cannot. */
	tooLarge?: string;
}

export const SORTS = ['date', 'title', 'corrections', 'quality'] as const;
export type Sort = (typeof SORTS)[number];

/** A page of the library, as the URL asks for it (`?sort=quality&order=asc&outlet=…&page=2`). */
export interface LibraryQuery {
	/** 1-based. */
	page: number;
	perPage: number;
	sort: Sort;
	order: 'asc' | 'desc';
	outlet?: string;
	speaker?: string;
	machineTranslated?: boolean;
	/** true: with at least one warning or error; false: without. */
	hasFlags?: boolean;
}

export interface LibraryPage {
	query: LibraryQuery;
	/** Transcripts matching the filters. */
	total: number;
	pages: number;
	transcripts: TranscriptSummary[];
}

/** Values to filter by, with how many transcripts have each (most first). */
export interface Facets {
	outlets: { value: string; count: number }[];
	speakers: { value: string; count: number }[];
}

/** Where a passage is: as in the JSON contract (`block` null for the title). */
export interface PassagePlace {
	transcript: string;
	block: number | null;
	paragraph: number;
	/** The turn's number (`#turn-12`), null outside turns. */
	turn: number | null;
}

/**
 * One mention of a glossary entry (`npm run cli -- mentions <id>`): absolute UTF-16 offsets in
 * the prepared text, `original` as written (garbled or not), `canonical` the entry's name.
 */
export interface Mention extends PassagePlace {
	start: number;
	end: number;
	original: string;
	canonical: string;
}

/** A mention with what a reader sees of it: its sentence, and the transcript it is in. */
export interface MentionHit extends Mention {
	garbled: boolean;
	title: string;
	date: string | null;
	/** The sentence around it, raw text; the mention is `sentence.slice(at, at + original.length)`. */
	sentence: string;
	at: number;
}

export interface MentionsPage {
	entry: { id: string; canonical: string; kind: string };
	page: number;
	pages: number;
	/** Mentions in all, transcripts with one, and how many of the mentions are garbled. */
	total: number;
	transcripts: number;
	garbled: number;
	/** Newest transcripts first, then in reading order. */
	hits: MentionHit[];
	/** Transcripts with the most mentions, at most 20. */
	perTranscript: { slug: string; title: string; date: string | null; count: number }[];
	/** Mentions per month (`2020-06`), or per year when they span more than 5 years; undated last. */
	timeline: { period: string; count: number }[];
}

/** A passage that full-text search found (`npm run cli -- search <query>`). */
export interface PassageHit extends PassagePlace {
	/** Where the paragraph is in the prepared text: `[start, end)`. */
	start: number;
	end: number;
	/** The paragraph's normalized text, and where the query's words are in it. */
	text: string;
	matches: { start: number; end: number }[];
}

export interface SearchPage {
	query: string;
	page: number;
	pages: number;
	/** Passages found, at most `COUNTED_HITS`; `more`: there are more than that. */
	total: number;
	more: boolean;
	/** Best first (bm25); false: too many hits to rank, the newest indexed first. */
	ranked: boolean;
	hits: (PassageHit & { title: string; date: string | null })[];
}

/** What the indexer is doing, for the banner the app shows while it works. */
export interface IndexProgress {
	state: 'idle' | 'indexing';
	/** Why it is indexing: "3 transcripts changed", "the glossary changed (2 entries)". */
	reason: string | null;
	done: number;
	total: number;
	/** Transcripts in the index. */
	indexed: number;
}
