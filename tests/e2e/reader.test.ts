import { text as readStream } from 'node:stream/consumers';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE } from './app';
import { gotoHydrated, LU_KANG, LU_KANG_TURNS, textColumn, turnCount, useBrowser } from './browser';

const browsing = useBrowser();
const READER = `/t/${LU_KANG}`;
/** Garbles the glossary fixes in the Lu Kang interview; none may survive normalization. */
const GARBLES = ['Meng hung boat', 'Bangladesh evening boat', 'cummingkai', 'Kang Mingkai'];

interface Doc {
	blocks: {
		type: string;
		turn: number | null;
		paragraphs: { corrections: { entry: string }[] }[];
	}[];
	title: { corrections: { entry: string }[] } | null;
}

/** The API's document, for counts the page must agree with. */
async function apiDoc(): Promise<Doc> {
	const response = await fetch(`${BASE}/api/transcripts/${LU_KANG}`);
	expect(response.status).toBe(200);
	return (await response.json()) as Doc;
}

/** The `.correction` whose struck-out text is exactly `original`. */
function correctionOf(page: Page, original: string) {
	return page
		.locator('.text .correction')
		.filter({ has: page.locator('del', { hasText: new RegExp(`^${original}$`) }) })
		.first();
}

const idsOfVisibleTurns = (page: Page) =>
	page.locator('article.turn').evaluateAll((els) => els.map((e) => e.id));

describe('reader', () => {
	let page: Page;
	beforeAll(async () => {
		// Read-only checks share one load of the 148-turn page.
		page = await browsing.sharedPage();
		await gotoHydrated(page, READER);
	});

	it(`renders all ${LU_KANG_TURNS} turns with ids turn-1…turn-${LU_KANG_TURNS}`, async () => {
		const ids = await idsOfVisibleTurns(page);
		expect(ids).toEqual(Array.from({ length: LU_KANG_TURNS }, (_, i) => `turn-${i + 1}`));
	});

	it('names speakers canonically and shows a differing raw label beside the name', async () => {
		const names = await page.locator('article.turn .who .name').allInnerTexts();
		expect(new Set(names)).toEqual(new Set(['Nathan VanderKlippe', 'Lu Kang']));
		expect(await page.locator('#turn-1 .name').innerText()).toBe('Nathan VanderKlippe');
		expect(await page.locator('#turn-2 .name').innerText()).toBe('Lu Kang');
		// Turn 9 is labelled "Mt. Vander" in the source.
		expect(await page.locator('#turn-9 .who').innerText()).toContain('as “Mt. Vander”');
		// A label equal to the canonical name is not repeated.
		expect(await page.locator('#turn-2 .who').innerText()).not.toContain('as “');
	});

	it('shows a garble struck out with the correction right beside it', async () => {
		const mark = correctionOf(page, 'Meng hung boat');
		expect(await mark.count()).toBe(1);
		expect(await mark.locator('ins').innerText()).toBe('Meng Wanzhou');
		// "Right beside": del and ins share a parent with nothing but whitespace between.
		const between = await mark.evaluate((el) => {
			const del = el.querySelector('del')!;
			const ins = el.querySelector('ins')!;
			if (del.parentElement !== ins.parentElement) return null;
			let text = '';
			for (let n = del.nextSibling; n && n !== ins; n = n.nextSibling) text += n.textContent;
			return text;
		});
		expect(between).not.toBeNull();
		expect(between!.trim()).toBe('');
	});

	it('has the Inline view selected by default', async () => {
		const current = page.locator('nav[aria-label="View"] a[aria-current="page"]');
		expect(await current.innerText()).toBe('Inline');
		expect(await page.locator('nav[aria-label="View"] a').allInnerTexts()).toEqual([
			'Inline',
			'Normalized',
			'Raw'
		]);
	});
});

