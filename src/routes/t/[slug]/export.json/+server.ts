import { error, json } from '@sveltejs/kit';
import { getTranscript } from '$lib/server/library';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const transcript = await getTranscript(params.slug);
	if (!transcript) error(404, `No transcript named "${params.slug}".`);
	return json(transcript.doc, {
		headers: { 'content-disposition': `attachment; filename="${transcript.slug}.json"` }
	});
};
