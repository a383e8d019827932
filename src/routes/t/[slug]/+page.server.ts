import { appLibrary, transcriptOr404 } from '$lib/server/instance';
import { readerPayloadFor } from '$lib/server/reader';
import { ReaderSource } from '$lib/reader-source';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const payload = await readerPayloadFor(appLibrary(), await transcriptOr404(params.slug));
	// `payload.data` is the cached object every request shares: the page only reads it.
	const url = `/t/${params.slug}/reader.json?v=${payload.tag}`;
	return { source: new ReaderSource(url, payload.data) };
};
