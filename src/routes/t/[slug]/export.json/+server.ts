import { json } from '@sveltejs/kit';
import { transcriptOr404 } from '$lib/server/instance';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const transcript = await transcriptOr404(params.slug);
	return json(transcript.contract, {
		headers: { 'content-disposition': `attachment; filename="${transcript.slug}.json"` }
	});
};
