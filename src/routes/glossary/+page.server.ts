import { getAllTranscripts, getGlossary, summarize } from '$lib/server/library';
import { entryUsage } from '$lib/server/usage';

export async function load() {
	const [{ glossary }, transcripts] = await Promise.all([getGlossary(), getAllTranscripts()]);
	return {
		entries: glossary.entries,
		usage: entryUsage(transcripts),
		titles: Object.fromEntries(transcripts.map((t) => [t.slug, summarize(t).title]))
	};
}
