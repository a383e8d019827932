import { error } from '@sveltejs/kit';
import path from 'node:path';
import { createLibrary, type Library, type LoadedTranscript } from './library';
import { RateLimiter } from './quota';
import { uploadLimit } from './upload';

let library: Library | undefined;

/**
 * The app's library: the folders named by `TRANSCRIPTS_DIR`, `GLOSSARY_DIR` and `RULES_DIR`
 * (default `transcripts/`, `glossary/`, `rules/`) and its index in the database of `DATA_DIR`
 * (default `data/`), made on first use so that importing a route starts nothing.
 */
export function appLibrary(): Library {
	library ??= createLibrary({
		transcriptsDir: path.resolve(process.env.TRANSCRIPTS_DIR ?? 'transcripts'),
		glossaryDir: path.resolve(process.env.GLOSSARY_DIR ?? 'glossary'),
		rulesDir: path.resolve(process.env.RULES_DIR ?? 'rules'),
		dataDir: path.resolve(process.env.DATA_DIR ?? 'data'),
		cacheBytes: numberFrom('DOCUMENT_CACHE_MB', 2 ** 20),
		leftoverAgeMs: numberFrom('LEFTOVER_AGE_MS')
	});
	return library;
}

export interface UploadRules {
	/** The largest transcript a request can carry (see `uploadLimit`). */
	maxBytes: number;
	/** Uploads per client address and hour (`UPLOADS_PER_HOUR`, default 30). */
	perClient: RateLimiter;
	/** Bytes the transcripts folder may hold (`STORAGE_QUOTA_MB`, default 1024). */
	quotaBytes: number;
}

let uploads: UploadRules | undefined;

/** What the app accepts from one client and in all, from the environment. */
export function uploadRules(dev: boolean): UploadRules {
	uploads ??= {
		maxBytes: uploadLimit(dev ? undefined : (process.env.BODY_SIZE_LIMIT ?? '512K')),
		perClient: new RateLimiter(numberFrom('UPLOADS_PER_HOUR') ?? 30, 60 * 60 * 1000),
		quotaBytes: numberFrom('STORAGE_QUOTA_MB', 2 ** 20) ?? 2 ** 30
	};
	return uploads;
}

/** A number from the environment, times `unit`; undefined when unset. */
function numberFrom(name: string, unit = 1): number | undefined {
	const value = process.env[name];
	if (value === undefined || value === '') return undefined;
	const number = Number(value);
	if (!Number.isFinite(number) || number < 0) throw new Error(`${name} must be a number ≥ 0`);
	return number * unit;
}

/** A transcript the reader can show: it has its document. */
export type ShownTranscript = LoadedTranscript & {
	doc: NonNullable<LoadedTranscript['doc']>;
	contract: NonNullable<LoadedTranscript['contract']>;
};

/**
 * The transcript named `slug`, or an error page: 404 when there is none, 413 when it is too
 * large to show (see `MAX_BLOCKS`).
 */
export async function transcriptOr404(slug: string): Promise<ShownTranscript> {
	const transcript = await appLibrary().transcript(slug);
	if (!transcript) error(404, `No transcript named "${slug}".`);
	if (transcript.tooLarge) {
		error(
			413,
			`“${slug}” is too large to show: ${transcript.tooLarge}. ` +
				`The command line reads it: npm run cli -- markdown transcripts/${slug}.txt`
		);
	}
	return transcript as ShownTranscript;
}
