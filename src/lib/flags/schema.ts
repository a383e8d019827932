import { z } from 'zod';
import { isWordCode } from '../text/fold';
import { checkPattern } from '../text/safe-regex';
import { RULE_KINDS, type MarkedExample } from './types';

const SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*';
/** `<family>/<slug>`, e.g. `idiom/one-hand-cannot-clap`. */
export const RULE_ID_PATTERN = new RegExp(`^${SLUG}/${SLUG}$`);

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** A literal phrase: matching starts at a word start, so a phrase must begin with one. */
const phrase = nonEmpty.refine((text) => text === '' || isWordCode(text.charCodeAt(0)), {
	message: 'must start with a letter or digit (phrases match from the start of a word)'
});

/**
 * A regular expression source (not trimmed: spaces matter), checked as the matcher will compile
 * it: a JavaScript regex (flags `iu`) that the linear-time engine runs (see `safe-regex.ts`).
 */
const pattern = z.string().superRefine((source, ctx) => {
	if (source.trim() === '') {
		ctx.addIssue({ code: 'custom', message: 'must not be empty' });
		return;
	}
	const problem = checkPattern(source);
	if (!problem) return;
	const message =
		problem.kind === 'invalid'
			? `is not a valid regular expression: ${problem.message}`
			: problem.message;
	ctx.addIssue({ code: 'custom', message });
});

/** The tags that pin, in an example, the words its rule must flag (as LanguageTool's do). */
export const MARKER_OPEN = '<marker>';
export const MARKER_CLOSE = '</marker>';

const count = (text: string, tag: string) => text.split(tag).length - 1;

/**
 * Reads `The <marker>Canadian House of Representatives</marker> passed` into the sentence and the
 * marked span; an example without tags has no span. What is wrong with the tags comes back as
 * a message: more than one pair, a tag alone, tags out of order, or a marker that holds nothing
 * or starts or ends with a space (a flag never does).
 */
export function readMarker(example: string): MarkedExample | { problem: string } {
	const opens = count(example, MARKER_OPEN);
	const closes = count(example, MARKER_CLOSE);
	if (opens === 0 && closes === 0) return { text: example };
	const mark = `mark the flagged words once: … ${MARKER_OPEN}words${MARKER_CLOSE} …`;
	if (opens !== 1 || closes !== 1) {
		return { problem: `has ${opens} ${MARKER_OPEN} and ${closes} ${MARKER_CLOSE}; ${mark}` };
	}
	const open = example.indexOf(MARKER_OPEN);
	const close = example.indexOf(MARKER_CLOSE);
	if (close < open) return { problem: `has ${MARKER_CLOSE} before ${MARKER_OPEN}; ${mark}` };
	const words = example.slice(open + MARKER_OPEN.length, close);
	if (words.trim() === '') return { problem: `marks nothing; ${mark}` };
	if (words.trim() !== words) {
		return { problem: 'the marker must hold the flagged words exactly, no space at either end' };
	}
	const text = example.slice(0, open) + words + example.slice(close + MARKER_CLOSE.length);
	return { text, span: { start: open, end: open + words.length } };
}

/** Text without either tag, then at most one marker around at least one character (JSON Schema). */
const NO_TAG = `(?:(?!</?marker>)[\\s\\S])`;
const MARKED_PATTERN = `^${NO_TAG}*(?:<marker>${NO_TAG}+</marker>${NO_TAG}*)?$`;

/** A sentence the rule must flag, its flagged words marked: see `readMarker`. */
const example = nonEmpty
	.superRefine((text, ctx) => {
		const read = readMarker(text);
		if ('problem' in read) ctx.addIssue({ code: 'custom', message: read.problem });
	})
	.meta({
		description: `A sentence the rule must flag, the flagged words between ${MARKER_OPEN} and ${MARKER_CLOSE}.`,
		pattern: MARKED_PATTERN
	});

/** A sentence the rule must leave alone: nothing in it is flagged, so nothing is marked. */
const counterexample = nonEmpty
	.refine((text) => !text.includes(MARKER_OPEN) && !text.includes(MARKER_CLOSE), {
		message: `is not flagged, so it marks nothing: remove ${MARKER_OPEN} and ${MARKER_CLOSE}`
	})
	.meta({
		description: 'A sentence the rule must leave alone.',
		pattern: `^${NO_TAG}*$`
	});

export const ruleSchema = z
	.object({
		id: z
			.string()
			.regex(RULE_ID_PATTERN, 'must be `<family>/<slug>`: lowercase words joined by "-"')
			.meta({ description: '`<family>/<slug>`, e.g. idiom/one-hand-cannot-clap.' }),
		kind: z.enum(RULE_KINDS),
		severity: z.enum(['info', 'warning', 'error']),
		/** Literal phrases that raise the flag. */
		phrases: z.array(phrase).min(1, 'must list at least one phrase').meta({
			description: 'Literal phrases that raise the flag: whole words, case- and apostrophe-folded.'
		}),
		/** Regex the text right after a match starts with (`^(?:…)`): then no flag. */
		unless_followed_by: pattern.optional().meta({
			description: 'Regex (flags iu) the text right after a match starts with: then no flag.'
		}),
		/** Regex the text right before a match ends with (`(?:…)$`): then no flag. */
		unless_preceded_by: pattern.optional().meta({
			description: 'Regex (flags iu) the text right before a match ends with: then no flag.'
		}),
		/** Literal phrases: no flag in a paragraph that holds one (a quoted idiom, say). */
		unless_in_paragraph_with: z
			.array(phrase)
			.min(1, 'must not be empty')
			.optional()
			.meta({ description: 'Literal phrases: no flag in a paragraph that holds one.' }),
		/** What is unexpected and what to do. */
		message: nonEmpty.meta({ description: 'What is unexpected and what to do.' }),
		/** What it may read instead. */
		suggestion: nonEmpty.optional().meta({ description: 'What it may read instead.' }),
		/** The source-language text, e.g. 孤掌难鸣. */
		source: z.string().optional().meta({ description: 'The source-language text, e.g. 孤掌难鸣.' }),
		/** Evidence and sources a reader can check. */
		note: z.string().optional().meta({ description: 'Evidence and sources a reader can check.' }),
		/** Sentences the test suite must see flagged by this rule, where they are marked. */
		examples: z.array(example).min(1, 'must give at least one example sentence'),
		/** Sentences the test suite must see left alone by this rule. */
		counterexamples: z.array(counterexample).default([])
	})
	.strict();

export type RawRule = z.infer<typeof ruleSchema>;
