import { isCorrection } from './finding';
import { findingsOf, normalizedText } from './marked';
import type {
	BlockHead,
	MarkedBlock,
	MarkedDocument,
	MarkedParagraph,
	MetaLine,
	Span,
	Speaker
} from './model';
import { flagsOf, qualityOf, type Quality } from './quality';
import type { Finding, Severity } from './finding';
import type { Flag, FlagKind } from '../flags/types';

/**
 * The public JSON contract of the CLI and API (see README, "JSON contract"), derived from the
 * engine's `MarkedDocument`: corrections and flags with offsets relative to their paragraph, and
 * normalized text.
 */

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

export interface Block extends BlockHead {
	paragraphs: Paragraph[];
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

/** A glossary finding as the JSON contract writes it: offsets relative to its paragraph. */
export function toCorrection(
	finding: Finding & { fix: string },
	paragraphOffset: number
): Correction {
	return {
		start: finding.start - paragraphOffset,
		end: finding.end - paragraphOffset,
		original: finding.actual,
		replacement: finding.fix,
		entry: finding.rule,
		variant: finding.form ?? finding.actual
	};
}

/** The JSON contract's paragraph: corrections relative to it, and its normalized text. */
function contractParagraph(paragraph: MarkedParagraph): Paragraph {
	const { raw, offset, findings } = paragraph;
	const fixes = findings.filter(isCorrection);
	return {
		raw,
		normalized: normalizedText(paragraph),
		corrections: fixes.map((f) => toCorrection(f, offset)),
		offset
	};
}

/** The public JSON contract of a marked document (see README, "JSON contract"). */
export function toContract(doc: MarkedDocument): TranscriptDocument {
	const title = doc.title && contractParagraph(doc.title);
	const blocks = doc.blocks.map(({ labelOffset: _, labelFindings: __, ...block }) => ({
		...block,
		paragraphs: block.paragraphs.map(contractParagraph)
	}));
	const corrections = findingsOf(doc).filter(isCorrection).length;
	const flags = [
		...(doc.title ? contractFlags(doc.title, null, 0) : []),
		...doc.blocks.flatMap((b, bi) => [
			...labelFlags(b, bi),
			...b.paragraphs.flatMap((p, pi) => contractFlags(p, bi, pi))
		])
	];
	return {
		title,
		meta: doc.meta,
		speakers: doc.speakers,
		blocks,
		corrections,
		flags,
		quality: qualityOf(doc)
	};
}

/** A label's flags, with offsets relative to the label. */
function labelFlags(b: MarkedBlock, block: number): ContractFlag[] {
	return (b.labelFindings as Flag[]).map((f) => ({
		kind: f.kind,
		rule: f.rule,
		severity: f.severity,
		block,
		paragraph: null,
		start: f.start - b.labelOffset!,
		end: f.end - b.labelOffset!,
		message: f.message,
		suggestion: f.expected[0] ?? null
	}));
}

function contractFlags(
	p: MarkedParagraph,
	block: number | null,
	paragraph: number
): ContractFlag[] {
	return flagsOf(p).map((f) => ({
		kind: f.kind,
		rule: f.rule,
		severity: f.severity,
		block,
		paragraph,
		start: f.start - p.offset,
		end: f.end - p.offset,
		message: f.message,
		suggestion: f.expected[0] ?? null
	}));
}
