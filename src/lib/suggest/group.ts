import { foldKey } from '../text/fold';
import type { MarkedDocument, MarkedParagraph } from '../document/model';
import type { SuggestionFinding } from './suggester';

/**
 * A proposed glossary variant, as the CLI (`suggest`) and the API print it: one per entry and
 * spelling, with every place it occurs (offsets relative to the paragraph, like corrections).
 */
export interface Suggestion {
	text: string;
	entry: string;
	canonical: string;
	/** 0–1, the best of its occurrences. */
	score: number;
	/** Which rule proposed it: `suggestion/characters`, … (see README, "Suggestions"). */
	rule: string;
	/** What a reader can check: `Meng=孟 meng (pinyin), hung≈?, boat=舟 (gloss)`. */
	evidence: string;
	occurrences: { block: number | null; paragraph: number; start: number; end: number }[];
}

export function isSuggestion(finding: { source: string }): finding is SuggestionFinding {
	return finding.source === 'suggestion';
}

/** The suggestions of a document, grouped by entry and spelling, best and most frequent first. */
export function groupSuggestions(doc: MarkedDocument): Suggestion[] {
	const groups = new Map<string, Suggestion>();
	const visit = (p: MarkedParagraph, block: number | null, paragraph: number) => {
		for (const f of p.findings) {
			if (!isSuggestion(f)) continue;
			const id = `${f.entry}\u0000${foldKey(f.actual)}`;
			let group = groups.get(id);
			if (!group) {
				group = {
					text: f.actual,
					entry: f.entry,
					canonical: f.expected[0] ?? '',
					score: f.score,
					rule: f.rule,
					evidence: f.note ?? '',
					occurrences: []
				};
				groups.set(id, group);
			} else if (f.score > group.score) {
				Object.assign(group, { score: f.score, rule: f.rule, evidence: f.note ?? '' });
			}
			group.occurrences.push({
				block,
				paragraph,
				start: f.start - p.offset,
				end: f.end - p.offset
			});
		}
	};
	if (doc.title) visit(doc.title, null, 0);
	doc.blocks.forEach((b, bi) => b.paragraphs.forEach((p, pi) => visit(p, bi, pi)));
	return [...groups.values()].sort(
		(a, b) =>
			b.score - a.score ||
			b.occurrences.length - a.occurrences.length ||
			a.text.localeCompare(b.text)
	);
}
