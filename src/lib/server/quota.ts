import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * At most `limit` actions per key (a client address) in any `windowMs`: a sliding window of
 * the times of the last actions, kept in memory for the keys seen lately.
 */
export class RateLimiter {
	#times = new Map<string, number[]>();

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Counts an action for `key`; returns undefined when allowed, else seconds until it would be. */
	take(key: string, now = Date.now()): number | undefined {
		const recent = (this.#times.get(key) ?? []).filter((t) => now - t < this.windowMs);
		if (recent.length >= this.limit) {
			this.#times.set(key, recent);
			return Math.ceil((recent[0]! + this.windowMs - now) / 1000);
		}
		recent.push(now);
		this.#times.set(key, recent);
		if (this.#times.size > 10_000) this.#forgetIdle(now);
		return undefined;
	}

	#forgetIdle(now: number): void {
		for (const [key, times] of this.#times) {
			if (times.every((t) => now - t >= this.windowMs)) this.#times.delete(key);
		}
	}
}

/** Bytes of the plain files in a folder (not its subfolders). */
export async function folderBytes(dir: string): Promise<number> {
	const entries = await readdir(dir, { withFileTypes: true });
	const sizes = await Promise.all(
		entries
			.filter((e) => e.isFile())
			.map((e) =>
				lstat(path.join(dir, e.name)).then(
					(s) => s.size,
					() => 0
				)
			)
	);
	return sizes.reduce((a, b) => a + b, 0);
}
