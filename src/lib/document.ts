import { foldKey } from './fold';
import { byPosition, isCorrection, type Finding } from './finding';
import type { QualityChecker } from './flags/checks';
import { flagsOf, qualityOf } from './flags/quality';
import type { GlossaryMatcher, MatchOptions } from './glossary/matcher';
import type { GlossaryEntry } from './glossary/types';
import { toCorrection } from './normalize';
import { findingsOf, normalizedText, paragraphsOf } from './marked';

export { findingsOf, normalizedText, paragraphsOf };
import { parseTranscript, type Piece, type SpeakerLookup } from './parse';
import { prepareText } from './text';
import type { Flag } from './flags/types';
import type { Suggester } from './suggest/suggester';
import type {
	ContractFlag,
	MarkedBlock,
	MarkedDocument,
	MarkedParagraph,
	Paragraph,
	TranscriptDocument
} from './types';

/** Glossary entries marked `speaker: true` name the people behind garbled labels. */
export function speakerLookup(entries: Iterable<GlossaryEntry>): SpeakerLookup {
	const byForm = new Map<string, { id: string; name: string }>();
	for (const entry of entries) {
		if (!entry.speaker) continue;
		for (const form of [entry.canonical, ...entry.variants.map((v) => v.text)]) {
			byForm.set(foldKey(form), { id: entry.id, name: entry.canonical });
		}
	}
	return (label) => byForm.get(foldKey(label));
}

export interface DocumentOptions {
	/** Slug of the transcript, for glossary entries scoped to some transcripts. */
	transcript?: string;
	/** The translation-quality checks; without, the document has corrections only. */
	checker?: QualityChecker;
	/** Proposes garbles the glossary does not know yet; without, there are no suggestions. */
	suggester?: Suggester;
}

/** Raw transcript text → its structure, each paragraph with the engine's findings. */
export function markDocument(
	input: string,
	matcher: GlossaryMatcher,
	{ transcript, checker, suggester }: DocumentOptions = {}
): MarkedDocument {
	const text = prepareText(input);
	const parsed = parseTranscript(text, speakerLookup(matcher.entries.values()));
	const mentioned = matcher.needsMentions || suggester ? mentionLookup(parsed, matcher) : undefined;
	const mark = ({ raw, offset }: Piece): MarkedParagraph => {
		const near = mentioned?.(offset);
		const corrections = matcher.find(raw, { transcript, offset, mentioned: near });
		const suggestions =
			suggester?.find(raw, {
				offset,
				transcript,
				corrections,
				mentioned: near && ((entries) => near(entries, undefined))
			}) ?? [];
		let flags = checker?.flags(raw, offset, corrections) ?? [];
		// A name the suggester recognizes is no longer unknown: its suggestion says more.
		if (suggestions.length) flags = withoutUnknownNamesIn(flags, suggestions);
		const others = [...flags, ...suggestions];
		const findings = others.length ? [...corrections, ...others].sort(byPosition) : corrections;
		return { raw, offset, findings };
	};
	let turn = 0;
	const blocks: MarkedBlock[] = parsed.blocks.map((b) => ({
		type: b.type,
		speaker: b.speaker,
		label: b.label,
		labelOffset: b.labelOffset,
		labelFindings: [],
		turn: b.type === 'turn' ? ++turn : null,
		...(b.time !== undefined && { time: b.time }),
		paragraphs: b.paragraphs.map(mark)
	}));
	const title = parsed.title && mark(parsed.title);
	suggester?.spread(paragraphsOf({ title, blocks }));
	const byLabel = new Map(blocks.map((b) => [b.labelOffset, b]));
	for (const flag of checker?.labelFlags(blocks, parsed.speakers) ?? []) {
		byLabel.get(flag.start)?.labelFindings.push(flag);
	}
	return {
		title,
		meta: parsed.meta,
		speakers: parsed.speakers,
		blocks
	};
}

/**
 * For variants with `requires_mention`: which entries each paragraph names (a first pass over the
 * transcript), answering "is one of these named within N paragraphs of the paragraph at `offset`?"
 */
function mentionLookup(
	parsed: { title: Piece | null; blocks: { paragraphs: Piece[] }[] },
	matcher: GlossaryMatcher
): (offset: number) => NonNullable<MatchOptions['mentioned']> {
	const pieces = paragraphsOf(parsed);
	const named = pieces.map((p) => matcher.mentions(p.raw));
	const anywhere = new Set(named.flatMap((n) => [...n]));
	const index = new Map(pieces.map((p, i) => [p.offset, i]));
	return (offset) => (entries, within) => {
		if (within === undefined) return entries.some((id) => anywhere.has(id));
		const at = index.get(offset) ?? 0;
		const near = named.slice(Math.max(0, at - within), at + within + 1);
		return entries.some((id) => near.some((n) => n.has(id)));
	};
}

/** `flags` less the unknown-name flags that overlap a suggestion (both sorted by start). */
function withoutUnknownNamesIn(flags: Flag[], suggestions: readonly Finding[]): Flag[] {
	let s = 0;
	return flags.filter((f) => {
		if (f.kind !== 'unknown-name') return true;
		while (s < suggestions.length && suggestions[s]!.end <= f.start) s++;
		return !(s < suggestions.length && suggestions[s]!.start < f.end);
	});
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

/** Raw transcript text → the structured, normalized document of the JSON contract. */
export function buildDocument(
	input: string,
	matcher: GlossaryMatcher,
	options: DocumentOptions = {}
): TranscriptDocument {
	return toContract(markDocument(input, matcher, options));
}
