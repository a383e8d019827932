import { json } from '@sveltejs/kit';
import { getAllTranscripts, summarize } from '$lib/server/library';

export async function GET() {
	return json((await getAllTranscripts()).map(summarize));
}
