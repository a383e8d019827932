import type { Finding, Severity } from './finding';
import type { Quality } from './flags/quality';
import type { FlagKind } from './flags/types';
import type { EntryInfo } from './glossary/types';

/**
 * Two views of a transcript. `MarkedDocument` is the engine's: its structure, and on each
 * paragraph the findings about it (absolute offsets, see `finding.ts`). `TranscriptDocument` is
 * the public JSON contract of the CLI and API, derived from it (`toContract`): corrections with
 * offsets relative to their paragraph, and normalized text.
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
	/** The timestamp written with the turn's label (`00:01:23`), without brackets; only if written. */
	time?: string;
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

/** A paragraph and what the engine found in it. */
export interface MarkedParagraph {
	/** The paragraph's text, as in the contract's `Paragraph.raw`. */
	raw: string;
	/** Offset of `raw` in the prepared text of the whole transcript. */
	offset: number;
	/** Sorted by position (`byPosition`); fixes never overlap, other findings may. */
	findings: Finding[];
}

export type MarkedBlock = Omit<Block, 'paragraphs'> & {
	/** Where the speaker label starts in the prepared text, null when there is none. */
	labelOffset: number | null;
	/** Findings about the label itself (a speaker label that looks wrong). */
	labelFindings: Finding[];
	paragraphs: MarkedParagraph[];
};

export interface MarkedDocument {
	title: MarkedParagraph | null;
	meta: MetaLine[];
	speakers: Speaker[];
	blocks: MarkedBlock[];
}

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
	doc: MarkedDocument;
	/** The glossary entries behind the corrections, for tooltips and the panel. */
	entries: Record<string, EntryInfo>;
	quality: Quality;
}

export interface TranscriptDocument {
	title: Paragraph | null;
	meta: MetaLine[];
	speakers: Speaker[];
	blocks: Block[];
	/** Total number of corrections in the document. */
	corrections: number;
	/** Translation-quality flags, in reading order. */
	flags: ContractFlag[];
	quality: Quality;
}

/** A flag as the JSON contract writes it: offsets relative to its paragraph, like corrections. */
export interface ContractFlag {
	kind: FlagKind;
	rule: string;
	severity: Severity;
	/** Index into `blocks`, or null for the title. */
	block: number | null;
	/** Index into that block's paragraphs (0 for the title), null for its speaker label. */
	paragraph: number | null;
	start: number;
	end: number;
	message: string;
	/** A likely reading, or null. */
	suggestion: string | null;
}
