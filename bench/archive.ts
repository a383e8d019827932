/**
 * The archive workload (issue #18): thousands of transcripts generated deterministically from
 * the seed transcripts, for the archive index's figures, and the indexing figure itself.
 *
 * Transcript n (1-based) is fresh copy n of seed `(n - 1) % seeds` (`freshCopier` of
 * bench/workload.ts: names re-garbled or stood in, ordinary words swapped, seeded per copy; the
 * cold corpora are the same copies), beside a `<slug>.meta.yaml` with varied metadata.
 * Transcript n is the same whatever the count, so a small archive is a prefix of a large one. The archive is written outside the repository (`archiveDir`) and reused while its
 * manifest matches the count and a hash of the generator's inputs (seed files, glossary, this
 * file and bench/workload.ts); otherwise it is generated again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { foldKey } from '../src/lib/text/fold';
import { GlossaryMatcher } from '../src/lib/glossary/matcher';
import type { GlossaryEntry } from '../src/lib/glossary/types';
import { prepareText } from '../src/lib/text/prepare';
import type { TranscriptMeta } from '../src/lib/document/model';
import { copySeed, freshCopier, rng } from './workload';

/** Bump when the generator changes in a way its source hash would not show. */
const GENERATOR_VERSION = 2;
const MANIFEST = 'manifest.json';
/** The entity whose mentions the archive figures search (`/search?entry=…`). */
export const ARCHIVE_ENTITY = 'meng-wanzhou';
/** The common word of the full-text figure (`/search?q=…`). */
export const ARCHIVE_WORD = 'canada';

const OUTLETS = [
	'Xinhua',
	'China Daily',
	'Global Times',
	"People's Daily",
	'CGTN',
	'Ministry of Foreign Affairs of the PRC',
	'Observers Network (观察者网)',
	'The Paper (澎湃新闻)',
	'Caixin',
	'Phoenix News (凤凰网)',
	'Sina News (新浪新闻)',
	'CBC News'
];
const FIRST_DAY = Date.UTC(2015, 0, 1);
const DAYS = (Date.UTC(2025, 11, 31) - FIRST_DAY) / 86_400_000 + 1;

export interface ArchiveSeed {
	slug: string;
	text: string;
	meta: TranscriptMeta;
	/** The seed's `.meta.yaml` as written, for the inputs' hash. */
	metaText: string;
}

export interface Archive {
	dir: string;
	transcripts: number;
	/** UTF-8 bytes of the `.txt` files: what indexing reads, parses and normalizes. */
	bytes: number;
	/** Bytes of the `.meta.yaml` files. */
	metaBytes: number;
	/** Mentions of `ARCHIVE_ENTITY`: its canonical name or a variant, as the matcher finds them. */
	entity: { id: string; canonical: string; mentions: number; transcripts: number };
	/** Occurrences of `ARCHIVE_WORD` as a whole word, any case. */
	word: { text: string; occurrences: number; transcripts: number };
	/** Transcripts per seed. */
	seeds: Record<string, number>;
	/** Hash of the generator's inputs, as in the manifest. */
	hash: string;
	/** Whether an archive already on disk was used. */
	reused: boolean;
	/** Time spent generating (or checking the manifest, when reused). */
	ms: number;
}

/** Where an archive of `count` transcripts lives: outside the repository, reused across runs. */
export function archiveDir(count: number): string {
	return path.join(os.tmpdir(), `transcript-reader-archive-${count}`);
}

/** The seed transcripts of a folder (`transcripts/`): every `.txt` with its `.meta.yaml`. */
export async function readArchiveSeeds(dir: string): Promise<ArchiveSeed[]> {
	const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
	return Promise.all(
		names.map(async (name) => {
			const slug = name.slice(0, -'.txt'.length);
			const metaFile = path.join(dir, `${slug}.meta.yaml`);
			const metaText = existsSync(metaFile) ? await readFile(metaFile, 'utf8') : '';
			return {
				slug,
				text: await readFile(path.join(dir, name), 'utf8'),
				meta: (metaText ? parse(metaText) : {}) as TranscriptMeta,
				metaText
			};
		})
	);
}

