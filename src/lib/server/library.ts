import { groupSuggestions, type Suggestion } from '../suggest/group';
import { paragraphsOf } from '../document/mark';
import { toContract } from '../document/contract';
import { openDatabase, type Db } from './db';
import { indexEngine, Indexer, type IndexEngine } from './indexer';
import type { ArchiveIndex } from './archive-index/read';
import { isCorrection } from '../document/finding';
import type { MarkedDocument, TranscriptMeta } from '../document/model';
import type { TranscriptDocument } from '../document/contract';
import type { QualityRules } from '../flags/checks';
import { qualityOf, type Quality } from '../document/quality';
import { DocumentBuilder, type BuildResult, type EngineData } from './builder';
import { RulesSource } from './rules';
import { GlossarySource, type LoadedGlossary } from './glossary';
import {
	cleanLeftovers,
	contentHash,
	MAX_FILE_BYTES,
	readTranscript,
	saveTranscript,
	type StoredTranscript
} from './transcripts';
import { FolderWatch, type Stamp } from './watch';

export interface LibraryOptions {
	transcriptsDir: string;
	glossaryDir: string;
	/** Where the database is, with the archive index (see `Indexer`). */
	dataDir: string;
	/** The flag rules (`rules/`). */
	rulesDir: string;
	/** Memory for built documents, estimated in bytes; the least recently read go first. */
	cacheBytes?: number;
	/** Temporary upload files older than this are a crash's leftovers (see `cleanLeftovers`). */
	leftoverAgeMs?: number;
	/** Watch the folders for changes (default); without, every request reads the files again. */
	watch?: boolean;
	/** Threads that build the index (default: one per core). */
	indexWorkers?: number;
}

/** How often the folders are looked at for changes the index has not taken yet. */
const INDEX_CHECK_MS = 1000;
/** How long the first library page waits for a new index (a fresh clone's five transcripts). */
const FIRST_INDEX_WAIT_MS = 5000;

/** How often leftovers of crashed uploads are looked for, besides at start. */
const CLEAN_EVERY_MS = 60 * 60 * 1000;

const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * A transcript as built from its files and the glossary: the marked document, and what is
 * derived from it, computed when first asked for and kept as long as the transcript is. A
 * transcript too large to show (see `MAX_BLOCKS`) has no document, only `tooLarge` and counts.
 */
export class LoadedTranscript {
	#contract?: TranscriptDocument;
	#usage?: Map<string, number>;
	#quality?: Quality;
	#suggestions?: Suggestion[];
	readonly doc: MarkedDocument | null;
	/** Why the reader cannot show this transcript, or null. */
	readonly tooLarge: string | null;

	constructor(
		readonly slug: string,
		readonly meta: TranscriptMeta,
		private result: BuildResult,
		/** A hash of the text, metadata and glossary this was built from. */
		readonly fingerprint: string
	) {
		this.doc = 'doc' in result ? result.doc : null;
		this.tooLarge = 'tooLarge' in result ? result.tooLarge : null;
	}

