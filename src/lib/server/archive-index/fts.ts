/**
 * A reader's full-text query as FTS5 syntax: what the search page (`/search?q=`), its API and
 * the CLI's `search` take for words and "quoted phrases", whatever is typed. Pure, so tested
 * without a database; `./read.ts` runs the query it makes.
 */
import { queryWords } from '../../archive/hits';

/** A full-text query past this many words is refused, like the reader's search. */
const MAX_QUERY_WORDS = 8;

/**
 * A reader's full-text query as FTS5 syntax over normalized text: its words must all be in a
 * paragraph; words in double quotes, as a phrase. Nothing the reader types is FTS5 syntax.
 */
export function ftsQuery(query: string): { fts: string; words: string[] } | { error: string } {
	const words = queryWords(query);
	if (words.length === 0) return { error: 'Type one or more words to search for.' };
	if (words.length > MAX_QUERY_WORDS) {
		return {
			error: `A search takes at most ${MAX_QUERY_WORDS} words; this one has ${words.length}.`
		};
	}
	const parts: string[] = [];
	const phrases = query.split('"');
	phrases.forEach((part, i) => {
		const tokens = queryWords(part);
		if (tokens.length === 0) return;
		// Odd pieces were between quotes (an unclosed quote counts as closed at the end).
		if (i % 2 === 1) parts.push(`"${tokens.join(' ')}"`);
		else parts.push(...tokens.map((t) => `"${t}"`));
	});
	return { fts: `normalized : (${parts.join(' AND ')})`, words };
}
