import type { ReaderData } from './types';

/**
 * Where the reader page gets its data. On the server it carries the data itself; the
 * `transport` hook (src/hooks.ts) sends the browser only the URL, which names the data's
 * version so the browser may cache it for good. Embedding the ~100 KB of data in every page
 * instead was most of the page's server time (see README, Benchmarks).
 */
export class ReaderSource {
	constructor(
		readonly url: string,
		readonly data?: ReaderData
	) {}
}
