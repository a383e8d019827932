import { json } from '@sveltejs/kit';
import { appLibrary } from '$lib/server/instance';

/** What the indexer is doing (see `IndexProgress`): the library's banner polls it. */
export function GET() {
	return json(appLibrary().indexer.progress(), { headers: { 'cache-control': 'no-store' } });
}