/** The slug of transcript n (1-based): its seed's slug and the number, five digits. */
export function archiveSlug(seed: ArchiveSeed, n: number): string {
	return `${seed.slug}-${String(n).padStart(5, '0')}`;
}

/** Varied metadata for transcript n: dates over 2015–2025, a dozen outlets, mostly machine-translated. */
function archiveMeta(seed: ArchiveSeed, n: number, random: () => number): TranscriptMeta {
	const meta: TranscriptMeta = { title: `${seed.meta.title ?? seed.slug} (${n})` };
	const day = new Date(FIRST_DAY + Math.floor(random() * DAYS) * 86_400_000).toISOString();
	const dated = random();
	// Like the seeds: most dated to the day, a few to the month, a few undated.
	if (dated < 0.94) meta.date = day.slice(0, 10);
	else if (dated < 0.98) meta.date = day.slice(0, 7);
	meta.machine_translated = random() < 0.85;
	meta.source_language = meta.machine_translated ? (random() < 0.9 ? 'zh' : 'fr') : 'en';
	meta.outlet = OUTLETS[Math.floor(random() * OUTLETS.length)]!;
	if (seed.meta.participants) meta.participants = [...seed.meta.participants];
	meta.note = `Benchmark archive (bench/archive.ts): ${seed.slug}, names re-garbled, no. ${n}.`;
	return meta;
}

/** Transcript n's own PRNG seed for its metadata (its text has `copySeed(n)`). */
function metaSeed(n: number): number {
	return copySeed(n) ^ 0x5bd1e995;
}

/** Hash of everything the archive is made from; the manifest keeps it. */
async function inputsHash(
	count: number,
	seeds: readonly ArchiveSeed[],
	entries: readonly GlossaryEntry[]
): Promise<string> {
	const hash = createHash('sha256');
	hash.update(JSON.stringify({ version: GENERATOR_VERSION, count, entity: ARCHIVE_ENTITY }));
	for (const s of seeds) hash.update(`\0${s.slug}\0${s.text}\0${s.metaText}`);
	hash.update(JSON.stringify(entries));
	for (const file of ['archive.ts', 'workload.ts']) {
		hash.update(await readFile(path.join(import.meta.dirname, file)));
	}
	return hash.digest('hex');
}

/** What is counted in each transcript, for the manifest. */
function counter(entries: readonly GlossaryEntry[]) {
	const entry = entries.find((e) => e.id === ARCHIVE_ENTITY);
	if (!entry) throw new Error(`the glossary has no entry ${ARCHIVE_ENTITY}`);
	const matcher = new GlossaryMatcher(entries);
	const forms = new Set([entry.canonical, ...entry.variants.map((v) => v.text)].map(foldKey));
	const word = new RegExp(`\\b${ARCHIVE_WORD}\\b`, 'gi');
	return {
		entry,
		count(text: string) {
			const prepared = prepareText(text);
			const mentions = matcher
				.mentionSpans(prepared)
				.filter(
					(s) =>
						s.ids.includes(ARCHIVE_ENTITY) && forms.has(foldKey(prepared.slice(s.start, s.end)))
				).length;
			return { mentions, words: prepared.match(word)?.length ?? 0 };
		}
	};
}

interface Manifest extends Omit<Archive, 'dir' | 'reused' | 'ms'> {
	version: number;
}

/**
 * The archive of `count` transcripts in `dir`: reused when its manifest matches, otherwise
 * generated into a sibling folder and moved into place, so an interrupted run leaves no half
 * archive behind.
 */
