import {
	appendFileSync,
	cpSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizedText, paragraphsOf } from '../../src/lib/document/mark';
import { createLibrary, type Library, type LoadedTranscript } from '../../src/lib/server/library';
import { FolderWatch } from '../../src/lib/server/watch';
import { LU_KANG as LU, ROOT } from '../helpers';

const RULES = path.join(ROOT, 'rules');
/**
 * How long a test may wait for a library to notice a change or finish its work. A safety net
 * only: every wait is for a condition, and a loaded machine may take ten times as long.
 */
const PATIENCE = 120_000;

/** A library over fresh copies of the real glossary and transcripts. */
function copyLibrary(options: { cacheBytes?: number; watch?: boolean } = {}) {
	const dir = mkdtempSync(path.join(tmpdir(), 'library-'));
	const glossaryDir = path.join(dir, 'glossary');
	const transcriptsDir = path.join(dir, 'transcripts');
	cpSync(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
	cpSync(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	const dataDir = path.join(dir, 'data');
	const library = createLibrary({
		glossaryDir,
		transcriptsDir,
		rulesDir: RULES,
		dataDir,
		...options
	});
	opened.push(library);
	return { library, glossaryDir, transcriptsDir };
}
const opened: Library[] = [];
afterEach(() => opened.splice(0).forEach((l) => l.close()));

const texts = (t: LoadedTranscript | undefined) =>
	t?.doc ? paragraphsOf(t.doc).map(normalizedText).join('\n') : '';
const eventually = (check: () => Promise<void> | void) =>
	vi.waitFor(check, { timeout: PATIENCE, interval: 50 });

describe('a library', { timeout: 3 * PATIENCE }, () => {
	it('serves the same document object while nothing changes', async () => {
		const { library } = copyLibrary();
		const first = await library.transcript('china-canada-wang-yi-garneau');
		const second = await library.transcript('china-canada-wang-yi-garneau');
		expect(second).toBe(first);
		expect(await library.transcript('no-such-transcript')).toBeUndefined();
		expect(await library.transcript('../glossary/people')).toBeUndefined();
	});

	it('picks up an edited transcript, a new one and a deleted one', async () => {
		const { library, transcriptsDir } = copyLibrary();
		const file = path.join(transcriptsDir, 'china-canada-wang-yi-garneau.txt');
		appendFileSync(file, '\nShang Pengfei spoke last.\n');
		await eventually(async () => {
			expect(texts(await library.transcript('china-canada-wang-yi-garneau'))).toContain(
				'François-Philippe Champagne spoke last.'
			);
		});
		writeFileSync(path.join(transcriptsDir, 'fresh.txt'), 'Title\nQ: cummingkai?\nA: Yes.');
		expect(texts(await library.transcript('fresh'))).toContain('Michael Kovrig?');
		rmSync(path.join(transcriptsDir, 'fresh.txt'));
		await eventually(async () => expect(await library.transcript('fresh')).toBeUndefined());
	});

	it('rebuilds documents when the glossary changes, and reports a broken entry', async () => {
		const { library, glossaryDir } = copyLibrary();
		const before = await library.transcript('china-canada-wang-yi-garneau');
		appendFileSync(
			path.join(glossaryDir, 'terms.yaml'),
			'\n- id: fractured\n  canonical: Broken\n  kind: term\n  variants: [Fractured]\n- id: bad\n  canonical: Bad\n  kind: animal\n'
		);
		await eventually(async () => {
			expect(texts(await library.transcript('china-canada-wang-yi-garneau'))).toContain(
				'mend its Broken relations'
			);
		});
		expect(await library.transcript('china-canada-wang-yi-garneau')).not.toBe(before);
		const { glossary } = await library.glossary();
		expect(glossary.problems).toEqual([
			expect.objectContaining({ file: 'terms.yaml', entry: 'bad', field: 'kind' })
		]);
	});

	it('keeps a document whose files were rewritten with the same content', async () => {
		const { library, transcriptsDir } = copyLibrary();
		const file = path.join(transcriptsDir, 'china-canada-wang-yi-garneau.txt');
		const first = await library.transcript('china-canada-wang-yi-garneau');
		// A watcher of the same folder is told in the same turn as the library's: once it has
		// been, the library has been too, and goes to the disk for the next request.
		const watch = new FolderWatch(transcriptsDir);
		const seen = watch.generation;
		writeFileSync(file, readFileSync(file));
		await eventually(() => expect(watch.generation).toBeGreaterThan(seen));
		watch.close();
		expect(await library.transcript('china-canada-wang-yi-garneau')).toBe(first);
	});

	// Regression: a failed glossary load was cached as a rejected promise, so every later request
	// failed until a restart, even after the files were back.
	it('recovers from a glossary folder that could not be read', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'library-'));
		const glossaryDir = path.join(dir, 'glossary');
		const transcriptsDir = path.join(dir, 'transcripts');
		cpSync(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
		const dataDir = path.join(dir, 'data');
		const library = createLibrary({ glossaryDir, transcriptsDir, rulesDir: RULES, dataDir });
		opened.push(library);
		await expect(library.transcript('china-canada-wang-yi-garneau')).rejects.toThrow(/ENOENT/);
		cpSync(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
		expect(texts(await library.transcript('lu-kang-globe-and-mail-interview-2020'))).toContain(
			'Meng Wanzhou'
		);

		// Gone again after a good load: the last good glossary is served, with the problem said.
		renameSync(glossaryDir, `${glossaryDir}-away`);
		await eventually(async () => {
			const { glossary } = await library.glossary();
			expect(glossary.problems[0]?.message).toMatch(/cannot read the glossary folder \(ENOENT\)/);
			expect(glossary.entries.length).toBeGreaterThan(30);
		});
		renameSync(`${glossaryDir}-away`, glossaryDir);
		await eventually(async () => expect((await library.glossary()).glossary.problems).toEqual([]));
	});

	it('keeps built documents within its memory bound, least recently read out first', async () => {
		const bound = 200_000;
		const { library } = copyLibrary({ cacheBytes: bound });
		const lu = await library.transcript('lu-kang-globe-and-mail-interview-2020');
		// Over the bound on its own, it is kept while it is the one being read.
		expect(lu!.bytes).toBeGreaterThan(bound);
		expect(library.cachedBytes).toBe(lu!.bytes);
		let newest = 0;
		for (const slug of ['china-canada-wang-yi-garneau', 'observers-network-carney-china-2025']) {
			newest = Math.max(newest, (await library.transcript(slug))!.bytes);
		}
		expect(library.cachedBytes).toBeLessThanOrEqual(bound + newest);
		// Read again after eviction, it is built anew, the same.
		const again = await library.transcript('lu-kang-globe-and-mail-interview-2020');
		expect(again).not.toBe(lu);
		expect(texts(again)).toBe(texts(lu));
	});

	it('refuses to show what is past the reader limits, and says why', async () => {
		const { library, transcriptsDir } = copyLibrary();
		expect(await library.tooLarge('Meng late boat '.repeat(100_000))).toBe(
			'it has 100,000 marks; the reader shows at most 5,000'
		);
		expect(await library.tooLarge('A:\n'.repeat(100_000))).toBe(
			'it has 100,000 paragraphs and turns; the reader shows at most 3,000'
		);
		expect(
			await library.tooLarge(readFileSync(path.join(ROOT, 'transcripts', `${LU}.txt`), 'utf8'))
		).toBeUndefined();
		writeFileSync(path.join(transcriptsDir, 'dense.txt'), 'Meng late boat '.repeat(100_000));
		const dense = await library.transcript('dense');
		expect(dense?.doc).toBeNull();
		expect(dense?.contract).toBeNull();
		expect(dense?.tooLarge).toContain('marks');
	});

	it('indexes itself at start; the first library page can wait for it', async () => {
		const { library } = copyLibrary();
		// The update the library started itself is under way: waiting must wait for it.
		await vi.waitFor(() => expect(library.indexer.progress().state).toBe('indexing'), {
			timeout: PATIENCE,
			interval: 1
		});
		await library.firstIndex(PATIENCE);
		expect(library.archive.count()).toBe(5);
		expect(library.indexer.progress()).toMatchObject({ state: 'idle', indexed: 5 });
	});

	it('keeps current without folder watchers too', async () => {
		const { library, transcriptsDir, glossaryDir } = copyLibrary({ watch: false });
		expect(texts(await library.transcript('china-canada-wang-yi-garneau'))).not.toContain('Broken');
		appendFileSync(
			path.join(glossaryDir, 'terms.yaml'),
			'\n- id: fractured\n  canonical: Broken\n  kind: term\n  variants: [Fractured]\n'
		);
		appendFileSync(path.join(transcriptsDir, 'china-canada-wang-yi-garneau.txt'), '\nThe end.\n');
		await eventually(async () => {
			const text = texts(await library.transcript('china-canada-wang-yi-garneau'));
			expect(text).toContain('mend its Broken relations');
			expect(text).toContain('The end.');
		});
	});

	it('are independent: two libraries over different folders', async () => {
		const a = copyLibrary();
		const b = copyLibrary();
		writeFileSync(path.join(a.transcriptsDir, 'only-a.txt'), 'Only A\nQ: cummingkai\nA: yes');
		expect(await a.library.transcript('only-a')).toBeDefined();
		expect(await b.library.transcript('only-a')).toBeUndefined();
	});
});

describe('FolderWatch', { timeout: 3 * PATIENCE }, () => {
	it('invalidates stamps when a file in the folder changes', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'watch-'));
		const watch = new FolderWatch(folder);
		const stamp = watch.stamp();
		expect(watch.isFresh(stamp)).toBe(true);
		expect(watch.isFresh(undefined)).toBe(false);
		writeFileSync(path.join(folder, 'x.txt'), 'x');
		// By the change seen, not by the stamp going stale: any stamp does after `RECHECK_MS`.
		await eventually(() => expect(watch.generation).toBeGreaterThan(stamp.generation));
		expect(watch.isFresh(stamp)).toBe(false);
		watch.close();
	});

	it('never calls a stamp fresh without a folder to watch, and starts when there is one', async () => {
		const folder = path.join(tmpdir(), 'does-not-exist-' + Date.now());
		const watch = new FolderWatch(folder, { retryMs: 50 });
		expect(watch.watching).toBe(false);
		expect(watch.isFresh(watch.stamp())).toBe(false);
		mkdirSync(folder);
		await eventually(() => expect(watch.watching).toBe(true));
		const stamp = watch.stamp();
		expect(watch.isFresh(stamp)).toBe(true);
		watch.close();
		expect(watch.isFresh(stamp)).toBe(false);
	});

	// Regression: watchers were seen to stop for good; a lost watcher must come back.
	it('comes back after its folder is removed and made again', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'watch-'));
		const watch = new FolderWatch(folder, { retryMs: 50 });
		expect(watch.watching).toBe(true);
		rmSync(folder, { recursive: true });
		await eventually(() => expect(watch.watching).toBe(false));
		mkdirSync(folder);
		await eventually(() => expect(watch.watching).toBe(true));
		const stamp = watch.stamp();
		writeFileSync(path.join(folder, 'x.txt'), 'x');
		await eventually(() => expect(watch.generation).toBeGreaterThan(stamp.generation));
		expect(watch.isFresh(stamp)).toBe(false);
		watch.close();
	});
});
