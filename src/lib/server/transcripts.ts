import { createHash, randomBytes } from 'node:crypto';
import { link, lstat, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { isSlug, slugify } from '../text/slug';
import type { TranscriptMeta } from '../document/model';

export type { TranscriptMeta };

/** Uploads larger than this are refused: the longest real interview here is 56 KB. */
export const MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024;

/**
 * Files larger than this (placed in the folder by hand) are not read at all: past the upload
 * limit a transcript is far over the reader's limits anyway.
 */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** How many numbered slugs (`title-2`, `title-3`, …) an upload tries before a random one. */
const NUMBERED_SLUGS = 100;
/** Temporary files this old are left over from a crash (no upload takes this long). */
export const LEFTOVER_AGE_MS = 60_000;
const TEMP = /^\.upload-[0-9a-f]{16}\.(?:txt|meta)\.tmp$/;

export interface StoredTranscript {
	slug: string;
	/** Empty when the file is over `MAX_FILE_BYTES`. */
	text: string;
	meta: TranscriptMeta;
	/** The file's size in bytes. */
	size: number;
}

/** Names a transcript's content: its text and metadata (and size, for files too large to read). */
export function contentHash({ size, text, meta }: StoredTranscript): string {
	const h = createHash('sha256');
	for (const part of [String(size), text, JSON.stringify(meta)]) h.update(part).update('\0');
	return h.digest('base64url').slice(0, 22);
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

/** The slugs of the folder's transcripts: plain `.txt` files, never symbolic links. */
export async function listSlugs(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	return entries
		.filter((e) => e.isFile() && e.name.endsWith('.txt') && isSlug(e.name.slice(0, -4)))
		.map((e) => e.name.slice(0, -4))
		.sort();
}

/**
 * A transcript and its metadata (`<slug>.meta.yaml`, optional), or undefined if there is none.
 * Symbolic links are refused: one could point anywhere on the server (`linked.txt -> /etc/…`).
 */
export async function readTranscript(
	slug: string,
	dir: string
): Promise<StoredTranscript | undefined> {
	const file = fileOf(slug, '.txt', dir);
	if (!file) return undefined;
	const info = await lstat(file).catch(() => undefined);
	if (!info?.isFile()) return undefined;
	const text = info.size > MAX_FILE_BYTES ? '' : await readIfExists(file);
	if (text === undefined) return undefined;
	const metaText = await readIfExists(fileOf(slug, '.meta.yaml', dir)!);
	const meta: unknown = metaText === undefined ? {} : parseYaml(metaText);
	return {
		slug,
		text,
		meta: meta && typeof meta === 'object' ? (meta as TranscriptMeta) : {},
		size: info.size
	};
}

/** A plain file's text; undefined when there is none (or a link or folder stands there). */
async function readIfExists(file: string): Promise<string | undefined> {
	try {
		if (!(await lstat(file)).isFile()) return undefined;
		return await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'EISDIR') return undefined;
		throw error;
	}
}

/**
 * Saves a new transcript under the first free slug (`name`, `name-2`, …) and returns it.
 * Text and metadata are written to temporary files first and then hard-linked into place,
 * metadata first: a link fails if the name exists, so racing uploads never overwrite each
 * other or a file, and a transcript (its `.txt`) never exists without its metadata. A crash
 * leaves only temporary files and metadata without text, which `cleanLeftovers` removes.
 */
export async function saveTranscript(
	wanted: string,
	text: string,
	meta: TranscriptMeta,
	dir: string
): Promise<string> {
	const base = slugify(wanted);
	const id = randomBytes(8).toString('hex');
	const tempText = path.join(dir, `.upload-${id}.txt.tmp`);
	const tempMeta = path.join(dir, `.upload-${id}.meta.tmp`);
	await writeFile(tempText, text, { encoding: 'utf8', flag: 'wx' });
	await writeFile(tempMeta, stringifyYaml(meta), { encoding: 'utf8', flag: 'wx' });
	try {
		for (let n = 1; ; n++) {
			const slug =
				n === 1
					? base
					: n <= NUMBERED_SLUGS
						? `${base}-${n}`
						: `${base}-${randomBytes(4).toString('hex')}`;
			if (!(await linkNew(tempMeta, fileOf(slug, '.meta.yaml', dir)!))) continue;
			if (await linkNew(tempText, fileOf(slug, '.txt', dir)!)) return slug;
			// A transcript placed by hand, without metadata, holds this name.
			await unlink(fileOf(slug, '.meta.yaml', dir)!);
		}
	} finally {
		await Promise.all([unlink(tempText).catch(() => {}), unlink(tempMeta).catch(() => {})]);
	}
}

/** Links `from` as `to` unless `to` exists; says whether it did. */
async function linkNew(from: string, to: string): Promise<boolean> {
	try {
		await link(from, to);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}
}

/**
 * Removes what an upload killed midway left behind: its temporary files, and the metadata it
 * had linked into place without a transcript (recognized as a link of a leftover temp file, so
 * metadata a person wrote is never touched). Returns the names removed.
 */
export async function cleanLeftovers(dir: string, age = LEFTOVER_AGE_MS): Promise<string[]> {
	const now = Date.now();
	const names = await readdir(dir);
	const temps = [];
	for (const name of names.filter((n) => TEMP.test(n))) {
		const info = await lstat(path.join(dir, name)).catch(() => undefined);
		if (info && now - info.mtimeMs >= age) temps.push({ name, ino: info.ino });
	}
	const leftover = new Set(temps.map((t) => t.ino));
	const removed = temps.map((t) => t.name);
	for (const name of names.filter((n) => n.endsWith('.meta.yaml'))) {
		const slug = name.slice(0, -'.meta.yaml'.length);
		if (names.includes(`${slug}.txt`)) continue;
		const info = await stat(path.join(dir, name)).catch(() => undefined);
		if (info && leftover.has(info.ino)) removed.push(name);
	}
	await Promise.all(removed.map((name) => unlink(path.join(dir, name)).catch(() => {})));
	return removed;
}
