import { error } from '@sveltejs/kit';
import { toMarkdown } from '$lib/export';
import { getTranscript } from '$lib/server/library';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const transcript = await getTranscript(params.slug);
	if (!transcript) error(404, `No transcript named "${params.slug}".`);
	return new Response(toMarkdown(transcript.doc), {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${transcript.slug}.md"`
		}
	});
};
