import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { whole } from '$lib/archive/query';
import { entitySearch } from '$lib/server/archive-search';
import { appLibrary } from '$lib/server/instance';

/** A page of the mentions of an entry (id, name or garble): `MentionsPage`, or 404 with choices. */
export const GET: RequestHandler = async ({ params, url }) => {
	const page = whole(url.searchParams.get('page'), 1, 1, 1_000_000);
	const result = await entitySearch(appLibrary(), params.entry, page);
	if ('mentions' in result) return json(result.mentions);
	return json(result, { status: 'error' in result ? 400 : 404 });
};
