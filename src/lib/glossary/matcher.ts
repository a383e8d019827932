import { sameSpelling } from '../fold';
import type { Correcting } from '../finding';
import { PhraseIndex } from '../phrase-index';
import { hasContextRule, scopeOf, type GlossaryEntry, type Variant } from './types';

/** How far around a match context rules look, in code units. */
const CONTEXT_WINDOW = 120;

/** What a glossary form found in a text turns into, and when it applies. */
interface Target {
	entry: GlossaryEntry;
	/** The written form (variant text, or the canonical name for casing fixes). */
	form: string;
	isCanonical: boolean;
	precededBy?: RegExp;
	followedBy?: RegExp;
	notPrecededBy?: RegExp;
	notFollowedBy?: RegExp;
	/** The transcripts the target corrects in; undefined for all. */
	scope?: Set<string>;
	/** Applies wherever its words are (a canonical name always does: it shields its words). */
	plain: boolean;
	/** What every correction by this target says and proposes, made once and shared. */
	message: string;
	expected: readonly string[];
}

export interface MatchOptions {
	/** Slug of the transcript, for entries and variants scoped to some transcripts. */
	transcript?: string;
	/** Where the matched text starts in the whole prepared transcript: added to every offset. */
	offset?: number;
}

/**
 * The glossary's meaning over the phrase index: every canonical name and variant is a phrase;
 * a variant with context rules applies only where they hold, and wins over a plain reading of
 * the same words; a canonical name found as written is no correction, but its words are
 * consumed, so `Lu Kang` shields its `Kang` from the Kovrig variant.
 */
export class GlossaryMatcher {
	readonly entries = new Map<string, GlossaryEntry>();
	private index: PhraseIndex<Target>;

	constructor(entries: readonly GlossaryEntry[]) {
		const targets: Target[] = [];
		for (const entry of entries) {
			this.entries.set(entry.id, entry);
			targets.push(canonicalTarget(entry));
			for (const variant of entry.variants) targets.push(variantTarget(entry, variant));
		}
		// Conditional targets first (a stable sort): the more specific reading of the same words.
		targets.sort((a, b) => specificity(b) - specificity(a));
		this.index = new PhraseIndex(targets.map((t) => [t.form, t] as const));
	}

	/** Number of trie nodes, for memory figures. */
	get nodeCount(): number {
		return this.index.nodeCount;
	}

	/** Every glossary correction in `text`, left to right, as findings with a fix. */
	find(text: string, { transcript, offset = 0 }: MatchOptions = {}): Correcting[] {
		const corrections: Correcting[] = [];
		const pick = (targets: readonly Target[], text: string, start: number, end: number) =>
			targets.length === 1 && targets[0]!.plain
				? targets[0]
				: targets.find((t) => applies(t, text, start, end, transcript));
		this.index.each(text, pick, (start, end, target) => {
			const actual = text.slice(start, end);
			const canonical = target.entry.canonical;
			if (target.isCanonical) {
				// As written (the `===` spares the usual case four strings), or out of its scope.
				if (actual === canonical || sameSpelling(actual, canonical)) return;
				if (target.scope && !(transcript && target.scope.has(transcript))) return;
			}
			corrections.push({
				source: 'glossary',
				rule: target.entry.id,
				start: offset + start,
				end: offset + end,
				actual,
				expected: target.expected as string[],
				fix: canonical,
				severity: 'info',
				form: target.form,
				message: target.message
			});
		});
		return corrections;
	}
}

function canonicalTarget(entry: GlossaryEntry): Target {
	const scope = scopeOf(entry);
	return {
		entry,
		form: entry.canonical,
		isCanonical: true,
		scope: scope && new Set(scope),
		plain: true,
		...wordsFor(entry, 'Miscased name')
	};
}

function variantTarget(entry: GlossaryEntry, variant: Variant): Target {
	const scope = scopeOf(entry, variant);
	const regex = (source: string | undefined, wrap: (s: string) => string) =>
		source === undefined ? undefined : new RegExp(wrap(source), 'iu');
	return {
		entry,
		form: variant.text,
		isCanonical: false,
		precededBy: regex(variant.precededBy, (s) => `(?:${s})$`),
		followedBy: regex(variant.followedBy, (s) => `^(?:${s})`),
		notPrecededBy: regex(variant.notPrecededBy, (s) => `(?:${s})$`),
		notFollowedBy: regex(variant.notFollowedBy, (s) => `^(?:${s})`),
		scope: scope && new Set(scope),
		plain: !scope && !hasContextRule(variant),
		...wordsFor(entry, `A known garble of ${entry.canonical}`)
	};
}

/**
 * The message and expected text of a correction, shared by every target of the same kind and
 * entry: a glossary of 50,000 variants needs no string per variant.
 */
const words = new WeakMap<GlossaryEntry, Map<string, Pick<Target, 'message' | 'expected'>>>();
function wordsFor(entry: GlossaryEntry, what: string): Pick<Target, 'message' | 'expected'> {
	let byWhat = words.get(entry);
	if (!byWhat) words.set(entry, (byWhat = new Map()));
	let shared = byWhat.get(what);
	if (!shared) {
		shared = {
			message: `${what}: read “${entry.canonical}”.`,
			expected: Object.freeze([entry.canonical])
		};
		byWhat.set(what, shared);
	}
	return shared;
}

function specificity(t: Target): number {
	const hasRule = t.precededBy || t.followedBy || t.notPrecededBy || t.notFollowedBy;
	return (hasRule ? 2 : 0) + (t.scope && !t.isCanonical ? 1 : 0);
}

function applies(
	t: Target,
	text: string,
	start: number,
	end: number,
	transcript: string | undefined
): boolean {
	if (t.isCanonical) return true;
	if (t.scope && !(transcript && t.scope.has(transcript))) return false;
	if (t.precededBy || t.notPrecededBy) {
		const before = text.slice(Math.max(0, start - CONTEXT_WINDOW), start);
		if (t.precededBy && !t.precededBy.test(before)) return false;
		if (t.notPrecededBy && t.notPrecededBy.test(before)) return false;
	}
	if (t.followedBy || t.notFollowedBy) {
		const after = text.slice(end, end + CONTEXT_WINDOW);
		if (t.followedBy && !t.followedBy.test(after)) return false;
		if (t.notFollowedBy && t.notFollowedBy.test(after)) return false;
	}
	return true;
}
