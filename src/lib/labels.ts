/**
 * Reading a speaker label off the start of a line. Used by parse.ts, which decides from
 * evidence across the whole text which of these candidates really are speakers.
 */

export interface LabelledLine {
	/** Everything before the speech: timestamp, markup, label, colon and spaces. */
	prefix: string;
	/** The label as written, without timestamp or markup. */
	label: string;
	/** Where `label` starts in the line. */
	labelAt: number;
	body: string;
}

const TIMESTAMP = /^\[?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?\]?\s+/;
const BOLD_LABEL = /^\*\*([^*\n]{1,40}?)(?::\*\*|\*\*\s*:)[ \t]*/;
const PLAIN_LABEL = /^([^:\n]{1,40}?):(?:[ \t]+|$)/;
/** Letters, marks, spaces and the punctuation names carry (`Mt. Vander`, `O’Brien`). */
const NAME_LIKE = /^\p{L}[\p{L}\p{M} .'’-]*$/u;
const MAX_LABEL_WORDS = 5;

/** Keys of `Key: value` lines that describe the text rather than speak in it. */
export const META_KEYS = new Set([
	'original title',
	'original',
	'title',
	'source',
	'statement',
	'date',
	'author',
	'authors',
	'byline',
	'translator',
	'translated by',
	'translation',
	'editor',
	'editor’s note',
	"editor's note",
	'published',
	'updated',
	'url',
	'link',
	'location',
	'participants'
]);

/** Labels every transcript reader knows, accepted without further evidence. */
export const STANDARD_LABELS = new Set([
	'q',
	'a',
	'question',
	'answer',
	'interviewer',
	'interviewee',
	'host',
	'guest',
	'moderator',
	'reporter',
	'journalist',
	'spokesperson'
]);

export function readLabel(line: string): LabelledLine | undefined {
	const stamp = TIMESTAMP.exec(line)?.[0] ?? '';
	const rest = line.slice(stamp.length);
	const match = BOLD_LABEL.exec(rest) ?? PLAIN_LABEL.exec(rest);
	if (!match) return undefined;
	const label = match[1]!.trim();
	const words = label.split(/\s+/);
	if (!NAME_LIKE.test(label) || words.length > MAX_LABEL_WORDS) return undefined;
	const prefix = stamp + match[0];
	const labelAt = stamp.length + match[0].indexOf(label);
	return { prefix, label, labelAt, body: line.slice(prefix.length) };
}

/** Key for counting one label written several ways: `Wan Deshan` and `Wandeshan` agree. */
export function compactLabel(label: string): string {
	return label.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** `LU KANG` reads as `Lu Kang`; mixed-case labels stay as written. */
export function displayLabel(label: string): string {
	if (label !== label.toUpperCase() || label.length <= 2) return label;
	return label
		.toLowerCase()
		.replace(/(^|[\s.'’-])(\p{L})/gu, (_, sep, ch) => sep + ch.toUpperCase());
}
