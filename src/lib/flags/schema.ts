import { z } from 'zod';
import { isWordCode } from '../text/fold';
import { checkPattern } from '../text/safe-regex';
import { RULE_KINDS } from './types';

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

export const ruleSchema = z
	.object({
		id: z
			.string()
			.regex(RULE_ID_PATTERN, 'must be `<family>/<slug>`: lowercase words joined by "-"'),
		kind: z.enum(RULE_KINDS),
		severity: z.enum(['info', 'warning', 'error']),
		/** Literal phrases that raise the flag. */
		phrases: z.array(phrase).min(1, 'must list at least one phrase'),
		/** Regex the text right after a match starts with (`^(?:…)`): then no flag. */
		unless_followed_by: pattern.optional(),
		/** Regex the text right before a match ends with (`(?:…)$`): then no flag. */
		unless_preceded_by: pattern.optional(),
		/** Literal phrases: no flag in a paragraph that holds one (a quoted idiom, say). */
		unless_in_paragraph_with: z.array(phrase).min(1, 'must not be empty').optional(),
		/** What is unexpected and what to do. */
		message: nonEmpty,
		/** What it may read instead. */
		suggestion: nonEmpty.optional(),
		/** The source-language text, e.g. 孤掌难鸣. */
		source: z.string().optional(),
		/** Evidence and sources a reader can check. */
		note: z.string().optional(),
		/** Sentences the test suite must see flagged by this rule. */
		examples: z.array(nonEmpty).min(1, 'must give at least one example sentence'),
		/** Sentences the test suite must see left alone by this rule. */
		counterexamples: z.array(nonEmpty).default([])
	})
	.strict();

export type RawRule = z.infer<typeof ruleSchema>;