	/** The public JSON contract (`npm run cli -- parse`, `/api/transcripts/<slug>`), if shown. */
	get contract(): TranscriptDocument | null {
		return this.doc && (this.#contract ??= toContract(this.doc));
	}

	/** Garbles the glossary may be missing, grouped (`npm run cli -- suggest`), if shown. */
	get suggestions(): Suggestion[] | null {
		return this.doc && (this.#suggestions ??= groupSuggestions(this.doc));
	}

	/** How trustworthy the translation looks (see `qualityOf`), if shown. */
	get quality(): Quality | null {
		return this.doc && (this.#quality ??= qualityOf(this.doc));
	}

	/** How often each glossary entry corrected something here. */
	get usage(): Map<string, number> {
		if (!this.#usage) {
			this.#usage = new Map();
			for (const f of this.doc ? paragraphsOf(this.doc).flatMap((p) => p.findings) : []) {
				if (isCorrection(f)) this.#usage.set(f.rule, (this.#usage.get(f.rule) ?? 0) + 1);
			}
		}
		return this.#usage;
	}

	/** Rough memory held, for the cache's bound: the text, its copies and its findings. */
	get bytes(): number {
		if (!this.doc) return 1_000;
		const paragraphs = paragraphsOf(this.doc);
		const text = paragraphs.reduce((n, p) => n + p.raw.length, 0);
		const findings = paragraphs.reduce((n, p) => n + p.findings.length, 0);
		// Measured (heap after a full GC, with the contract, quality, suggestions and the reader's
		// JSON): 542 KB for the 56 KB interview, 83 KB for a 6.5 KB article; and the server's heap
		// after reading 400 transcripts at random, 20% above the estimate then.
		return 5_000 + text * 10 + findings * 700 + paragraphs.length * 350;
	}
}

interface CachedTranscript {
	transcript: LoadedTranscript;
	/** When the files were last compared with it. */
	stamp: Stamp;
	bytes: number;
}

/**
 * The transcripts and glossary of two folders, read on demand and kept current: folder
 * watchers say when something may have changed (so an unchanged library costs no file system
 * call per request), and content fingerprints decide whether a change needs a rebuild. Built
 * documents are kept up to a memory bound. Create one per pair of folders; `close` stops the
 * watchers.
 */
export class Library {
	readonly transcriptsDir: string;
	readonly glossaryDir: string;
	#cacheBytes: number;
	#glossary: GlossarySource;
	#rules: RulesSource;
	#transcriptsWatch: FolderWatch;
	/** In least recently read order. */
	#documents = new Map<string, CachedTranscript>();
	#cachedBytes = 0;
	#ready: Promise<unknown>;
	#builder = new DocumentBuilder();
	#pending = new Map<string, Promise<LoadedTranscript | undefined>>();

	#cleaner: ReturnType<typeof setInterval>;
	#indexCheck: ReturnType<typeof setInterval>;
	#db: Db;
	readonly indexer: Indexer;
	/** The versions the index was last brought up to date with. */
	#indexedWith = { transcripts: -1, engine: '' };
	#watch: boolean;

	constructor({
		transcriptsDir,
		glossaryDir,
		rulesDir,
		cacheBytes = DEFAULT_CACHE_BYTES,
		leftoverAgeMs,
		watch = true,
		dataDir,
		indexWorkers
	}: LibraryOptions) {
		this.transcriptsDir = transcriptsDir;
		this.glossaryDir = glossaryDir;
		this.#cacheBytes = cacheBytes;
		this.#glossary = new GlossarySource(glossaryDir, { watch });
		this.#rules = new RulesSource(rulesDir, { watch });
		this.#transcriptsWatch = new FolderWatch(transcriptsDir, { enabled: watch });
		const clean = () => cleanLeftovers(transcriptsDir, leftoverAgeMs).catch(() => []);
		this.#ready = clean();
		this.#cleaner = setInterval(clean, CLEAN_EVERY_MS).unref();
		this.#watch = watch;
		this.#db = openDatabase(dataDir);
		this.indexer = new Indexer({
			db: this.#db,
			dataDir,
			transcriptsDir,
			workers: indexWorkers,
			background: true,
			engine: () => this.#engine()
		});
		// The builder compiles the engine now, not for the first reader: its memory is taken at
		// start, and the first page opened is as fast as the next.
		void this.#engine()
			.then(({ data }) => this.#builder.build({ slug: 'warm-up', text: '', engine: data }))
			.catch(() => {});
		// The index is brought up to date at start, and whenever a folder changes.
		this.#indexCheck = setInterval(() => void this.#updateIndex(), INDEX_CHECK_MS).unref();
		void this.#updateIndex();
	}

	/** The archive index: the library's lines, mentions, full-text search. */
	get archive(): ArchiveIndex {
		return this.indexer.index;
	}

	/**
	 * Brings the index up to date if a transcript or the glossary or rules changed since it last
	 * was (without watchers, or `now`: in any case). Resolves when it is.
	 */
	async #updateIndex({ now = false } = {}): Promise<void> {
		try {
			const transcripts = this.#transcriptsWatch.generation;
			const engine = (await this.#engine()).data.fingerprint;
			const seen = this.#indexedWith;
			if (!now && this.#watch && transcripts === seen.transcripts && engine === seen.engine) {
				return;
			}
			this.#indexedWith = { transcripts, engine };
			await this.indexer.update();
		} catch (error) {
			// The glossary or a transcript could not be read: the next check tries again.
			this.#indexedWith = { transcripts: -1, engine: '' };
			console.error(`The archive index could not be updated: ${(error as Error).message}`);
		}
	}

	/**
	 * While the index is empty (a fresh start), waits for it to take the files, at most `ms`:
	 * so that a small library shows whole on its first page, and a large one its progress.
	 */
	async firstIndex(ms: number = FIRST_INDEX_WAIT_MS): Promise<void> {
		if (this.archive.count() > 0) return;
		const waiting = this.#updateIndex().then(() => this.indexer.settled());
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
		await Promise.race([waiting, timeout]).finally(() => clearTimeout(timer));
	}

	/** Estimated bytes of the documents held now (at most the `cacheBytes` bound, plus one). */
	get cachedBytes(): number {
		return this.#cachedBytes;
	}

	close(): void {
		clearInterval(this.#cleaner);
		clearInterval(this.#indexCheck);
		this.indexer.close();
		this.#db.close();
		this.#builder.close();
		this.#glossary.close();
		this.#rules.close();
		this.#transcriptsWatch.close();
	}

	/** The glossary, kept current as its files change (see `GlossarySource`). */
	glossary(): Promise<LoadedGlossary> {
		return this.#glossary.current();
	}

	/** The flag rules, kept current as their files change (see `YamlFolder`). */
	async rules(): Promise<QualityRules & { fingerprint: string }> {
		const { rules, fingerprint } = await this.#rules.current();
		return { ...rules, fingerprint };
	}

	/** What documents are built with now: the glossary and the rules, as plain data. */
	async #engine(): Promise<IndexEngine> {
		const [glossary, rules] = await Promise.all([this.glossary(), this.#rules.current()]);
		return indexEngine(glossary, rules);
	}

	/** The transcript named `slug`, built with the current glossary, or undefined if none. */
	async transcript(slug: string): Promise<LoadedTranscript | undefined> {
		const engine = (await this.#engine()).data;
		const cached = this.#documents.get(slug);
		if (
			cached &&
			cached.transcript.fingerprint.endsWith(engine.fingerprint) &&
			this.#transcriptsWatch.isFresh(cached.stamp)
		) {
			return this.#touch(slug, cached).transcript;
		}
		// Requests for a transcript being read share the reading.
		let pending = this.#pending.get(slug);
		if (!pending) {
			pending = this.#refresh(slug, engine).finally(() => this.#pending.delete(slug));
			this.#pending.set(slug, pending);
		}
		return pending;
	}

	/** Reads the files again, and builds the document again if they, the glossary or the rules changed. */
	async #refresh(slug: string, engine: EngineData): Promise<LoadedTranscript | undefined> {
		const stamp = this.#transcriptsWatch.stamp();
		const stored = await readTranscript(slug, this.transcriptsDir);
		if (!stored) {
			this.#forget(slug);
			return undefined;
		}
		const fingerprint = `${contentHash(stored)}:${engine.fingerprint}`;
		const cached = this.#documents.get(slug);
		if (cached?.transcript.fingerprint === fingerprint) {
			cached.stamp = stamp;
			return this.#touch(slug, cached).transcript;
		}
		const result = await this.#build(stored, engine);
		const transcript = new LoadedTranscript(slug, stored.meta, result, fingerprint);
		this.#forget(slug);
		this.#touch(slug, { transcript, stamp, bytes: transcript.bytes });
		return transcript;
	}

	/** Builds a document off the request path (see `DocumentBuilder`), or says why it cannot. */
	async #build(stored: StoredTranscript, engine: EngineData): Promise<BuildResult> {
		const unshown = (tooLarge: string) => ({ tooLarge, title: null, turns: 0, findings: 0 });
		if (stored.size > MAX_FILE_BYTES) {
			const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
			return unshown(
				`the file has ${mb(stored.size)}; the reader reads at most ${mb(MAX_FILE_BYTES)}`
			);
		}
		const job = { slug: stored.slug, text: stored.text, engine };
		return this.#builder.build(job).catch((error: Error) => unshown(error.message));
	}

	/** Why the reader could not show `text`, or undefined when it could (see `MAX_BLOCKS`). */
	async tooLarge(text: string): Promise<string | undefined> {
		const stored = { slug: 'upload', text, meta: {}, size: Buffer.byteLength(text) };
		const result = await this.#build(stored, (await this.#engine()).data);
		return 'tooLarge' in result ? result.tooLarge : undefined;
	}

	/** Saves a new transcript under a free slug derived from `name`, and returns the slug. */
	async save(name: string, text: string, meta: TranscriptMeta): Promise<string> {
		await this.#ready;
		const slug = await saveTranscript(name, text, meta, this.transcriptsDir);
		// Indexed in the background: the upload is answered at once (with the reader's page).
		void this.#updateIndex({ now: true });
		return slug;
	}

	/** Marks `slug` most recently read and evicts the least recently read past the bound. */
	#touch(slug: string, entry: CachedTranscript): CachedTranscript {
		if (this.#documents.delete(slug)) this.#cachedBytes -= entry.bytes;
		this.#documents.set(slug, entry);
		this.#cachedBytes += entry.bytes;
		for (const [oldest, old] of this.#documents) {
			if (this.#cachedBytes <= this.#cacheBytes || oldest === slug) break;
			this.#forget(oldest, old);
		}
		return entry;
	}

	#forget(slug: string, entry = this.#documents.get(slug)): void {
		if (entry && this.#documents.delete(slug)) this.#cachedBytes -= entry.bytes;
	}
}

export function createLibrary(options: LibraryOptions): Library {
	return new Library(options);
}
