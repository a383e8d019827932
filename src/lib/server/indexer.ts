import { lstat } from 'node:fs/promises';
import { availableParallelism, setPriority } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { glossaryChange } from '../archive/changes';
import { indexedTranscript, type IndexedTranscript } from '../archive/rows';
import type { IndexProgress } from '../archive/types';
import type { QualityRules } from '../flags/checks';
import { formatRuleProblem } from '../flags/rules';
import { formatProblem, type GlossaryEntry } from '../glossary/types';
import { ArchiveIndex } from './archive-index/read';
import { IndexWriter, type FileStamp } from './archive-index/write';
import { buildDocument, compile, type Engine, type EngineData } from './builder';
import { connectIndexWriter, openDatabase, type Db } from './db';
import { englishWords } from './english';
import { contentHash, listSlugs, MAX_FILE_BYTES, readTranscript } from './transcripts';
import { startWorker } from './worker';

/**
 * Bumped when what the index holds changes (its rows, the parser, the flags): an index made by
 * another version is rebuilt.
 */
const INDEX_VERSION = 1;
/** Transcripts a worker builds before writing them in one transaction. */
const BATCH = 16;
/** Files stat-ed at once when the folder is compared with the index. */
const STAT_AT_ONCE = 256;

/** What documents are indexed with: the glossary and rules, and the fingerprint of each. */
export interface IndexEngine {
	data: EngineData;
	glossary: string;
	rules: string;
}

/** The engine of a glossary and rules as their folders give them. */
export function indexEngine(
	glossary: { glossary: { entries: GlossaryEntry[] }; fingerprint: string },
	rules: { rules: Pick<QualityRules, 'rules' | 'repetitions'>; fingerprint: string }
): IndexEngine {
	return {
		data: {
			fingerprint: `${glossary.fingerprint}.${rules.fingerprint}`,
			entries: glossary.glossary.entries,
			rules: { rules: rules.rules.rules, repetitions: rules.rules.repetitions }
		},
		glossary: glossary.fingerprint,
		rules: rules.fingerprint
	};
}

/** What the index was last brought up to date with (`archive_state` key `engine`). */
interface IndexedWith {
	version: number;
	glossary: string;
	rules: string;
	entries: GlossaryEntry[];
}

interface Job {
	slug: string;
	/** The content hash in the index: unchanged content is only re-stamped, unless `force`. */
	hash?: string;
	force: boolean;
}

export interface IndexerOptions {
	db: Db;
	dataDir: string;
	transcriptsDir: string;
	/** The glossary and rules as they are now. */
	engine: () => Promise<IndexEngine>;
	/** Worker threads (default: one per core). */
	workers?: number;
	/**
	 * Index at the lowest scheduling priority (the server: requests come first, on any core);
	 * without, at the normal one (`reindex`, the benchmark).
	 */
	background?: boolean;
}

/**
 * Keeps the archive index current with the transcript files and the glossary, off the request
 * path: `update` compares the folder with the index (size and time of each file, then content)
 * and the glossary with the one last indexed, and re-indexes only what can have changed — a
 * changed, added or removed transcript itself; after a glossary change, the transcripts with a
 * form of a changed entry (see `glossaryChange`); after a rules change, all. The work runs on
 * worker threads that write their own batches (SQLite in WAL mode: readers never wait).
 */
export class Indexer {
	readonly index: ArchiveIndex;
	#options: IndexerOptions;
	#progress: IndexProgress = { state: 'idle', reason: null, done: 0, total: 0, indexed: 0 };
	#running?: Promise<void>;
	#again = false;
	#workers: Worker[] = [];

	constructor(options: IndexerOptions) {
		this.#options = options;
		this.index = new ArchiveIndex(options.db);
	}

