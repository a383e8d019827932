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
	/** A timestamp written with the label (`[00:01:23] Host:`, `Host (00:01:23):`), as written
	 * without its brackets; undefined when there is none. */
	time?: string;
}

/** `01:23`, `1:02:03`, `00:01:23.450`. */
const TIME = String.raw`(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?`;
/** Before the label: `[00:01:23] `, `(00:01:23) `, `00:01:23 `, each optionally followed by a dash. */
const LEADING_TIME = /* @__PURE__ */ new RegExp(
	String.raw`^(?:[[(](${TIME})[\])][ \t]*|(${TIME})[ \t]+)(?:[-–—][ \t]+)?`
);
/** Between the label and its colon: `HOST (00:01:23):`, `Speaker 1 [01:02]:`. */
const LABEL_TIME = /* @__PURE__ */ new RegExp(
	String.raw`^([^:()[\]\n]{1,40}?)[ \t]*[[(](${TIME})[\])][ \t]*:(?:[ \t]+|$)`
);
/** At the start of the speech, in brackets: `Host: [00:01:23] Welcome.` */
const BODY_TIME = /* @__PURE__ */ new RegExp(String.raw`^[[(](${TIME})[\])](?:[ \t]+|$)`);
const BOLD_LABEL = /^\*\*([^*\n]{1,40}?)(?::\*\*|\*\*\s*:)[ \t]*/;
const PLAIN_LABEL = /^([^:\n]{1,40}?):(?:[ \t]+|$)/;
/** `Q. Why?` / `A. Because.`: read only where the text has both (see `readDottedLabel`). */
const DOTTED_QA = /^(Q|A)\.[ \t]+(?=\S)/;
/**
 * Letters, marks, spaces and the punctuation names carry (`Mt. Vander`, `O’Brien`), optionally
 * ending in a number (`Q1`, `Speaker 2`).
 */
