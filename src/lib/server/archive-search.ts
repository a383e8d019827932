import { resolveEntity, type EntityChoice } from '../archive/entity';
import type { MentionsPage, SearchPage } from '../archive/types';
import type { Library } from './library';

/** Longest entity or full-text query read. */
export const MAX_QUERY_LENGTH = 100;

export type EntitySearch =
	| { mentions: MentionsPage }
	| { choices: EntityChoice[]; input: string }
	| { error: string; input: string };

/** The mentions of the entry a reader typed (id, name or garble), or the names to pick from. */
export async function entitySearch(
	library: Library,
	input: string,
	page: number
): Promise<EntitySearch> {
	if (input.length > MAX_QUERY_LENGTH) {
		return {
			error: `A name is at most ${MAX_QUERY_LENGTH} characters.`,
			input: input.slice(0, MAX_QUERY_LENGTH)
		};
	}
	const { glossary } = await library.glossary();
	const resolved = resolveEntity(input, glossary.entries);
	if ('choices' in resolved) return { choices: resolved.choices, input };
	return { mentions: library.archive.mentionsPage(resolved.entry, page) };
}

/** Full-text search over normalized text, with the current canonical names. */
export async function textSearch(
	library: Library,
	query: string,
	page: number
): Promise<SearchPage | { error: string; query: string }> {
	if (query.length > MAX_QUERY_LENGTH) {
		return {
			error: `A search is at most ${MAX_QUERY_LENGTH} characters.`,
			query: query.slice(0, MAX_QUERY_LENGTH)
		};
	}
	const { matcher } = await library.glossary();
	const result = library.archive.search(query, page, (id) => matcher.entries.get(id)?.canonical);
	return 'error' in result ? { ...result, query } : result;
}