describe('correction tooltip', () => {
	it('appears on hover with the glossary entry and the matched form', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const link = correctionOf(page, 'Meng hung boat').locator('a');
		const tip = page.locator(`[id="${await link.getAttribute('id')}-tip"]`);
		// Built when it opens: nothing in the page until then, and nothing to describe the link.
		expect(await tip.count()).toBe(0);
		expect(await link.getAttribute('aria-describedby')).toBeNull();

		await link.locator('del').hover();
		await tip.waitFor({ state: 'visible' });
		expect(await tip.getAttribute('role')).toBe('tooltip');
		expect(await link.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
		const text = await tip.innerText();
		expect(text).toContain('Meng Wanzhou');
		expect(text).toContain('person');
		expect(text).toContain('孟晚舟');
		expect(text).toContain('Matched glossary form “Meng hung boat”');
		// The tooltip must not be clipped off the right edge of the window.
		const box = (await tip.boundingBox())!;
		expect(box.x + box.width).toBeLessThanOrEqual(1280);

		// It stays while the pointer moves onto it (WCAG 1.4.13), and goes when it leaves both.
		await tip.hover();
		expect(await tip.isVisible()).toBe(true);
		await page.mouse.move(5, 5);
		await tip.waitFor({ state: 'detached' });
	});

	it('Escape dismisses it without moving focus', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const link = correctionOf(page, 'Meng hung boat').locator('a');
		await link.focus();
		const tip = page.locator(`[id="${await link.getAttribute('id')}-tip"]`);
		await tip.waitFor({ state: 'visible' });
		await page.keyboard.press('Escape');
		await tip.waitFor({ state: 'detached' });
		expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
	});

	it('only one is open at a time', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const links = page.locator('.text .correction a');
		await links.nth(0).focus();
		await links.nth(1).hover();
		await page.getByRole('tooltip').first().waitFor();
		expect(await page.getByRole('tooltip').count()).toBe(1);
	});

	it('without JavaScript the correction is still marked and named, with no tooltip', async () => {
		const page = await browsing.page({ javaScriptEnabled: false });
		await page.goto(READER);
		const link = correctionOf(page, 'Meng hung boat').locator('a');
		expect(await link.getAttribute('aria-label')).toBe(
			'corrected from Meng hung boat to Meng Wanzhou'
		);
		expect(await link.locator('ins').innerText()).toBe('Meng Wanzhou');
		await link.hover();
		expect(await page.getByRole('tooltip').count()).toBe(0);
	});

	it('is reached with the keyboard: Tab to a correction shows its tooltip', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		let onCorrection = false;
		for (let i = 0; i < 40 && !onCorrection; i++) {
			await page.keyboard.press('Tab');
			onCorrection = await page.evaluate(
				() => document.activeElement?.closest('.correction') !== null
			);
		}
		expect(onCorrection, 'no correction link within 40 Tab presses').toBe(true);
		const tipId = await page.evaluate(() =>
			document.activeElement!.getAttribute('aria-describedby')
		);
		expect(tipId).toBeTruthy();
		const tip = page.locator(`[id="${tipId}"]`);
		await tip.waitFor({ state: 'visible' });
		expect(await tip.getAttribute('role')).toBe('tooltip');
		expect(await tip.innerText()).toContain('Matched glossary form');
	});
});

