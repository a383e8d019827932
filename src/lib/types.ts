import type { EntryInfo } from './glossary/types';

/**
 * The document model. Everything reported about a span of text (a correction now, a quality
 * flag later) carries `start`/`end`: 0-based, half-open UTF-16 offsets into `Paragraph.raw`.
 * `Paragraph.offset` places a paragraph in the whole prepared text, so absolute offsets are
 * `paragraph.offset + start`.
 */
export interface Span {
	start: number;
	end: number;
}

/** A glossary replacement: `raw.slice(start, end) === original` becomes `replacement`. */
export interface Correction extends Span {
	original: string;
	replacement: string;
	/** Glossary entry id. */
	entry: string;
	/** The glossary form that matched (a variant, or the canonical name for a casing fix). */
	variant: string;
}

export interface Paragraph {
	raw: string;
	normalized: string;
	corrections: Correction[];
	/** Offset of `raw` in the prepared text of the whole transcript. */
	offset: number;
}

export type BlockType = 'turn' | 'paragraph' | 'caption' | 'meta';

export interface Block {
	type: BlockType;
	/** Speaker id for turns, null otherwise. */
	speaker: string | null;
	/** The speaker label exactly as written (`Mt. Vander`), null when not a turn. */
	label: string | null;
	/** 1-based turn number for turns (`#turn-12`), null otherwise. */
	turn: number | null;
	paragraphs: Paragraph[];
}

export interface Speaker {
	id: string;
	/** Canonical name (from the glossary when a label resolves to an entry). */
	name: string;
	/** Every label written for this speaker, in order of first use. */
	labels: string[];
}

export interface MetaLine {
	key: string;
	value: string;
}

/**
 * A document without the normalized text of its paragraphs, which `applyCorrections` rebuilds
 * from raw text and corrections. The reader page sends this to the browser: the normalized
 * copy would nearly double the data every page view serializes and hydrates.
 */
export type SlimParagraph = Omit<Paragraph, 'normalized'>;
export type SlimBlock = Omit<Block, 'paragraphs'> & { paragraphs: SlimParagraph[] };
export type SlimDocument = Omit<TranscriptDocument, 'title' | 'blocks'> & {
	title: SlimParagraph | null;
	blocks: SlimBlock[];
};

/** Facts about a transcript kept beside it (`<slug>.meta.yaml`), never inside the raw text. */
export interface TranscriptMeta {
	title?: string;
	date?: string;
	source_language?: string;
	machine_translated?: boolean;
	outlet?: string;
	participants?: string[];
	note?: string;
}

/** What the reader page loads for one transcript (`/t/<slug>/reader.json`). */
export interface ReaderData {
	slug: string;
	/** The transcript's sidecar metadata (`<slug>.meta.yaml`). */
	meta: TranscriptMeta;
	doc: SlimDocument;
	/** The glossary entries behind the corrections, for tooltips and the panel. */
	entries: Record<string, EntryInfo>;
	/** Word-level changes between raw and normalized text that no correction explains. */
	unexplained: number;
}

export interface TranscriptDocument {
	title: Paragraph | null;
	meta: MetaLine[];
	speakers: Speaker[];
	blocks: Block[];
	/** Total number of corrections in the document. */
	corrections: number;
}
