/**
 * The archive (issue #18): the library paged, sorted and filtered from the index, entity search
 * (every mention of a glossary entry, garbled or not) and full-text search, with and without
 * JavaScript, and the index following files and glossary edits while the server runs. Runs its
 * own server over a temp copy of `transcripts/` and `glossary/` plus 120 generated transcripts
 * (tests/e2e/archive-corpus.ts) and one with markup in its title and text.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
	IndexProgress,
	LibraryPage,
	MentionsPage,
	SearchPage
} from '../../src/lib/archive/types';
import { meta, writeCorpus, type Generated } from './archive-corpus';
import {
	gotoHydrated,
	screenshot,
	seriousViolations,
	useBrowser,
	type PageOptions
} from './browser';
import { ROOT, startServer, type RunningServer } from './spawn';

const browsing = useBrowser({ baseURL: () => server.baseURL });

const GENERATED = 120;
const BUNDLED = 5;
const HOSTILE = {
	slug: 'hostile-markup',
	title: '<img src=x onerror=alert(1)>',
	outlet: 'Hostile <b>outlet</b>',
	script: '<script>window.__xss=1</script>',
	img: '<img src=x onerror="window.__xss=2">'
};
/** Transcripts in the archive at start: bundled, generated, hostile. */
const TOTAL = BUNDLED + GENERATED + 1;

let temp: string;
let transcriptsDir: string;
let glossaryDir: string;
let server: RunningServer;
let corpus: Generated[];

