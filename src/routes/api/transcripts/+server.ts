import { json } from '@sveltejs/kit';
import { appLibrary } from '$lib/server/instance';

export async function GET() {
	return json((await appLibrary().transcripts()).map((t) => t.summary));
}
