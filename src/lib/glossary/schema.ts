import { z } from 'zod';
import { checkPattern } from '../text/safe-regex';
import { SLUG_PATTERN } from '../text/slug';
import { KINDS } from './kinds';

export { KINDS, type Kind } from './kinds';

const slug = z.string().regex(SLUG_PATTERN, 'must be lowercase words joined by "-"');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
/**
 * A regular expression source (not trimmed: spaces matter), checked as the matcher will compile
 * it: a JavaScript regex (flags `iu`) that the linear-time engine runs (see `safe-regex.ts`).
 */
const pattern = z
	.string()
	.refine((source) => source.trim() !== '', { message: 'must not be empty' })
	.superRefine((source, ctx) => {
		const problem = checkPattern(source);
		if (!problem) return;
		const message =
			problem.kind === 'invalid' ? 'is not a valid regular expression' : problem.message;
		ctx.addIssue({ code: 'custom', message });
	});

/**
 * A garbled form. A bare string matches anywhere; an object can require context, because
 * some garbles are only garbles in context (`Kang` alone is Kovrig, `Lu Kang` is not).
 */
export const variantSchema = z.union([
	nonEmpty,
	z
		.object({
			text: nonEmpty,
			/** Regex the text just before the match must end with, e.g. `(?:Kang|Kovrig) and ` */
			preceded_by: pattern.optional(),
			/** Regex the text just after the match must start with, e.g. `, Mai` */
			followed_by: pattern.optional(),
			not_preceded_by: pattern.optional(),
			not_followed_by: pattern.optional(),
			/** Only in these transcripts (slugs). */
			transcripts: z.array(slug).min(1).optional(),
			/**
			 * Only where the transcript also names one of these entries (ids), in any form the
			 * glossary matches: "Kang" is Kovrig in a text about the two detainees, not elsewhere.
			 */
			requires_mention: z.array(slug).min(1).optional(),
			/** How near that mention must be, in paragraphs either side; the whole transcript if absent. */
			mention_within: z.number().int().min(0).max(1000).optional(),
			/** Why this variant is a garble: which source sentence motivated it. */
			note: z.string().optional(),
			/** Provenance of a variant added through review: who proposed it, who approved it, when. */
			added: z
				.object({
					by: nonEmpty,
					approved_by: nonEmpty,
					on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
				})
				.strict()
				.optional()
		})
		.strict()
]);

export const exampleSchema = z
	.object({
		from: nonEmpty,
		to: nonEmpty,
		/** Slug to normalize as, for variants scoped to some transcripts. */
		transcript: slug.optional()
	})
	.strict();

export const entrySchema = z
	.object({
		id: slug,
		canonical: nonEmpty,
		kind: z.enum(KINDS),
		/** The name in the source language, e.g. 孟晚舟. */
		source: z.string().optional(),
		note: z.string().optional(),
		/** Its forms may label speaker turns. */
		speaker: z.boolean().default(false),
		/** Only in these transcripts (slugs). */
		transcripts: z.array(slug).min(1).optional(),
		variants: z.array(variantSchema).default([]),
		/** Forms an editor ruled out: never suggested as variants of this entry again. */
		not_variants: z.array(nonEmpty).default([]),
		/** Sentences that the test suite normalizes: `from` must become `to`. */
		examples: z.array(exampleSchema).default([])
	})
	.strict();

export type RawEntry = z.infer<typeof entrySchema>;
