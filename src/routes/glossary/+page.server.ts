import { appLibrary } from '$lib/server/instance';
import { appReview } from '$lib/server/review';

export async function load() {
	const library = appLibrary();
	const [{ glossary }, transcripts, usage] = await Promise.all([
		library.glossary(),
		library.transcripts(),
		library.usage()
	]);
	return {
		entries: glossary.entries,
		usage,
		history: appReview().store.histories(),
		titles: Object.fromEntries(transcripts.map((t) => [t.slug, t.summary.title]))
	};
}
