import { json } from '@sveltejs/kit';
import { appLibrary } from '$lib/server/instance';

export async function GET() {
	const library = appLibrary();
	const [{ glossary }, usage] = await Promise.all([library.glossary(), library.usage()]);
	return json({ entries: glossary.entries, problems: glossary.problems, usage });
}
