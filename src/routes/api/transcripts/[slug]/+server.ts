import { error, json } from '@sveltejs/kit';
import { getTranscript } from '$lib/server/library';

/** The document of the CLI's JSON contract (`npm run cli -- parse`). */
export async function GET({ params }) {
	const transcript = await getTranscript(params.slug);
	if (!transcript) error(404, `No transcript named "${params.slug}".`);
	return json(transcript.doc);
}
