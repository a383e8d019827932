import Fuse from 'fuse.js';
import { normalizedText } from './normalize';
import type { SlimBlock } from './types';

/** Below this score fuse.js calls a match good enough; 0 is exact. */
const MATCH_THRESHOLD = 0.2;
const MIN_QUERY_LENGTH = 2;

interface Searchable {
	index: number;
	raw: string;
	normalized: string;
}

function searchable(block: SlimBlock, index: number): Searchable {
	return {
		index,
		raw: block.paragraphs.map((p) => p.raw).join('\n'),
		normalized: block.paragraphs.map(normalizedText).join('\n')
	};
}

/**
 * Indexes of the blocks that match `query` in their raw or normalized text, so "Kovrig"
 * finds the turns whose raw text says "cummingkai". Runs on the server for readers
 * without JavaScript and in the browser as they type.
 */
export function createBlockSearch(blocks: SlimBlock[]): (query: string) => Set<number> | null {
	// Built on the first search, not per page view: most views search nothing.
	let fuse: Fuse<Searchable> | undefined;
	return (query) => {
		const q = query.trim();
		if (q.length < MIN_QUERY_LENGTH) return null;
		fuse ??= new Fuse(blocks.map(searchable), {
			keys: ['normalized', 'raw'],
			ignoreLocation: true,
			threshold: MATCH_THRESHOLD,
			minMatchCharLength: MIN_QUERY_LENGTH
		});
		return new Set(fuse.search(q).map((r) => r.item.index));
	};
}
