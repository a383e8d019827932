import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module at `url` (pass `import.meta.url`), which tells by its
 * `workerData` that it is the worker. Run as TypeScript (`npm run cli` through tsx, the dev
 * server, the tests), the worker registers tsx's loader before importing the module.
 */
export function startWorker(url: string, options: WorkerOptions): Worker {
	if (!url.endsWith('.ts')) return new Worker(new URL(url), options);
	const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`;
	return new Worker(source, { ...options, eval: true });
}
