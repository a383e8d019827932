/**
 * Leave-one-out over the seed transcripts: each plain variant is removed from the glossary in
 * turn; is it proposed for its entry where the full glossary corrects it (or, where it corrects
 * none of the seeds, in the entry's example sentences)? Used by `npm run eval:suggest` and by
 * tests/unit/suggest-eval.test.ts.
 */
import { findingsOf, markDocument } from '../src/lib/document/mark';
import { GlossaryMatcher } from '../src/lib/glossary/matcher';
import { isConditional, type GlossaryEntry } from '../src/lib/glossary/types';
import { dictionary } from '../src/lib/suggest/dictionary';
import { isSuggestion } from '../src/lib/suggest/group';
import { Suggester } from '../src/lib/suggest/suggester';

export interface Engine {
	matcher: GlossaryMatcher;
	suggester: Suggester;
}

/** The glossary's matcher and a suggester over the same entries. */
export const suggestingEngine = (
	entries: GlossaryEntry[],
	isEnglish: (word: string) => boolean
): Engine => ({
	matcher: new GlossaryMatcher(entries),
	suggester: new Suggester(entries, dictionary(), isEnglish)
});

/** A text marked with an engine's corrections and suggestions. */
export const markWith = (engine: Engine, text: string, slug?: string) =>
	markDocument(text, engine.matcher, { transcript: slug, suggester: engine.suggester });

export function leaveOneOut(
	entries: GlossaryEntry[],
	seeds: { slug: string; text: string }[],
	isEnglish: (word: string) => boolean
) {
	const engineOf = (list: GlossaryEntry[]) => suggestingEngine(list, isEnglish);
	const mark = markWith;
	const full = engineOf(entries);
	const seedDocs = seeds.map((s) => ({ ...s, doc: mark(full, s.text, s.slug) }));
	const rows: {
		entry: string;
		variant: string;
		where: 'seeds' | 'examples';
		occurrences: number;
		recovered: number;
		proposed: string[];
	}[] = [];
	for (const entry of entries) {
		for (const variant of entry.variants) {
			if (isConditional(entry, variant)) continue;
			const without = entries.map((e) =>
				e === entry ? { ...e, variants: e.variants.filter((v) => v !== variant) } : e
			);
			const engine = engineOf(without);
			// Where the full glossary applies this variant: the spans it should be proposed at.
			let texts = seedDocs.flatMap((s) => {
				const spans = findingsOf(s.doc).filter(
					(f) => f.rule === entry.id && f.form === variant.text
				);
				return spans.length ? [{ text: s.text, slug: s.slug, spans }] : [];
			});
			const where = texts.length ? 'seeds' : 'examples';
			if (!texts.length) {
				texts = entry.examples.flatMap((ex) => {
					const doc = markDocument(ex.from, full.matcher, { transcript: ex.transcript });
					const spans = findingsOf(doc).filter(
						(f) => f.rule === entry.id && f.form === variant.text
					);
					return spans.length ? [{ text: ex.from, slug: ex.transcript ?? '', spans }] : [];
				});
			}
			let occurrences = 0;
			let recovered = 0;
			const proposed = new Set<string>();
			for (const t of texts) {
				const found = findingsOf(mark(engine, t.text, t.slug || undefined)).filter(isSuggestion);
				for (const span of t.spans) {
					occurrences++;
					const hit = found.find(
						(f) => f.entry === entry.id && f.start === span.start && f.end === span.end
					);
					if (hit) recovered++;
					const near = found.find((f) => f.start < span.end && f.end > span.start);
					if (near) proposed.add(`${near.actual} → ${near.entry} (${near.rule})`);
				}
			}
			if (occurrences)
				rows.push({
					entry: entry.id,
					variant: variant.text,
					where,
					occurrences,
					recovered,
					proposed: [...proposed]
				});
		}
	}
	return { engineOf, mark, full, rows };
}
