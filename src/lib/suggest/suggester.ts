import { byPosition, type Finding, type Severity } from '../document/finding';
import type { Flag } from '../flags/types';
import { GlossaryMatcher } from '../glossary/matcher';
import { hasContextRule, isConditional, type GlossaryEntry } from '../glossary/types';
import { editDistance } from '../text/edit-distance';
import { syllabify } from '../text/pinyin';
import { alignCharacters, alignOwnWords } from './align';
import { entryForms, spanReadings, type EntryForms, type SourceDictionary } from './forms';
import { editedPositions, NearIndex } from './near';
import { consonants, soundKey } from './sound';
import { foldKey } from '../text/fold';
import { MAX_WINDOW, STOPWORDS, wordsOf, type Word } from './words';

/**
 * Finds garbles the glossary does not know yet: word windows (one to four words) that the
 * glossary left alone but that look like one of its entries. Each rule below is one way
 * machine translation garbles a name; see README, "Suggestions".
 */
export const SUGGESTION_RULES = {
	/** (a) A known form or the source's pinyin, spaced, cased or hyphenated differently. */
	spelling: 'spelled like a form of the entry',
	/** (b) Within one or two edits of a known form or the pinyin, inside words that are not English. */
	'near-spelling': 'one or two letters from a form of the entry',
	/** The pinyin respelled as English would sound it ("cummingkai"). */
	'sound-alike': 'sounds like the pinyin of the entry',
	/** (c) Character by character: pinyin or glosses of each character, in order. */
	characters: 'renders the entry’s characters one by one',
	/** (d) The entry's own words and glosses, at least one not English. */
	'own-words': 'made of the entry’s own words',
	/** (e) A context variant scoped to other transcripts whose context holds here. */
	'context-elsewhere':
		'a context rule of the entry holds here, outside the transcripts it is scoped to'
} as const;

export type SuggestionRule = keyof typeof SUGGESTION_RULES;

/** A suggestion about one span: a flag of kind `unknown-garble` whose source is the suggester. */
export interface SuggestionFinding extends Flag {
	source: 'suggestion';
	kind: 'unknown-garble';
	/** The glossary entry the span may be a garble of. */
	entry: string;
	/** 0–1, how sure the suggester is. */
	score: number;
}

/** How sure each rule is at best; the evidence of a window scales it down. */
const BASE: Record<SuggestionRule, number> = {
	spelling: 0.95,
	'near-spelling': 0.85,
	'sound-alike': 0.6,
	characters: 0.9,
	'own-words': 0.75,
	'context-elsewhere': 0.6
};
/** At or above this score a suggestion is a warning (the sentence is worth distrusting). */
const WARNING_SCORE = 0.75;
/** Generated pinyin this short is too often an English word or another name ("sade"). */
const MIN_PINYIN_KEY = 6;
/** The most a sound-alike may differ from the pinyin, as a share of letters. */
const MAX_RESPELLED = 0.6;
/** The same for pinyin of fewer than four consonant sounds ("kani"). */
const MAX_RESPELLED_SHORT = 0.4;
/** Fewest words a window explained by glosses alone must have, by kind of entry. */
const MIN_GLOSSED: Record<GlossaryEntry['kind'], number> = {
	person: Infinity,
	organization: 3,
	place: 3,
	term: 2
};
/** How long a window's letters must be for one edit, and for two ("Xinjiang" is 2 from "linjian"). */
const NEAR_LENGTH = { 1: 6, 2: 8 } as const;

interface Candidate {
	forms: EntryForms;
	rule: SuggestionRule;
	score: number;
	evidence: string;
	/** Holds only where the transcript names the entry (a surname that sounds like its own). */
	ifMentioned?: boolean;
}

export interface SuggestOptions {
	/** Where the text starts in the transcript: added to every offset. */
	offset?: number;
	/** Slug of the transcript, for context variants scoped to others. */
	transcript?: string;
	/** The glossary's corrections of this text (absolute offsets): their words are not suggested. */
	corrections?: readonly Finding[];
	/** Whether the transcript names one of these entries (see `GlossaryMatcher.mentions`). */
	mentioned?: (entries: readonly string[]) => boolean;
}

