import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FolderWatch, type Stamp } from './watch';

export interface YamlFile {
	/** File name inside the folder, e.g. `people.yaml`. */
	name: string;
	text: string;
}

/** Something to tell editors about a file (or, with no file, the folder) in their problems. */
export interface Note {
	file: string;
	message: string;
}

export const isYamlFile = (name: string) => /\.ya?ml$/i.test(name);

/** Every `*.yaml`/`*.yml` plain file of a folder (not its subfolders, no links), by name. */
export async function readYamlFiles(dir: string): Promise<YamlFile[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	const names = entries.filter((e) => e.isFile() && isYamlFile(e.name)).map((e) => e.name);
	return Promise.all(
		names.sort().map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') }))
	);
}

/** How long files must stay the same before a change is taken, and how many times to look. */
const SETTLE_MS = 300;
const SETTLE_TRIES = 20;
/** How long a request waits for a changed folder before the previous version is served. */
const WAIT_MS = 600;

/**
 * A folder of YAML files that editors maintain (the glossary, the flag rules), kept current as
 * they change it, never half-read: a change is taken once no file has been written for
 * `SETTLE_MS` (an editor rewriting a file in place was read mid-write), and a file that is no
 * longer whole (not YAML, not a list, or suddenly empty) is replaced by its last whole version,
 * with a note saying so, until it is whole again. A folder that cannot be read fails only
 * while it cannot: the last version is served meanwhile, with a note. Subclasses say what the
 * files mean (`load`).
 */
export abstract class YamlFolder<T> {
	#watch: FolderWatch;
	/** What is served, and when the files were last compared with it. */
	#current?: { loaded: T & { fingerprint: string }; stamp: Stamp };
	/** The last version read from the files. */
	#good?: T & { fingerprint: string };
	#reloading?: Promise<T & { fingerprint: string }>;
	/** The last whole text of each file. */
	#whole = new Map<string, string>();

	constructor(
		readonly dir: string,
		/** What the folder holds, for notes: `glossary`, `rules`. */
		private what: string,
		{ watch = true }: { watch?: boolean } = {}
	) {
		this.#watch = new FolderWatch(dir, { enabled: watch });
	}

	/** What the files mean; `broken` names the files that are not whole, with why. */
	protected abstract load(
		files: YamlFile[],
		notes: Note[]
	): { value: T; broken: Map<string, string> };

	/** `value` with a note about the folder put first among its problems. */
	protected abstract withNote(value: T, note: Note): T;

	close(): void {
		this.#watch.close();
	}

	/**
	 * The current version. When the files may have changed they are read again; a reader waits
	 * for that at most `WAIT_MS` (an edit shows on the next page), after which the version read
	 * before is served: readers never wait for an editor still typing.
	 */
	async current(): Promise<T & { fingerprint: string }> {
		const current = this.#current;
		if (current && this.#watch.isFresh(current.stamp)) return current.loaded;
		const reloading = (this.#reloading ??= this.#reload().finally(
			() => (this.#reloading = undefined)
		));
		if (!current) return reloading;
		const stale = new Promise<typeof current.loaded>((r) =>
			setTimeout(() => r(current.loaded), WAIT_MS)
		);
		return Promise.race([reloading.catch(() => current.loaded), stale]);
	}

	async #reload(): Promise<T & { fingerprint: string }> {
		const stamp = this.#watch.stamp();
		const good = this.#good;
		try {
			const files = await this.#readSettled(good?.fingerprint);
			const fingerprint = fingerprintOf(files);
			this.#good =
				good?.fingerprint === fingerprint ? good : { ...this.#loadWhole(files), fingerprint };
			this.#current = { loaded: this.#good, stamp };
		} catch (error) {
			if (!good) throw error;
			const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
			const note = {
				file: '',
				message: `cannot read the ${this.what} folder (${reason}); the last version read is used`
			};
			// Not fresh: the next request tries again.
			this.#current = {
				loaded: { ...this.withNote(good, note), fingerprint: good.fingerprint },
				stamp: { ...stamp, at: 0 }
			};
		}
		return this.#current.loaded;
	}

	/**
	 * The files once none of them has been written for `SETTLE_MS` (at once when they did not
	 * change since `known`); files that never stop changing are not taken at all. By their
	 * modification times, not by comparing two reads: an editor that writes in a rhythm can show
	 * the same half-written file to two reads.
	 */
	async #readSettled(known: string | undefined): Promise<YamlFile[]> {
		for (let i = 0; i < SETTLE_TRIES; i++) {
			const files = await readYamlFiles(this.dir);
			if (known === undefined || fingerprintOf(files) === known) return files;
			const times = await Promise.all(
				files.map((f) =>
					stat(path.join(this.dir, f.name)).then(
						(s) => s.mtimeMs,
						() => Date.now()
					)
				)
			);
			const quiet = Date.now() - Math.max(0, ...times);
			if (quiet >= SETTLE_MS) return files;
			await new Promise((r) => setTimeout(r, SETTLE_MS - quiet));
		}
		throw new Error(`its files kept changing for ${(SETTLE_MS * SETTLE_TRIES) / 1000} s`);
	}

	/** `load`, with the last whole version of each file that is not whole now. */
	#loadWhole(files: YamlFile[]): T {
		const first = this.load(files, []);
		const broken = new Map(first.broken);
		for (const f of files) {
			if (f.text.trim() === '' && this.#whole.get(f.name)?.trim())
				broken.set(f.name, 'it is empty');
		}
		for (const f of files) if (!broken.has(f.name)) this.#whole.set(f.name, f.text);
		const stale = files.filter((f) => broken.has(f.name) && this.#whole.has(f.name));
		if (stale.length === 0) return first.value;
		const kept = files.map((f) =>
			broken.has(f.name) ? { ...f, text: this.#whole.get(f.name)! } : f
		);
		const notes = stale.map((f) => ({
			file: f.name,
			message: `is not whole (${broken.get(f.name)}); its last whole version is used until it is`
		}));
		return this.load(kept, notes).value;
	}
}

function fingerprintOf(files: YamlFile[]): string {
	const h = createHash('sha256');
	for (const f of files) h.update(f.name).update('\0').update(f.text).update('\0');
	return h.digest('base64url').slice(0, 22);
}
