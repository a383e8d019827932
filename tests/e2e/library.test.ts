import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { LibraryPage } from '../../src/lib/archive/types';
import { ownApp } from './app';
import { BUNDLED, gotoHydrated, LU_KANG, LU_KANG_TURNS, turnCount, useBrowser } from './browser';

// A server of this file's own: it adds transcripts, and compares the library with the API.
const { baseURL: BASE, transcriptsDir: TRANSCRIPTS_DIR } = await ownApp();
const browsing = useBrowser({ baseURL: BASE });

/** A small interview with a glossary garble ("cummingkai" → Michael Kovrig) in two turns. */
const INTERVIEW = [
	'Interview with a diplomat',
	'Q: What happened to cummingkai?',
	'A: cummingkai was detained after the Meng hung boat case.',
	'Q: Thank you.'
].join('\n');

/** Files in the server's transcripts folder, to prove failed submissions wrote nothing. */
const listing = async () => (await readdir(TRANSCRIPTS_DIR)).sort();

/** The file's text as the server stored it; forms send textarea line breaks as CRLF. */
const stored = async (slug: string) =>
	(await readFile(path.join(TRANSCRIPTS_DIR, `${slug}.txt`), 'utf8')).replace(/\r\n/g, '\n');

async function submit(page: Page, fields: { title?: string; text?: string }) {
	if (fields.title !== undefined) await page.getByLabel('Title').fill(fields.title);
	if (fields.text !== undefined) await page.getByLabel('Paste the text').fill(fields.text);
	await page.getByRole('button', { name: 'Add transcript' }).click();
}

async function addThroughForm(page: Page, title: string, text: string): Promise<string> {
	await gotoHydrated(page, '/');
	await submit(page, { title, text });
	await page.waitForURL(/\/t\/[^/]+$/);
	return new URL(page.url()).pathname.slice('/t/'.length);
}

const alertText = (page: Page) => page.locator('form [role="alert"]').innerText();

/**
 * The library's link to `slug`, once the library lists it: an upload is answered at once and
 * indexed in the background, so the library is loaded again until the index has it.
 */
async function libraryLink(page: Page, slug: string) {
	const link = page.locator(`tbody a[href="/t/${slug}"]`);
	await expect
		.poll(
			async () => {
				await page.goto('/');
				return link.count();
			},
			{ message: `the library lists ${slug}`, timeout: 60_000, interval: 250 }
		)
		.toBe(1);
	return link;
}

describe('library', () => {
	it('lists the bundled transcripts with title, date, outlet, turns, corrections, quality and flags', async () => {
		const library = (await (await fetch(`${BASE}/api/transcripts`)).json()) as LibraryPage;
		const summaries = library.transcripts;
		expect(library.total).toBeGreaterThanOrEqual(BUNDLED.length);
		const page = await browsing.page();
		await page.goto('/');
		expect(await page.locator('.showing').innerText()).toBe(
			`Showing 1–${summaries.length} of ${library.total} transcripts.`
		);
		for (const slug of BUNDLED) {
			const summary = summaries.find((s) => s.slug === slug);
			expect(summary, slug).toBeDefined();
			const row = page.locator('tbody tr').filter({ has: page.locator(`a[href="/t/${slug}"]`) });
			expect(await row.count(), slug).toBe(1);
			const cells = await row.locator('td').allInnerTexts();
			expect(cells[0]).toContain(summary!.title);
			expect(cells[1]).toBe(summary!.date ?? '—');
			expect(cells[2]).toBe(summary!.outlet ?? '—');
			expect(cells[3]).toBe(String(summary!.turns));
			expect(cells[4]).toBe(String(summary!.corrections));
			const { quality, flags } = summary!;
			expect(cells[5]).toBe(quality === null ? '—' : `${Math.round(quality * 100)}%`);
			expect(cells[6]).toBe(
				flags === null
					? '—'
					: `${flags.warning + flags.error}${flags.info ? ` +${flags.info} info` : ''}`
			);
		}
		// Newest first, as the API lists them, undated last.
		const shown = await page
			.locator('tbody tr td:first-child a')
			.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
		expect(shown).toEqual(summaries.map((s) => `/t/${s.slug}`));
		expect(await page.locator('thead th[aria-sort="descending"]').innerText()).toContain('Date');
		const luKang = page
			.locator('tbody tr')
			.filter({ has: page.locator(`a[href="/t/${LU_KANG}"]`) });
		const cells = await luKang.locator('td').allInnerTexts();
		expect(cells[0]).toContain('Lu Kang interview with The Globe and Mail');
		expect(cells[0]).toContain('machine-translated');
		expect(cells[1]).toBe('2020-09-03');
		expect(cells[3]).toBe(String(LU_KANG_TURNS));
		expect(Number(cells[4])).toBeGreaterThan(50);
	});

	it('opens the reader from a title link', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, '/');
		await page.getByRole('link', { name: 'Lu Kang interview with The Globe and Mail' }).click();
		await page.waitForURL(`${BASE}/t/${LU_KANG}`);
		await page.locator('article.turn').first().waitFor();
		expect(await turnCount(page)).toBe(LU_KANG_TURNS);
	});
});

