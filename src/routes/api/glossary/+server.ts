import { json } from '@sveltejs/kit';
import { getAllTranscripts, getGlossary } from '$lib/server/library';
import { entryUsage } from '$lib/server/usage';

export async function GET() {
	const [{ glossary }, transcripts] = await Promise.all([getGlossary(), getAllTranscripts()]);
	return json({
		entries: glossary.entries,
		problems: glossary.problems,
		usage: entryUsage(transcripts)
	});
}
