import {
	appendFileSync,
	cpSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	unlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { glossaryChange } from '../../src/lib/archive/changes';
import { resolveEntity } from '../../src/lib/archive/entity';
import { excerpt, sentenceAround, timeline, wordMatches } from '../../src/lib/archive/hits';
import { libraryQuery, librarySearch } from '../../src/lib/archive/query';
import { markDocument } from '../../src/lib/document/mark';
import { isCorrection } from '../../src/lib/document/finding';
import { paragraphsOf } from '../../src/lib/document/marked';
import { ftsQuery } from '../../src/lib/server/archive-index/fts';
import { ArchiveIndex } from '../../src/lib/server/archive-index/read';
import { openDatabase } from '../../src/lib/server/db';
import { indexArchive, indexEngine, Indexer } from '../../src/lib/server/indexer';
import { GlossarySource } from '../../src/lib/server/glossary';
import { RulesSource } from '../../src/lib/server/rules';
import { prepareText } from '../../src/lib/text/prepare';
import { realGlossary, realMatcher, ROOT, transcripts } from '../helpers';

/**
 * Told of every worker thread the indexer starts, so that a test can wait for what a worker
 * reports instead of polling the index.
 */
const workers = vi.hoisted(() => ({ started: (_worker: Worker) => {} }));
vi.mock(import('../../src/lib/server/worker'), async (importOriginal) => {
	const { startWorker } = await importOriginal();
	return {
		startWorker: (url: string, options: WorkerOptions) => {
			const worker = startWorker(url, options);
			workers.started(worker);
			return worker;
		}
	};
});

/**
 * A safety net only, for the tests that index on worker threads: they wait on no timer, and a
 * loaded machine may take a minute to start the workers a few times.
 */
const INDEXING = { timeout: 180_000 };

const RULES = path.join(ROOT, 'rules');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Fresh copies of the real transcripts and glossary, and an empty data folder. */
function copies() {
	const dir = mkdtempSync(path.join(tmpdir(), 'archive-'));
	dirs.push(dir);
	const transcriptsDir = path.join(dir, 'transcripts');
	const glossaryDir = path.join(dir, 'glossary');
	cpSync(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	cpSync(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
	return { dir, transcriptsDir, glossaryDir, dataDir: path.join(dir, 'data') };
}

describe('the archive index of the real transcripts', () => {
	let index: ArchiveIndex;
	beforeAll(async () => {
		const { transcriptsDir, glossaryDir, dataDir } = copies();
		await indexArchive({ transcriptsDir, glossaryDir, rulesDir: RULES, dataDir, workers: 2 });
		index = new ArchiveIndex(openDatabase(dataDir));
	}, INDEXING.timeout);
	afterAll(() => index.db.close());

	it("holds every correction the reader makes, at the reader's offsets", () => {
		const glossary = realGlossary().entries;
		const matcher = realMatcher();
		for (const { slug, text } of transcripts()) {
			const doc = markDocument(text, matcher, { transcript: slug });
			const corrections = paragraphsOf(doc)
				.flatMap((p) => p.findings)
				.filter(isCorrection)
				.map((f) => `${f.rule}@${f.start}-${f.end}:${f.actual}`);
			const indexed = glossary.flatMap((e) =>
				[...index.mentions(e.id, e.canonical)]
					.filter((m) => m.transcript === slug && m.original !== e.canonical)
					.map((m) => `${e.id}@${m.start}-${m.end}:${m.original}`)
			);
			// A mention that is no correction is the name as written (or a surname alone).
			expect(indexed.sort(), slug).toEqual(expect.arrayContaining(corrections.sort()));
			expect(index.summary(slug)?.corrections, slug).toBe(corrections.length);
		}
	});

	it('gives each mention its place: the prepared text holds `original` at its offsets', () => {
		const texts = new Map(transcripts().map((t) => [t.slug, prepareText(t.text)]));
		let seen = 0;
		for (const e of realGlossary().entries) {
			for (const m of index.mentions(e.id, e.canonical)) {
				expect(texts.get(m.transcript)!.slice(m.start, m.end)).toBe(m.original);
				expect(m.canonical).toBe(e.canonical);
				seen++;
			}
		}
		expect(seen).toBeGreaterThan(100);
	});

	it('finds a person under every spelling, garbled or not', () => {
		const page = index.mentionsPage(
			{ id: 'michael-kovrig', canonical: 'Michael Kovrig', kind: 'person' },
			1
		);
		const originals = new Set(page.hits.map((h) => h.original));
		expect(originals).toContain('Michael Kovrig');
		expect([...originals].some((o) => o !== 'Michael Kovrig')).toBe(true);
		expect(page.garbled).toBeGreaterThan(0);
		expect(page.garbled).toBeLessThan(page.total);
		expect(page.perTranscript.reduce((n, t) => n + t.count, 0)).toBe(page.total);
		expect(page.timeline.reduce((n, t) => n + t.count, 0)).toBe(page.total);
		for (const hit of page.hits) {
			expect(hit.sentence.slice(hit.at, hit.at + hit.original.length)).toBe(hit.original);
		}
		// Newest transcripts first.
		const dates = page.hits.map((h) => h.date ?? '');
		expect(dates).toEqual([...dates].sort().reverse());
	});

	it('pages, sorts and filters the library', () => {
		const all = index.library(libraryQuery(new URLSearchParams('sort=title&per=10')));
		expect(all.total).toBe(transcripts().length);
		const titles = all.transcripts.map((t) => t.title.toLowerCase());
		expect(titles).toEqual([...titles].sort());
		const desc = index.library(libraryQuery(new URLSearchParams('sort=title&order=desc')));
		expect(desc.transcripts.map((t) => t.slug)).toEqual(
			all.transcripts.map((t) => t.slug).reverse()
		);
		const byCorrections = index.library(libraryQuery(new URLSearchParams('sort=corrections')));
		const counts = byCorrections.transcripts.map((t) => t.corrections);
		expect(counts).toEqual([...counts].sort((a, b) => b - a));

		const paged = index.library({ ...libraryQuery(new URLSearchParams()), perPage: 2, page: 2 });
		expect(paged.pages).toBe(Math.ceil(all.total / 2));
		expect(paged.transcripts).toHaveLength(2);
		const first = index.library({ ...libraryQuery(new URLSearchParams()), perPage: 2, page: 1 });
		expect(paged.transcripts[0]!.slug).not.toBe(first.transcripts[0]!.slug);

		const { outlets, speakers } = index.facets();
		const outlet = outlets[0]!;
		const filtered = index.library(libraryQuery(new URLSearchParams({ outlet: outlet.value })));
		expect(filtered.total).toBe(outlet.count);
		expect(filtered.transcripts.every((t) => t.outlet === outlet.value)).toBe(true);
		const speaker = speakers.find((s) => s.value === 'Lu Kang')!;
		const bySpeaker = index.library(libraryQuery(new URLSearchParams({ speaker: 'Lu Kang' })));
		expect(bySpeaker.total).toBe(speaker.count);
		expect(bySpeaker.transcripts.every((t) => t.speakers.includes('Lu Kang'))).toBe(true);
		for (const [param, key] of [
			['mt', 'machineTranslated'],
			['flags', 'flags']
		] as const) {
			const yes = index.library(libraryQuery(new URLSearchParams({ [param]: 'yes' })));
			const no = index.library(libraryQuery(new URLSearchParams({ [param]: 'no' })));
			expect(yes.total + no.total).toBe(all.total);
			expect(yes.total).toBeGreaterThan(0);
			for (const t of yes.transcripts) {
				if (key === 'flags') expect(t.flags!.warning + t.flags!.error).toBeGreaterThan(0);
				else expect(t.machineTranslated).toBe(true);
			}
		}
	});

	it('searches normalized text: the canonical name finds the passage that was garbled', () => {
		const canonical = new Map(realGlossary().entries.map((e) => [e.id, e.canonical]));
		const garbled = index
			.mentionsPage({ id: 'meng-wanzhou', canonical: 'Meng Wanzhou', kind: 'person' }, 1)
			.hits.find((h) => h.garbled)!;
		const result = index.search('"Meng Wanzhou"', 1, (id) => canonical.get(id));
		if ('error' in result) throw new Error(result.error);
		const hit = result.hits.find(
			(h) =>
				h.transcript === garbled.transcript &&
				h.block === garbled.block &&
				h.paragraph === garbled.paragraph
		);
		expect(hit).toBeDefined();
		expect(hit!.text).toContain('Meng Wanzhou');
		expect(hit!.text).not.toContain(garbled.original);
		expect(hit!.matches.map((m) => hit!.text.slice(m.start, m.end).toLowerCase())).toContain(
			'wanzhou'
		);
		expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
	});

	it('reads any query as words, never as FTS5 syntax', () => {
		for (const hostile of [
			'NEAR(a b)',
			'a OR',
			'"unclosed',
			'*',
			'meng:wanzhou',
			'-x',
			'^a',
			"'); DROP TABLE x; --"
		]) {
			const result = index.search(hostile, 1, () => undefined);
			if ('error' in result) expect(result.error).toMatch(/words/);
			else expect(result.total).toBeGreaterThanOrEqual(0);
		}
		expect(ftsQuery('')).toEqual({ error: expect.stringContaining('Type') });
		expect(ftsQuery('a b c d e f g h i')).toEqual({ error: expect.stringContaining('at most 8') });
		expect(ftsQuery('Hong "Kong said" x')).toMatchObject({
			fts: 'normalized : ("hong" AND "kong said" AND "x")'
		});
	});
});

describe('keeping the index current', () => {
	async function indexerFor(copy: ReturnType<typeof copies>) {
		const glossary = new GlossarySource(copy.glossaryDir, { watch: false });
		const rules = new RulesSource(RULES, { watch: false });
		const db = openDatabase(copy.dataDir);
		const indexer = new Indexer({
			db,
			dataDir: copy.dataDir,
			transcriptsDir: copy.transcriptsDir,
			workers: 2,
			engine: async () => {
				const [g, r] = await Promise.all([glossary.current(), rules.current()]);
				return indexEngine(g, r);
			}
		});
		/** Runs an update and says how many transcripts it re-indexed (its one pass's jobs). */
		const update = async () => {
			await indexer.update();
			const { done, total } = indexer.progress();
			expect(done).toBe(total);
			return total;
		};
		const close = () => {
			indexer.close();
			db.close();
			glossary.close();
			rules.close();
		};
		return { indexer, update, close };
	}

	it(
		're-indexes a changed, added or removed transcript alone, and a glossary change only where its forms are',
		INDEXING,
		async () => {
			const copy = copies();
			const { indexer, update, close } = await indexerFor(copy);
			try {
				expect(await update()).toBe(transcripts().length);
				expect(await update()).toBe(0);
				const file = path.join(copy.transcriptsDir, 'china-canada-wang-yi-garneau.txt');
				appendFileSync(file, '\nThe minister met cummingkai later.\n');
				expect(await update()).toBe(1);
				const kovrig = () => [...indexer.index.mentions('michael-kovrig', 'Michael Kovrig')];
				expect(
					kovrig().some(
						(m) => m.transcript === 'china-canada-wang-yi-garneau' && m.original === 'cummingkai'
					)
				).toBe(true);

				writeFileSync(
					path.join(copy.transcriptsDir, 'added.txt'),
					'Added\n\nQ: Where is Wobbleton Frusk?\nA: Far.\n'
				);
				expect(await update()).toBe(1);
				expect(indexer.index.summary('added')?.title).toBe('Added');

				// "Wobbleton Frusk" is in one transcript only: a variant for it re-indexes that one.
				appendFileSync(
					path.join(copy.glossaryDir, 'people.yaml'),
					'\n- id: test-person\n  canonical: Tess Qorvath\n  kind: person\n  variants: [Wobbleton Frusk]\n'
				);
				expect(await update()).toBe(1);
				const tess = [...indexer.index.mentions('test-person', 'Tess Qorvath')];
				expect(tess.map((m) => [m.transcript, m.original])).toEqual([['added', 'Wobbleton Frusk']]);

				unlinkSync(path.join(copy.transcriptsDir, 'added.txt'));
				await update();
				expect(indexer.index.summary('added')).toBeUndefined();
				expect([...indexer.index.mentions('test-person', 'Tess Qorvath')]).toEqual([]);
			} finally {
				close();
			}
		}
	);

	it('resumes where it stopped: a killed indexing does not start over', INDEXING, async () => {
		const copy = copies();
		for (let i = 0; i < 200; i++) {
			writeFileSync(
				path.join(copy.transcriptsDir, `extra-${i}.txt`),
				`Extra ${i}\n\nQ: Is cummingkai there?\nA: Yes, with Meng late boat.\n`
			);
		}
		const first = await indexerFor(copy);
		// Killed as soon as a worker says it wrote its first batch, of 16 of the 205.
		const firstBatch = new Promise<void>((written) => {
			workers.started = (worker) => worker.once('message', () => written());
		});
		const running = first.indexer.update();
		await firstBatch;
		workers.started = () => {};
		first.indexer.close();
		await expect(running).rejects.toThrow(/stopped/);
		expect(first.indexer.progress().done).toBeGreaterThan(0);
		const indexed = first.indexer.index.count();
		first.close();
		expect(indexed).toBeGreaterThan(0);
		expect(indexed).toBeLessThan(205);
		const second = await indexerFor(copy);
		try {
			expect(await second.update()).toBe(205 - indexed);
			expect(second.indexer.index.count()).toBe(205);
		} finally {
			second.close();
		}
	});

	it(
		'notices a metadata edit, and a file touched but unchanged costs no rebuild of its rows',
		INDEXING,
		async () => {
			const copy = copies();
			const { indexer, update, close } = await indexerFor(copy);
			try {
				await update();
				const meta = path.join(copy.transcriptsDir, 'china-canada-wang-yi-garneau.meta.yaml');
				writeFileSync(
					meta,
					readFileSync(meta, 'utf8').replace(/^outlet: .*$/m, 'outlet: Test Outlet')
				);
				expect(await update()).toBe(1);
				expect(indexer.index.summary('china-canada-wang-yi-garneau')?.outlet).toBe('Test Outlet');
				const file = path.join(copy.transcriptsDir, 'observers-network-carney-china-2025.txt');
				writeFileSync(file, readFileSync(file));
				const before = indexer.index.summary('observers-network-carney-china-2025');
				await update();
				expect(indexer.index.summary('observers-network-carney-china-2025')).toEqual(before);
			} finally {
				close();
			}
		}
	);
});

describe('what a glossary change can change', () => {
	const entry = (id: string, canonical: string, variants: string[]) =>
		({ id, canonical, kind: 'person', variants: variants.map((text) => ({ text })) }) as never;
	const english = (w: string) => ['late', 'boat', 'meng'].includes(w);

	it('names the changed entries and queries their forms, word by word', () => {
		const before = [entry('a', 'Meng Wanzhou', ['Meng hung boat']), entry('b', 'Lu Kang', [])];
		const after = [
			entry('a', 'Meng Wanzhou', ['Meng hung boat', 'Meng late boat']),
			entry('b', 'Lu Kang', [])
		];
		const change = glossaryChange(before, after, english);
		expect(change.entries).toEqual(['a']);
		expect(change.queries.join(' ')).toContain('("meng" AND "late" AND "boat")');
		expect(change.queries.join(' ')).not.toContain('"lu"');
		expect(change.cjk).toBe(false);
	});

	it('adds the words whose being in the glossary changed, unless English', () => {
		const change = glossaryChange([], [entry('x', 'Zhao Lijian', ['late boat'])], english);
		expect(change.queries.join(' ')).toMatch(/OR "zhao"|OR "lijian"/);
		expect(change.queries.join(' ')).not.toMatch(/OR "late"/);
		expect(glossaryChange([], [entry('x', 'Zhao', ['孟晚舟'])], english).cjk).toBe(true);
	});
});

describe('what a reader sees of a hit', () => {
	it('cuts the sentence around a mention', () => {
		const raw = 'First one. Then Meng late boat arrived here. Last.';
		const start = raw.indexOf('Meng');
		const { sentence, at } = sentenceAround(raw, start, start + 14);
		expect(sentence).toBe('Then Meng late boat arrived here.');
		expect(sentence.slice(at, at + 14)).toBe('Meng late boat');
		const long = 'word '.repeat(100) + 'Kovrig ' + 'more '.repeat(100);
		const cut = sentenceAround(long, 500, 506);
		expect(cut.sentence.startsWith('…')).toBe(true);
		expect(cut.sentence.endsWith('…')).toBe(true);
		expect(cut.sentence.slice(cut.at, cut.at + 6)).toBe('Kovrig');
		expect(cut.sentence.length).toBeLessThan(360);
	});

	it('marks whole words only', () => {
		expect(wordMatches('Canada and canadas, CANADA.', ['canada'])).toEqual([
			{ start: 0, end: 6 },
			{ start: 20, end: 26 }
		]);
	});

	it('counts by month, by year over a long span, quiet periods between, undated last', () => {
		expect(
			timeline([
				{ date: '2020-06-01', count: 2 },
				{ date: '2020-06-20', count: 1 },
				{ date: '2020-08-02', count: 1 },
				{ date: null, count: 4 }
			])
		).toEqual([
			{ period: '2020-06', count: 3 },
			{ period: '2020-07', count: 0 },
			{ period: '2020-08', count: 1 },
			{ period: 'undated', count: 4 }
		]);
		expect(
			timeline([
				{ date: '2012-01-01', count: 1 },
				{ date: '2020-06-20', count: 1 }
			]).map((t) => t.period)
		).toEqual(['2012', '2013 – 2019', '2020']);
	});

	it('shows a long paragraph around its matches, as text pieces', () => {
		const text = 'alpha '.repeat(200) + 'Kovrig said ' + 'beta '.repeat(200);
		const start = text.indexOf('Kovrig');
		const pieces = excerpt(text, [{ start, end: start + 6 }]);
		expect(pieces.filter((p) => p.match).map((p) => p.text)).toEqual(['Kovrig']);
		expect(pieces[0]!.text).toBe('…');
		expect(pieces.at(-1)!.text).toBe('…');
		expect(pieces.map((p) => p.text).join('').length).toBeLessThan(300);
	});
});

describe('entity search input', () => {
	const entries = realGlossary().entries;
	it('takes an id, a name or a garble, else offers the closest names', () => {
		expect(resolveEntity('michael-kovrig', entries)).toMatchObject({
			entry: { canonical: 'Michael Kovrig' }
		});
		expect(resolveEntity('  michael KOVRIG ', entries)).toMatchObject({
			entry: { id: 'michael-kovrig' }
		});
		expect(resolveEntity('cummingkai', entries)).toMatchObject({ entry: { id: 'michael-kovrig' } });
		const near = resolveEntity('Kovrg', entries);
		expect('choices' in near && near.choices.map((c) => c.id)).toContain('michael-kovrig');
		expect(resolveEntity('zzzzqqqq', entries)).toEqual({ choices: [] });
	});
});

describe('library URLs', () => {
	it('fall back to defaults on anything unreadable, and leave defaults out of links', () => {
		const q = libraryQuery(
			new URLSearchParams('sort=evil&order=sideways&page=-4&per=100000&mt=maybe')
		);
		expect(q).toMatchObject({
			sort: 'date',
			order: 'desc',
			page: 1,
			perPage: 200,
			machineTranslated: undefined
		});
		expect(librarySearch(libraryQuery(new URLSearchParams()))).toBe('?');
		const round = libraryQuery(
			new URLSearchParams('sort=title&order=desc&outlet=Xinhua&mt=no&flags=yes&page=3')
		);
		expect(libraryQuery(new URLSearchParams(librarySearch(round).slice(1)))).toEqual(round);
	});
});