describe('views', () => {
	const viewLink = (page: Page, name: string) =>
		page.locator('nav[aria-label="View"]').getByRole('link', { name, exact: true });

	it('switches to Raw without a reload: ?view=raw, no marks, raw text and labels', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		await page.evaluate(() => ((window as { __marker?: number }).__marker = 42));
		await viewLink(page, 'Raw').click();
		await page.waitForURL((url) => url.searchParams.get('view') === 'raw');

		// A full reload would have dropped the marker.
		expect(await page.evaluate(() => (window as { __marker?: number }).__marker)).toBe(42);
		expect(await viewLink(page, 'Raw').getAttribute('aria-current')).toBe('page');
		expect(await page.locator('.text del, .text ins').count()).toBe(0);
		const text = await textColumn(page);
		expect(text).toContain('Meng hung boat');
		expect(await page.locator('#turn-1 .name').innerText()).toBe('Wandeshan');
		expect(await page.locator('#turn-9 .name').innerText()).toBe('Mt. Vander');
		expect(await turnCount(page)).toBe(LU_KANG_TURNS);
	});

	it('Normalized shows only the corrected text, no garbles and no marks', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		await viewLink(page, 'Normalized').click();
		await page.waitForURL((url) => url.searchParams.get('view') === 'normalized');
		expect(await page.locator('.text del, .text ins').count()).toBe(0);
		const text = await textColumn(page);
		for (const garble of GARBLES) expect(text, garble).not.toContain(garble);
		expect(text).toContain('Meng Wanzhou');
		expect(text).toContain('Michael Kovrig');
	});

	it('browser Back returns to the inline view', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		await viewLink(page, 'Raw').click();
		await page.waitForURL((url) => url.searchParams.get('view') === 'raw');
		expect(await page.locator('.text del').count()).toBe(0);

		await page.goBack();
		await page.waitForURL((url) => !url.searchParams.has('view'));
		expect(await viewLink(page, 'Inline').getAttribute('aria-current')).toBe('page');
		expect(await correctionOf(page, 'Meng hung boat').count()).toBe(1);
	});

	it('keeps the reading position when switching views', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, `${READER}#turn-60`);
		const top = () =>
			page.locator('#turn-60').evaluate((el) => Math.round(el.getBoundingClientRect().top));
		const before = await top();
		// The anchor jump worked: turn 60 is near the top of the window.
		expect(before).toBeGreaterThanOrEqual(0);
		expect(before).toBeLessThan(200);

		for (const [name, view] of [
			['Raw', 'raw'],
			['Normalized', 'normalized'],
			['Inline', null]
		] as const) {
			await viewLink(page, name).click();
			await page.waitForURL((url) => url.searchParams.get('view') === view);
			const after = await top();
			expect(Math.abs(after - before), `turn 60 moved after switching to ${name}`).toBeLessThan(50);
		}
	});

	it('renders ?view=raw on the server for readers without JavaScript', async () => {
		const page = await browsing.page({ javaScriptEnabled: false });
		const response = await page.goto(`${READER}?view=raw`);
		expect(response?.status()).toBe(200);
		expect(await page.locator('.text del, .text ins').count()).toBe(0);
		expect(await textColumn(page)).toContain('Meng hung boat');
		expect(await page.locator('#turn-1 .name').innerText()).toBe('Wandeshan');
		const current = page.locator('nav[aria-label="View"] a[aria-current="page"]');
		expect(await current.innerText()).toBe('Raw');
	});
});

describe('anchors', () => {
	it('/t/…#turn-12 scrolls turn 12 into view', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, `${READER}#turn-12`);
		const box = (await page.locator('#turn-12').boundingBox())!;
		const viewport = page.viewportSize()!;
		expect(box.y).toBeGreaterThanOrEqual(0);
		expect(box.y).toBeLessThan(viewport.height);
		// Not hidden under the sticky toolbar.
		const toolbarBottom = await page
			.locator('.toolbar')
			.evaluate((el) => el.getBoundingClientRect().bottom);
		expect(box.y).toBeGreaterThanOrEqual(toolbarBottom - 1);
	});

	it('names a correction by what it points at, the same in every view', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const link = correctionOf(page, 'Meng hung boat').locator('a');
		expect(await link.getAttribute('id')).toBe('c-meng-wanzhou--meng-hung-boat-1');
		await gotoHydrated(page, `${READER}?view=raw`);
		expect(await page.locator('#c-meng-wanzhou--meng-hung-boat-1').innerText()).toBe(
			'Meng hung boat'
		);
	});

	// Links shared before ids were named by content kept working: `#c-title-0-1` was the second
	// correction of the title (the first fixes the casing of "Ministry of foreign affairs").
	it('takes an old positional link to the same correction', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, `${READER}#c-title-0-1`);
		await page.waitForFunction(() => location.hash === '#c-meng-wanzhou--meng-late-boat-1');
		const mark = page.locator('#c-meng-wanzhou--meng-late-boat-1');
		expect(await mark.locator('del').innerText()).toBe('Meng late boat');
		const box = (await mark.boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(0);
		expect(box.y).toBeLessThan(page.viewportSize()!.height);
	});
});

