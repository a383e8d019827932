import { json } from '@sveltejs/kit';
import { appLibrary } from '$lib/server/instance';

/** The glossary, its problems, and how often each entry corrected (from the archive index). */
export async function GET() {
	const library = appLibrary();
	const { glossary } = await library.glossary();
	const usage = Object.fromEntries(library.archive.usage());
	return json({ entries: glossary.entries, problems: glossary.problems, usage });
}