export class Suggester {
	#forms: EntryForms[];
	#byId: Map<string, EntryForms>;
	#isEnglish: (word: string) => boolean;
	/** Joined key → entries whose known form (or pinyin) it is. */
	#exact = new Map<string, { forms: EntryForms; pinyin: boolean }[]>();
	#near = new NearIndex<{ forms: EntryForms; pinyin: boolean }>();
	#sound = new Map<string, { forms: EntryForms; pinyin: string }[]>();
	/** Word keys that can open a character-by-character reading of an entry. */
	#openers = new Map<string, Set<EntryForms>>();
	/** Own words of entries that are not English: a window holding one may be an own-words garble. */
	#ownForeign = new Map<string, Set<EntryForms>>();
	/** Every form the glossary matches, folded: a window spelled so is no suggestion. */
	#glossaryForms = new Set<string>();
	/** The forms it matches wherever they are: a window holding one is no name of its own. */
	#plainForms = new Set<string>();
	/** First names of people: "Michael Spaffer" is a Michael whose surname sounds like Spavor. */
	#firstNames = new Map<string, Set<EntryForms>>();
	/** People by the sound of their surname. */
	#surnames = new Map<string, Set<EntryForms>>();
	#elsewhere?: ReturnType<typeof elsewhereMatcher>;
	#cache = new Map<string, Candidate[]>();