beforeAll(async () => {
	temp = await mkdtemp(path.join(tmpdir(), 'transcript-reader-archive-'));
	transcriptsDir = path.join(temp, 'transcripts');
	glossaryDir = path.join(temp, 'glossary');
	await cp(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	await cp(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
	corpus = await writeCorpus(transcriptsDir, GENERATED);
	await writeFile(
		path.join(transcriptsDir, `${HOSTILE.slug}.meta.yaml`),
		meta({ title: HOSTILE.title, date: '2026-01-15', outlet: HOSTILE.outlet })
	);
	await writeFile(
		path.join(transcriptsDir, `${HOSTILE.slug}.txt`),
		[
			`Hostile markup ${HOSTILE.script}`,
			`Q: What about ${HOSTILE.script} and cummingkai?`,
			`A: ${HOSTILE.script} The case of cummingkai is closed. ${HOSTILE.img}`
		].join('\n')
	);
	server = await startServer({ transcriptsDir, glossaryDir });
	await until('the archive is indexed', async () => {
		const progress = await api<IndexProgress>('/api/index');
		return progress.state === 'idle' && progress.indexed === TOTAL;
	});
}, 120_000);

afterAll(async () => {
	await server?.stop();
	if (temp) await rm(temp, { recursive: true, force: true });
});

async function api<T>(pathname: string): Promise<T> {
	const response = await fetch(server.baseURL + pathname);
	if (!response.ok) throw new Error(`${pathname}: ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

/**
 * Polls `check` every 200 ms until it holds, failing with `what` after `ms`: a safety cap for a
 * loaded machine, not a budget (on a quiet one each of these holds within a few seconds).
 */
async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
	const deadline = Date.now() + ms;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** A page on this file's server, with or without JavaScript. */
function open(js: boolean, options: PageOptions = {}): Promise<Page> {
	return browsing.page({ javaScriptEnabled: js, ...options });
}

/** Loads a page: with JavaScript, also waits until the app has hydrated (see gotoHydrated). */
async function visit(page: Page, js: boolean, url: string): Promise<void> {
	if (js) await gotoHydrated(page, url);
	else await page.goto(url);
}

interface Row {
	slug: string;
	title: string;
	date: string;
	outlet: string;
	corrections: number;
	flags: number;
	machineTranslated: boolean;
}

/** The library table as a reader sees it. */
function rows(page: Page): Promise<Row[]> {
	return page.locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => {
			const cells = [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText);
			const link = tr.querySelector('td a')!;
			return {
				slug: link.getAttribute('href')!.replace('/t/', ''),
				title: link.textContent!,
				date: cells[1]!.trim(),
				outlet: cells[2]!.trim(),
				corrections: Number(cells[4]),
				// "3 +2 info": warnings and errors, then info; "—" for none counted.
				flags: Number(cells[6]!.trim().split(/\s/)[0]!.replace('—', '0')),
				machineTranslated: tr.querySelector('.badge')?.textContent === 'machine-translated'
			};
		})
	);
}

const slugs = async (page: Page) => (await rows(page)).map((r) => r.slug);

/** "Showing 51–100 of 126 transcripts." as numbers. */
async function showing(page: Page): Promise<{ from: number; to: number; total: number }> {
	const text = await page.locator('.showing').innerText();
	const m = /^Showing ([\d,]+)–([\d,]+) of ([\d,]+) transcripts?\b/.exec(text);
	if (!m) throw new Error(`unexpected "Showing" line: ${text}`);
	const n = (s: string) => Number(s.replace(/,/g, ''));
	return { from: n(m[1]!), to: n(m[2]!), total: n(m[3]!) };
}

/** Every transcript in the index, through the JSON API (at most 200 a page). */
async function everything(): Promise<LibraryPage['transcripts']> {
	const all: LibraryPage['transcripts'] = [];
	for (let page = 1; ; page++) {
		const library = await api<LibraryPage>(`/api/transcripts?per=200&page=${page}`);
		all.push(...library.transcripts);
		if (page >= library.pages) return all;
	}
}

/** The order the index sorts titles in (lowercased, by code unit), ties by slug A–Z. */
function byTitle(
	a: { title: string; slug: string },
	b: { title: string; slug: string },
	order: 'asc' | 'desc' = 'asc'
): number {
	const [x, y] = [a.title.toLowerCase(), b.title.toLowerCase()];
	// Ties go by slug, the same way round (the library's order reads an index either way).
	return ((x !== y ? x < y : a.slug < b.slug) ? -1 : 1) * (order === 'asc' ? 1 : -1);
}

describe.each([
	['without JavaScript', false],
	['with JavaScript', true]
] as const)('library %s', (_name, js) => {
	it('pages through 50 rows at a time; page 2 shows rows 51–100 as the API pages them', async () => {
		const page = await open(js);
		await visit(page, js, '/');
		expect(await showing(page)).toEqual({ from: 1, to: 50, total: TOTAL });
		expect((await api<LibraryPage>('/api/transcripts')).total).toBe(TOTAL);
		const first = await slugs(page);
		expect(first).toEqual(
			(await api<LibraryPage>('/api/transcripts')).transcripts.map((t) => t.slug)
		);

		const pages = page.getByRole('navigation', { name: 'Pages of the library' });
		expect(await pages.getByRole('link', { name: 'Page 1' }).getAttribute('aria-current')).toBe(
			'page'
		);
		await Promise.all([
			page.waitForURL(/\/\?page=2$/),
			pages.getByRole('link', { name: 'Page 2' }).click()
		]);
		await expect.poll(() => showing(page)).toEqual({ from: 51, to: 100, total: TOTAL });
		const second = await slugs(page);
		expect(second).toEqual(
			(await api<LibraryPage>('/api/transcripts?page=2')).transcripts.map((t) => t.slug)
		);
		expect(second.filter((s) => first.includes(s))).toEqual([]);
		expect(await pages.getByRole('link', { name: 'Page 2' }).getAttribute('aria-current')).toBe(
			'page'
		);
		expect(
			await pages.getByRole('link', { name: 'Page 1' }).getAttribute('aria-current')
		).toBeNull();
		expect(await pages.locator('a[rel="prev"]').getAttribute('href')).toBe('/');
		expect(await pages.locator('a[rel="next"]').getAttribute('href')).toBe('/?page=3');
		if (!js) await screenshot(page, 'archive-library-page-2', { fullPage: true });

		await Promise.all([
			page.waitForURL(/\/\?page=3$/),
			pages.getByRole('link', { name: 'Last »' }).click()
		]);
		await expect.poll(() => showing(page)).toEqual({ from: 101, to: TOTAL, total: TOTAL });
		const third = await slugs(page);
		// Every transcript once over the three pages, newest first (ties by slug, Z–A), undated
		// last.
		const all = [...first, ...second, ...third];
		expect(new Set(all).size).toBe(TOTAL);
		expect(all.length).toBe(TOTAL);
		const byDate = await api<LibraryPage>('/api/transcripts?per=200');
		const expected = [...byDate.transcripts].sort((a, b) =>
			a.date === b.date
				? a.slug < b.slug
					? 1
					: -1
				: !a.date
					? 1
					: !b.date
						? -1
						: a.date < b.date
							? 1
							: -1
		);
		expect(all).toEqual(expected.map((t) => t.slug));
		expect(expected.filter((t) => t.date === null).length).toBeGreaterThan(0);
		expect(await pages.locator('a[rel="next"]').count()).toBe(0);
	});

	it('sorts by title both ways and by corrections, marking the column', async () => {
		const all = await everything();
		const page = await open(js);
		await visit(page, js, '/');
		const header = (name: string) => page.locator('thead th').filter({ hasText: name });
		expect(await header('Date').getAttribute('aria-sort')).toBe('descending');

		await Promise.all([page.waitForURL(/sort=title$/), header('Title').locator('a').click()]);
		const az = [...all].sort(byTitle).slice(0, 50);
		await expect.poll(() => slugs(page)).toEqual(az.map((t) => t.slug));
		expect((await rows(page)).map((r) => r.title)).toEqual(az.map((t) => t.title));
		expect(await header('Title').getAttribute('aria-sort')).toBe('ascending');
		expect(await header('Title').innerText()).toContain('▲');
		expect(await header('Date').getAttribute('aria-sort')).toBeNull();
		// The markup title sorts first ("<" before letters) and shows as text.
		expect((await rows(page))[0]!.title).toBe(HOSTILE.title);

		await Promise.all([
			page.waitForURL(/sort=title&order=desc$/),
			header('Title').locator('a').click()
		]);
		const za = [...all].sort((a, b) => byTitle(a, b, 'desc')).slice(0, 50);
		await expect.poll(() => slugs(page)).toEqual(za.map((t) => t.slug));
		expect(await header('Title').getAttribute('aria-sort')).toBe('descending');
		expect(await header('Title').innerText()).toContain('▼');

		await Promise.all([
			page.waitForURL(/sort=corrections$/),
			header('Corrections').locator('a').click()
		]);
		const most = [...all]
			.sort((a, b) => b.corrections - a.corrections || (a.slug < b.slug ? 1 : -1))
			.slice(0, 50);
		await expect.poll(() => slugs(page)).toEqual(most.map((t) => t.slug));
		const counts = (await rows(page)).map((r) => r.corrections);
		expect(counts[0]).toBe(Math.max(...all.map((t) => t.corrections)));
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
		expect(await header('Corrections').getAttribute('aria-sort')).toBe('descending');
		// Paging keeps the sort.
		const next = page
			.getByRole('navigation', { name: 'Pages of the library' })
			.locator('a[rel="next"]');
		expect(await next.getAttribute('href')).toBe('/?sort=corrections&page=2');
	});

	/** Fills the filter form and submits it; resolves when the page shows the result. */
	async function filter(
		page: Page,
		fields: { outlet?: string; speaker?: string; mt?: 'yes' | 'no' | ''; flags?: 'yes' | 'no' | '' }
	) {
		const form = page.getByRole('search');
		if (fields.outlet !== undefined)
			await form.getByLabel('Outlet', { exact: true }).selectOption(fields.outlet);
		if (fields.speaker !== undefined)
			await form.getByLabel('Speaker', { exact: true }).fill(fields.speaker);
		if (fields.mt !== undefined)
			await form.getByLabel('Machine-translated', { exact: true }).selectOption(fields.mt);
		if (fields.flags !== undefined)
			await form.getByLabel('Has flags', { exact: true }).selectOption(fields.flags);
		const before = page.url();
		await form.getByRole('button', { name: 'Filter' }).click();
		await page.waitForURL((url) => url.href !== before);
		// With JavaScript the table is drawn once the data is in: wait for the table or the message.
		await page.locator('.showing, .empty').first().waitFor();
	}

	it('filters by outlet, speaker, machine translation and flags; resets', async () => {
		const generated = (pick: (g: Generated) => boolean) => corpus.filter(pick).map((g) => g.slug);
		const all = await everything();
		const page = await open(js);
		await visit(page, js, '/');

		// Outlet: the select offers each outlet with its count.
		const xinhua = generated((g) => g.outlet === 'Xinhua');
		expect(
			await page
				.getByLabel('Outlet', { exact: true })
				.locator('option', { hasText: 'Xinhua' })
				.innerText()
		).toBe(`Xinhua (${xinhua.length})`);
		await filter(page, { outlet: 'Xinhua' });
		if (js) expect(new URL(page.url()).search).toBe('?outlet=Xinhua');
		await expect.poll(async () => (await showing(page)).total).toBe(xinhua.length);
		let shown = await rows(page);
		expect(shown.map((r) => r.slug).sort()).toEqual(xinhua.sort());
		expect(new Set(shown.map((r) => r.outlet))).toEqual(new Set(['Xinhua']));

		// …and machine-translated on top of it.
		await filter(page, { mt: 'yes' });
		const xinhuaMt = generated((g) => g.outlet === 'Xinhua' && g.machineTranslated);
		await expect.poll(async () => (await showing(page)).total).toBe(xinhuaMt.length);
		expect((await slugs(page)).sort()).toEqual(xinhuaMt.sort());
		await screenshot(page, `archive-library-filtered-${js ? 'js' : 'nojs'}`);
		expect(await page.getByLabel('Outlet', { exact: true }).inputValue()).toBe('Xinhua');
		expect(await page.getByLabel('Machine-translated', { exact: true }).inputValue()).toBe('yes');

		// Reset: every transcript again.
		await Promise.all([
			page.waitForURL(/\/$/),
			page.getByRole('link', { name: 'Reset filters' }).click()
		]);
		await expect.poll(async () => (await showing(page)).total).toBe(TOTAL);
		expect(await page.getByLabel('Outlet', { exact: true }).inputValue()).toBe('');

		// Speaker (a <datalist> offers the names).
		expect(await page.locator('datalist#speaker-names option[value="Hua Chunying"]').count()).toBe(
			1
		);
		await filter(page, { speaker: 'Hua Chunying' });
		const hua = generated((g) => g.speaker === 'Hua Chunying');
		await expect.poll(async () => (await showing(page)).total).toBe(hua.length);
		expect(hua.length).toBeLessThanOrEqual(50);
		expect((await slugs(page)).sort()).toEqual(hua.sort());

		// Machine-translated yes / no split the archive in two.
		await filter(page, { speaker: '', mt: 'yes' });
		const mtYes = all.filter((t) => t.machineTranslated);
		expect(mtYes.length).toBe(generated((g) => g.machineTranslated).length + 2);
		await expect.poll(async () => (await showing(page)).total).toBe(mtYes.length);
		shown = await rows(page);
		expect(shown.length).toBeGreaterThan(0);
		expect(shown.every((r) => r.machineTranslated)).toBe(true);
		await filter(page, { mt: 'no' });
		await expect.poll(async () => (await showing(page)).total).toBe(TOTAL - mtYes.length);
		expect((await rows(page)).some((r) => r.machineTranslated)).toBe(false);

		// Flags yes / no: the generated ones with a literal idiom, and the bundled ones flagged.
		await filter(page, { mt: '', flags: 'yes' });
		const flagged = all.filter((t) => t.flags && t.flags.warning + t.flags.error > 0);
		for (const g of corpus)
			expect(
				flagged.some((t) => t.slug === g.slug),
				g.slug
			).toBe(g.flagged);
		await expect.poll(async () => (await showing(page)).total).toBe(flagged.length);
		shown = await rows(page);
		expect(shown.every((r) => r.flags > 0)).toBe(true);
		expect(shown.map((r) => r.slug).sort()).toEqual(flagged.map((t) => t.slug).sort());
		await filter(page, { flags: 'no' });
		await expect.poll(async () => (await showing(page)).total).toBe(TOTAL - flagged.length);
		expect((await rows(page)).every((r) => r.flags === 0)).toBe(true);

		// Nothing matches: a message instead of an empty table.
		await filter(page, { flags: '', speaker: 'Nobody by that name' });
		await expect.poll(() => page.locator('table').count()).toBe(0);
		expect(await page.locator('.empty').innerText()).toContain(
			'No transcript matches these filters.'
		);
	});
});

/** Everything a mention hit shows, from the search page. */
interface ShownHit {
	href: string;
	title: string;
	/** Struck-through original and the name beside it, for a garbled mention. */
	del: string | null;
	ins: string | null;
	mark: string | null;
	sentence: string;
}

function shownHits(page: Page): Promise<ShownHit[]> {
	return page.locator('ol.hit-list > li').evaluateAll((lis) =>
		lis.map((li) => {
			const link = li.querySelector('.where a')!;
			return {
				href: link.getAttribute('href')!,
				title: link.textContent!,
				del: li.querySelector('.sentence del')?.textContent ?? null,
				ins: li.querySelector('.sentence ins')?.textContent ?? null,
				mark: li.querySelector('.sentence mark')?.textContent ?? null,
				sentence: (li.querySelector('.sentence, .passage') as HTMLElement).innerText
			};
		})
	);
}

/** The hits on every page of results, following the "Next" links. */
async function allHits(page: Page): Promise<ShownHit[]> {
	const hits = await shownHits(page);
	for (;;) {
		const next = page.locator('nav.pagination a[rel="next"]');
		if ((await next.count()) === 0) return hits;
		const start = await page.locator('ol.hit-list').getAttribute('start');
		await next.click();
		// With JavaScript the list is redrawn in place: wait for its numbering to move on.
		await expect.poll(() => page.locator('ol.hit-list').getAttribute('start')).not.toBe(start);
		hits.push(...(await shownHits(page)));
	}
}

describe.each([
	['without JavaScript', false],
	['with JavaScript', true]
] as const)('entity and full-text search %s', (_name, js) => {
	async function searchByName(page: Page, name: string) {
		await visit(page, js, '/search');
		await page.getByLabel('Search by name').fill(name);
		await Promise.all([
			page.waitForURL(/\/search\?entry=/),
			page.getByRole('button', { name: 'Find mentions' }).click()
		]);
		await page.locator('#entity-heading').waitFor();
	}

	it('"Michael Kovrig" finds garbled and plain mentions, and the counts add up', async () => {
		const api1 = await api<MentionsPage>('/api/mentions/michael-kovrig');
		const page = await open(js);
		await searchByName(page, 'Michael Kovrig');
		expect(new URL(page.url()).searchParams.get('entry')).toBe('Michael Kovrig');
		expect(await page.locator('#entity-heading').innerText()).toMatch(/^Michael Kovrig/);
		const summary = await page.locator('.summary').innerText();
		const m = /^(\d+) mentions \((\d+) garbled\) in (\d+) transcripts/.exec(summary);
		expect(m, summary).not.toBeNull();
		const [total, garbled, transcripts] = m!.slice(1).map(Number) as [number, number, number];
		expect({ total, garbled, transcripts }).toEqual({
			total: api1.total,
			garbled: api1.garbled,
			transcripts: api1.transcripts
		});
		// What the corpus has: two or three mentions in each of 12 transcripts, 2 in the hostile one.
		const generated = corpus.reduce(
			(n, g, i) => n + g.kovrigGarbles.length + (i % 30 === 22 ? 1 : 0),
			0
		);
		expect(generated).toBe(28);
		expect(total).toBeGreaterThanOrEqual(generated + 2 + 1);
		expect(total).toBeGreaterThan(50);

		// The "most mentions" list covers every transcript here (fewer than 20), so it adds up.
		expect(transcripts).toBeLessThanOrEqual(20);
		const counts = await page
			.locator('.top tbody .n')
			.evaluateAll((ns) => ns.map((n) => Number(n.textContent)));
		expect(counts.length).toBe(transcripts);
		expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
		// The timeline adds up too.
		const timeline = await page
			.locator('.timeline tbody td .n')
			.evaluateAll((ns) => ns.map((n) => Number(n.textContent)));
		expect(timeline.reduce((a, b) => a + b, 0)).toBe(total);
		// By year (the dates span more than five), every year from the first to the last listed.
		const periods = await page.locator('.timeline tbody th').allInnerTexts();
		expect(periods.at(-1)).toBe('undated');
		const years = periods.slice(0, -1).map(Number);
		expect(years).toEqual(years.map((_, k) => years[0]! + k));
		expect([years[0], years.at(-1)]).toEqual([2018, 2026]);

		if (!js) await screenshot(page, 'archive-entity-kovrig', { fullPage: true });
		expect(await page.locator('ol.hit-list > li').count()).toBe(50);
		const hits = await allHits(page);
		expect(hits.length).toBe(total);
		expect(new URL(page.url()).searchParams.get('page')).toBe('2');
		expect(await page.locator('ol.hit-list').getAttribute('start')).toBe('51');
		const struck = hits.filter((h) => h.del !== null);
		expect(struck.length).toBe(garbled);
		const originals = new Set(struck.map((h) => h.del));
		expect(originals).toContain('cummingkai');
		expect(originals).toContain('Kang Mingkai');
		expect(struck.every((h) => h.ins === 'Michael Kovrig')).toBe(true);
		const plain = hits.filter((h) => h.del === null);
		expect(plain.length).toBe(total - garbled);
		expect(plain.every((h) => h.mark !== null && /Kovrig/.test(h.mark))).toBe(true);
		// Each links to its turn in the reader.
		expect(hits.filter((h) => /^\/t\/briefing-\d{3}#turn-\d+$/.test(h.href)).length).toBe(
			generated
		);
		const one = hits.find((h) => h.href.startsWith('/t/briefing-012#'))!;
		expect(one.sentence).toContain('The case of');
		expect(one.del).toBe('Kang Mingkai');
	});

	it('a garble typed in the name box means its entry; a near miss offers choices', async () => {
		const page = await open(js);
		await searchByName(page, 'cummingkai');
		expect(await page.locator('#entity-heading').innerText()).toMatch(/^Michael Kovrig/);
		expect(await page.locator('ol.hit-list > li').count()).toBeGreaterThan(0);
		// The names to pick from are offered as the browser's own autocomplete.
		expect(await page.getByLabel('Search by name').getAttribute('list')).toBe('entry-names');
		expect(await page.locator('datalist#entry-names option[value="Michael Kovrig"]').count()).toBe(
			1
		);

		await searchByName(page, 'Kovrigg');
		expect(await page.locator('#entity-heading').innerText()).toBe('Which name did you mean?');
		const choice = page.locator('.choices a', { hasText: 'Michael Kovrig' });
		expect(await choice.getAttribute('href')).toBe('/search?entry=michael-kovrig');
		await Promise.all([page.waitForURL(/entry=michael-kovrig$/), choice.click()]);
		await expect.poll(() => page.locator('#entity-heading').innerText()).toMatch(/^Michael Kovrig/);

		await searchByName(page, 'Zzyzx Qwerty');
		expect(await page.locator('#entity-heading').innerText()).toBe('No such name');
	});

	it('full-text search lists the passages with the word marked', async () => {
		const page = await open(js);
		await visit(page, js, '/search');
		await page.getByLabel('Search the text').fill('soybeans');
		await Promise.all([
			page.waitForURL(/\/search\?q=soybeans$/),
			page.getByRole('button', { name: 'Search', exact: true }).click()
		]);
		await page.locator('#text-heading').waitFor();
		const expected = corpus.filter((g) => g.soybeans).map((g) => g.slug);
		expect(await page.locator('#text-heading').innerText()).toBe(
			`${expected.length} passages with “soybeans”`
		);
		const hits = await page.locator('ol.hit-list > li').evaluateAll((lis) =>
			lis.map((li) => ({
				href: li.querySelector('a')!.getAttribute('href')!,
				marks: [...li.querySelectorAll('.passage mark')].map((m) => m.textContent),
				text: (li.querySelector('.passage') as HTMLElement).innerText
			}))
		);
		expect(hits.map((h) => h.href.replace(/^\/t\/|#.*$/g, '')).sort()).toEqual(expected.sort());
		for (const h of hits) {
			expect(h.marks).toEqual(['soybeans']);
			expect(h.text).toContain('Exports of soybeans and canola');
		}
		// The corrected text is what is searched and shown: "cummingkai" reads Michael Kovrig.
		const api1 = await api<SearchPage>('/api/search?q=rights%20consular');
		expect(api1.total).toBeGreaterThan(0);
		expect(api1.hits.every((h) => !h.text.includes('cummingkai'))).toBe(true);
	});

	it('a query the index cannot take is explained in an alert', async () => {
		const page = await open(js);
		await visit(
			page,
			js,
			'/search?q=' + encodeURIComponent('one two three four five six seven eight nine')
		);
		expect(await page.getByRole('alert').innerText()).toBe(
			'A search takes at most 8 words; this one has 9.'
		);
	});
});

describe('markup in titles and text stays text', () => {
	it('in the library, in entity search and in full-text search', async () => {
		const page = await open(true);
		const dialogs: string[] = [];
		page.on('dialog', (d) => {
			dialogs.push(d.message());
			void d.dismiss();
		});
		const xss = () => page.evaluate(() => (window as { __xss?: unknown }).__xss);

		await gotoHydrated(page, '/?sort=title');
		const row = page.locator('tbody tr').first();
		expect(await row.locator('td a').innerText()).toBe(HOSTILE.title);
		expect(await row.locator('td').nth(2).innerText()).toBe(HOSTILE.outlet);
		expect(
			await page
				.getByLabel('Outlet', { exact: true })
				.locator('option', { hasText: 'Hostile' })
				.innerText()
		).toBe(`${HOSTILE.outlet} (1)`);
		expect(await page.locator('main img, main b').count()).toBe(0);

		await gotoHydrated(page, '/search?entry=michael-kovrig');
		const hostile = page.locator('ol.hit-list > li').filter({ hasText: HOSTILE.title });
		expect(await hostile.count()).toBe(2);
		expect(await hostile.first().locator('.sentence').innerText()).toContain(HOSTILE.script);
		expect(await hostile.first().locator('.sentence del').innerText()).toBe('cummingkai');
		const top = page.locator('.top tbody tr').filter({ hasText: HOSTILE.title });
		expect(await top.locator('a').innerText()).toBe(HOSTILE.title);
		expect(await page.locator('main img, main script').count()).toBe(0);

		await gotoHydrated(page, '/search?q=script');
		const passages = page.locator('ol.hit-list > li');
		expect(await passages.count()).toBeGreaterThan(0);
		expect(await passages.first().locator('a').innerText()).toBe(HOSTILE.title);
		expect(await passages.first().locator('.passage').innerText()).toContain(HOSTILE.script);
		expect(await passages.first().locator('.passage mark').first().innerText()).toBe('script');
		expect(await page.locator('main img, main script').count()).toBe(0);

		await page.waitForTimeout(300);
		expect(await xss()).toBeUndefined();
		expect(dialogs).toEqual([]);
	});
});

describe('the index follows the files and the glossary', () => {
	const late = {
		slug: 'late-addition',
		title: 'A transcript added while the server runs',
		text: 'A transcript added while the server runs\nQ: Is it listed?\nA: Within seconds.'
	};

	/** Reloads the library (newest first) until `check` holds for its first rows. */
	async function untilListed(page: Page, what: string, check: (s: string[]) => boolean) {
		await until(what, async () => {
			await page.goto('/');
			return check(await slugs(page));
		});
	}

	it('a transcript written into the folder appears; deleted, it disappears', async () => {
		const page = await open(false);
		await page.goto('/');
		expect(await slugs(page)).not.toContain(late.slug);
		await writeFile(
			path.join(transcriptsDir, `${late.slug}.meta.yaml`),
			meta({ title: late.title, date: '2031-01-01', outlet: 'Handwritten' })
		);
		await writeFile(path.join(transcriptsDir, `${late.slug}.txt`), late.text);
		await untilListed(page, 'the new transcript is listed', (s) => s[0] === late.slug);
		expect(await page.locator('tbody tr').first().locator('td a').innerText()).toBe(late.title);
		expect((await showing(page)).total).toBe(TOTAL + 1);
		// The outlet is a filter now.
		expect(
			await page
				.getByLabel('Outlet', { exact: true })
				.locator('option', { hasText: 'Handwritten' })
				.count()
		).toBe(1);

		await unlink(path.join(transcriptsDir, `${late.slug}.txt`));
		await unlink(path.join(transcriptsDir, `${late.slug}.meta.yaml`));
		await untilListed(page, 'the deleted transcript is gone', (s) => !s.includes(late.slug));
		expect((await showing(page)).total).toBe(TOTAL);
		expect((await api<LibraryPage>('/api/transcripts?outlet=Handwritten')).total).toBe(0);
	});

	it('a variant added to the glossary is indexed: progress goes idle, the mention is found', async () => {
		const slug = 'meng-night-boat';
		await writeFile(
			path.join(transcriptsDir, `${slug}.meta.yaml`),
			meta({ title: 'Night boat', date: '2032-02-02' })
		);
		await writeFile(
			path.join(transcriptsDir, `${slug}.txt`),
			'Night boat\nQ: Who was released?\nA: Meng night boat flew home to Shenzhen.'
		);
		await until('the transcript is indexed', async () =>
			(await api<LibraryPage>('/api/transcripts')).transcripts.some((t) => t.slug === slug)
		);
		const originals = async () =>
			(await api<MentionsPage>('/api/mentions/meng-wanzhou')).hits
				.filter((h) => h.transcript === slug)
				.map((h) => h.original);
		expect(await originals()).not.toContain('Meng night boat');

		const people = path.join(glossaryDir, 'people.yaml');
		const yaml = await readFile(people, 'utf8');
		// A variant list item, added above an existing one (whose fields follow it).
		const listed = '    - text: Meng late boat\n';
		expect(yaml).toContain(listed);
		await writeFile(people, yaml.replace(listed, `    - text: Meng night boat\n${listed}`));

		await until('the new variant is found', async () =>
			(await originals()).includes('Meng night boat')
		);
		await until(
			'the indexer is idle',
			async () => (await api<IndexProgress>('/api/index')).state === 'idle'
		);
		const page = await open(false);
		await page.goto('/search?entry=meng-wanzhou');
		const hit = page
			.locator('ol.hit-list > li')
			.filter({ hasText: 'Night boat' })
			.filter({ has: page.locator('del') });
		expect(await hit.count()).toBe(1);
		expect(await hit.locator('.sentence del').innerText()).toBe('Meng night boat');
		expect(await hit.locator('.sentence ins').innerText()).toBe('Meng Wanzhou');
		expect(await hit.locator('.where a').getAttribute('href')).toBe(`/t/${slug}#turn-2`);
		// The library counts the correction too.
		const library = await api<LibraryPage>('/api/transcripts');
		expect(library.transcripts.find((t) => t.slug === slug)?.corrections).toBe(1);
	});

	it('the CLI finds as many mentions as the API, in the same places', async () => {
		const output = await promisify(execFile)(
			'npm',
			['run', '--silent', 'cli', '--', 'mentions', 'michael-kovrig'],
			{
				cwd: ROOT,
				env: {
					...process.env,
					TRANSCRIPTS_DIR: transcriptsDir,
					GLOSSARY_DIR: glossaryDir,
					DATA_DIR: path.join(temp, 'data')
				},
				maxBuffer: 16 * 2 ** 20
			}
		);
		const lines = output.stdout.split('\n').filter((l) => l.trim());
		const first = await api<MentionsPage>('/api/mentions/michael-kovrig');
		expect(lines.length).toBe(first.total);
		const places = new Set(
			lines.map((l) => {
				const m = JSON.parse(l) as { transcript: string; start: number };
				return `${m.transcript}:${m.start}`;
			})
		);
		const hits = [...first.hits];
		for (let page = 2; page <= first.pages; page++) {
			hits.push(...(await api<MentionsPage>(`/api/mentions/michael-kovrig?page=${page}`)).hits);
		}
		expect(new Set(hits.map((h) => `${h.transcript}:${h.start}`))).toEqual(places);
	});

	it('while it indexes, the library says so; with JavaScript the banner goes when it is done', async () => {
		// Enough transcripts that re-indexing them takes seconds (about 400 a second here), each
		// titled "Volume of trade report 0042" in its text: a glossary entry added for "volume of
		// trade" re-indexes all of them in one pass, and changes their titles.
		const BULK = 2000;
		const bulk = Array.from({ length: BULK }, (_, i) => String(i).padStart(4, '0'));
		const files = bulk.map((n) => path.join(transcriptsDir, `bulk-${n}.txt`));
		const terms = path.join(glossaryDir, 'terms.yaml');
		const glossary = await readFile(terms, 'utf8');
		try {
			for (let i = 0; i < BULK; i += 200) {
				await Promise.all(
					bulk
						.slice(i, i + 200)
						.map((n, k) =>
							writeFile(files[i + k]!, `Volume of trade report ${n}\nQ: Why?\nA: Volume.`)
						)
				);
			}
			const count = (await readdir(transcriptsDir)).filter((f) => f.endsWith('.txt')).length;
			await until(
				'the bulk transcripts are indexed',
				async () => {
					const progress = await api<IndexProgress>('/api/index');
					return progress.state === 'idle' && progress.indexed === count;
				},
				150_000
			);

			// The glossary file replaced at once (a rename), so the change is one event.
			const staged = path.join(temp, 'terms.yaml');
			await writeFile(
				staged,
				glossary +
					'\n- id: trade-volume\n  canonical: Trade Volume\n  kind: term\n  variants:\n    - volume of trade\n'
			);
			await rename(staged, terms);
			await until(
				'the indexer starts',
				async () => (await api<IndexProgress>('/api/index')).state === 'indexing',
				60_000
			);
			const [still, live] = await Promise.all([open(false), open(true)]);
			const url = '/?sort=title&order=desc';
			await Promise.all([still.goto(url), gotoHydrated(live, url)]);
			const banner =
				/^Indexing: [\d,]+ of [\d,]+ transcripts \(the glossary changed \(1 entry\)\) — the list may be incomplete until it finishes\./;
			const stillText = await still.getByRole('status').innerText();
			expect(stillText).toMatch(banner);
			expect(stillText).toContain('Reload the page to see the rest.');
			const liveText = await live.getByRole('status').innerText();
			expect(liveText).toMatch(banner);
			expect(liveText).toContain('This page updates itself when it is done.');
			// (axe needs JavaScript in the page: it runs on this one, while the banner is up.)
			const violations = await seriousViolations(live, '.banner');
			expect(violations, violations.join('\n')).toEqual([]);
			await live.evaluate(() => ((window as { __sameDocument?: boolean }).__sameDocument = true));

			// With JavaScript the banner goes by itself, and the list shows the new titles.
			await live
				.getByRole('status')
				.getByText('Indexing:')
				.waitFor({ state: 'hidden', timeout: 150_000 });
			expect((await api<IndexProgress>('/api/index')).state).toBe('idle');
			await expect
				.poll(async () => (await rows(live))[0]?.title)
				.toBe(`Trade Volume report ${bulk.at(-1)}`);
			expect(
				await live.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)
			).toBe(true);
			// Without JavaScript the banner stays until the reader reloads.
			expect(await still.getByRole('status').innerText()).toMatch(banner);
			await still.reload();
			expect(await still.getByRole('status').isVisible()).toBe(false);
			expect((await rows(still))[0]?.title).toBe(`Trade Volume report ${bulk.at(-1)}`);
		} finally {
			await writeFile(terms, glossary);
			await Promise.all(files.map((f) => rm(f, { force: true })));
		}
	}, 480_000);
});
