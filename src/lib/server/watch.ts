import { watch, type FSWatcher } from 'node:fs';

/** Even with a watcher, cached files are re-checked this often, in case an event was missed. */
const RECHECK_MS = 2000;

/** When a cache entry was last checked against the disk. */
export interface Stamp {
	generation: number;
	at: number;
}

/**
 * Tells caches whether a folder may have changed since they last looked, so a page view
 * costs no file-system call while nothing changes (stat-ing every file on every request was
 * most of the reader's server time). Any event in the folder invalidates every stamp;
 * without a working watcher no stamp is ever fresh.
 */
export class FolderWatch {
	private generation = 0;
	private watching = false;
	private watcher?: FSWatcher;

	constructor(dir: string) {
		try {
			this.watcher = watch(dir, { persistent: false }, () => this.generation++);
			this.watcher.on('error', () => {
				this.watching = false;
			});
			this.watching = true;
		} catch {
			// No watcher (folder missing, unsupported file system): always check the disk.
		}
	}

	close(): void {
		this.watching = false;
		this.watcher?.close();
	}

	stamp(): Stamp {
		return { generation: this.generation, at: Date.now() };
	}

	isFresh(stamp: Stamp | undefined): boolean {
		return (
			this.watching &&
			stamp !== undefined &&
			stamp.generation === this.generation &&
			Date.now() - stamp.at < RECHECK_MS
		);
	}
}
