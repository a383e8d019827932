import { foldKey } from '../text/fold';
import { byPosition, type Finding } from './finding';
import type { QualityChecker } from '../flags/checks';
import type { GlossaryMatcher, MatchOptions } from '../glossary/matcher';
import type { GlossaryEntry } from '../glossary/types';
import { findingsOf, normalizedText, paragraphsOf } from './marked';

export { findingsOf, normalizedText, paragraphsOf };
import { parseTranscript, type Piece, type SpeakerLookup } from './parse';
import { prepareText } from '../text/prepare';
import type { Flag } from '../flags/types';
import type { Suggester } from '../suggest/suggester';
import type { MarkedBlock, MarkedDocument, MarkedParagraph } from './model';
import { toContract, type TranscriptDocument } from './contract';

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

/** Raw transcript text → the structured, normalized document of the JSON contract. */
export function buildDocument(
	input: string,
	matcher: GlossaryMatcher,
	options: DocumentOptions = {}
): TranscriptDocument {
	return toContract(markDocument(input, matcher, options));
}
