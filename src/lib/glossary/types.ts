import type { Kind } from './schema';

/** A garbled form of an entry's canonical name, with the context it is a garble in. */
export interface Variant {
	text: string;
	precededBy?: string;
	followedBy?: string;
	notPrecededBy?: string;
	notFollowedBy?: string;
	transcripts?: string[];
	/** Entry ids one of which the transcript must also mention (`requires_mention`). */
	requiresMention?: string[];
	/** Paragraphs either side that mention must lie within; the whole transcript if absent. */
	mentionWithin?: number;
	note?: string;
	/**
	 * Where the form was observed (`seen_in`): transcript slugs or http(s) URLs. Documentation
	 * for readers and editors; it never limits where the variant applies.
	 */
	seenIn?: string[];
	/** Who proposed the variant, who approved it and on what day (variants added through review). */
	added?: { by: string; approvedBy: string; on: string };
}

/** One person, organization, place or term: its right name and the wrong ones. */
export interface GlossaryEntry {
	id: string;
	canonical: string;
	kind: Kind;
	source?: string;
	note?: string;
	speaker: boolean;
	transcripts?: string[];
	variants: Variant[];
	/** Forms ruled out as variants (`not_variants`): the suggester never proposes them. */
	notVariants: string[];
	examples: { from: string; to: string; transcript?: string }[];
	/** Where the entry is written, for messages and for edits: `people.yaml`, 1-based line. */
	file: string;
	line: number;
}

/** What a reader is shown about the entry behind a correction (tooltips, panel). */
export type EntryInfo = Pick<GlossaryEntry, 'id' | 'canonical' | 'kind' | 'source' | 'note'> & {
	/** Variants added through review, by their text: who proposed and approved them, when. */
	provenance?: Record<string, NonNullable<Variant['added']>>;
};

/** What is wrong with a glossary file, located as precisely as possible. */
export interface GlossaryProblem {
	file: string;
	line: number;
	/** The entry's id, or `#3` (1-based position) when it has no usable id. */
	entry: string;
	/** Path of the field inside the entry, e.g. `variants[2].preceded_by`. */
	field: string;
	message: string;
}

export interface Glossary {
	entries: GlossaryEntry[];
	problems: GlossaryProblem[];
}

/** `glossary/people.yaml:12: entry meng-wanzhou, variants[2]: …`, with the folder as given. */
export function formatProblem(p: GlossaryProblem, folder = 'glossary'): string {
	const dir = folder.replace(/\/+$/, '');
	if (!p.file) return `${dir}: ${p.message}`;
	const where = p.field ? `${p.entry}, ${p.field}` : p.entry;
	return `${dir}/${p.file}:${p.line}: entry ${where}: ${p.message}`;
}

/** The transcripts a variant applies in, or undefined for all of them. */
export function scopeOf(entry: GlossaryEntry, variant?: Variant): string[] | undefined {
	return variant?.transcripts ?? entry.transcripts;
}

/** True when a variant needs context around it: it may then share its spelling with others. */
export function hasContextRule(variant: Variant): boolean {
	return Boolean(
		variant.precededBy ||
		variant.followedBy ||
		variant.notPrecededBy ||
		variant.notFollowedBy ||
		variant.requiresMention
	);
}

/** True when a variant applies only in some context or some transcripts. */
export function isConditional(entry: GlossaryEntry, variant: Variant): boolean {
	return hasContextRule(variant) || scopeOf(entry, variant) !== undefined;
}