describe('adding a transcript', () => {
	it('pasted text lands on its reader page, corrected inline', async () => {
		const page = await browsing.page();
		const slug = await addThroughForm(page, 'E2E pasted interview', INTERVIEW);
		expect(slug).toBe('e2e-pasted-interview');
		await page.locator('article.turn').first().waitFor();
		expect(await turnCount(page)).toBe(3);
		const mark = page
			.locator('.text .correction')
			.filter({ has: page.locator('del', { hasText: /^cummingkai$/ }) });
		expect(await mark.count()).toBe(2);
		expect(await mark.first().locator('ins').innerText()).toBe('Michael Kovrig');
		expect(await stored(slug)).toBe(INTERVIEW);

		expect(await (await libraryLink(page, slug)).innerText()).toBe('E2E pasted interview');
	});

	it('an uploaded .txt file works too', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, '/');
		await page.getByLabel('…or upload a .txt file').setInputFiles({
			name: 'e2e-upload.txt',
			mimeType: 'text/plain',
			buffer: Buffer.from(INTERVIEW, 'utf8')
		});
		await page.getByRole('button', { name: 'Add transcript' }).click();
		await page.waitForURL(`${BASE}/t/e2e-upload`);
		await page.locator('article.turn').first().waitFor();
		expect(await turnCount(page)).toBe(3);
		expect(await page.locator('.text ins', { hasText: 'Michael Kovrig' }).count()).toBe(2);
		// Uploaded bytes are kept exactly.
		expect(await readFile(path.join(TRANSCRIPTS_DIR, 'e2e-upload.txt'), 'utf8')).toBe(INTERVIEW);
	});

	it('a second transcript with the same title gets a new slug and never overwrites', async () => {
		const page = await browsing.page();
		const first = 'Q: First version?\nA: Yes, the first.';
		const second = 'Q: Second version?\nA: Yes, the second.';
		expect(await addThroughForm(page, 'E2E same title', first)).toBe('e2e-same-title');
		expect(await addThroughForm(page, 'E2E same title', second)).toBe('e2e-same-title-2');
		expect(await stored('e2e-same-title')).toBe(first);
		expect(await stored('e2e-same-title-2')).toBe(second);
		expect(await page.locator('.text').innerText()).toContain('Yes, the second.');
	});
});

describe('refused submissions', () => {
	it('an empty submission says what to do and saves nothing', async () => {
		const before = await listing();
		const page = await browsing.page();
		await gotoHydrated(page, '/');
		await submit(page, {});
		await page.locator('form [role="alert"]').waitFor();
		expect(await alertText(page)).toBe('Paste a transcript or choose a .txt file.');
		expect(new URL(page.url()).pathname).toBe('/');
		expect(await listing()).toEqual(before);
	});

	it('without JavaScript the refusal is a 400 with the same message', async () => {
		const page = await browsing.page({ javaScriptEnabled: false });
		await page.goto('/');
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			submit(page, { text: '   ' })
		]);
		expect(response.status()).toBe(400);
		expect(await alertText(page)).toBe('Paste a transcript or choose a .txt file.');
	});

	it('a file that is not UTF-8 is refused with a clear message', async () => {
		const before = await listing();
		const page = await browsing.page();
		await gotoHydrated(page, '/');
		await page.getByLabel('…or upload a .txt file').setInputFiles({
			name: 'latin1.txt',
			mimeType: 'text/plain',
			// "Québec" in Latin-1 plus bytes that are never valid UTF-8.
			buffer: Buffer.from([0x51, 0x75, 0xe9, 0x62, 0x65, 0x63, 0xff, 0xfe, 0x0a])
		});
		await page.getByRole('button', { name: 'Add transcript' }).click();
		await page.locator('form [role="alert"]').waitFor();
		expect(await alertText(page)).toBe('"latin1.txt" is not UTF-8 text.');
		expect(await listing()).toEqual(before);
	});

	it('a binary file is refused with a clear message', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, '/');
		await page.getByLabel('…or upload a .txt file').setInputFiles({
			name: 'image.txt',
			mimeType: 'text/plain',
			// A PNG header: valid UTF-8 bytes up to the control characters.
			buffer: Buffer.from('\x00\x01\x02PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 'latin1')
		});
		await page.getByRole('button', { name: 'Add transcript' }).click();
		await page.locator('form [role="alert"]').waitFor();
		expect(await alertText(page)).toBe(
			'Cannot read this transcript: the text contains binary control characters.'
		);
	});

	it('a file over 2 MB is refused in the browser before uploading', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, '/');
		await page.getByLabel('…or upload a .txt file').setInputFiles({
			name: 'huge.txt',
			mimeType: 'text/plain',
			buffer: Buffer.alloc(2.5 * 1024 * 1024, 'Q: words words words\n')
		});
		await page.locator('form [role="alert"]').waitFor();
		expect(await alertText(page)).toBe('The file is 2.5 MB; the limit is 2.0 MB.');
		expect(await page.getByRole('button', { name: 'Add transcript' }).isDisabled()).toBe(true);
	});

	it('a file over 2 MB is refused by the server too (no JavaScript)', async () => {
		const before = await listing();
		const page = await browsing.page({ javaScriptEnabled: false });
		await page.goto('/');
		await page.getByLabel('…or upload a .txt file').setInputFiles({
			name: 'huge.txt',
			mimeType: 'text/plain',
			buffer: Buffer.alloc(2.5 * 1024 * 1024, 'Q: words words words\n')
		});
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Add transcript' }).click()
		]);
		expect(response.status()).toBe(400);
		expect(await alertText(page)).toBe('The transcript is 2.5 MB; the limit is 2.0 MB.');
		expect(await listing()).toEqual(before);
	});

	it('pasted text and a file together are refused', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, '/');
		await page.getByLabel('Paste the text').fill(INTERVIEW);
		await page.getByLabel('…or upload a .txt file').setInputFiles({
			name: 'also.txt',
			mimeType: 'text/plain',
			buffer: Buffer.from(INTERVIEW)
		});
		await page.getByRole('button', { name: 'Add transcript' }).click();
		await page.locator('form [role="alert"]').waitFor();
		expect(await alertText(page)).toBe('Paste text or choose a file, not both.');
	});
});