const NAME_LIKE = /^\p{L}[\p{L}\p{M} .'’-]*?(?: ?\d{1,3})?$/u;
const MAX_LABEL_WORDS = 5;

/** Keys of `Key: value` lines that describe the text rather than speak in it. */
export const META_KEYS = /* @__PURE__ */ new Set([
	'original title',
	'original',
	'former title',
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
	'editor in charge',
	'responsible editor',
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
export const STANDARD_LABELS = /* @__PURE__ */ new Set([
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

/** Numbered questions and answers (`Q1`, `Q 2`, `Question 3`, `A1`): one speaker each side. */
const NUMBERED_QA = /^(q|a|question|answer) ?\d{1,3}$/i;

/**
 * Words that head a line with a colon in articles and pages but never name a speaker
 * (`Note: …`, `Update: …`, `Tags: …`, `Photo: …`), even when they recur.
 */
const RUBRICS = /* @__PURE__ */ new Set([
	'note',
	'notes',
	'nb',
	'ps',
	'update',
	'correction',
	'clarification',
	'tag',
	'tags',
	'keywords',
	'key words',
	'topic',
	'topics',
	'category',
	'categories',
	'related',
	'related news',
	'related articles',
	'see also',
	'read more',
	'read also',
	'also read',
	'more',
	'watch',
	'listen',
	'photo',
	'photos',
	'picture',
	'image',
	'video',
	'caption',
	'credit',
	'credits',
	'summary',
	'background',
	'disclaimer',
	'advertisement',
	'share',
	'comments',
	'previous',
	'next',
	'contact',
	'email',
	'e-mail',
	'tel',
	'phone',
	'fax',
	'address',
	'warning',
	'attention',
	'breaking',
	'exclusive',
	'opinion',
	'analysis',
	'editorial',
	'commentary',
	'interview',
	'transcript',
	'excerpt',
	'excerpts',
	'headline',
	'subtitle',
	'the following'
]);

/** Verbs of reported speech: `Friedland says:`, `She added:`, `He told reporters:`. */
const SPEECH_VERB =
	/\b(?:said|says|say|added|adds|told|tells|asked|asks|noted|notes|stated|states|wrote|writes|explained|explains|continued|continues|replied|replies|answered|answers|insisted|insists|argued|argues|warned|warns|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|declared|declares|announced|announces|commented|comments|remarked|remarks|responded|responds|reported|reports|revealed|reveals|recalled|recalls|concluded|concludes)\b/i;
/**
 * A clause, not a name: a pronoun or article followed by a lower-case word (`The reason is
 * simple`, `It is clear`), where a name or outlet goes on in capitals (`The Paper`, `He Yafei`).
 */
const CLAUSE_WORDS = /* @__PURE__ */ new Set(
	'he she they we i it you this that these those there here the a an our my his her their its'.split(
		' '
	)
);

/** Names of news organisations, or a word that makes a name one (`Global Times`, `Phoenix TV`). */
const OUTLET =
	/\b(?:news|tv|television|times|daily|post|press|agency|radio|broadcasting|broadcast|network|media|journal|herald|tribune|review|channel|newspaper|magazine|weekly|gazette|observer|telegraph|wire|satellite|reuters|bloomberg|xinhua|kyodo|yonhap|sputnik|tass|novosti|efe|afp|ap|ansa|dpa|bernama|anadolu|cctv|cgtn|cnr|cri|nhk|kbs|mbc|sbs|bbc|cnn|cbc|abc|nbc|cbs|npr|rthk|tvb|scmp|wsj|rfa|voa|phoenix|al jazeera|prensa latina)\b/i;

/** Whether a label names a news organisation (`Reuters`, `China Daily`, `Phoenix TV`). */
export function isOutlet(label: string): boolean {
	return OUTLET.test(label);
}

export function readLabel(line: string): LabelledLine | undefined {
	const stamp = LEADING_TIME.exec(line);
	const rest = line.slice(stamp?.[0].length ?? 0);
	let time = stamp?.[1] ?? stamp?.[2];
	const timed = time === undefined ? LABEL_TIME.exec(rest) : null;
	if (timed) time = timed[2];
	const match = timed ?? BOLD_LABEL.exec(rest) ?? PLAIN_LABEL.exec(rest);
	if (!match) return undefined;
	const label = match[1]!.trim();
	const words = label.split(/\s+/);
	if (!NAME_LIKE.test(label) || words.length > MAX_LABEL_WORDS) return undefined;
	let prefix = (stamp?.[0] ?? '') + match[0];
	const labelAt = (stamp?.[0].length ?? 0) + match[0].indexOf(label);
	if (time === undefined) {
		const spoken = BODY_TIME.exec(line.slice(prefix.length));
		if (spoken) {
			time = spoken[1];
			prefix += spoken[0];
		}
	}
	const labelled: LabelledLine = { prefix, label, labelAt, body: line.slice(prefix.length) };
	if (time !== undefined) labelled.time = time;
	return labelled;
}

/** `Q. Why?` → label `Q`. For texts that write both `Q.` and `A.` (see parse.ts). */
export function readDottedLabel(line: string): LabelledLine | undefined {
	const match = DOTTED_QA.exec(line);
	if (!match) return undefined;
	return { prefix: match[0], label: match[1]!, labelAt: 0, body: line.slice(match[0].length) };
}

/** Whether the text's lines use `Q.` and `A.` as labels: both must occur. */
export function usesDottedLabels(lines: Iterable<string>): boolean {
	const seen = new Set<string>();
	for (const line of lines) {
		const match = DOTTED_QA.exec(line);
		if (match) seen.add(match[1]!);
		if (seen.size === 2) return true;
	}
	return false;
}

/** A label every reader knows (`Q`, `Host`), numbered ones included (`Q1`, `Question 2`). */
export function isStandardLabel(label: string): boolean {
	return STANDARD_LABELS.has(label.toLowerCase()) || NUMBERED_QA.test(label);
}

/**
 * A label-shaped line start that is never a speaker, whatever the evidence: metadata keys,
 * page rubrics (`Note`, `Tags`) and reported speech or clauses (`Friedland says`,
 * `The reason is simple`).
 */
export function isNeverSpeaker(label: string): boolean {
	const key = label.toLowerCase();
	if (META_KEYS.has(key) || RUBRICS.has(key)) return true;
	const [first, second] = label.split(/\s+/);
	return (
		SPEECH_VERB.test(label) ||
		(second !== undefined && CLAUSE_WORDS.has(first!.toLowerCase()) && /^\p{Ll}/u.test(second))
	);
}

/** Key for counting one label written several ways: `Wan Deshan` and `Wandeshan` agree;
 * numbered questions (`Q1`, `Q2`) are one questioner. */
export function compactLabel(label: string): string {
	const numbered = NUMBERED_QA.exec(label);
	const base = numbered ? numbered[1]! : label;
	return base.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * `LU KANG` reads as `Lu Kang`; mixed-case labels and outlets' acronyms (`CCTV`) stay as
 * written; `Q1` names the speaker `Q`.
 */
export function displayLabel(label: string): string {
	const numbered = NUMBERED_QA.exec(label);
	if (numbered) label = numbered[1]!;
	if (label !== label.toUpperCase() || label.length <= 2) return label;
	if (!label.includes(' ') && isOutlet(label)) return label;
	return label
		.toLowerCase()
		.replace(/(^|[\s.'’-])(\p{L})/gu, (_, sep, ch) => sep + ch.toUpperCase());
}
