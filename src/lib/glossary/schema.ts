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
/** A context rule: its meaning in one line, for the JSON Schema an editor shows on hover. */
const contextRule = (description: string) => pattern.optional().meta({ description });

/**
 * Where a garbled form was seen: a transcript's slug (`lu-kang-globe-and-mail-interview-2020`)
 * or the address of a page (`https://…`). The regex is what the JSON Schema can say; the refine
 * makes sure an address that has the right shape is one a browser can open (one message each).
 */
export const SEEN_IN_PATTERN = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*|https?:\/\/[^\s/?#]+(?:[/?#]\S*)?)$/;
const isUrl = (place: string) => /^https?:/.test(place) && SEEN_IN_PATTERN.test(place);
export const seenInSchema = z
	.string()
	.regex(
		SEEN_IN_PATTERN,
		'must be a transcript slug (lowercase words joined by "-") or an http(s) URL'
	)
	.refine((place) => !isUrl(place) || URL.canParse(place), { message: 'is not a valid URL' });

/**
 * A garbled form. A bare string matches anywhere; an object can require context, because
 * some garbles are only garbles in context (`Kang` alone is Kovrig, `Lu Kang` is not).
 */
export const variantSchema = z.union([
	nonEmpty.meta({ description: 'A garbled form, corrected wherever it stands as whole words.' }),
	z
		.object({
			text: nonEmpty.meta({ description: 'The garbled form.' }),
			/** Regex the text just before the match must end with, e.g. `(?:Kang|Kovrig) and ` */
			preceded_by: contextRule('Regex (flags iu) the text just before must end with.'),
			/** Regex the text just after the match must start with, e.g. `, Mai` */
			followed_by: contextRule('Regex (flags iu) the text just after must start with.'),
			not_preceded_by: contextRule('Regex (flags iu) the text just before must not end with.'),
			not_followed_by: contextRule('Regex (flags iu) the text just after must not start with.'),
			/** Only in these transcripts (slugs). */
			transcripts: z
				.array(slug)
				.min(1)
				.optional()
				.meta({ description: 'Only in these transcripts (slugs).' }),
			/**
			 * Only where the transcript also names one of these entries (ids), in any form the
			 * glossary matches: "Kang" is Kovrig in a text about the two detainees, not elsewhere.
			 */
			requires_mention: z.array(slug).min(1).optional().meta({
				description: 'Only where the transcript also names one of these entries (ids).'
			}),
			/** How near that mention must be, in paragraphs either side; the whole transcript if absent. */
			mention_within: z.number().int().min(0).max(1000).optional().meta({
				description:
					'How near that mention must be, in paragraphs either side; the whole transcript if absent.'
			}),
			/** Why this variant is a garble: which source sentence motivated it. */
			note: z
				.string()
				.optional()
				.meta({ description: 'Why this is a garble: the sentence that motivated it.' }),
			/**
			 * Where the form was observed: transcript slugs or page URLs. Documentation only: it
			 * never limits where the variant applies (that is `transcripts`).
			 */
			seen_in: z
				.array(seenInSchema)
				.min(1)
				.refine((places) => new Set(places).size === places.length, {
					message: 'lists a place twice'
				})
				.optional()
				.meta({
					description:
						'Where the form was observed: transcript slugs or http(s) URLs. Documentation only; `transcripts` limits where it applies.',
					uniqueItems: true
				}),
			/** Provenance of a variant added through review: who proposed it, who approved it, when. */
			added: z
				.object({
					by: nonEmpty,
					approved_by: nonEmpty,
					on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
				})
				.strict()
				.optional()
				.meta({ description: 'Added through review: who proposed it, who approved it, when.' })
		})
		.strict()
]);

export const exampleSchema = z
	.object({
		from: nonEmpty.meta({ description: 'A sentence as machine translation wrote it.' }),
		to: nonEmpty.meta({ description: 'The same sentence once normalized.' }),
		/** Slug to normalize as, for variants scoped to some transcripts. */
		transcript: slug
			.optional()
			.meta({ description: 'Normalize as this transcript (for scoped variants).' })
	})
	.strict();

export const entrySchema = z
	.object({
		id: slug.meta({ description: 'Lowercase words joined by "-"; unique across all files.' }),
		canonical: nonEmpty.meta({ description: 'The right name.' }),
		kind: z.enum(KINDS),
		/** The name in the source language, e.g. 孟晚舟. */
		source: z
			.string()
			.optional()
			.meta({ description: 'The name in the source language, e.g. 孟晚舟.' }),
		note: z.string().optional().meta({ description: 'Shown to readers.' }),
		/** Its forms may label speaker turns. */
		speaker: z.boolean().default(false).meta({ description: 'May its forms label speaker turns?' }),
		/** Only in these transcripts (slugs). */
		transcripts: z
			.array(slug)
			.min(1)
			.optional()
			.meta({ description: 'The entry applies only in these transcripts (slugs).' }),
		variants: z.array(variantSchema).default([]).meta({ description: 'Garbled forms.' }),
		/** Forms an editor ruled out: never suggested as variants of this entry again. */
		not_variants: z
			.array(nonEmpty)
			.default([])
			.meta({ description: 'Forms an editor ruled out: never suggested for this entry.' }),
		/** Sentences that the test suite normalizes: `from` must become `to`. */
		examples: z
			.array(exampleSchema)
			.default([])
			.meta({ description: 'Run by the test suite: `from` must normalize to `to`.' })
	})
	.strict();

export type RawEntry = z.infer<typeof entrySchema>;