describe('search', () => {
	/** Turns whose raw text says "cummingkai", i.e. Kovrig before correction. */
	async function cummingkaiTurns(): Promise<string[]> {
		const doc = (await (await fetch(`${BASE}/api/transcripts/${LU_KANG}`)).json()) as {
			blocks: { turn: number | null; paragraphs: { raw: string }[] }[];
		};
		return doc.blocks
			.filter((b) => b.turn !== null && b.paragraphs.some((p) => p.raw.includes('cummingkai')))
			.map((b) => `turn-${b.turn}`);
	}

	it('filters as you type and finds turns that only say "cummingkai" in the raw text', async () => {
		const expected = await cummingkaiTurns();
		expect(expected.length).toBeGreaterThan(0);
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		await page.getByLabel('Search this transcript').fill('Kovrig');
		const status = page.getByRole('status');
		await status.waitFor();
		const shown = await idsOfVisibleTurns(page);
		expect(shown.length).toBeGreaterThan(0);
		expect(shown.length).toBeLessThan(LU_KANG_TURNS);
		expect(shown).toEqual(expect.arrayContaining(expected));
		expect(await status.innerText()).toContain(`${shown.length} of ${LU_KANG_TURNS} turns shown`);
		// The filter is kept in the URL so it can be shared.
		expect(new URL(page.url()).searchParams.get('q')).toBe('Kovrig');

		await page.getByLabel('Search this transcript').fill('');
		await status.waitFor({ state: 'detached' });
		expect(await turnCount(page)).toBe(LU_KANG_TURNS);
	});

	it('highlights the search words in the turns it shows', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const highlighted = () =>
			page.evaluate(() =>
				[...(CSS.highlights.get('search')?.values() ?? [])].map((r) => r.toString())
			);
		await page.getByLabel('Search this transcript').fill('Kovrig');
		await page.waitForFunction(() => (CSS.highlights.get('search')?.size ?? 0) > 0);
		const words = await highlighted();
		expect(words.length).toBeGreaterThan(5);
		expect(new Set(words.map((w) => w.toLowerCase()))).toEqual(new Set(['kovrig']));
		await page.getByLabel('Search this transcript').fill('');
		await page.waitForFunction(() => !CSS.highlights.has('search'));
	});

	it('works without JavaScript through the GET form', async () => {
		const expected = await cummingkaiTurns();
		const page = await browsing.page({ javaScriptEnabled: false });
		await page.goto(READER);
		await page.getByLabel('Search this transcript').fill('Kovrig');
		await Promise.all([
			page.waitForURL((url) => url.searchParams.get('q') === 'Kovrig'),
			page.getByLabel('Search this transcript').press('Enter')
		]);
		const shown = await idsOfVisibleTurns(page);
		expect(shown).toEqual(expect.arrayContaining(expected));
		expect(shown.length).toBeLessThan(LU_KANG_TURNS);
		expect(await page.getByRole('status').innerText()).toContain(
			`${shown.length} of ${LU_KANG_TURNS} turns shown`
		);
	});

	it('gives the same turns with and without JavaScript', async () => {
		const withJs = await browsing.page();
		await gotoHydrated(withJs, READER);
		await withJs.getByLabel('Search this transcript').fill('Kovrig');
		await withJs.getByRole('status').waitFor();
		const noJs = await browsing.page({ javaScriptEnabled: false });
		await noJs.goto(`${READER}?q=Kovrig`);
		expect(await idsOfVisibleTurns(withJs)).toEqual(await idsOfVisibleTurns(noJs));
	});
});

describe('speaker filter', () => {
	async function expectOnlyLuKang(page: Page) {
		expect(await turnCount(page)).toBe(74);
		const names = await page.locator('article.turn .who .name').allInnerTexts();
		expect(new Set(names)).toEqual(new Set(['Lu Kang']));
		expect(await page.getByRole('status').innerText()).toContain(
			`74 of ${LU_KANG_TURNS} turns shown by Lu Kang`
		);
	}

	it('shows only the chosen speaker', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		await page.getByLabel('Speaker', { exact: true }).selectOption({ label: 'Lu Kang' });
		await page.getByRole('status').waitFor();
		await expectOnlyLuKang(page);
		expect(new URL(page.url()).searchParams.get('speaker')).toBe('lu-kang');
	});

	it('works without JavaScript via ?speaker=lu-kang', async () => {
		const page = await browsing.page({ javaScriptEnabled: false });
		await page.goto(`${READER}?speaker=lu-kang`);
		await expectOnlyLuKang(page);
		expect(await page.getByLabel('Speaker', { exact: true }).inputValue()).toBe('lu-kang');
	});
});

