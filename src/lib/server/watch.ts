import { statSync, watch, type FSWatcher } from 'node:fs';

/** Even with a watcher, cached files are re-checked this often, in case an event was missed. */
const RECHECK_MS = 2000;
/**
 * Watchers were seen to stop silently after long use (no inotify watch left, no error): each
 * is replaced this often, and at once when it reports an error or closes.
 */
const REARM_MS = 10 * 60 * 1000;
const RETRY_MS = 5000;

/** When a cache entry was last checked against the disk. */
export interface Stamp {
	generation: number;
	at: number;
}

/**
 * Tells caches whether a folder may have changed since they last looked, so a page view
 * costs no file-system call while nothing changes (stat-ing every file on every request was
 * most of the reader's server time). Any event in the folder invalidates every stamp; without
 * a working watcher (or with `enabled: false`) no stamp is ever fresh, and callers go to the
 * disk. Even a working watcher is only trusted for `RECHECK_MS`, so a missed event costs at
 * most that much delay.
 */
export class FolderWatch {
	#generation = 0;
	#watcher?: FSWatcher;
	#timer?: ReturnType<typeof setTimeout>;
	#closed = false;

	#retryMs: number;

	constructor(
		private dir: string,
		{ enabled = true, retryMs = RETRY_MS }: { enabled?: boolean; retryMs?: number } = {}
	) {
		this.#retryMs = retryMs;
		if (enabled) this.#arm();
		else this.#closed = true;
	}

	/** Counts the changes seen (and each time the watcher was replaced). */
	get generation(): number {
		return this.#generation;
	}

	/** Whether a watcher is running now. */
	get watching(): boolean {
		return this.#watcher !== undefined;
	}

	close(): void {
		this.#closed = true;
		clearTimeout(this.#timer);
		this.#drop();
	}

	stamp(): Stamp {
		return { generation: this.#generation, at: Date.now() };
	}

	isFresh(stamp: Stamp | undefined): boolean {
		return (
			this.watching &&
			stamp !== undefined &&
			stamp.generation === this.#generation &&
			Date.now() - stamp.at < RECHECK_MS
		);
	}

	/** Starts a watcher (replacing any), and schedules the next replacement or retry. */
	#arm(): void {
		this.#drop();
		clearTimeout(this.#timer);
		if (this.#closed) return;
		try {
			const { ino } = statSync(this.dir);
			const lost = () => {
				if (this.#watcher !== watcher) return;
				this.#drop();
				this.#schedule(this.#retryMs);
			};
			const watcher = watch(this.dir, { persistent: false }, (event) => {
				this.#generation++;
				// The folder itself removed or replaced: its watcher would go silent for good.
				if (event === 'rename' && statSync(this.dir, { throwIfNoEntry: false })?.ino !== ino)
					lost();
			});
			watcher.on('error', lost).on('close', lost);
			this.#watcher = watcher;
			// Whatever happened while no watcher ran is unknown: nothing cached before is fresh.
			this.#generation++;
			this.#schedule(REARM_MS);
		} catch {
			// No watcher (folder missing, no inotify watch left): check the disk, try again later.
			this.#schedule(this.#retryMs);
		}
	}

	#schedule(ms: number): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.#arm(), ms).unref();
	}

	#drop(): void {
		const watcher = this.#watcher;
		this.#watcher = undefined;
		watcher?.close();
	}
}
