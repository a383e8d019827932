import { appLibrary } from '$lib/server/instance';
import { appReview } from '$lib/server/review';

/** Transcripts named per entry: the rest are a click away, in entity search. */
const TOP_TRANSCRIPTS = 5;

export async function load() {
	const library = appLibrary();
	const { glossary } = await library.glossary();
	const totals = library.archive.usage();
	const usage = Object.fromEntries(
		glossary.entries
			.filter((e) => totals.has(e.id))
			.map((e) => [
				e.id,
				{ ...totals.get(e.id)!, top: library.archive.topCorrected(e.id, TOP_TRANSCRIPTS) }
			])
	);
	return { entries: glossary.entries, usage, history: appReview().store.histories() };
}