describe('corrections panel', () => {
	it('lists entries with their counts', async () => {
		const doc = await apiDoc();
		const paragraphs = [
			...(doc.title ? [doc.title] : []),
			...doc.blocks.flatMap((b) => b.paragraphs)
		];
		const meng = paragraphs.flatMap((p) => p.corrections).filter((c) => c.entry === 'meng-wanzhou');
		expect(meng.length).toBeGreaterThan(1);

		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const panel = page.getByRole('region', { name: /Corrections/ });
		const item = panel.locator('li').filter({
			has: page.getByRole('link', { name: 'Meng Wanzhou', exact: true })
		});
		expect(await item.locator('.head .count').innerText()).toBe(String(meng.length));
		expect(await item.getByRole('link', { name: 'Meng Wanzhou' }).getAttribute('href')).toBe(
			'/glossary#meng-wanzhou'
		);
	});

	it('without JavaScript lists entries and counts, and no controls that would do nothing', async () => {
		const page = await browsing.page({ javaScriptEnabled: false });
		await page.goto(READER);
		const panel = page.getByRole('region', { name: /Corrections/ });
		const item = panel.locator('li').filter({
			has: page.getByRole('link', { name: 'Meng Wanzhou', exact: true })
		});
		expect(Number(await item.locator('.head .count').innerText())).toBeGreaterThan(1);
		expect(await panel.getByRole('button').count()).toBe(0);
		expect(await panel.locator('details').count()).toBe(0);

		// With JavaScript each entry gets its step buttons and the list of its occurrences.
		const interactive = await browsing.page();
		await gotoHydrated(interactive, READER);
		const items = interactive.getByRole('region', { name: /Corrections/ }).locator('ul > li');
		expect(await items.locator('details').count()).toBe(await items.count());
		const first = items.first().locator('ol a').first();
		const target = (await first.getAttribute('href'))!;
		await items.first().locator('summary').click();
		await first.click();
		expect(new URL(interactive.url()).hash).toBe(target);
	});

	it('"Next correction" moves focus to each occurrence in turn and says which', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const panel = page.getByRole('region', { name: /Corrections/ });
		const item = panel.locator('li').filter({
			has: page.getByRole('link', { name: 'Meng Wanzhou', exact: true })
		});
		const total = await item.locator('.head .count').innerText();
		const next = page.getByRole('button', { name: 'Next correction to Meng Wanzhou' });

		const focused = () =>
			page.evaluate(() => {
				const el = document.activeElement;
				const mark = el?.closest('.correction');
				const box = el?.getBoundingClientRect();
				return {
					id: el?.id ?? '',
					ins: mark?.querySelector('ins')?.textContent ?? null,
					inView: !!box && box.top >= 0 && box.bottom <= window.innerHeight
				};
			});

		await next.click();
		await item.getByText(`1 of ${total}`).waitFor();
		const first = await focused();
		expect(first.ins).toBe('Meng Wanzhou');
		expect(first.inView).toBe(true);
		expect(new URL(page.url()).hash).toBe(`#${first.id}`);

		await next.click();
		await item.getByText(`2 of ${total}`).waitFor();
		const second = await focused();
		expect(second.ins).toBe('Meng Wanzhou');
		expect(second.id).not.toBe(first.id);
		expect(second.inView).toBe(true);
	});
});

describe('export', () => {
	it('Markdown downloads the normalized text with canonical speaker names', async () => {
		const page = await browsing.page({ acceptDownloads: true });
		await gotoHydrated(page, READER);
		const link = page.getByRole('link', { name: 'Markdown' });
		expect(await link.getAttribute('href')).toBe(`/t/${LU_KANG}/export.md`);
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		expect(download.suggestedFilename()).toBe(`${LU_KANG}.md`);
		// As a stream: the browser runs in a server of its own, so the file is not on this side.
		const markdown = await readStream(await download.createReadStream());
		expect(markdown).toContain('**Nathan VanderKlippe:**');
		expect(markdown).toContain('**Lu Kang:**');
		expect(markdown).toContain('Meng Wanzhou');
		for (const garble of GARBLES) expect(markdown, garble).not.toContain(garble);
	});

	it('JSON returns the CLI contract', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const href = await page.getByRole('link', { name: 'JSON' }).getAttribute('href');
		expect(href).toBe(`/t/${LU_KANG}/export.json`);
		const response = await fetch(BASE + href);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toContain(`${LU_KANG}.json`);
		const doc = (await response.json()) as Record<string, unknown> & Doc;
		expect(Object.keys(doc).sort()).toEqual(
			['blocks', 'corrections', 'flags', 'meta', 'quality', 'speakers', 'title'].sort()
		);
		expect(doc.blocks.filter((b) => b.type === 'turn')).toHaveLength(LU_KANG_TURNS);
	});
});