	constructor(
		entries: readonly GlossaryEntry[],
		dictionary: SourceDictionary,
		isEnglish: (word: string) => boolean
	) {
		this.#isEnglish = isEnglish;
		this.#forms = entries.map((e) => entryForms(e, dictionary));
		this.#byId = new Map(this.#forms.map((f) => [f.entry.id, f]));
		const add = <K, V>(map: Map<K, Set<V>>, key: K, value: V) =>
			map.set(key, (map.get(key) ?? new Set()).add(value));
		for (const forms of this.#forms) {
			const { entry } = forms;
			for (const form of [entry.canonical, ...entry.variants.map((v) => v.text)]) {
				this.#glossaryForms.add(foldKey(form));
			}
			for (const form of [
				entry.canonical,
				...entry.variants.filter((v) => !isConditional(entry, v)).map((v) => v.text)
			]) {
				this.#plainForms.add(foldKey(form));
			}
			const [first, ...rest] = forms.canonicalWordList;
			if (entry.kind === 'person' && first && rest.length) {
				add(this.#firstNames, first, forms);
				const surname = soundKey(rest.at(-1)!);
				if (consonants(surname) >= 3) add(this.#surnames, surname, forms);
			}
			const keys = [
				...forms.knownKeys.map((key) => ({ key, pinyin: false })),
				...forms.pinyinKeys
					.filter((key) => key.length >= MIN_PINYIN_KEY)
					.map((key) => ({ key, pinyin: true }))
			];
			for (const { key, pinyin } of keys) {
				this.#exact.set(key, [...(this.#exact.get(key) ?? []), { forms, pinyin }]);
				if (key.length >= 5) this.#near.add(key, { forms, pinyin });
			}
			// A long name is often rendered in part: 康希诺生物 "consino (biologics)".
			const sounded = [...forms.pinyinKeys];
			for (let k = 3; k < forms.units.length; k++) sounded.push(...spanReadings(forms, 0, k));
			for (const key of forms.units.length >= 2 ? sounded : []) {
				const sound = soundKey(key);
				if (consonants(sound) < 2) continue;
				const list = this.#sound.get(sound) ?? [];
				if (!list.some((e) => e.forms === forms)) list.push({ forms, pinyin: key });
				this.#sound.set(sound, list);
			}
			for (let k = 1; k <= Math.min(3, forms.units.length); k++) {
				for (const r of spanReadings(forms, 0, k)) add(this.#openers, r, forms);
			}
			for (const g of forms.glosses) if (g.from === 0) add(this.#openers, g.words[0]!, forms);
			for (const w of forms.ownWords) if (!isEnglish(w)) add(this.#ownForeign, w, forms);
		}
		this.#elsewhere = elsewhereMatcher(entries);
	}

	/** The suggestions in `text`, left to right, none overlapping another or a correction. */
	find(
		text: string,
		{ offset = 0, transcript, corrections = [], mentioned }: SuggestOptions = {}
	): SuggestionFinding[] {
		const words = wordsOf(text);
		// The correction over each word, if any: a window may hold corrected words only to
		// extend that correction ("Kang" corrected, "Kang Mingkai" proposed for the same entry).
		const correctedBy = overlapping(words, corrections, offset);
		const found: SuggestionFinding[] = [];
		for (let i = 0; i < words.length; i++) {
			for (let n = 1; n <= MAX_WINDOW && i + n <= words.length; n++) {
				const window = words.slice(i, i + n);
				const inside = correctedBy.slice(i, i + n).filter((c) => c !== undefined);
				const entry = inside[0]?.rule;
				const extends_ =
					inside.length < n &&
					inside.every(
						(c) =>
							c.rule === entry &&
							c.start >= offset + window[0]!.start &&
							c.end <= offset + window.at(-1)!.end
					);
				if (!inside.length || extends_) {
					const best = this.#candidates(window).find(
						(c) =>
							(!entry || c.forms.entry.id === entry) &&
							(!c.ifMentioned || mentioned?.([c.forms.entry.id])) &&
							this.#wholeName(c.forms, words[i - 1], window, words[i + n])
					);
					if (best) found.push(this.#finding(text, window, best, offset));
				}
				if (!window.at(-1)!.joinsNext) break;
			}
		}
		found.push(...this.#contextElsewhere(text, offset, transcript, corrections));
		return pickDisjoint(found);
	}

	/**
	 * False when the window is only part of a longer name: "Lijian" in "Zhao Lijian" is no garble
	 * of Lin Jian. A neighbour joined to the window that is a capitalized word of one or two pinyin
	 * syllables, not English (a Chinese surname or given name), must be one of the entry's own words; a title ("Ms."), a demonym ("Canadian") or a first
	 * name ("Michael Cumming Kai") is no part of a Chinese name.
	 */
	#wholeName(forms: EntryForms, before: Word | undefined, window: Word[], after: Word | undefined) {
		const continues = (w: Word | undefined) =>
			w !== undefined &&
			/^\p{Lu}/u.test(w.text) &&
			!this.#isEnglish(w.key) &&
			(syllabify(w.key)?.length ?? 3) <= 2 &&
			!forms.ownWords.has(w.key);
		return (
			!(before?.joinsNext && continues(before)) && !(window.at(-1)!.joinsNext && continues(after))
		);
	}

	/**
	 * Across a document: a surname proposed with its first name ("Michael Spaffer") is proposed
	 * where it stands alone too ("Spaffer was sentenced"). Adds to `paragraphs`' findings.
	 */
	spread(paragraphs: readonly { raw: string; offset: number; findings: Finding[] }[]): void {
		const surnames = new Map<string, SuggestionFinding>();
		for (const p of paragraphs) {
			for (const f of p.findings) {
				if (f.source !== 'suggestion' || f.rule !== 'suggestion/own-words') continue;
				const words = wordsOf(f.actual);
				const forms = this.#byId.get((f as SuggestionFinding).entry);
				if (words.length === 2 && forms?.canonicalWordList[0] === words[0]!.key) {
					surnames.set(words[1]!.text, f as SuggestionFinding);
				}
			}
		}
		if (!surnames.size) return;
		for (const p of paragraphs) {
			const added: Finding[] = [];
			const words = wordsOf(p.raw);
			const taken = overlapping(words, disjointSpans(p.findings), p.offset);
			for (const [i, w] of words.entries()) {
				const full = surnames.get(w.text);
				const start = p.offset + w.start;
				if (!full || taken[i]) continue;
				const entry = this.#byId.get(full.entry)!.entry;
				const evidence = `as in "${full.actual}" in this transcript: ${full.note ?? ''}`;
				added.push(suggestionFinding(w.text, start, entry, 'own-words', full.score, evidence));
			}
			if (added.length) (p.findings.push(...added), p.findings.sort(byPosition));
		}
	}

	/** What a window may be, best first; cached by its spelling. */
	#candidates(window: Word[]): Candidate[] {
		const id = foldKey(windowText(window));
		let list = this.#cache.get(id);
		if (!list) {
			if (this.#cache.size > 50_000) this.#cache.clear();
			list = this.#evaluate(window);
			this.#cache.set(id, list);
		}
		return list;
	}

	#evaluate(window: Word[]): Candidate[] {
		const keys = window.map((w) => w.key);
		const texts = window.map((w) => w.text);
		// Whole windows only: no function word at either end, no initial ("Antony J. Blinken"),
		// and no form the glossary knows inside ("Ms. Meng Wanzhou", "MP Michael Chong").
		if (STOPWORDS.has(keys[0]!) || STOPWORDS.has(keys.at(-1)!)) return [];
		if (keys.some((k) => k.length === 1) || new Set(keys).size < keys.length) return [];
		if (this.#glossaryForms.has(foldKey(windowText(window)))) return [];
		for (let from = 0; from < window.length; from++) {
			for (let to = from + 1; to <= window.length; to++) {
				if (this.#plainForms.has(foldKey(windowText(window.slice(from, to))))) return [];
			}
		}
		const joined = keys.join('');
		const foreign = keys.map((k) => !this.#isEnglish(k) && !/^\d+$/.test(k));
		const anyForeign = foreign.some(Boolean);
		const out: Candidate[] = [];
		const push = (forms: EntryForms, rule: SuggestionRule, score: number, evidence: string) => {
			// A word of the entry's own name, however cased ("BLINKEN"), is the name shortened.
			if (keys.length === 1 && forms.canonicalWords.has(joined)) return;
			if (!forms.ruledOut.has(joined)) out.push({ forms, rule, score, evidence });
		};

		for (const { forms, pinyin } of this.#exact.get(joined) ?? []) {
			const what = pinyin ? `the pinyin of ${forms.entry.source}` : 'a form of the entry';
			push(
				forms,
				'spelling',
				BASE.spelling * (pinyin ? 0.95 : 1),
				`${texts.join(' ')} = ${what}, spaced or cased differently`
			);
		}
		// One word of pinyin syllables ("Mengxizhou"): read syllable by syllable, one may be off.
		const syllables = keys.length === 1 && foreign[0] ? syllabify(joined) : null;
		if (syllables && syllables.length >= 3) {
			for (const forms of this.#openers.get(syllables[0]!) ?? []) {
				const a = alignCharacters(forms, syllables, syllables, this.#isEnglish);
				if (!a || a.glossesOnly || a.inexact > 1) continue;
				push(
					forms,
					'characters',
					BASE.characters * a.score,
					`${texts[0]}: ${a.evidence.join(', ')}`
				);
			}
		}
		if (anyForeign && joined.length >= NEAR_LENGTH[1]) {
			// Two edits only outside pinyin: "Xinjiang" is two letters from Lin Jian's pinyin.
			const max = joined.length >= NEAR_LENGTH[2] && !syllables ? 2 : 1;
			for (const near of this.#near.find(joined, max)) {
				if (!editsInForeignWords(keys, foreign, near.key)) continue;
				// "Huaweis": a possessive without its apostrophe, not a garble.
				if (joined === near.key + 's') continue;
				const { forms, pinyin } = near.value;
				const what = pinyin ? `the pinyin of ${forms.entry.source}` : 'a form of the entry';
				push(
					forms,
					'near-spelling',
					BASE['near-spelling'] - 0.1 * (near.distance - 1),
					`${texts.join(' ')} is ${near.distance} letter${near.distance > 1 ? 's' : ''} from ${near.key} (${what})`
				);
			}
		}
		// Sound alone is weak evidence: one or two words, the first not English.
		if (keys.length <= 2 && foreign[0] && joined.length >= 4) {
			for (const { forms, pinyin } of this.#sound.get(soundKey(joined)) ?? []) {
				// A respelling keeps most letters of the pinyin ("cummingkai", 4 of 11 changed);
				// a name that only shares its consonants does not ("Baldwin", boerdun: 5 of 7).
				const longest = Math.max(joined.length, pinyin.length);
				const changed = editDistance(joined, pinyin, longest) / longest;
				// Few consonants say little: then the spelling must stay closer ("Kaner", kani).
				const few = consonants(soundKey(pinyin)) < 4;
				if (changed > (few ? MAX_RESPELLED_SHORT : MAX_RESPELLED)) continue;
				if (keys.every((k) => forms.canonicalWords.has(k))) continue;
				push(
					forms,
					'sound-alike',
					BASE['sound-alike'],
					`${texts.join(' ')} sounds like ${pinyin} (${forms.entry.source})`
				);
			}
		}
		if (keys.length >= 2 && !anyForeign) {
			// "five eye" for Five Eyes: English words, a plural s apart from a known form.
			for (let i = 0; i < keys.length; i++) {
				const k = keys[i]!;
				const other = k.endsWith('s') ? k.slice(0, -1) : k + 's';
				const key = [...keys.slice(0, i), other, ...keys.slice(i + 1)].join('');
				for (const { forms, pinyin } of this.#exact.get(key) ?? []) {
					if (pinyin) continue;
					const evidence = `${texts.join(' ')} is a plural s from ${key} (a form of the entry)`;
					push(forms, 'near-spelling', BASE['near-spelling'] - 0.1, evidence);
				}
			}
		}
		// A lone surname that sounds like a person's ("Spivey" for Spavor), where the transcript
		// names that person elsewhere: the rule is checked in `find`, which knows the transcript.
		if (keys.length === 1 && foreign[0] && /^\p{Lu}/u.test(texts[0]!) && !syllables) {
			for (const forms of this.#surnames.get(soundKey(joined)) ?? []) {
				const surname = forms.canonicalWordList.at(-1)!;
				const longest = Math.max(joined.length, surname.length);
				if (forms.canonicalWords.has(joined) || forms.ruledOut.has(joined)) continue;
				if (editDistance(joined, surname, longest) / longest > MAX_RESPELLED) continue;
				const evidence = `${texts[0]} sounds like ${surname}, and ${forms.entry.canonical} is named in this transcript`;
				out.push({
					forms,
					rule: 'sound-alike',
					score: BASE['sound-alike'],
					evidence,
					ifMentioned: true
				});
			}
		}
		if (keys.length === 2 && foreign[1] && /^\p{Lu}/u.test(texts[1]!)) {
			for (const forms of this.#firstNames.get(keys[0]!) ?? []) {
				const surname = forms.canonicalWordList.at(-1)!;
				const alike =
					(soundKey(keys[1]!) === soundKey(surname) && consonants(soundKey(surname)) >= 3) ||
					(keys[1]!.length >= 6 && editDistance(keys[1]!, surname, 2) <= 2);
				if (!alike) continue;
				const evidence = `${texts[0]} = first name of ${forms.entry.canonical}, ${texts[1]} sounds like ${surname}`;
				push(forms, 'own-words', BASE['own-words'], evidence);
			}
		}
		if (keys.length >= 2) {
			for (const forms of this.#openers.get(keys[0]!) ?? []) {
				const a = alignCharacters(forms, keys, texts, this.#isEnglish);
				if (!a) continue;
				// Glosses alone: never a person's name (that needs pinyin or a proper noun:
				// "Meng late boat"); an institution's or a place's only in three words or more,
				// as a pair of glossed characters is too often plain English ("Foreign Ministry");
				// a term's in two ("double cycle": terms are where calques happen).
				if (
					a.glossesOnly &&
					(forms.entry.kind === 'person' || keys.length < MIN_GLOSSED[forms.entry.kind])
				)
					continue;
				// An institution's name glossed in words of its own official name is a description
				// ("Canadian Justice Department"), not a garble.
				const shared = keys.filter(
					(k) => forms.canonicalWords.has(k) || forms.canonicalWords.has(k + 's')
				);
				if (a.glossesOnly && forms.entry.kind === 'organization' && shared.length >= 2) continue;
				const scale = a.glossesOnly ? 0.7 : 1;
				push(forms, 'characters', BASE.characters * a.score * scale, a.evidence.join(', '));
			}
			const owners = new Set(keys.flatMap((k) => [...(this.#ownForeign.get(k) ?? [])]));
			for (const forms of owners) {
				// A person's words reordered or respelled ("Mingkai Kang", "Mt. Vander"); an
				// institution's words in another order are usually just English ("Canadian police").
				if (forms.entry.kind !== 'person') continue;
				if (keys.every((k) => forms.canonicalWords.has(k))) continue;
				const a = alignOwnWords(forms, keys, texts, this.#isEnglish);
				if (a) push(forms, 'own-words', BASE['own-words'] * a.score, a.evidence.join(', '));
			}
		}
		return out.sort((a, b) => b.score - a.score);
	}

	#finding(text: string, window: Word[], c: Candidate, offset: number): SuggestionFinding {
		const start = window[0]!.start;
		const end = window.at(-1)!.end;
		return suggestionFinding(
			text.slice(start, end),
			offset + start,
			c.forms.entry,
			c.rule,
			c.score,
			c.evidence
		);
	}

	/** (e) Context variants scoped to other transcripts whose context holds here. */
	#contextElsewhere(
		text: string,
		offset: number,
		transcript: string | undefined,
		corrections: readonly Finding[]
	): SuggestionFinding[] {
		if (!this.#elsewhere) return [];
		const { matcher, scopes } = this.#elsewhere;
		return matcher.find(text, { offset }).flatMap((f) => {
			const scope = scopes.get(`${f.rule}\u0000${f.form}`);
			if (!scope || (transcript && scope.includes(transcript))) return [];
			if (corrections.some((c) => c.start < f.end && c.end > f.start)) return [];
			const entry = matcher.entries.get(f.rule)!;
			return [
				suggestionFinding(
					f.actual,
					f.start,
					entry,
					'context-elsewhere',
					BASE['context-elsewhere'],
					`"${f.form}" is a variant of ${entry.canonical} in ${scope.join(', ')}, and its context rule holds here`
				)
			];
		});
	}
}

function suggestionFinding(
	actual: string,
	start: number,
	entry: GlossaryEntry,
	rule: SuggestionRule,
	score: number,
	evidence: string
): SuggestionFinding {
	const rounded = Math.round(score * 100) / 100;
	const severity: Severity = rounded >= WARNING_SCORE ? 'warning' : 'info';
	return {
		source: 'suggestion',
		kind: 'unknown-garble',
		rule: `suggestion/${rule}`,
		entry: entry.id,
		score: rounded,
		start,
		end: start + actual.length,
		actual,
		expected: [entry.canonical],
		message: `"${actual}" may be a garble of ${entry.canonical} (${SUGGESTION_RULES[rule]}); the glossary does not list it: add it as a variant if it is, or rule it out`,
		severity,
		note: evidence
	};
}

/**
 * For each word (offsets in the text at `offset`), the first of `spans` (absolute, sorted by
 * start, disjoint) that overlaps it: one walk over both, as a paragraph may hold 100,000 of each.
 */
function overlapping<S extends { start: number; end: number }>(
	words: readonly { start: number; end: number }[],
	spans: readonly S[],
	offset: number
): (S | undefined)[] {
	let s = 0;
	return words.map((w) => {
		while (s < spans.length && spans[s]!.end <= offset + w.start) s++;
		const span = spans[s];
		return span && span.start < offset + w.end ? span : undefined;
	});
}

/** The union of possibly overlapping spans sorted by start, as disjoint spans. */
function disjointSpans(
	spans: readonly { start: number; end: number }[]
): { start: number; end: number }[] {
	const out: { start: number; end: number }[] = [];
	for (const { start, end } of spans) {
		const last = out.at(-1);
		if (last && start < last.end) last.end = Math.max(last.end, end);
		else out.push({ start, end });
	}
	return out;
}

/** Highest score first, then longest, then leftmost; none overlapping. Returned in text order. */
function pickDisjoint(found: SuggestionFinding[]): SuggestionFinding[] {
	if (found.length < 2) return found;
	const ranked = [...found].sort(
		(a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start
	);
	// Kept spans, sorted by start: a binary search finds the neighbours a new span could touch.
	const kept: SuggestionFinding[] = [];
	for (const f of ranked) {
		let lo = 0;
		let hi = kept.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (kept[mid]!.start < f.start) lo = mid + 1;
			else hi = mid;
		}
		const before = kept[lo - 1];
		const after = kept[lo];
		if ((before && before.end > f.start) || (after && after.start < f.end)) continue;
		kept.splice(lo, 0, f);
	}
	return kept;
}

/** The words of a window and what stands between them, as written. */
function windowText(window: Word[]): string {
	return window.map((w, i) => (i === 0 ? w.text : w.before + w.text)).join('');
}

/** True when every letter that differs from `target` lies in a word that is not English. */
function editsInForeignWords(keys: string[], foreign: boolean[], target: string): boolean {
	const owner: number[] = [];
	keys.forEach((k, i) => owner.push(...new Array<number>(k.length).fill(i)));
	return editedPositions(keys.join(''), target).every((p) => foreign[owner[p] ?? keys.length - 1]);
}

/**
 * A matcher of the glossary's context variants that are scoped to some transcripts, unscoped:
 * where one matches in another transcript, its context rule holds there too (rule e). Canonical
 * names stay in so that they shield their words, as in the real matcher. `scopes` gives each
 * such variant (`<entry id>\0<text>`) the transcripts it was scoped to.
 */
function elsewhereMatcher(
	entries: readonly GlossaryEntry[]
): { matcher: GlossaryMatcher; scopes: Map<string, string[]> } | undefined {
	const scopes = new Map<string, string[]>();
	const unscoped = entries.map((entry) => ({
		...entry,
		transcripts: undefined,
		variants: entry.variants.flatMap((v) => {
			const scope = v.transcripts ?? entry.transcripts;
			if (!scope || !hasContextRule(v)) return [];
			scopes.set(`${entry.id}\u0000${v.text}`, scope);
			return [{ ...v, transcripts: undefined }];
		})
	}));
	return scopes.size ? { matcher: new GlossaryMatcher(unscoped), scopes } : undefined;
}
