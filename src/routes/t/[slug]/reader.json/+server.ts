import { error } from '@sveltejs/kit';
import { appLibrary } from '$lib/server/instance';
import { readerPayloadFor } from '$lib/server/reader';
import type { RequestHandler } from './$types';

/**
 * The reader page's data (`ReaderData`), fetched by the page in the browser. Asked for by its
 * version (`?v=`, see ReaderSource), it never changes, so the browser keeps it.
 */
export const GET: RequestHandler = async ({ params, url, request }) => {
	const payload = await readerPayloadFor(appLibrary(), params.slug);
	if (!payload) error(404, `No transcript named "${params.slug}".`);
	const { json, tag } = payload;
	const headers = {
		'content-type': 'application/json; charset=utf-8',
		etag: `"${tag}"`,
		'cache-control':
			url.searchParams.get('v') === tag ? 'public, max-age=31536000, immutable' : 'no-cache'
	};
	if (request.headers.get('if-none-match') === headers.etag)
		return new Response(null, { status: 304, headers });
	return new Response(json, { headers });
};
