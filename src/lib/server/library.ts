import { createHash } from 'node:crypto';
import { markDocument, paragraphsOf, toContract } from '../document';
import { isCorrection } from '../finding';
import { loadGlossary } from '../glossary/load';
import { GlossaryMatcher } from '../glossary/matcher';
import type { Glossary } from '../glossary/types';
import type { MarkedDocument, TranscriptDocument, TranscriptMeta } from '../types';
import { readGlossaryFiles } from './glossary';
import {
	cleanLeftovers,
	listSlugs,
	readTranscript,
	saveTranscript,
	type StoredTranscript
} from './transcripts';
import { FolderWatch, type Stamp } from './watch';

export interface LibraryOptions {
	transcriptsDir: string;
	glossaryDir: string;
	/** Memory for built documents, estimated in bytes; the least recently read go first. */
	cacheBytes?: number;
}

const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

export interface LoadedGlossary {
	glossary: Glossary;
	matcher: GlossaryMatcher;
	/** A hash of every glossary file's name and text. */
	fingerprint: string;
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

/**
 * A transcript as built from its files and the glossary: the marked document, and what is
 * derived from it, computed when first asked for and kept as long as the transcript is.
 */
export class LoadedTranscript {
	#contract?: TranscriptDocument;
	#usage?: Map<string, number>;

	constructor(
		readonly slug: string,
		readonly meta: TranscriptMeta,
		readonly doc: MarkedDocument,
		/** A hash of the text, metadata and glossary this was built from. */
		readonly fingerprint: string
	) {}

