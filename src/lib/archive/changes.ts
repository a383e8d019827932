import { glossaryWords } from '../flags/checks';
import type { GlossaryEntry } from '../glossary/types';

/**
 * What a glossary change can change in transcripts, for re-indexing only those: the entries
 * that changed, and full-text queries for every transcript where one of their forms occurs.
 */
export interface GlossaryChange {
	/** Ids of entries added, removed or edited. */
	entries: string[];
	/**
	 * FTS5 queries (over normalized text and the garbles it corrected) that together find every
	 * passage where a changed entry's form occurs, or a word whose being a glossary word changed
	 * (the unknown-name check reads them). A superset: every word of a form, not the phrase.
	 */
	queries: string[];
	/** A form has Chinese characters, which full-text search cannot find inside a word. */
	cjk: boolean;
}

/** Forms per query: a glossary file replaced wholesale makes many, and a query stays short. */
const FORMS_PER_QUERY = 100;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The change from `before` to `after`. `isEnglish` tells dictionary words, whose being in the
 * glossary does not matter to the unknown-name check (it never flags them), so that adding
 * "Meng late boat" does not re-index every transcript that says "late".
 */
export function glossaryChange(
	before: readonly GlossaryEntry[],
	after: readonly GlossaryEntry[],
	isEnglish: (word: string) => boolean
): GlossaryChange {
	const old = new Map(before.map((e) => [e.id, e]));
	const now = new Map(after.map((e) => [e.id, e]));
	const changed: GlossaryEntry[] = [];
	const ids = new Set<string>();
	for (const id of new Set([...old.keys(), ...now.keys()])) {
		const [a, b] = [old.get(id), now.get(id)];
		if (a && b && JSON.stringify(a) === JSON.stringify(b)) continue;
		ids.add(id);
		for (const e of [a, b]) if (e) changed.push(e);
	}
	const forms = new Set<string>();
	for (const e of changed) for (const form of formsOf(e)) forms.add(form);
	const [wordsBefore, wordsAfter] = [glossaryWords(before), glossaryWords(after)];
	const flipped = [...symmetricDifference(wordsBefore, wordsAfter)].filter((w) => !isEnglish(w));
	const clauses = [
		...[...forms]
			.map((f) => tokensOf(f))
			.filter((t) => t.length > 0)
			.map((t) => `(${t.join(' AND ')})`),
		...flipped.flatMap((w) => tokensOf(w))
	];
	const queries: string[] = [];
	for (let i = 0; i < clauses.length; i += FORMS_PER_QUERY) {
		queries.push(
			`{normalized originals} : (${clauses.slice(i, i + FORMS_PER_QUERY).join(' OR ')})`
		);
	}
	return { entries: [...ids], queries, cjk: [...forms].some((f) => CJK.test(f)) };
}

/** Every text that names the entry: canonical name, variants, a person's surname. */
function formsOf(entry: GlossaryEntry): string[] {
	const surname = entry.canonical.split(/\s+/).at(-1)!;
	return [
		entry.canonical,
		...entry.variants.map((v) => v.text),
		...(entry.kind === 'person' ? [surname] : [])
	];
}

/** A text's words as FTS5 strings (unicode61 splits at anything but letters and digits). */
export function tokensOf(text: string): string[] {
	return (text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).map((t) => `"${t}"`);
}

function symmetricDifference<T>(a: Set<T>, b: Set<T>): Set<T> {
	const out = new Set<T>();
	for (const x of a) if (!b.has(x)) out.add(x);
	for (const x of b) if (!a.has(x)) out.add(x);
	return out;
}
