import { whole } from '$lib/archive/query';
import { HITS_PER_PAGE } from '$lib/server/archive-index/read';
import { entitySearch, textSearch } from '$lib/server/archive-search';
import { appLibrary } from '$lib/server/instance';
import type { PageServerLoad } from './$types';

/**
 * `/search?entry=<id, name or garble>`: every mention of a glossary entry across the archive;
 * `/search?q=<words>`: full-text search over normalized text. `page` pages either.
 */
/**
 * Results are plain links and GET forms, so the page ships no JavaScript: no hydration data
 * doubles the hits in the HTML, and a long page of results renders in half the time.
 */
export const csr = false;

export const load: PageServerLoad = async ({ url }) => {
	const library = appLibrary();
	const entry = url.searchParams.get('entry')?.trim() ?? '';
	const q = url.searchParams.get('q')?.trim() ?? '';
	const page = whole(url.searchParams.get('page'), 1, 1, 1_000_000);
	const { glossary } = await library.glossary();
	return {
		entry,
		q,
		entities: entry ? await entitySearch(library, entry, page) : null,
		text: q ? await textSearch(library, q, page) : null,
		// For autocomplete: every entry's name (a <datalist>, so it works without JavaScript).
		names: glossary.entries.map((e) => ({ id: e.id, canonical: e.canonical, kind: e.kind })),
		progress: library.indexer.progress(),
		// Hits per page, to number them (`<ol start>`) on pages after the first.
		perPage: HITS_PER_PAGE
	};
};