	progress(): IndexProgress {
		return { ...this.#progress, indexed: this.index.count() };
	}

	/**
	 * Brings the index up to date; resolves when it is. A call while it works is answered by one
	 * more pass after the current one.
	 */
	update(): Promise<void> {
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#running = (async () => {
			do {
				this.#again = false;
				await this.#pass();
			} while (this.#again);
		})().finally(() => {
			this.#running = undefined;
			this.#progress = { ...this.#progress, state: 'idle', reason: null };
		});
		return this.#running;
	}

	/** Resolves when the update at work (if any) is done, whether it succeeded or not. */
	settled(): Promise<void> {
		return (this.#running ?? Promise.resolve()).catch(() => {});
	}

	close(): void {
		for (const worker of this.#workers) void worker.terminate();
		this.#workers = [];
	}

	async #pass(): Promise<void> {
		const { transcriptsDir } = this.#options;
		this.#progress = { state: 'idle', reason: null, done: 0, total: 0, indexed: 0 };
		const engine = await this.#options.engine();
		const before = JSON.parse(this.index.state('engine') ?? 'null') as IndexedWith | null;
		const slugs = await listSlugs(transcriptsDir);
		const stamps = this.index.stamps();
		const listed = new Set(slugs);
		const removed = [...stamps.keys()].filter((s) => !listed.has(s));
		if (removed.length) this.index.remove(removed);

		const jobs = new Map<string, Job>();
		const reasons: string[] = [];
		const now: IndexedWith = {
			version: INDEX_VERSION,
			glossary: engine.glossary,
			rules: engine.rules,
			entries: engine.data.entries
		};
		if (!before && stamps.size === 0) {
			// A new index says at once what it is built with: killed halfway, the next start
			// indexes only what is missing.
			this.index.setState('engine', JSON.stringify(now));
			reasons.push('building the index');
		} else if (!before || before.version !== INDEX_VERSION || before.rules !== engine.rules) {
			for (const slug of slugs) jobs.set(slug, { slug, force: true });
			reasons.push(
				before && before.version === INDEX_VERSION
					? 'the flag rules changed'
					: 'the index is from another version'
			);
		} else if (before.glossary !== engine.glossary) {
			const change = glossaryChange(before.entries, engine.data.entries, (w) =>
				englishWords().has(w)
			);
			const affected = this.index.affected(change);
			for (const slug of affected) if (stamps.has(slug)) jobs.set(slug, { slug, force: true });
			reasons.push(
				`the glossary changed (${change.entries.length} ${change.entries.length === 1 ? 'entry' : 'entries'})`
			);
		}
		let changed = 0;
		for (let i = 0; i < slugs.length; i += STAT_AT_ONCE) {
			const batch = slugs.slice(i, i + STAT_AT_ONCE).filter((s) => !jobs.has(s));
			const stamped = await Promise.all(batch.map((s) => fileStamp(transcriptsDir, s)));
			batch.forEach((slug, k) => {
				const old = stamps.get(slug);
				const stamp = stamped[k];
				if (stamp && old && sameFiles(old, stamp)) return;
				jobs.set(slug, { slug, hash: old?.contentHash, force: false });
				changed++;
			});
		}
		if (changed && stamps.size > 0) {
			reasons.unshift(`${changed} transcript${changed === 1 ? '' : 's'} added or changed`);
		}
		if (removed.length) reasons.push(`${removed.length} removed`);

		if (jobs.size) {
			this.#progress = {
				state: 'indexing',
				reason: reasons.join('; '),
				done: 0,
				total: jobs.size,
				indexed: 0
			};
			await this.#run([...jobs.values()], engine.data);
		}
		if (before && JSON.stringify(before) !== JSON.stringify(now)) {
			this.index.setState('engine', JSON.stringify(now));
		}
	}

