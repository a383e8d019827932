import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadGlossary, type GlossaryFile } from '../glossary/load';
import { GlossaryMatcher } from '../glossary/matcher';
import type { Glossary, GlossaryProblem } from '../glossary/types';
import { FolderWatch, type Stamp } from './watch';

/** Glossary files are the YAML files of the glossary folder (not its subfolders). */
export const isGlossaryFile = (name: string) => /\.ya?ml$/i.test(name);

/** Every glossary file of a folder with its text, by name. */
export async function readGlossaryFiles(dir: string): Promise<GlossaryFile[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	const names = entries.filter((e) => e.isFile() && isGlossaryFile(e.name)).map((e) => e.name);
	return Promise.all(
		names.sort().map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') }))
	);
}

/** A glossary folder, read and validated (see `loadGlossary`). */
export async function readGlossary(dir: string): Promise<Glossary> {
	return loadGlossary(await readGlossaryFiles(dir));
}

export interface LoadedGlossary {
	glossary: Glossary;
	matcher: GlossaryMatcher;
	/** A hash of every glossary file's name and text. */
	fingerprint: string;
}

/** How long files must stay the same before a changed glossary is taken, and how often to look. */
const SETTLE_MS = 150;
const SETTLE_TRIES = 20;
/** How long a request waits for a changed glossary before the previous one is served. */
const WAIT_MS = 400;

/**
 * The glossary of a folder, kept current as editors change it, never half-read: a change is
 * taken once the files stay the same for `SETTLE_MS` (an editor rewriting a file in place was
 * read mid-write), and a file that is no longer whole YAML, or suddenly empty, is replaced by
 * its last whole version, with a problem saying so, until it is whole again. A folder that
 * cannot be read at all fails only while it cannot: the last glossary is served meanwhile.
 */
export class GlossarySource {
	#watch: FolderWatch;
	/** What is served, and when the files were last compared with it. */
	#current?: { loaded: LoadedGlossary; stamp: Stamp };
	/** The last glossary read from the files. */
	#good?: LoadedGlossary;
	#reloading?: Promise<LoadedGlossary>;
	/** The last whole text of each file. */
	#whole = new Map<string, string>();

	constructor(
		readonly dir: string,
		{ watch = true }: { watch?: boolean } = {}
	) {
		this.#watch = new FolderWatch(dir, { enabled: watch });
	}

	close(): void {
		this.#watch.close();
	}

	/**
	 * The glossary. When its files may have changed they are read again; a reader waits for
	 * that at most `WAIT_MS` (an edit shows on the next page), after which the glossary read
	 * before is served: readers never wait for an editor still typing.
	 */
	async current(): Promise<LoadedGlossary> {
		const current = this.#current;
		if (current && this.#watch.isFresh(current.stamp)) return current.loaded;
		const reloading = (this.#reloading ??= this.#reload().finally(
			() => (this.#reloading = undefined)
		));
		if (!current) return reloading;
		const stale = new Promise<LoadedGlossary>((r) => setTimeout(() => r(current.loaded), WAIT_MS));
		return Promise.race([reloading.catch(() => current.loaded), stale]);
	}

	async #reload(): Promise<LoadedGlossary> {
		const stamp = this.#watch.stamp();
		const good = this.#good;
		try {
			const files = await this.#readSettled(good?.fingerprint);
			const fingerprint = fingerprintOf(files);
			this.#good = good?.fingerprint === fingerprint ? good : this.#load(files, fingerprint);
			this.#current = { loaded: this.#good, stamp };
		} catch (error) {
			if (!good) throw error;
			const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
			// Not fresh: the next request tries again.
			const problem = folderProblem(
				`cannot read the glossary folder (${reason}); the last glossary read is used`
			);
			const problems = [problem, ...good.glossary.problems];
			const stale = { ...stamp, at: 0 };
			this.#current = {
				loaded: { ...good, glossary: { ...good.glossary, problems } },
				stamp: stale
			};
		}
		return this.#current.loaded;
	}

	/**
	 * The files once two reads `SETTLE_MS` apart agree (at once when they did not change since
	 * `known`); files that never stop changing are not taken at all.
	 */
	async #readSettled(known: string | undefined): Promise<GlossaryFile[]> {
		let files = await readGlossaryFiles(this.dir);
		if (known === undefined || fingerprintOf(files) === known) return files;
		for (let i = 0; i < SETTLE_TRIES; i++) {
			await new Promise((r) => setTimeout(r, SETTLE_MS));
			const again = await readGlossaryFiles(this.dir);
			if (fingerprintOf(again) === fingerprintOf(files)) return again;
			files = again;
		}
		throw new Error(`its files kept changing for ${(SETTLE_MS * SETTLE_TRIES) / 1000} s`);
	}

	#load(files: GlossaryFile[], fingerprint: string): LoadedGlossary {
		const first = loadGlossary(files);
		const broken = new Map<string, string>();
		for (const p of first.problems) if (p.entry === '-') broken.set(p.file, p.message);
		for (const f of files) {
			if (f.text.trim() === '' && this.#whole.get(f.name)?.trim())
				broken.set(f.name, 'it is empty');
		}
		const stale = files.filter((f) => broken.has(f.name) && this.#whole.has(f.name));
		for (const f of files) if (!broken.has(f.name)) this.#whole.set(f.name, f.text);
		let glossary = first;
		if (stale.length > 0) {
			const kept = files.map((f) =>
				broken.has(f.name) ? { ...f, text: this.#whole.get(f.name) ?? f.text } : f
			);
			const again = loadGlossary(kept);
			const notes = stale.map((f) =>
				fileProblem(
					f.name,
					`is not whole (${broken.get(f.name)}); its last whole version is used until it is`
				)
			);
			glossary = { entries: again.entries, problems: [...notes, ...again.problems] };
		}
		return { glossary, matcher: new GlossaryMatcher(glossary.entries), fingerprint };
	}
}

function fingerprintOf(files: GlossaryFile[]): string {
	const h = createHash('sha256');
	for (const f of files) h.update(f.name).update('\0').update(f.text).update('\0');
	return h.digest('base64url').slice(0, 22);
}

const folderProblem = (message: string): GlossaryProblem => fileProblem('', message);
function fileProblem(file: string, message: string): GlossaryProblem {
	return { file, line: 0, entry: '-', field: '', message };
}
