import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildDocument } from '../document';
import type { Glossary } from '../glossary/types';
import { Matcher } from '../matcher';
import type { TranscriptDocument } from '../types';
import { GLOSSARY_DIR, readGlossary } from './glossary';
import {
	listSlugs,
	readTranscript,
	TRANSCRIPTS_DIR,
	transcriptVersion,
	type TranscriptMeta
} from './transcripts';
import { FolderWatch, type Stamp } from './watch';

/**
 * What the routes read: the glossary with its compiled matcher, and documents built from
 * transcripts. Both are cached and rebuilt when their files change on disk, so an edited
 * glossary shows on the next request without a restart; folder watchers spare the disk
 * checks while nothing changes.
 */
interface LoadedGlossary {
	glossary: Glossary;
	matcher: Matcher;
	/** Changes whenever a glossary file changes; part of every document's cache key. */
	version: string;
}

let loaded: Promise<LoadedGlossary> | undefined;
let loadedStamp: Stamp | undefined;
const glossaryWatch = new FolderWatch(GLOSSARY_DIR);
const transcriptsWatch = new FolderWatch(TRANSCRIPTS_DIR);

async function glossaryVersion(): Promise<string> {
	const names = (await readdir(GLOSSARY_DIR)).filter((n) => /\.ya?ml$/i.test(n)).sort();
	const stamps = await Promise.all(
		names.map(async (n) => {
			const info = await stat(path.join(GLOSSARY_DIR, n));
			return `${n}:${info.mtimeMs}:${info.size}`;
		})
	);
	return stamps.join('|');
}

export async function getGlossary(): Promise<LoadedGlossary> {
	if (loaded && glossaryWatch.isFresh(loadedStamp)) return loaded;
	loadedStamp = glossaryWatch.stamp();
	const version = await glossaryVersion();
	if (!loaded || version !== (await loaded).version) {
		loaded = readGlossary().then((glossary) => ({
			glossary,
			matcher: new Matcher(glossary.entries),
			version
		}));
	}
	return loaded;
}

export interface LoadedTranscript {
	slug: string;
	meta: TranscriptMeta;
	doc: TranscriptDocument;
}

interface CachedTranscript extends LoadedTranscript {
	/** File and glossary versions the document was built from. */
	key: string;
	stamp: Stamp;
}

const documents = new Map<string, CachedTranscript>();

export async function getTranscript(slug: string): Promise<LoadedTranscript | undefined> {
	const { matcher, version } = await getGlossary();
	let cached = documents.get(slug);
	if (cached && cached.key.endsWith(`|${version}`) && transcriptsWatch.isFresh(cached.stamp)) {
		return cached;
	}
	const stamp = transcriptsWatch.stamp();
	const fileVersion = await transcriptVersion(slug);
	if (!fileVersion) {
		documents.delete(slug);
		return undefined;
	}
	const key = `${fileVersion}|${version}`;
	if (!cached || cached.key !== key) {
		const stored = await readTranscript(slug);
		if (!stored) return undefined;
		const doc = buildDocument(stored.text, matcher, { transcript: slug });
		cached = { slug, meta: stored.meta, doc, key, stamp };
	}
	documents.set(slug, { ...cached, stamp });
	return cached;
}

export async function getAllTranscripts(): Promise<LoadedTranscript[]> {
	const slugs = await listSlugs();
	const all = await Promise.all(slugs.map(getTranscript));
	return all.filter((t): t is LoadedTranscript => t !== undefined);
}

/** One line of the library: what a reader wants to know before opening a transcript. */
export interface TranscriptSummary {
	slug: string;
	title: string;
	date: string | null;
	outlet: string | null;
	sourceLanguage: string | null;
	machineTranslated: boolean;
	turns: number;
	speakers: string[];
	corrections: number;
}

export function summarize({ slug, meta, doc }: LoadedTranscript): TranscriptSummary {
	return {
		slug,
		title: meta.title ?? doc.title?.normalized ?? slug,
		date: meta.date ? String(meta.date) : null,
		outlet: meta.outlet ?? null,
		sourceLanguage: meta.source_language ?? null,
		machineTranslated: meta.machine_translated ?? false,
		turns: doc.blocks.filter((b) => b.type === 'turn').length,
		speakers: doc.speakers.map((s) => s.name),
		corrections: doc.corrections
	};
}