	/** The jobs shared out in batches to the workers, each taking the next batch when free. */
	async #run(jobs: Job[], engine: EngineData): Promise<void> {
		const threads = Math.max(
			1,
			Math.min(this.#options.workers ?? availableParallelism(), Math.ceil(jobs.length / BATCH))
		);
		let next = 0;
		const role = {
			role: ROLE,
			dataDir: this.#options.dataDir,
			transcriptsDir: this.#options.transcriptsDir,
			engine,
			writeLock: new Int32Array(new SharedArrayBuffer(4)),
			background: this.#options.background ?? false
		};
		try {
			await Promise.all(
				Array.from({ length: threads }, async () => {
					const worker = startWorker(import.meta.url, { workerData: role });
					this.#workers.push(worker);
					for (let i = next; i < jobs.length; i = next) {
						next += BATCH;
						const batch = jobs.slice(i, i + BATCH);
						await new Promise<void>((resolve, reject) => {
							const onExit = (code: number) =>
								reject(new Error(`an index worker stopped (exit code ${code})`));
							worker.once('error', reject).once('exit', onExit);
							worker.once('message', (reply: { error?: string }) => {
								worker.off('error', reject).off('exit', onExit);
								if (reply.error) reject(new Error(reply.error));
								else resolve();
							});
							worker.postMessage(batch);
						});
						this.#progress.done += batch.length;
					}
				})
			);
		} finally {
			this.close();
		}
	}
}

/** The size and modification times of a transcript's files, or undefined when it is gone. */
async function fileStamp(
	dir: string,
	slug: string
): Promise<Omit<FileStamp, 'contentHash'> | undefined> {
	const [text, meta] = await Promise.all([
		lstat(path.join(dir, `${slug}.txt`)).catch(() => undefined),
		lstat(path.join(dir, `${slug}.meta.yaml`)).catch(() => undefined)
	]);
	if (!text?.isFile()) return undefined;
	return { fileSize: text.size, fileMtime: text.mtimeMs, metaMtime: meta?.mtimeMs ?? null };
}

function sameFiles(a: Omit<FileStamp, 'contentHash'>, b: Omit<FileStamp, 'contentHash'>): boolean {
	return a.fileSize === b.fileSize && a.fileMtime === b.fileMtime && a.metaMtime === b.metaMtime;
}

/**
 * Indexes a whole folder from scratch into the database of `dataDir` and says how long it took
 * (`npm run cli -- reindex`, the benchmark's `archive.index`).
 */
export async function indexArchive(options: {
	transcriptsDir: string;
	glossaryDir: string;
	rulesDir: string;
	dataDir: string;
	workers?: number;
	/** Keep what is indexed and update it (default: drop it and index everything). */
	incremental?: boolean;
	onProgress?: (progress: IndexProgress) => void;
}): Promise<{ transcripts: number; bytes: number; ms: number }> {
	const { GlossarySource } = await import('./glossary');
	const { RulesSource } = await import('./rules');
	const glossary = new GlossarySource(path.resolve(options.glossaryDir), { watch: false });
	const rules = new RulesSource(path.resolve(options.rulesDir), { watch: false });
	const db = openDatabase(path.resolve(options.dataDir));
	try {
		const [g, r] = await Promise.all([glossary.current(), rules.current()]);
		const problems = [
			...g.glossary.problems.map((p) => formatProblem(p, options.glossaryDir)),
			...r.rules.problems.map((p) => formatRuleProblem(p, options.rulesDir))
		];
		if (problems.length) throw new Error(`fix these first:\n${problems.join('\n')}`);
		if (!options.incremental) {
			db.exec(`DELETE FROM archive_transcripts; DELETE FROM archive_state;
				INSERT INTO archive_fts (archive_fts) VALUES ('delete-all');`);
		}
		const indexer = new Indexer({
			db,
			dataDir: path.resolve(options.dataDir),
			transcriptsDir: path.resolve(options.transcriptsDir),
			workers: options.workers,
			engine: async () => indexEngine(g, r)
		});
		const timer =
			options.onProgress && setInterval(() => options.onProgress!(indexer.progress()), 500);
		const started = performance.now();
		try {
			await indexer.update();
		} finally {
			clearInterval(timer);
		}
		const ms = performance.now() - started;
		const { n, bytes } = db
			.prepare('SELECT count(*) AS n, coalesce(sum(bytes), 0) AS bytes FROM archive_transcripts')
			.get() as {
			n: number;
			bytes: number;
		};
		options.onProgress?.(indexer.progress());
		return { transcripts: n, bytes, ms };
	} finally {
		db.close();
		glossary.close();
		rules.close();
	}
}

