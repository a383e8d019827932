import { isCorrection } from '../document/finding';
import { qualityOf } from '../document/quality';
import { isStandardLabel } from '../document/speaker-labels';
import { normalizedText } from '../document/marked';
import type { MarkedDocument, TranscriptMeta } from '../document/model';
import type { TranscriptSummary } from './types';

/**
 * What the archive index keeps of one transcript, derived from its marked document: the
 * library line, every paragraph (raw, normalized, and the garbled words it corrected, so that
 * full-text search can find a form the glossary has not listed yet), and every mention of a
 * glossary entry, garbled or not.
 */
export interface IndexedTranscript {
	summary: TranscriptSummary;
	passages: IndexedPassage[];
	mentions: IndexedMention[];
	/** Whether the text has Chinese characters (full-text search cannot find words inside them). */
	hasCjk: boolean;
}

export interface IndexedPassage {
	/** Index into the document's blocks, null for the title. */
	block: number | null;
	paragraph: number;
	turn: number | null;
	/** Where the paragraph starts in the prepared text. */
	offset: number;
	raw: string;
	normalized: string;
	/** The garbled words corrected in it, space-separated. */
	originals: string;
}

export interface IndexedMention {
	/** Index into `passages`. */
	passage: number;
	entry: string;
	/** Absolute UTF-16 offsets in the prepared text. */
	start: number;
	end: number;
	original: string;
	/** A correction (garbled or miscased), not the name as written. */
	garbled: boolean;
}

/** A transcript the reader cannot show: what could still be counted (see `MAX_BLOCKS`). */
export interface Unshown {
	tooLarge: string;
	title: string | null;
	turns: number;
}

/** Where a text names entries (`GlossaryMatcher.mentionSpans`). */
export type MentionSpans = (
	text: string
) => { start: number; end: number; ids: readonly string[] }[];

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The index rows of a transcript. A mention is a correction, or a name as written (canonical
 * name, plain variant, a person's surname alone) where no correction is and the form names one
 * entry only: a surname two people share names neither. Speaker labels are no mentions: who
 * speaks is the library's speaker filter.
 */
export function indexedTranscript(
	slug: string,
	meta: TranscriptMeta,
	built: { doc: MarkedDocument } | Unshown,
	mentionSpans: MentionSpans
): IndexedTranscript {
	if (!('doc' in built)) {
		const summary = summaryOf(slug, meta, {
			title: built.title,
			turns: built.turns,
			speakers: [],
			corrections: 0
		});
		return {
			summary: { ...summary, tooLarge: built.tooLarge },
			passages: [],
			mentions: [],
			hasCjk: false
		};
	}
	const { doc } = built;
	const passages: IndexedPassage[] = [];
	const mentions: IndexedMention[] = [];
	let corrections = 0;
	const places = [
		...(doc.title ? [{ block: null, turn: null, paragraphs: [doc.title] }] : []),
		...doc.blocks.map((b, block) => ({ block, turn: b.turn, paragraphs: b.paragraphs }))
	];
	for (const { block, turn, paragraphs } of places) {
		paragraphs.forEach((p, paragraph) => {
			const passage = passages.length;
			const fixes = p.findings.filter(isCorrection).filter((f) => f.source === 'glossary');
			corrections += fixes.length;
			for (const f of fixes) {
				mentions.push({
					passage,
					entry: f.rule,
					start: f.start,
					end: f.end,
					original: f.actual,
					garbled: true
				});
			}
			for (const span of mentionSpans(p.raw)) {
				const [start, end] = [p.offset + span.start, p.offset + span.end];
				if (span.ids.length !== 1 || fixes.some((f) => f.start < end && f.end > start)) continue;
				mentions.push({
					passage,
					entry: span.ids[0]!,
					start,
					end,
					original: p.raw.slice(span.start, span.end),
					garbled: false
				});
			}
			passages.push({
				block,
				paragraph,
				turn,
				offset: p.offset,
				raw: p.raw,
				normalized: normalizedText(p),
				originals: fixes.map((f) => f.actual).join(' ')
			});
		});
	}
	mentions.sort((a, b) => a.start - b.start);
	const quality = qualityOf(doc);
	const summary = summaryOf(slug, meta, {
		title: doc.title ? normalizedText(doc.title) : null,
		turns: doc.blocks.filter((b) => b.type === 'turn').length,
		// Who speaks, by name: "Q", "Host" or "Speaker 1" name nobody to filter by.
		speakers: doc.speakers.map((s) => s.name).filter((name) => !isStandardLabel(name)),
		corrections
	});
	return {
		summary: { ...summary, quality: quality.score, flags: quality.severities },
		passages,
		mentions,
		hasCjk: passages.some((p) => CJK.test(p.raw))
	};
}

function summaryOf(
	slug: string,
	meta: TranscriptMeta,
	counts: { title: string | null; turns: number; speakers: string[]; corrections: number }
): TranscriptSummary {
	return {
		slug,
		title: meta.title ?? counts.title ?? slug,
		date: meta.date ? String(meta.date) : null,
		outlet: meta.outlet ?? null,
		sourceLanguage: meta.source_language ?? null,
		machineTranslated: meta.machine_translated ?? false,
		turns: counts.turns,
		speakers: counts.speakers,
		corrections: counts.corrections,
		quality: null,
		flags: null
	};
}
