import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { whole } from '$lib/archive/query';
import { textSearch } from '$lib/server/archive-search';
import { appLibrary } from '$lib/server/instance';

/** Full-text search over normalized text: `?q=<words>&page=N` → `SearchPage`, or 400. */
export const GET: RequestHandler = async ({ url }) => {
	const page = whole(url.searchParams.get('page'), 1, 1, 1_000_000);
	const result = await textSearch(appLibrary(), url.searchParams.get('q') ?? '', page);
	return json(result, { status: 'error' in result ? 400 : 200 });
};
