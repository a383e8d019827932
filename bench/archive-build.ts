/**
 * `archive.build`: the documents indexing builds, built the way its workers build them — as
 * many worker threads, batches of 16 transcripts taken in turn, each read and then built with
 * `buildDocument` (parse, normalize, flags; no suggestions) — and not written: no index rows, no
 * SQLite. `archive.index` over this is what the index costs on top of the documents.
 */
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { buildDocument, compile, type EngineData } from '../src/lib/server/builder';
import { listSlugs, MAX_FILE_BYTES, readTranscript } from '../src/lib/server/transcripts';
import { startWorker } from '../src/lib/server/worker';

const ROLE = 'transcript-reader/bench-build';
/** Transcripts a worker takes at once: BATCH of src/lib/server/indexer.ts. */
const BATCH = 16;

interface Reply {
	transcripts: number;
	bytes: number;
	blocks: number;
	error?: string;
}

/** Builds every transcript of `transcriptsDir` on `workers` threads; wall-clock seconds. */
export async function buildArchive(options: {
	transcriptsDir: string;
	engine: EngineData;
	workers: number;
}): Promise<{ seconds: number; transcripts: number; bytes: number; blocks: number }> {
	const start = process.hrtime.bigint();
	const slugs = await listSlugs(options.transcriptsDir);
	const threads = Math.max(1, Math.min(options.workers, Math.ceil(slugs.length / BATCH)));
	const total = { transcripts: 0, bytes: 0, blocks: 0 };
	const workers: Worker[] = [];
	let next = 0;
	try {
		await Promise.all(
			Array.from({ length: threads }, async () => {
				const worker = startWorker(import.meta.url, {
					workerData: { role: ROLE, transcriptsDir: options.transcriptsDir, engine: options.engine }
				});
				workers.push(worker);
				for (let i = next; i < slugs.length; i = next) {
					next += BATCH;
					const reply = await new Promise<Reply>((resolve, reject) => {
						const onExit = (code: number) =>
							reject(new Error(`a build worker stopped (exit code ${code})`));
						worker.once('error', reject).once('exit', onExit);
						worker.once('message', (r: Reply) => {
							worker.off('error', reject).off('exit', onExit);
							if (r.error) reject(new Error(r.error));
							else resolve(r);
						});
						worker.postMessage(slugs.slice(i, i + BATCH));
					});
					total.transcripts += reply.transcripts;
					total.bytes += reply.bytes;
					total.blocks += reply.blocks;
				}
			})
		);
	} finally {
		await Promise.all(workers.map((w) => w.terminate()));
	}
	return { seconds: Number(process.hrtime.bigint() - start) / 1e9, ...total };
}

// The worker: this module, started by buildArchive.
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
	const { transcriptsDir, engine: data } = workerData as {
		transcriptsDir: string;
		engine: EngineData;
	};
	const engine = compile(data, { suggest: false });
	parentPort!.on('message', async (batch: string[]) => {
		try {
			// As the indexer does: read at once, then build one by one.
			const reads = await Promise.all(batch.map((slug) => readTranscript(slug, transcriptsDir)));
			const reply: Reply = { transcripts: 0, bytes: 0, blocks: 0 };
			for (const [i, stored] of reads.entries()) {
				if (!stored || stored.size > MAX_FILE_BYTES) continue;
				const built = buildDocument(stored.text, batch[i]!, engine);
				reply.transcripts++;
				reply.bytes += stored.size;
				reply.blocks += 'doc' in built ? built.doc.blocks.length : built.turns;
			}
			parentPort!.postMessage(reply);
		} catch (error) {
			parentPort!.postMessage({ error: `building failed: ${(error as Error).message}` });
		}
	});
}
