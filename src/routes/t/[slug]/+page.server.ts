import { error } from '@sveltejs/kit';
import { getGlossary, getTranscript } from '$lib/server/library';
import { readerPayload } from '$lib/server/reader';
import { ReaderSource } from '$lib/reader-source';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const transcript = await getTranscript(params.slug);
	if (!transcript) error(404, `No transcript named "${params.slug}".`);
	const { matcher } = await getGlossary();
	// `data` is the cached object every request shares: the page only reads it.
	const { data, tag } = readerPayload(transcript, matcher);
	return { source: new ReaderSource(`/t/${params.slug}/reader.json?v=${tag}`, data) };
};
