/** Translation-quality flags in the reader and the library: apart from corrections, checkable. */
import { describe, expect, it } from 'vitest';
import { BASE } from './app';
import { gotoHydrated, LU_KANG, LU_KANG_TURNS, useBrowser } from './browser';

const browsing = useBrowser();
const READER = `/t/${LU_KANG}`;

interface ApiDoc {
	flags: { kind: string; rule: string; severity: string }[];
	quality: { score: number; turns: { turn: number; flags: number }[] };
}
const apiDoc = async (slug = LU_KANG) =>
	(await (await fetch(`${BASE}/api/transcripts/${slug}`)).json()) as ApiDoc;

describe('flags in the text', () => {
	it('are underlined, not struck through, and named as possible problems', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const flags = page.locator('.text .mark[aria-label]');
		expect(await flags.count()).toBe((await apiDoc()).flags.length);
		const idiom = flags.filter({ hasText: /^one hand can.t make a sound$/i });
		expect(await idiom.getAttribute('aria-label')).toMatch(
			/^possible translation problem: Literal translation of the idiom 孤掌难鸣/
		);
		expect(await idiom.locator('del, ins').count()).toBe(0);
		const decoration = await idiom.evaluate((el) => getComputedStyle(el).textDecorationStyle);
		expect(decoration).toBe('wavy');
	});

	it('show their message and suggestion on focus, through the same tooltip', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const found = page.locator('.text .mark[aria-label]', {
			hasText: /^one hand can.t make a sound$/i
		});
		// By id from here on: the open tooltip becomes part of the mark's text.
		const idiom = page.locator(`[id="${await found.getAttribute('id')}"]`);
		await idiom.focus();
		const tip = page.locator(`[id="${await idiom.getAttribute('aria-describedby')}"]`);
		expect(await tip.getAttribute('role')).toBe('tooltip');
		expect(await tip.innerText()).toContain('Perhaps: it takes two to tango');
		await page.keyboard.press('Escape');
		expect(await page.getByRole('tooltip').count()).toBe(0);
	});

	it('hide with ?flags=off, with and without JavaScript, and come back', async () => {
		for (const javaScriptEnabled of [true, false]) {
			const page = await browsing.page({ javaScriptEnabled });
			await page.goto(`${READER}?flags=off`);
			expect(await page.locator('.text .mark').count()).toBe(0);
			// Corrections stay.
			expect(await page.locator('.text .correction').count()).toBeGreaterThan(50);
			const show = page.getByRole('link', { name: 'Show flags' });
			expect(await show.getAttribute('href')).toBe(READER);
		}
		const page = await browsing.page({ javaScriptEnabled: false });
		await page.goto(READER);
		expect(await page.locator('.text .mark[aria-label]').count()).toBeGreaterThan(10);
	});
});

describe('the flags panel', () => {
	it('counts the flags by kind, as the API does', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const panel = page.getByRole('region', { name: /Possible problems/ });
		const { flags } = await apiDoc();
		const byKind = new Map<string, number>();
		for (const f of flags) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
		for (const [kind, count] of byKind) {
			const item = panel.locator('li').filter({ hasText: kind.replace(/-/g, ' ') });
			expect(await item.locator('.count').innerText(), kind).toBe(String(count));
		}
	});

	it('steps through the flags of a kind', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, READER);
		const next = page.getByRole('button', { name: 'Next repeated word flag' });
		await next.click();
		const first = await page.evaluate(() => document.activeElement?.textContent);
		await next.click();
		const second = await page.evaluate(() => document.activeElement?.textContent);
		expect(first).toMatch(/outbreak/);
		expect(second).not.toBe(first);
		expect(new URL(page.url()).hash).toMatch(/^#f-repeated-word--/);
	});
});

describe('quality at a glance', () => {
	it('a strip links every turn, and says how many flags each has', async () => {
		const page = await browsing.page({ javaScriptEnabled: false });
		await page.goto(READER);
		const strip = page.getByRole('navigation', { name: 'Translation quality by turn' });
		const bars = strip.getByRole('link');
		expect(await bars.count()).toBe(LU_KANG_TURNS);
		const { quality } = await apiDoc();
		const flagged = quality.turns.find((t) => t.flags > 0)!;
		const bar = bars.nth(flagged.turn - 1);
		expect(await bar.getAttribute('href')).toBe(`#turn-${flagged.turn}`);
		expect(await bar.getAttribute('aria-label')).toContain(
			`Turn ${flagged.turn}: ${flagged.flags} flag`
		);
		// The turn itself carries a marker in its margin.
		expect(await page.locator(`#turn-${flagged.turn} .turn-quality`).innerText()).toContain(
			String(flagged.flags)
		);
	});

	it('the library shows each transcript’s quality and flags', async () => {
		const page = await browsing.page();
		await page.goto('/');
		const row = page.locator('tr').filter({ hasText: 'Lu Kang interview' });
		const { quality } = await apiDoc();
		expect(await row.locator('td').nth(5).innerText()).toBe(`${Math.round(quality.score * 100)}%`);
		const clean = page.locator('tr').filter({ hasText: 'Joly meets Wang Yi' });
		expect(await clean.locator('td').nth(5).innerText()).toBe('100%');
	});
});
