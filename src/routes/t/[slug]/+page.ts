import { error } from '@sveltejs/kit';
import type { ReaderData } from '$lib/types';
import { parseView } from '$lib/views';
import type { PageLoad } from './$types';

// A universal load that fetches prebuilt JSON instead of a server load: SvelteKit embeds a
// fetched response in the page as it is, where server-load data would be serialized anew on
// every view (most of the page's server time; see README, Benchmarks).
export const load: PageLoad = async ({ fetch, params, url }) => {
	const response = await fetch(`/t/${params.slug}/reader.json`);
	if (response.status === 404) error(404, `No transcript named "${params.slug}".`);
	if (!response.ok) error(response.status, `Could not load "${params.slug}".`);
	const data: ReaderData = await response.json();
	return {
		...data,
		view: parseView(url.searchParams.get('view')),
		query: url.searchParams.get('q') ?? '',
		speaker: url.searchParams.get('speaker') ?? ''
	};
};
