import { randomBytes } from 'node:crypto';
import { link, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import writeFileAtomic from 'write-file-atomic';
import type { TranscriptMeta } from '../types';

export type { TranscriptMeta };

export const TRANSCRIPTS_DIR = path.resolve(process.env.TRANSCRIPTS_DIR ?? 'transcripts');
/** Uploads larger than this are refused: the longest real interview here is 56 KB. */
export const MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface StoredTranscript {
	slug: string;
	text: string;
	meta: TranscriptMeta;
}

export function isSlug(value: string): boolean {
	return SLUG.test(value) && value.length <= 120;
}

/** A safe slug from free text: `Lu Kang / Globe 2020` → `lu-kang-globe-2020`. */
export function slugify(text: string): string {
	const slug = text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/, '');
	return slug || 'transcript';
}

/**
 * The one place that turns a slug into a path: anything but a plain slug is refused, so
 * `..`, `%2e%2e`, absolute paths and backslashes never reach the file system.
 */
function fileOf(slug: string, ext: '.txt' | '.meta.yaml', dir: string): string | undefined {
	if (!isSlug(slug)) return undefined;
	const file = path.join(dir, slug + ext);
	return path.dirname(file) === dir ? file : undefined;
}

export async function listSlugs(dir = TRANSCRIPTS_DIR): Promise<string[]> {
	const names = await readdir(dir);
	return names
		.filter((n) => n.endsWith('.txt') && isSlug(n.slice(0, -4)))
		.map((n) => n.slice(0, -4))
		.sort();
}

/**
 * A cheap fingerprint of a transcript and its metadata (modification times and sizes), so
 * caches can skip reading files that did not change; undefined when there is no such file.
 */
export async function transcriptVersion(
	slug: string,
	dir = TRANSCRIPTS_DIR
): Promise<string | undefined> {
	const file = fileOf(slug, '.txt', dir);
	if (!file) return undefined;
	const [text, meta] = await Promise.all([
		stat(file).catch(() => undefined),
		stat(fileOf(slug, '.meta.yaml', dir)!).catch(() => undefined)
	]);
	if (!text?.isFile()) return undefined;
	return `${text.mtimeMs}:${text.size}:${meta?.mtimeMs ?? 0}:${meta?.size ?? 0}`;
}

export async function readTranscript(
	slug: string,
	dir = TRANSCRIPTS_DIR
): Promise<StoredTranscript | undefined> {
	const file = fileOf(slug, '.txt', dir);
	if (!file) return undefined;
	try {
		const text = await readFile(file, 'utf8');
		return { slug, text, meta: await readMeta(slug, dir) };
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

async function readMeta(slug: string, dir: string): Promise<TranscriptMeta> {
	const file = fileOf(slug, '.meta.yaml', dir)!;
	try {
		const data: unknown = parseYaml(await readFile(file, 'utf8'));
		return data && typeof data === 'object' ? (data as TranscriptMeta) : {};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
		throw error;
	}
}

/**
 * Saves a new transcript under the first free slug (`name`, `name-2`, …) and returns it.
 * The text is written to a temporary file and hard-linked into place: the link fails if the
 * name exists, so two uploads racing for one slug never overwrite each other or a file.
 */
export async function saveTranscript(
	wanted: string,
	text: string,
	meta: TranscriptMeta,
	dir = TRANSCRIPTS_DIR
): Promise<string> {
	const base = slugify(wanted);
	const temp = path.join(dir, `.upload-${randomBytes(8).toString('hex')}.tmp`);
	await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
	try {
		for (let n = 1; n < 1000; n++) {
			const slug = n === 1 ? base : `${base}-${n}`;
			try {
				await link(temp, fileOf(slug, '.txt', dir)!);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
				throw error;
			}
			await writeFileAtomic(fileOf(slug, '.meta.yaml', dir)!, stringifyYaml(meta));
			return slug;
		}
		throw new Error(`no free name for "${base}" in ${dir}`);
	} finally {
		await unlink(temp).catch(() => {});
	}
}
