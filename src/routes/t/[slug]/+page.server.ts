import { error } from '@sveltejs/kit';
import { getGlossary, getTranscript } from '$lib/server/library';
import { readerFacts } from '$lib/server/reader';
import { parseView } from '$lib/views';
import type { PageServerLoad } from './$types';

export const load = (async ({ params, url }) => {
	const transcript = await getTranscript(params.slug);
	if (!transcript) error(404, `No transcript named "${params.slug}".`);
	const { matcher } = await getGlossary();
	return {
		slug: transcript.slug,
		meta: transcript.meta,
		...readerFacts(transcript.doc, matcher),
		view: parseView(url.searchParams.get('view')),
		query: url.searchParams.get('q') ?? '',
		speaker: url.searchParams.get('speaker') ?? ''
	};
}) satisfies PageServerLoad;
