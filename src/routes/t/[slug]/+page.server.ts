import { error } from '@sveltejs/kit';
import { unexplainedChanges } from '$lib/compare';
import { getGlossary, getTranscript } from '$lib/server/library';
import { parseView } from '$lib/views';
import type { PageServerLoad } from './$types';

export const load = (async ({ params, url }) => {
	const transcript = await getTranscript(params.slug);
	if (!transcript) error(404, `No transcript named "${params.slug}".`);
	const { doc, meta, slug } = transcript;
	const { matcher } = await getGlossary();

	const paragraphs = [
		...(doc.title ? [doc.title] : []),
		...doc.blocks.flatMap((b) => b.paragraphs)
	];
	const hit = new Set(paragraphs.flatMap((p) => p.corrections.map((c) => c.entry)));
	const entries = Object.fromEntries(
		[...hit].map((id) => {
			const e = matcher.entries.get(id)!;
			return [id, { id, canonical: e.canonical, kind: e.kind, source: e.source, note: e.note }];
		})
	);
	return {
		slug,
		meta,
		doc,
		entries,
		unexplained: paragraphs.reduce((n, p) => n + unexplainedChanges(p).length, 0),
		view: parseView(url.searchParams.get('view')),
		query: url.searchParams.get('q') ?? '',
		speaker: url.searchParams.get('speaker') ?? ''
	};
}) satisfies PageServerLoad;
