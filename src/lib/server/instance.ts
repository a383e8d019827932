import { error } from '@sveltejs/kit';
import path from 'node:path';
import { createLibrary, type Library, type LoadedTranscript } from './library';

let library: Library | undefined;

/**
 * The app's library: the folders named by `TRANSCRIPTS_DIR` and `GLOSSARY_DIR` (default
 * `transcripts/` and `glossary/`), made on first use so that importing a route starts nothing.
 */
export function appLibrary(): Library {
	library ??= createLibrary({
		transcriptsDir: path.resolve(process.env.TRANSCRIPTS_DIR ?? 'transcripts'),
		glossaryDir: path.resolve(process.env.GLOSSARY_DIR ?? 'glossary'),
		cacheBytes: process.env.DOCUMENT_CACHE_MB
			? Number(process.env.DOCUMENT_CACHE_MB) * 2 ** 20
			: undefined
	});
	return library;
}

/** The transcript named `slug`, or a 404 page that says there is none. */
export async function transcriptOr404(slug: string): Promise<LoadedTranscript> {
	const transcript = await appLibrary().transcript(slug);
	if (!transcript) error(404, `No transcript named "${slug}".`);
	return transcript;
}
