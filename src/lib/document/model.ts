import type { Finding } from './finding';

/**
 * The engine's view of a transcript: its structure, and on each paragraph the findings about it
 * (absolute offsets, see `finding.ts`). The public JSON contract is derived from it
 * (`contract.ts`); the reader page's payload carries it (`view/reader-source.ts`).
 */
export interface Span {
	start: number;
	end: number;
}

export type BlockType = 'turn' | 'paragraph' | 'caption' | 'meta';

/** What a block is, less its paragraphs (the model and the contract each add their own). */
export interface BlockHead {
	type: BlockType;
	/** Speaker id for turns, null otherwise. */
	speaker: string | null;
	/** The speaker label exactly as written (`Mt. Vander`), null when not a turn. */
	label: string | null;
	/** 1-based turn number for turns (`#turn-12`), null otherwise. */
	turn: number | null;
	/** The timestamp written with the turn's label (`00:01:23`), without brackets; only if written. */
	time?: string;
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

export interface MarkedBlock extends BlockHead {
	/** Where the speaker label starts in the prepared text, null when there is none. */
	labelOffset: number | null;
	/** Findings about the label itself (a speaker label that looks wrong). */
	labelFindings: Finding[];
	paragraphs: MarkedParagraph[];
}

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
