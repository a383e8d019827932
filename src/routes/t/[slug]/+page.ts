import { error } from '@sveltejs/kit';
import type { ReaderData } from '$lib/view/reader-source';
import { parseView } from '$lib/view/views';
import type { PageLoad } from './$types';

// On the server the data is at hand; the browser fetches it (see ReaderSource).
export const load: PageLoad = async ({ data, fetch, url }) => {
	let reader = data.source.data;
	if (!reader) {
		const response = await fetch(data.source.url);
		if (!response.ok) error(response.status, 'Could not load this transcript’s data.');
		reader = (await response.json()) as ReaderData;
	}
	return {
		...reader,
		suggest: data.suggest,
		view: parseView(url.searchParams.get('view')),
		query: url.searchParams.get('q') ?? '',
		speaker: url.searchParams.get('speaker') ?? '',
		flags: url.searchParams.get('flags') !== 'off'
	};
};
