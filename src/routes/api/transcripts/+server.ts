import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { libraryQuery } from '$lib/archive/query';
import { appLibrary } from '$lib/server/instance';

/** A page of the library, as the library page's URL asks for it (`?sort=…&page=…`). */
export const GET: RequestHandler = async ({ url }) => {
	const library = appLibrary();
	await library.firstIndex();
	return json(library.archive.library(libraryQuery(url.searchParams)));
};