	/** The public JSON contract (`npm run cli -- parse`, `/api/transcripts/<slug>`). */
	get contract(): TranscriptDocument {
		return (this.#contract ??= toContract(this.doc));
	}

	/** How often each glossary entry corrected something here. */
	get usage(): Map<string, number> {
		if (!this.#usage) {
			this.#usage = new Map();
			for (const f of paragraphsOf(this.doc).flatMap((p) => p.findings)) {
				if (isCorrection(f)) this.#usage.set(f.rule, (this.#usage.get(f.rule) ?? 0) + 1);
			}
		}
		return this.#usage;
	}

	get summary(): TranscriptSummary {
		const { meta, doc } = this;
		return {
			slug: this.slug,
			title: meta.title ?? this.contract.title?.normalized ?? this.slug,
			date: meta.date ? String(meta.date) : null,
			outlet: meta.outlet ?? null,
			sourceLanguage: meta.source_language ?? null,
			machineTranslated: meta.machine_translated ?? false,
			turns: doc.blocks.filter((b) => b.type === 'turn').length,
			speakers: doc.speakers.map((s) => s.name),
			corrections: this.contract.corrections
		};
	}

	/** Rough memory held, for the cache's bound: the text, its copies and its findings. */
	get bytes(): number {
		const paragraphs = paragraphsOf(this.doc);
		const text = paragraphs.reduce((n, p) => n + p.raw.length, 0);
		const findings = paragraphs.reduce((n, p) => n + p.findings.length, 0);
		return text * 8 + findings * 400 + paragraphs.length * 200;
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
	#glossaryWatch: FolderWatch;
	#transcriptsWatch: FolderWatch;
	#glossary?: { loaded: LoadedGlossary; stamp: Stamp };
	#reloading?: Promise<LoadedGlossary>;
	/** In least recently read order. */
	#documents = new Map<string, CachedTranscript>();
	#cachedBytes = 0;
	#ready: Promise<unknown>;

	constructor({ transcriptsDir, glossaryDir, cacheBytes = DEFAULT_CACHE_BYTES }: LibraryOptions) {
		this.transcriptsDir = transcriptsDir;
		this.glossaryDir = glossaryDir;
		this.#cacheBytes = cacheBytes;
		this.#glossaryWatch = new FolderWatch(glossaryDir);
		this.#transcriptsWatch = new FolderWatch(transcriptsDir);
		this.#ready = cleanLeftovers(transcriptsDir).catch(() => []);
	}

	/** Estimated bytes of the documents held now (at most the `cacheBytes` bound, plus one). */
	get cachedBytes(): number {
		return this.#cachedBytes;
	}

	close(): void {
		this.#glossaryWatch.close();
		this.#transcriptsWatch.close();
	}

	/**
	 * The glossary, re-read when its folder changed. A folder that cannot be read fails only the
	 * requests made while it cannot: the last good glossary is served with the problem reported,
	 * and the next request tries again.
	 */
	async glossary(): Promise<LoadedGlossary> {
		const current = this.#glossary;
		if (current && this.#glossaryWatch.isFresh(current.stamp)) return current.loaded;
		this.#reloading ??= this.#reloadGlossary().finally(() => (this.#reloading = undefined));
		return this.#reloading;
	}

	async #reloadGlossary(): Promise<LoadedGlossary> {
		const stamp = this.#glossaryWatch.stamp();
		const last = this.#glossary?.loaded;
		try {
			const files = await readGlossaryFiles(this.glossaryDir);
			const fingerprint = hash(files.flatMap((f) => [f.name, f.text]));
			let loaded = last;
			if (loaded?.fingerprint !== fingerprint) {
				const glossary = loadGlossary(files);
				loaded = { glossary, matcher: new GlossaryMatcher(glossary.entries), fingerprint };
			}
			this.#glossary = { loaded, stamp };
			return loaded;
		} catch (error) {
			if (!last) throw error;
			const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
			const problem = {
				file: '',
				line: 0,
				entry: '-',
				field: '',
				message: `cannot read the glossary folder (${reason}); showing the last glossary read`
			};
			return {
				...last,
				glossary: { ...last.glossary, problems: [problem, ...last.glossary.problems] }
			};
		}
	}

	/** The transcript named `slug`, built with the current glossary, or undefined if none. */
	async transcript(slug: string): Promise<LoadedTranscript | undefined> {
		const { matcher, fingerprint: glossaryPrint } = await this.glossary();
		const cached = this.#documents.get(slug);
		if (
			cached &&
			cached.transcript.fingerprint.endsWith(glossaryPrint) &&
			this.#transcriptsWatch.isFresh(cached.stamp)
		) {
			return this.#touch(slug, cached).transcript;
		}
		const stamp = this.#transcriptsWatch.stamp();
		const stored = await readTranscript(slug, this.transcriptsDir);
		if (!stored) {
			this.#forget(slug);
			return undefined;
		}
		const fingerprint = `${hash([stored.text, JSON.stringify(stored.meta)])}:${glossaryPrint}`;
		if (cached?.transcript.fingerprint === fingerprint) {
			cached.stamp = stamp;
			return this.#touch(slug, cached).transcript;
		}
		const transcript = build(stored, matcher, fingerprint);
		this.#forget(slug);
		this.#touch(slug, { transcript, stamp, bytes: transcript.bytes });
		return transcript;
	}

	/** Every transcript, by slug. */
	async transcripts(): Promise<LoadedTranscript[]> {
		await this.#ready;
		const all = await Promise.all(
			(await listSlugs(this.transcriptsDir)).map((s) => this.transcript(s))
		);
		return all.filter((t) => t !== undefined);
	}

	/** How often each glossary entry fired in each transcript: entry id → slug → count. */
	async usage(): Promise<Record<string, Record<string, number>>> {
		const usage: Record<string, Record<string, number>> = {};
		for (const { slug, usage: counts } of await this.transcripts()) {
			for (const [entry, count] of counts) (usage[entry] ??= {})[slug] = count;
		}
		return usage;
	}

	/** Saves a new transcript under a free slug derived from `name`, and returns the slug. */
	async save(name: string, text: string, meta: TranscriptMeta): Promise<string> {
		await this.#ready;
		return saveTranscript(name, text, meta, this.transcriptsDir);
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

function build(stored: StoredTranscript, matcher: GlossaryMatcher, fingerprint: string) {
	const doc = markDocument(stored.text, matcher, { transcript: stored.slug });
	return new LoadedTranscript(stored.slug, stored.meta, doc, fingerprint);
}

function hash(parts: string[]): string {
	const h = createHash('sha256');
	for (const part of parts) h.update(part).update('\0');
	return h.digest('base64url').slice(0, 22);
}
