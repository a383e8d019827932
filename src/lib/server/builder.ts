import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { findingsOf, markDocument } from '../document/mark';
import { formatCount } from '../view/format';
import { glossaryWords, QualityChecker, type QualityRules } from '../flags/checks';
import { englishWords } from './english';
import { GlossaryMatcher } from '../glossary/matcher';
import type { GlossaryEntry } from '../glossary/types';
import type { MarkedDocument } from '../document/model';
import { dictionary } from '../suggest/dictionary';
import { Suggester } from '../suggest/suggester';

/**
 * What one transcript may hold and still be shown: the longest real interview here has 148
 * turns and 100 corrections. Past these a page would run to tens of megabytes (100,000 lines of
 * `A:` rendered as a 30 MB page), so the reader says the transcript is too large instead.
 */
export const MAX_BLOCKS = 3_000;
export const MAX_FINDINGS = 5_000;
/** A document taking longer than this to build is given up on (its worker is stopped). */
export const BUILD_TIMEOUT_MS = 10_000;

/** What documents are built with: the glossary and the flag rules, as plain data. */
export interface EngineData {
	/** Names this version of the glossary and rules. */
	fingerprint: string;
	entries: GlossaryEntry[];
	rules: Pick<QualityRules, 'rules' | 'repetitions'>;
}

/** The glossary, the flag checks and (for the reader) the suggester, compiled. */
export interface Engine {
	fingerprint: string;
	matcher: GlossaryMatcher;
	checker: QualityChecker;
	suggester?: Suggester;
}

/**
 * Compiles the glossary, the flag checks and the suggester; without `suggest`, no suggester
 * (the archive index keeps no suggestions: they are the reader's, and cost 30 times a
 * normalization).
 */
export function compile(
	{ fingerprint, entries, rules }: EngineData,
	{ suggest = true }: { suggest?: boolean } = {}
): Engine {
	const english = englishWords();
	const checker = new QualityChecker(rules, { english, known: glossaryWords(entries) });
	const suggester = suggest
		? new Suggester(entries, dictionary(), (word) => english.has(word))
		: undefined;
	return { fingerprint, matcher: new GlossaryMatcher(entries), checker, suggester };
}

export interface BuildJob {
	slug: string;
	text: string;
	/** Only its fingerprint when the worker has compiled this version already. */
	engine: EngineData | { fingerprint: string };
}

/** A built document, or why there is none and what could be counted. */
export type BuildResult =
	| { doc: MarkedDocument }
	| { tooLarge: string; title: string | null; turns: number; findings: number };

/** Builds a document, or refuses one past the limits above. Pure; used by the worker below. */
export function buildDocument(text: string, slug: string, engine: Engine): BuildResult {
	const doc = markDocument(text, engine.matcher, { transcript: slug, ...engine });
	const findings = findingsOf(doc).length;
	const blocks = doc.blocks.length;
	if (blocks <= MAX_BLOCKS && findings <= MAX_FINDINGS) return { doc };
	return {
		tooLarge:
			blocks > MAX_BLOCKS
				? `it has ${formatCount(blocks)} paragraphs and turns; the reader shows at most ${formatCount(MAX_BLOCKS)}`
				: `it has ${formatCount(findings)} marks; the reader shows at most ${formatCount(MAX_FINDINGS)}`,
		title: doc.title?.raw ?? null,
		turns: doc.blocks.filter((b) => b.type === 'turn').length,
		findings
	};
}

/**
 * Builds documents on a worker thread, one at a time, so that no transcript, however large or
 * dense, holds up the requests of other readers, and one that takes too long is given up on.
 * Where no worker can be started from this module (the dev server and unit tests run it as
 * TypeScript), documents are built on the calling thread.
 */
export class DocumentBuilder {
	#worker?: Worker;
	/** The engine version the worker has compiled. */
	#workerEngine?: string;
	#queue: Promise<unknown> = Promise.resolve();
	/** The compiled engine, when documents are built on this thread. */
	#local?: Engine;
	readonly threaded = import.meta.url.endsWith('.js');

	build(job: { slug: string; text: string; engine: EngineData }): Promise<BuildResult> {
		const run = () => (this.threaded ? this.#onWorker(job) : this.#here(job));
		const result = this.#queue.then(run, run);
		this.#queue = result.catch(() => {});
		return result;
	}

	close(): void {
		void this.#worker?.terminate();
		this.#worker = undefined;
		this.#workerEngine = undefined;
	}

	#here({ slug, text, engine }: { slug: string; text: string; engine: EngineData }): BuildResult {
		if (this.#local?.fingerprint !== engine.fingerprint) this.#local = compile(engine);
		return buildDocument(text, slug, this.#local);
	}

	#onWorker(job: { slug: string; text: string; engine: EngineData }): Promise<BuildResult> {
		const worker = (this.#worker ??= startWorker());
		return new Promise((resolve, reject) => {
			const fail = (message: string) => {
				cleanup();
				this.close();
				reject(new Error(message));
			};
			const timer = setTimeout(
				() => fail(`reading this transcript took longer than ${BUILD_TIMEOUT_MS / 1000} s`),
				BUILD_TIMEOUT_MS
			);
			const onMessage = (result: BuildResult) => {
				cleanup();
				resolve(result);
			};
			const onError = (error: Error) => fail(`reading this transcript failed: ${error.message}`);
			const onExit = () => fail('reading this transcript stopped its worker');
			const cleanup = () => {
				clearTimeout(timer);
				worker.off('message', onMessage).off('error', onError).off('exit', onExit);
			};
			worker.on('message', onMessage).on('error', onError).on('exit', onExit);
			// The glossary and rules are sent only when the worker has not compiled this version.
			const { fingerprint } = job.engine;
			const message: BuildJob =
				this.#workerEngine === fingerprint ? { ...job, engine: { fingerprint } } : job;
			worker.postMessage(message);
			this.#workerEngine = fingerprint;
		});
	}
}

const WORKER_ROLE = 'transcript-reader/document-builder';

function startWorker(): Worker {
	const worker = new Worker(new URL(import.meta.url), {
		workerData: { role: WORKER_ROLE },
		// A runaway document fails its worker, not the server.
		resourceLimits: { maxOldGenerationSizeMb: 1024 }
	});
	// An idle worker must not keep the server from exiting on SIGTERM.
	worker.unref();
	return worker;
}

// The worker: this same module, started by `DocumentBuilder` with `workerData.role`.
if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
	let current: Engine | undefined;
	parentPort!.on('message', ({ slug, text, engine }: BuildJob) => {
		if ('entries' in engine) current = compile(engine);
		parentPort!.postMessage(buildDocument(text, slug, current!));
	});
}
