import { appLibrary, transcriptOr404 } from '$lib/server/instance';
import { readerPayloadFor } from '$lib/server/reader';
import type { RequestHandler } from './$types';

/**
 * The reader page's data (`ReaderData`), fetched by the page in the browser. Asked for by its
 * version (`?v=`, see ReaderSource), it never changes, so the browser keeps it.
 */
export const GET: RequestHandler = async ({ params, url, request }) => {
	const payload = await readerPayloadFor(appLibrary(), await transcriptOr404(params.slug));
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