export async function generateArchive(
	dir: string,
	count: number,
	seedsDir: string,
	entries: readonly GlossaryEntry[]
): Promise<Archive> {
	const started = performance.now();
	const seeds = await readArchiveSeeds(seedsDir);
	if (seeds.length === 0) throw new Error(`no seed transcripts in ${seedsDir}`);
	const hash = await inputsHash(count, seeds, entries);
	const existing = await readManifest(dir);
	if (existing?.hash === hash && existing.transcripts === count) {
		return { ...existing, dir, reused: true, ms: performance.now() - started };
	}

	const { entry, count: countIn } = counter(entries);
	await mkdir(path.dirname(dir), { recursive: true });
	const partial = await mkdtemp(`${dir}.partial-`);
	try {
		const copy = freshCopier(
			seeds.map((s) => s.text),
			entries
		);
		const manifest: Manifest = {
			version: GENERATOR_VERSION,
			transcripts: count,
			bytes: 0,
			metaBytes: 0,
			entity: { id: entry.id, canonical: entry.canonical, mentions: 0, transcripts: 0 },
			word: { text: ARCHIVE_WORD, occurrences: 0, transcripts: 0 },
			seeds: Object.fromEntries(seeds.map((s) => [s.slug, 0])),
			hash
		};
		for (let n = 1; n <= count; n++) {
			const seed = seeds[(n - 1) % seeds.length]!;
			const slug = archiveSlug(seed, n);
			const meta = archiveMeta(seed, n, rng(metaSeed(n)));
			const text = copy(seed.text, n);
			const metaText = stringify(meta, { lineWidth: 0 });
			await writeFile(path.join(partial, `${slug}.txt`), text);
			await writeFile(path.join(partial, `${slug}.meta.yaml`), metaText);
			manifest.bytes += Buffer.byteLength(text);
			manifest.metaBytes += Buffer.byteLength(metaText);
			manifest.seeds[seed.slug]!++;
			const found = countIn(text);
			manifest.entity.mentions += found.mentions;
			manifest.entity.transcripts += found.mentions > 0 ? 1 : 0;
			manifest.word.occurrences += found.words;
			manifest.word.transcripts += found.words > 0 ? 1 : 0;
		}
		await writeFile(path.join(partial, MANIFEST), JSON.stringify(manifest, null, '\t') + '\n');
		await rm(dir, { recursive: true, force: true });
		try {
			await rename(partial, dir);
		} catch (error) {
			// Another run moved the same archive into place first: use it.
			const other = await readManifest(dir);
			if (other?.hash !== hash) throw error;
			await rm(partial, { recursive: true, force: true });
		}
		return { ...manifest, dir, reused: false, ms: performance.now() - started };
	} catch (error) {
		await rm(partial, { recursive: true, force: true });
		throw error;
	}
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
	try {
		const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest;
		return manifest.version === GENERATOR_VERSION ? manifest : undefined;
	} catch {
		return undefined;
	}
}

export interface IndexOptions {
	root: string;
	workers: number;
}

/**
 * One run of `indexArchive` in this process on the whole archive, into a fresh data folder: its
 * wall-clock seconds and the folder (with a complete index), which the caller removes.
 */
export async function indexOnce(
	archive: Archive,
	options: IndexOptions
): Promise<{ seconds: number; ms: number; dataDir: string; transcripts: number; bytes: number }> {
	const { indexArchive } = await import('../src/lib/server/indexer');
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-archive-data-'));
	try {
		const start = process.hrtime.bigint();
		const result = await indexArchive({
			transcriptsDir: archive.dir,
			glossaryDir: path.join(options.root, 'glossary'),
			rulesDir: path.join(options.root, 'rules'),
			dataDir,
			workers: options.workers
		});
		const seconds = Number(process.hrtime.bigint() - start) / 1e9;
		if (result.transcripts !== archive.transcripts) {
			throw new Error(
				`indexArchive indexed ${result.transcripts} of the archive's ${archive.transcripts} transcripts`
			);
		}
		return {
			seconds,
			ms: result.ms,
			dataDir,
			transcripts: result.transcripts,
			bytes: result.bytes
		};
	} catch (error) {
		await rm(dataDir, { recursive: true, force: true });
		throw error;
	}
}
