import { compactLabel, displayLabel, META_KEYS, readLabel, STANDARD_LABELS } from './labels';
import type { BlockType, MetaLine, Speaker } from './types';

/** A stretch of the prepared text: `text.slice(offset, offset + raw.length) === raw`. */
export interface Piece {
	raw: string;
	offset: number;
}

export interface ParsedBlock {
	type: BlockType;
	speaker: string | null;
	label: string | null;
	/** Where `label` starts in the prepared text. */
	labelOffset: number | null;
	paragraphs: Piece[];
}

export interface ParsedTranscript {
	title: Piece | null;
	meta: MetaLine[];
	speakers: Speaker[];
	blocks: ParsedBlock[];
}

/** Who a label names, when the glossary knows (`Mt. Vander` → Nathan VanderKlippe). */
export type SpeakerLookup = (label: string) => { id: string; name: string } | undefined;

/** A first line longer than this is a lede, not a title. */
const MAX_TITLE_LENGTH = 160;
const MIN_CAPTION_WORDS = 3;
const MAX_CAPTION_WORDS = 20;
const SENTENCE_END = /[.!?…:;"”’)\]]\s*$/;
const CAPTION_WORDS =
	/\b(?:screenshot|photo|photograph|picture|image|video still|file photo|caption)\b/i;
const DATE_LINE =
	/^(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?(?:\w{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w{3,9}\.?\s+\d{4}|\d{4}-\d{2}-\d{2})$/i;
const BYLINE = /^[【[](.{1,120})[】\]]$/;

interface Line extends Piece {
	labelled?: ReturnType<typeof readLabel>;
}

/**
 * Splits prepared text (see `prepareText`) into title, metadata and blocks. Speaker labels
 * are decided by evidence, not by a list of names: a label is a speaker when the glossary
 * knows it as one, when it is a standard label (`Q`, `A`), when it recurs, or, used once,
 * when alternation says so (see `oneOffSpeakers`); a paragraph without a label continues
 * the turn before it.
 */
export function parseTranscript(
	text: string,
	lookup: SpeakerLookup = () => undefined
): ParsedTranscript {
	const lines = splitLines(text);
	const counts = new Map<string, number>();
	for (const line of lines) {
		line.labelled = readLabel(line.raw);
		const label = line.labelled?.label;
		if (label && !META_KEYS.has(label.toLowerCase())) {
			const key = compactLabel(label);
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	const interjections = new Set<string>();
	const isSpeakerLabel = (label: string) =>
		!META_KEYS.has(label.toLowerCase()) &&
		(lookup(label) !== undefined ||
			STANDARD_LABELS.has(label.toLowerCase()) ||
			(counts.get(compactLabel(label)) ?? 0) >= 2 ||
			interjections.has(label));
	const isTranscript = lines.some((l) => l.labelled && isSpeakerLabel(l.labelled.label));
	if (isTranscript) {
		for (const label of oneOffSpeakers(lines, isSpeakerLabel, lookup)) interjections.add(label);
	}

	const speakers = new Map<string, Speaker>();
	const speakerOf = (label: string): Speaker => {
		const known = lookup(label);
		const id = known?.id ?? `speaker-${compactLabel(label)}`;
		let speaker = speakers.get(id);
		if (!speaker) {
			speaker = { id, name: known?.name ?? displayLabel(label), labels: [] };
			speakers.set(id, speaker);
		}
		if (!speaker.labels.includes(label)) speaker.labels.push(label);
		return speaker;
	};

	const result: ParsedTranscript = { title: null, meta: [], speakers: [], blocks: [] };
	let turn: ParsedBlock | null = null;
	lines.forEach((line, index) => {
		const labelled = line.labelled;
		const meta = metaOf(line.raw, labelled);
		if (meta) {
			result.meta.push(meta);
			result.blocks.push(block('meta', line));
			return;
		}
		if (labelled && isSpeakerLabel(labelled.label)) {
			const speaker = speakerOf(labelled.label);
			turn = {
				type: 'turn',
				speaker: speaker.id,
				label: labelled.label,
				labelOffset: line.offset + labelled.labelAt,
				paragraphs: [{ raw: labelled.body, offset: line.offset + labelled.prefix.length }]
			};
			result.blocks.push(turn);
			return;
		}
		if (index === 0 && lines.length > 1 && line.raw.trim().length <= MAX_TITLE_LENGTH) {
			result.title = { raw: line.raw, offset: line.offset };
			return;
		}
		if (isCaption(line.raw, isTranscript && turn !== null)) {
			result.blocks.push(block('caption', line));
			return;
		}
		if (turn) turn.paragraphs.push({ raw: line.raw, offset: line.offset });
		else result.blocks.push(block('paragraph', line));
	});
	result.speakers = [...speakers.values()];
	return result;
}

function splitLines(text: string): Line[] {
	const lines: Line[] = [];
	let offset = 0;
	for (const raw of text.split('\n')) {
		if (raw.trim() !== '') lines.push({ raw, offset });
		offset += raw.length + 1;
	}
	return lines;
}

function block(type: BlockType, line: Piece): ParsedBlock {
	return {
		type,
		speaker: null,
		label: null,
		labelOffset: null,
		paragraphs: [{ raw: line.raw, offset: line.offset }]
	};
}

function metaOf(raw: string, labelled: Line['labelled']): MetaLine | undefined {
	if (labelled && META_KEYS.has(labelled.label.toLowerCase())) {
		return { key: labelled.label, value: labelled.body.trim() };
	}
	const trimmed = raw.trim();
	if (DATE_LINE.test(trimmed)) return { key: 'Date', value: trimmed };
	const byline = BYLINE.exec(trimmed);
	if (byline) return { key: 'Byline', value: byline[1]!.trim() };
	return undefined;
}

/**
 * A short capitalized line with no closing punctuation between turns is a photo caption, not speech
 * (`Lu Kang, director of the US Department of Foreign Affairs`); outside a transcript only
 * lines that say they describe a picture are.
 */
function isCaption(raw: string, betweenTurns: boolean): boolean {
	const trimmed = raw.trim();
	const words = trimmed.split(/\s+/).length;
	if (SENTENCE_END.test(trimmed) || !/^\p{Lu}/u.test(trimmed)) return false;
	if (words < MIN_CAPTION_WORDS || words > MAX_CAPTION_WORDS) return false;
	return betweenTurns || CAPTION_WORDS.test(trimmed);
}

/** Each word capitalized (`Vander Hill`, `Mt. Vander`), at most four: a name, not a phrase. */
const STRICT_NAME = /^(?:\p{Lu}[\p{L}\p{M}.'’-]*)(?: \p{Lu}[\p{L}\p{M}.'’-]*){0,3}$/u;

/**
 * Labels used once that are speakers all the same, by alternation: in a transcript, a
 * name-like label whose neighbouring turns belong to one speaker is the other party
 * interjecting (`Vander Hill: Isabel crook.` between two Lu Kang turns). A one-off
 * `Secondly:` inside a turn fails that test: the turns around it belong to two speakers.
 */
function oneOffSpeakers(
	lines: Line[],
	isSpeakerLabel: (label: string) => boolean,
	lookup: SpeakerLookup
): string[] {
	const who = (label: string) => lookup(label)?.id ?? compactLabel(label);
	const turns = lines
		.map((line) => line.labelled?.label)
		.filter((label): label is string => label !== undefined);
	// The nearest speaker label before and after each label, in two passes (not a search per label).
	const nearest = (order: number[]) => {
		const found: (string | undefined)[] = [];
		let last: string | undefined;
		for (const i of order) {
			found[i] = last;
			if (isSpeakerLabel(turns[i]!)) last = turns[i];
		}
		return found;
	};
	const indexes = turns.map((_, i) => i);
	const before = nearest(indexes);
	const after = nearest(indexes.reverse());
	return turns.filter((label, i) => {
		if (isSpeakerLabel(label) || !STRICT_NAME.test(label)) return false;
		const [b, a] = [before[i], after[i]];
		return b !== undefined && a !== undefined && who(b) === who(a);
	});
}
