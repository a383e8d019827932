import {
	compactLabel,
	displayLabel,
	isNeverSpeaker,
	isOutlet,
	isStandardLabel,
	META_KEYS,
	readDottedLabel,
	readLabel,
	usesDottedLabels,
	type LabelledLine
} from './speaker-labels';
import type { BlockType, MetaLine, Speaker } from './model';

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
	/** The timestamp written with a turn's label (`00:01:23`), when there is one. */
	time?: string;
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
	/^(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?(?:\w{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?\w{3,9}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{4}\/\d{1,2}\/\d{1,2})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?$/i;
const BYLINE = /^[【[](.{1,120})[】\]]$/;

interface Line extends Piece {
	labelled?: LabelledLine;
}

/** A line whose label could name a speaker (not metadata, a rubric or reported speech). */
interface Candidate {
	label: string;
	/** Index of its line in `lines`. */
	line: number;
}

/**
 * Splits prepared text (see `prepareText`) into title, metadata and blocks. Speaker labels
 * are decided by evidence, not by a list of names: a label is a speaker when the glossary
 * knows it as one, when it is a standard label (`Q`, `A`, `Q1`), when it recurs with another
 * label between its uses (see `inDialogue`), or, used once, when alternation or the shape of
 * a press conference says so (see `oneOffSpeakers`); a paragraph without a label continues
 * the turn before it. Metadata keys, page rubrics (`Note:`) and reported speech
 * (`Friedland says:`) are never speakers (see `isNeverSpeaker`).
 */
export function parseTranscript(
	text: string,
	lookup: SpeakerLookup = () => undefined
): ParsedTranscript {
	const lines = splitLines(text);
	const dotted = usesDottedLabels(lines.map((line) => line.raw));
	const candidates: Candidate[] = [];
	const counts = new Map<string, number>();
	lines.forEach((line, index) => {
		line.labelled = (dotted ? readDottedLabel(line.raw) : undefined) ?? readLabel(line.raw);
		const label = line.labelled?.label;
		if (label && !isNeverSpeaker(label)) {
			candidates.push({ label, line: index });
			const key = compactLabel(label);
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	});
	const known = (label: string) => lookup(label) !== undefined || isStandardLabel(label);
	const asks = questions(lines, candidates);
	const dialogue = inDialogue(candidates, counts, known, asks);
	const interjections = new Set<string>();
	const isSpeakerLabel = (label: string) =>
		!isNeverSpeaker(label) &&
		(known(label) || dialogue.has(compactLabel(label)) || interjections.has(label));
	const isTranscript = candidates.some((c) => isSpeakerLabel(c.label));
	if (isTranscript) {
		for (const label of oneOffSpeakers(candidates, asks, isSpeakerLabel, lookup)) {
			interjections.add(label);
		}
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
	let awaitingSpeech = false;
	lines.forEach((line, index) => {
		const labelled = line.labelled;
		const meta = metaOf(line.raw, labelled);
		if (meta) {
			result.meta.push(meta);
			result.blocks.push(block('meta', line));
			awaitingSpeech = false;
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
			if (labelled.time !== undefined) turn.time = labelled.time;
			// A label alone on its line (`Speaker 1 (00:00):`) speaks in the line below it.
			awaitingSpeech = labelled.body.trim() === '';
			result.blocks.push(turn);
			return;
		}
		if (index === 0 && lines.length > 1 && line.raw.trim().length <= MAX_TITLE_LENGTH) {
			result.title = { raw: line.raw, offset: line.offset };
			return;
		}
		if (turn && awaitingSpeech) {
			turn.paragraphs[0] = { raw: line.raw, offset: line.offset };
			awaitingSpeech = false;
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

/**
 * Keys of labels that recur with someone else speaking between two of their uses, as in any
 * dialogue: another recurring or known label (`Q`, a glossary speaker), or a name used once
 * that asks a question (the outlets of a press conference, each asking once). A label that
 * only ever follows itself (`Update: …` twice in a row), or alternates only with other
 * one-off headings (`Ottawa: … Vancouver: … Ottawa: …` in a round-up), is not a speaker.
 */
function inDialogue(
	candidates: Candidate[],
	counts: Map<string, number>,
	known: (label: string) => boolean,
	asks: boolean[]
): Set<string> {
	const first = new Map<string, number>();
	const last = new Map<string, number>();
	// Prefix sums: how many partners of each kind come before each candidate.
	const strong = [0];
	const asking = [0];
	candidates.forEach(({ label }, i) => {
		const key = compactLabel(label);
		if (!first.has(key)) first.set(key, i);
		last.set(key, i);
		const recurring = counts.get(key)! >= 2 || known(label);
		strong.push(strong[i]! + (recurring ? 1 : 0));
		asking.push(asking[i]! + (!recurring && asks[i] && STRICT_NAME.test(label) ? 1 : 0));
	});
	const keys = new Set<string>();
	for (const [key, count] of counts) {
		if (count < 2) continue;
		const [from, to] = [first.get(key)! + 1, last.get(key)!];
		// Its own uses between the first and the last are strong too: `count - 2` of them.
		const others = strong[to]! - strong[from]! - (count - 2);
		if (others > 0 || asking[to]! - asking[from]! > 0) keys.add(key);
	}
	return keys;
}

/** For each candidate, whether its line or the unlabelled lines after it ask a question. */
function questions(lines: Line[], candidates: Candidate[]): boolean[] {
	return candidates.map((candidate, i) => {
		const end = candidates[i + 1]?.line ?? lines.length;
		for (let line = candidate.line; line < end; line++) {
			if (QUESTION.test(lines[line]!.raw)) return true;
		}
		return false;
	});
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

/**
 * Each word capitalized (`Vander Hill`, `Mt. Vander`, `CCTV`, `China Daily`), at most four,
 * with the particles names and outlets carry between them (`Voice of America`, `Ursula von
 * der Leyen`): a name, not a phrase.
 */
const STRICT_NAME =
	/^\p{Lu}[\p{L}\p{M}.'’-]*(?: (?:(?:of|de|da|di|du|del|van|von|der|den|la|le|al|bin|ibn|el|y) )*\p{Lu}[\p{L}\p{M}.'’-]*){0,3}$/u;
const QUESTION = /[?？]/;

/**
 * Labels used once (or recurring only with themselves) that are speakers all the same.
 *
 * By alternation: in a transcript, a name-like label whose neighbouring turns belong to one
 * speaker is another party speaking to that speaker (`Vander Hill: Isabel crook.` between two
 * Lu Kang turns; `Reuters: …?` between two answers of a spokesperson). A one-off `Secondly:`
 * inside a turn fails that test: the turns around it belong to two speakers.
 *
 * At the edges, where alternation cannot be seen (the first question of a press conference,
 * before the spokesperson's first answer; a last question left without answer), a name-like
 * label next to a speaker who already answers one-off speakers elsewhere (the spokesperson of a
 * press conference) is one more of them when it is a news organisation (`CCTV`, `China Daily`)
 * or asks a question; on the first line, which is otherwise the title, it must be both.
 */
function oneOffSpeakers(
	candidates: Candidate[],
	asks: boolean[],
	isSpeakerLabel: (label: string) => boolean,
	lookup: SpeakerLookup
): string[] {
	const who = (label: string) => lookup(label)?.id ?? compactLabel(label);
	const labels = candidates.map((c) => c.label);
	// The nearest speaker label before and after each label, in two passes (not a search per label).
	const nearest = (order: number[]) => {
		const found: (string | undefined)[] = [];
		let last: string | undefined;
		for (const i of order) {
			found[i] = last;
			if (isSpeakerLabel(labels[i]!)) last = labels[i];
		}
		return found;
	};
	const forward = labels.map((_, i) => i);
	const backward = [...forward].reverse();
	const before = nearest(forward);
	const after = nearest(backward);
	const oneOff = (label: string) => !isSpeakerLabel(label) && STRICT_NAME.test(label);

	const accepted = new Set<number>();
	/** Speakers who answer one-off speakers between two of their own turns. */
	const answering = new Set<string>();
	labels.forEach((label, i) => {
		const [b, a] = [before[i], after[i]];
		if (!oneOff(label) || b === undefined || a === undefined || who(b) !== who(a)) return;
		accepted.add(i);
		answering.add(who(b));
	});
	if (answering.size === 0) return [...accepted].map((i) => labels[i]!);

	labels.forEach((label, i) => {
		if (accepted.has(i) || !oneOff(label)) return;
		const [b, a] = [before[i], after[i]];
		// Only before the first speaker turn or after the last one.
		const neighbour = b === undefined ? a : a === undefined ? b : undefined;
		if (neighbour === undefined || !answering.has(who(neighbour))) return;
		const [outlet, question] = [isOutlet(label), asks[i]!];
		if (candidates[i]!.line === 0 ? outlet && question : outlet || question) accepted.add(i);
	});
	return [...accepted].map((i) => labels[i]!);
}
