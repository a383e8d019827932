import Fuse from 'fuse.js';
import { foldKey } from '../text/fold';
import type { GlossaryEntry } from '../glossary/types';

/** An entry as entity search offers it. */
export interface EntityChoice {
	id: string;
	canonical: string;
	kind: string;
}

/**
 * The glossary entry a reader means by what they typed in entity search: its id, its
 * canonical name or one of its garbles ("cummingkai" means Michael Kovrig), folded; else the
 * closest names, for the reader to pick from (fuzzy, at most 8).
 */
export function resolveEntity(
	input: string,
	entries: readonly GlossaryEntry[]
): { entry: EntityChoice } | { choices: EntityChoice[] } {
	const key = foldKey(input);
	const choice = (e: GlossaryEntry): EntityChoice => ({
		id: e.id,
		canonical: e.canonical,
		kind: e.kind
	});
	const exact =
		entries.find((e) => e.id === input.trim()) ?? entries.find((e) => foldKey(e.canonical) === key);
	if (exact) return { entry: choice(exact) };
	const byVariant = entries.filter((e) => e.variants.some((v) => foldKey(v.text) === key));
	if (byVariant.length === 1) return { entry: choice(byVariant[0]!) };
	if (byVariant.length > 1) return { choices: byVariant.map(choice) };
	const fuse = new Fuse(entries as GlossaryEntry[], {
		keys: ['canonical', 'variants.text'],
		threshold: 0.35,
		ignoreLocation: true
	});
	return { choices: fuse.search(input.slice(0, 100), { limit: 8 }).map((r) => choice(r.item)) };
}
