/**
 * axe on every page kind in both color schemes, and the layout checks behind the screenshots
 * for a human to look at (written with `SCREENSHOTS=1`).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
	gotoHydrated,
	LU_KANG,
	screenshot,
	seriousViolations,
	useBrowser,
	type PageOptions
} from './browser';

const browsing = useBrowser();
const READER = `/t/${LU_KANG}`;

const PAGES = [
	['library', '/'],
	['reader, inline view', READER],
	['reader, raw view', `${READER}?view=raw`],
	['reader, normalized view', `${READER}?view=normalized`],
	['glossary', '/glossary'],
	['library, filtered and sorted', '/?mt=yes&sort=title'],
	['entity search', '/search?entry=meng-wanzhou'],
	['entity search, choices', '/search?entry=kovrigg'],
	['full-text search', '/search?q=canada']
] as const;

describe.each(['light', 'dark'] as const)('accessibility, %s color scheme', (colorScheme) => {
	it.each(PAGES)('%s has no serious or critical axe violations', async (_name, url) => {
		const page = await browsing.page({ colorScheme });
		await gotoHydrated(page, url);
		const violations = await seriousViolations(page);
		expect(violations, '\n' + violations.join('\n\n') + '\n').toEqual([]);
	});

	it('an open correction tooltip has no serious or critical axe violations', async () => {
		const page = await browsing.page({ colorScheme });
		await gotoHydrated(page, READER);
		await page.locator('.text .correction a').first().focus();
		await page.getByRole('tooltip').first().waitFor({ state: 'visible' });
		// Only the open correction: the rest of the page is covered above, and this is fast.
		const violations = await seriousViolations(page, '.correction:focus-within');
		expect(violations, '\n' + violations.join('\n\n') + '\n').toEqual([]);
	});
});

describe('layout behind the screenshots (test-results/screenshots/ with SCREENSHOTS=1)', () => {
	/** Opens the reader, checks nothing sticks out sideways, and saves what the window shows. */
	async function shoot(name: string, url: string, options: PageOptions = {}): Promise<Page> {
		const page = await browsing.page(options);
		await gotoHydrated(page, url);
		await page.evaluate(() => document.fonts.ready);
		await screenshot(page, name);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `${name}: page scrolls sideways`).toBeLessThanOrEqual(0);
		return page;
	}

	it('reader in each view', async () => {
		await shoot('reader-inline', READER);
		await shoot('reader-normalized', `${READER}?view=normalized`);
		await shoot('reader-raw', `${READER}?view=raw`);
	});

	it('reader in dark mode, with a tooltip open', async () => {
		await shoot('reader-dark', READER, { colorScheme: 'dark' });
		const page = await browsing.page({ colorScheme: 'dark' });
		await gotoHydrated(page, READER);
		const mark = page
			.locator('.text .correction')
			.filter({ has: page.locator('del', { hasText: /^Meng hung boat$/ }) })
			.first()
			.locator('a');
		await mark.evaluate((el) => el.scrollIntoView({ block: 'center' }));
		await mark.focus();
		await page.locator(`[id="${await mark.getAttribute('aria-describedby')}"]`).waitFor();
		await screenshot(page, 'reader-dark-tooltip');
	});

	it('phone size (390×844)', async () => {
		const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true };
		await shoot('reader-phone', READER, phone);
		await shoot('reader-phone-turn-12', `${READER}#turn-12`, phone);
		await shoot('library-phone', '/', phone);
		await shoot('glossary-phone', '/glossary', phone);
		await shoot('search-phone', '/search?entry=michael-kovrig', phone);
		const page = await shoot('reader-phone-raw', `${READER}?view=raw#turn-40`, phone);
		expect(await page.locator('#turn-40').isVisible()).toBe(true);
	});

	it('phone size: a tooltip stays on screen', async () => {
		const page = await browsing.page({
			viewport: { width: 390, height: 844 },
			deviceScaleFactor: 2,
			isMobile: true
		});
		await gotoHydrated(page, READER);
		// Every correction's tooltip, opened in turn, must fit inside the 390px window.
		const marks = page.locator('.text .correction a');
		const count = Math.min(await marks.count(), 40);
		const clipped: string[] = [];
		for (let i = 0; i < count; i++) {
			const mark = marks.nth(i);
			await mark.focus();
			// A tooltip that never opens fits nowhere: it must open before it is measured. Waited
			// for in the page, frame by frame (a safety cap of 10 s), and measured there.
			const box = await mark.evaluate(
				(link) =>
					new Promise<{ x: number; width: number } | null>((resolve) => {
						const start = performance.now();
						const measure = () => {
							const id = link.getAttribute('aria-describedby');
							const tip = id ? document.getElementById(id) : null;
							const rect = tip?.getBoundingClientRect();
							const shown = tip && getComputedStyle(tip).visibility !== 'hidden';
							if (shown && rect && rect.width > 0 && rect.height > 0) {
								resolve({ x: rect.x, width: rect.width });
							} else if (performance.now() - start > 10_000) resolve(null);
							else requestAnimationFrame(measure);
						};
						measure();
					})
			);
			expect(box, `correction ${i + 1}: focus opened no tooltip`).not.toBeNull();
			if (box && (box.x < 0 || box.x + box.width > 390)) {
				clipped.push(`${await mark.getAttribute('id')}: x=${box.x} width=${box.width}`);
				if (clipped.length === 1) {
					await mark.scrollIntoViewIfNeeded();
					await screenshot(page, 'reader-phone-tooltip-clipped');
				}
			}
		}
		expect(
			clipped.length,
			`${clipped.length} of ${count} tooltips cut off at the window edge, e.g.\n` +
				clipped.slice(0, 5).join('\n')
		).toBe(0);
	});
});
