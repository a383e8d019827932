import { foldKey, sameSpelling } from '../text/fold';
import type { Correcting } from '../document/finding';
import { PhraseIndex } from '../text/phrase-index';
import { compileContext, type Anchor, type ContextRegex } from '../text/safe-regex';
import { hasContextRule, isConditional, scopeOf, type GlossaryEntry, type Variant } from './types';

/** How far around a match context rules look, in code units. */
const CONTEXT_WINDOW = 120;

/** What a glossary form found in a text turns into, and when it applies. */
interface Target {
	entry: GlossaryEntry;
	/** The written form (variant text, or the canonical name for casing fixes). */
	form: string;
	isCanonical: boolean;
	precededBy?: ContextRegex;
	followedBy?: ContextRegex;
	notPrecededBy?: ContextRegex;
	notFollowedBy?: ContextRegex;
	/** The transcripts the target corrects in; undefined for all. */
	scope?: Set<string>;
	/** Entries one of which the transcript must mention, and how near (paragraphs). */
	requiresMention?: readonly string[];
	mentionWithin?: number;
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
	/**
	 * Whether the transcript mentions one of `entries` within `within` paragraphs of this text
	 * (anywhere when undefined): for variants with `requires_mention`. Without it they never apply.
	 */
	mentioned?: (entries: readonly string[], within: number | undefined) => boolean;
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
	#needsMentions: boolean;
	#mentionIndex?: PhraseIndex<string[]>;

	constructor(entries: readonly GlossaryEntry[]) {
		const targets: Target[] = [];
		for (const entry of entries) {
			this.entries.set(entry.id, entry);
			targets.push(canonicalTarget(entry));
			for (const variant of entry.variants) targets.push(variantTarget(entry, variant));
		}
		this.#needsMentions = targets.some((t) => t.requiresMention);
		// Conditional targets first (a stable sort): the more specific reading of the same words.
		targets.sort((a, b) => specificity(b) - specificity(a));
		this.index = new PhraseIndex(targets.map((t) => [t.form, t] as const));
	}

	/**
	 * The corrections of a text read on its own (a sentence, a glossary example): what it names
	 * itself answers `requires_mention`.
	 */
	findAlone(text: string, options: Omit<MatchOptions, 'mentioned'> = {}): Correcting[] {
		const named = this.#needsMentions ? this.mentions(text) : undefined;
		return this.find(text, {
			...options,
			mentioned: named && ((entries) => entries.some((id) => named.has(id)))
		});
	}

	/** True when some variant applies only where the transcript mentions other entries. */
	get needsMentions(): boolean {
		return this.#needsMentions;
	}

	/**
	 * The entries `text` names: by canonical name, a plain variant, or a person's surname alone
	 * ("Kovrig", "Spavor": how news refers to people after the first mention).
	 */
	mentions(text: string): Set<string> {
		const found = new Set<string>();
		for (const { ids } of this.mentionSpans(text)) ids.forEach((id) => found.add(id));
		return found;
	}

	/** Where `text` names entries (as `mentions` reads them), left to right; a form may name several. */
	mentionSpans(text: string): { start: number; end: number; ids: readonly string[] }[] {
		const spans: { start: number; end: number; ids: readonly string[] }[] = [];
		this.#mentionIndex ??= mentionIndex(this.entries.values());
		this.#mentionIndex.each(
			text,
			(ids) => ids[0],
			(start, end, ids) => spans.push({ start, end, ids })
		);
		return spans;
	}

	/** Number of trie nodes, for memory figures. */
	get nodeCount(): number {
		return this.index.nodeCount;
	}

	/** Every glossary correction in `text`, left to right, as findings with a fix. */
	find(text: string, { transcript, offset = 0, mentioned }: MatchOptions = {}): Correcting[] {
		const corrections: Correcting[] = [];
		const pick = (targets: readonly Target[], text: string, start: number, end: number) =>
			targets.length === 1 && targets[0]!.plain
				? targets[0]
				: targets.find((t) => applies(t, text, start, end, transcript, mentioned));
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

/** Every form that names an entry, for `mentions`: each phrase with the ids it names. */
function mentionIndex(entries: Iterable<GlossaryEntry>): PhraseIndex<string[]> {
	const byForm = new Map<string, string[]>();
	const add = (form: string, id: string) => {
		const key = foldKey(form);
		const ids = byForm.get(key) ?? [];
		if (!ids.includes(id)) ids.push(id);
		byForm.set(key, ids);
	};
	for (const entry of entries) {
		add(entry.canonical, entry.id);
		for (const v of entry.variants) if (!isConditional(entry, v)) add(v.text, entry.id);
		const surname = entry.canonical.split(/\s+/).at(-1)!;
		if (entry.kind === 'person' && surname.length >= 4 && surname !== entry.canonical) {
			add(surname, entry.id);
		}
	}
	// Shared forms keep all their ids, so one `each` pass reports every entry a form names.
	return new PhraseIndex([...byForm].map(([form, ids]) => [form, ids] as const));
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
	// Compiled to run in linear time on any text (see safe-regex.ts).
	const regex = (source: string | undefined, anchor: Anchor) =>
		source === undefined ? undefined : compileContext(source, anchor);
	return {
		entry,
		form: variant.text,
		isCanonical: false,
		precededBy: regex(variant.precededBy, 'end'),
		followedBy: regex(variant.followedBy, 'start'),
		notPrecededBy: regex(variant.notPrecededBy, 'end'),
		notFollowedBy: regex(variant.notFollowedBy, 'start'),
		scope: scope && new Set(scope),
		requiresMention: variant.requiresMention,
		mentionWithin: variant.mentionWithin,
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
	transcript: string | undefined,
	mentioned: MatchOptions['mentioned']
): boolean {
	if (t.isCanonical) return true;
	if (t.scope && !(transcript && t.scope.has(transcript))) return false;
	if (t.requiresMention && !mentioned?.(t.requiresMention, t.mentionWithin)) return false;
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
