import { toMarkdown } from '$lib/view/export';
import { transcriptOr404 } from '$lib/server/instance';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const transcript = await transcriptOr404(params.slug);
	return new Response(toMarkdown(transcript.contract), {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${transcript.slug}.md"`
		}
	});
};