const ROLE = 'transcript-reader/indexer';

/** A job's files as they are now: undefined when the transcript is gone. */
async function readJob(job: Job, dir: string) {
	const stamp = await fileStamp(dir, job.slug);
	const stored = stamp && (await readTranscript(job.slug, dir));
	return { job, read: stamp && stored ? { stamp, stored } : undefined };
}

/** Builds and indexes one transcript read (or notes that only its file times changed). */
function indexOne(
	{ job, read }: Awaited<ReturnType<typeof readJob>>,
	engine: Engine
):
	| { slug: string; gone: true }
	| { slug: string; touch: FileStamp }
	| { slug: string; stamp: FileStamp & { bytes: number }; rows: IndexedTranscript } {
	if (!read) return { slug: job.slug, gone: true };
	const { stamp, stored } = read;
	const hash = contentHash(stored);
	if (!job.force && hash === job.hash) {
		return { slug: job.slug, touch: { ...stamp, contentHash: hash } };
	}
	const built =
		stored.size > MAX_FILE_BYTES
			? {
					tooLarge: `the file has ${(stored.size / 2 ** 20).toFixed(1)} MB; the reader reads at most ${MAX_FILE_BYTES / 2 ** 20} MB`,
					title: null,
					turns: 0
				}
			: buildDocument(stored.text, job.slug, engine);
	const rows = indexedTranscript(job.slug, stored.meta, built, (text) =>
		engine.matcher.mentionSpans(text)
	);
	return { slug: job.slug, stamp: { ...stamp, contentHash: hash, bytes: stored.size }, rows };
}

// The worker: this same module, started by `Indexer`; it indexes the batches it is sent and
// writes each in one transaction.
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
	const {
		dataDir,
		transcriptsDir,
		engine: data,
		writeLock,
		background
	} = workerData as {
		dataDir: string;
		transcriptsDir: string;
		engine: EngineData;
		writeLock: Int32Array;
		background: boolean;
	};
	// On Linux this lowers this thread only: the server's own threads keep their priority.
	if (background) {
		try {
			setPriority(19);
		} catch {
			// Not allowed here: index at the normal priority.
		}
	}
	const engine = compile(data, { suggest: false });
	const db = connectIndexWriter(dataDir);
	const writer = new IndexWriter(db);
	parentPort!.on('message', async (batch: Job[]) => {
		try {
			// Read at once (file system calls wait on the thread pool), then built one by one.
			const reads = await Promise.all(batch.map((job) => readJob(job, transcriptsDir)));
			const results = reads.map((read) => indexOne(read, engine));
			// The workers take turns to write: waiting on SQLite's busy handler, which sleeps in
			// growing steps, left a core idle for most of the other's write.
			while (Atomics.compareExchange(writeLock, 0, 0, 1) !== 0) Atomics.wait(writeLock, 0, 1);
			try {
				db.transaction(() => {
					for (const r of results) {
						if ('gone' in r) writer.remove(r.slug);
						else if ('touch' in r) writer.touch(r.slug, r.touch);
						else writer.put(r.stamp, r.rows);
					}
				}).immediate();
			} finally {
				Atomics.store(writeLock, 0, 0);
				Atomics.notify(writeLock, 0, 1);
			}
			parentPort!.postMessage({ done: batch.length });
		} catch (error) {
			parentPort!.postMessage({ error: `indexing failed: ${(error as Error).message}` });
		}
	});
}