describe('markup in transcripts is shown as text (XSS)', () => {
	const SCRIPT = '<script>window.__xss=1</script>';
	const IMG = '<img src=x onerror="window.__xss=2">';
	const TITLE = `E2E ${SCRIPT} ${IMG}`;
	const TEXT = [`${SCRIPT} ${IMG} headline`, `Q: ${SCRIPT} who?`, `A: ${IMG} nobody.`].join('\n');

	/** Gives an injected handler time to run: an <img onerror> fires after a failed fetch. */
	async function xssValue(page: Page) {
		await page.waitForLoadState('load');
		await page.waitForTimeout(300);
		return page.evaluate(() => (window as { __xss?: unknown }).__xss);
	}

	it('added through the form: reader and library show the characters literally', async () => {
		const page = await browsing.page();
		const slug = await addThroughForm(page, TITLE, TEXT);
		await page.locator('article.turn').first().waitFor();
		expect(await xssValue(page)).toBeUndefined();
		expect(await page.locator('.text img, h1 img').count()).toBe(0);
		expect(await page.locator('main script').count()).toBe(0);
		const text = await page.locator('.text').innerText();
		expect(text).toContain(SCRIPT);
		expect(text).toContain(IMG);
		expect(await page.locator('h1').innerText()).toContain(SCRIPT);
		expect(await page.title()).toContain(SCRIPT);

		// Loaded fresh (server-rendered), not only after client-side navigation.
		await page.goto(`/t/${slug}`);
		expect(await xssValue(page)).toBeUndefined();
		expect(await page.locator('.text img').count()).toBe(0);

		const link = await libraryLink(page, slug);
		expect(await xssValue(page)).toBeUndefined();
		expect(await page.locator('table img').count()).toBe(0);
		expect(await link.innerText()).toBe(TITLE);

		// The Markdown export escapes the markup instead of passing HTML through.
		const markdown = await (await fetch(`${BASE}/t/${slug}/export.md`)).text();
		expect(markdown).toContain('\\<script\\>');
		expect(markdown).not.toMatch(/(^|[^\\])<(script|img)/);
	});

	it('written straight into the transcripts folder, with the title in its meta file', async () => {
		const slug = 'e2e-xss-on-disk';
		await writeFile(path.join(TRANSCRIPTS_DIR, `${slug}.txt`), TEXT);
		await writeFile(
			path.join(TRANSCRIPTS_DIR, `${slug}.meta.yaml`),
			`title: ${JSON.stringify(TITLE)}\n`
		);
		const page = await browsing.page();
		await page.goto(`/t/${slug}`);
		expect(await xssValue(page)).toBeUndefined();
		expect(await page.locator('.text img').count()).toBe(0);
		expect(await page.locator('.text').innerText()).toContain(SCRIPT);
		expect(await page.title()).toContain(SCRIPT);
	});
});
