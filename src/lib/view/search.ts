import Fuse from 'fuse.js';
import { normalizedText } from '../document/marked';
import type { MarkedBlock } from '../document/model';

/** Below this score fuse.js calls a match good enough; 0 is exact. */
const MATCH_THRESHOLD = 0.2;
const MIN_QUERY_LENGTH = 2;
/**
 * Fuzzy search costs grow with the query's length and number of words; past these a query is
 * refused with a message rather than holding the server (a 15 KB query once took 14 s).
 */
export const MAX_QUERY_LENGTH = 100;
export const MAX_QUERY_WORDS = 8;

interface Searchable {
	index: number;
	raw: string;
	normalized: string;
}

function searchable(block: MarkedBlock, index: number): Searchable {
	return {
		index,
		raw: block.paragraphs.map((p) => p.raw).join('\n'),
		normalized: block.paragraphs.map(normalizedText).join('\n')
	};
}

/** Why a query cannot be searched, in words, or undefined when it can. */
export function queryProblem(query: string): string | undefined {
	const q = query.trim();
	if (q.length > MAX_QUERY_LENGTH) {
		return `Search for at most ${MAX_QUERY_LENGTH} characters (this query has ${q.length}).`;
	}
	if (q.split(/\s+/).length > MAX_QUERY_WORDS) {
		return `Search for at most ${MAX_QUERY_WORDS} words.`;
	}
	return undefined;
}

/**
 * Indexes of the blocks that match `query` in their raw or normalized text, so "Kovrig"
 * finds the turns whose raw text says "cummingkai"; null when there is nothing to search
 * for (a query too short, or one `queryProblem` refuses). Runs on the server for readers
 * without JavaScript and in the browser as they type.
 */
export function createBlockSearch(blocks: MarkedBlock[]): (query: string) => Set<number> | null {
	// Built on the first search, not per page view: most views search nothing.
	let fuse: Fuse<Searchable> | undefined;
	return (query) => {
		const q = query.trim();
		if (q.length < MIN_QUERY_LENGTH || queryProblem(q)) return null;
		fuse ??= new Fuse(blocks.map(searchable), {
			keys: ['normalized', 'raw'],
			ignoreLocation: true,
			threshold: MATCH_THRESHOLD,
			minMatchCharLength: MIN_QUERY_LENGTH
		});
		return new Set(fuse.search(q).map((r) => r.item.index));
	};
}
