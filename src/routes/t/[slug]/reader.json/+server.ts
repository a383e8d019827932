import { error } from '@sveltejs/kit';
import { getGlossary, getTranscript } from '$lib/server/library';
import { readerJson } from '$lib/server/reader';
import type { RequestHandler } from './$types';

/** The reader page's data (`ReaderData`), fetched by its load function. */
export const GET: RequestHandler = async ({ params }) => {
	const transcript = await getTranscript(params.slug);
	if (!transcript) error(404, `No transcript named "${params.slug}".`);
	const { matcher } = await getGlossary();
	return new Response(readerJson(transcript, matcher), {
		headers: { 'content-type': 'application/json; charset=utf-8' }
	});
};
