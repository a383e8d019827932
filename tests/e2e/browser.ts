/**
 * Shared pieces of the e2e tests: the run's one Chromium (launched by server.ts), a fresh
 * context per page (so cookies, storage, color scheme and JavaScript settings never leak from
 * one test into another), and helpers for axe and screenshots. The server is app.ts's.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page,
	type PageScreenshotOptions
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { BASE } from './app';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
/** Screenshots are written only when asked for: `SCREENSHOTS=1 npm run test:e2e`. */
export const TAKE_SCREENSHOTS = process.env.SCREENSHOTS === '1';

export const LU_KANG = 'lu-kang-globe-and-mail-interview-2020';
export const LU_KANG_TURNS = 148;
export const BUNDLED = [
	'china-canada-joly-beijing-2024-b',
	'china-canada-wang-yi-garneau',
	'china-canada-wang-yi-joly-2024-a',
	LU_KANG,
	'observers-network-carney-china-2025'
];

export interface PageOptions extends BrowserContextOptions {
	/** Fail the test on uncaught page errors (default true). */
	checkErrors?: boolean;
}

export interface Browsing {
	/** A new page in its own context; closed after the current test. */
	page(options?: PageOptions): Promise<Page>;
	/** Like `page`, but kept until the end of the file (for read-only tests sharing a load). */
	sharedPage(options?: PageOptions): Promise<Page>;
}

/**
 * Connects the calling test file to the run's browser. Pages open on `baseURL`: the shared
 * server's by default, or a function that names the file's own server once it runs. Uncaught
 * exceptions in any page fail the test that opened it: a hydration error would otherwise hide
 * behind server-rendered HTML that still looks right.
 */
export function useBrowser(options: { baseURL?: string | (() => string) } = {}): Browsing {
	const { baseURL = BASE } = options;
	let browser: Browser | undefined;
	let perTest: BrowserContext[] = [];
	const perFile: BrowserContext[] = [];
	const errors: string[] = [];

	beforeAll(async () => {
		browser = await chromium.connect(inject('browserWSEndpoint'));
	});
	afterEach(async () => {
		await Promise.all(perTest.map((c) => c.close()));
		perTest = [];
		const seen = errors.splice(0);
		expect(seen, 'uncaught errors in the page').toEqual([]);
	});
	afterAll(async () => {
		await Promise.all(perFile.map((c) => c.close()));
		await browser?.close();
	});

	async function open(list: BrowserContext[], options: PageOptions = {}): Promise<Page> {
		if (!browser) throw new Error('useBrowser(): not connected to the browser yet');
		const { checkErrors = true, ...contextOptions } = options;
		const context = await browser.newContext({
			baseURL: typeof baseURL === 'function' ? baseURL() : baseURL,
			viewport: { width: 1280, height: 800 },
			...contextOptions
		});
		list.push(context);
		// Everything here is local and small: a missing element should fail in seconds,
		// not after playwright's default 30 s.
		context.setDefaultTimeout(10_000);
		const page = await context.newPage();
		if (checkErrors) page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
		return page;
	}

	return {
		page: (options) => open(perTest, options),
		sharedPage: (options) => open(perFile, options)
	};
}

/**
 * Loads a page and waits for SvelteKit to finish hydrating (if the page has client-side
 * rendering): before that, clicks on links
 * are plain navigations and inputs have no handlers, so a test would race the app. The
 * client router sets `history.scrollRestoration = 'manual'` as its last start-up step.
 */
export async function gotoHydrated(page: Page, url: string): Promise<void> {
	await page.goto(url);
	// A page rendered on the server only (`csr = false`: the search page) has no app to start.
	const csr = await page.evaluate(() =>
		[...document.scripts].some((s) => s.textContent?.includes('__sveltekit'))
	);
	if (csr) await page.waitForFunction(() => history.scrollRestoration === 'manual');
}

/** Runs axe and returns the serious and critical violations, each as readable text. */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
	// Details for violations only: the same rules run and find the same violations, but axe skips
	// describing each of the thousands of nodes that pass (a third of its time on the reader).
	const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
	if (include) builder.include(include);
	const results = await builder.analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) =>
			[
				`${v.impact}: ${v.id} — ${v.help} (${v.helpUrl})`,
				...v.nodes
					.slice(0, 5)
					.map((n) => `    at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
				...(v.nodes.length > 5 ? [`    … and ${v.nodes.length - 5} more`] : [])
			].join('\n')
		);
}

/**
 * Saves what the page shows as `test-results/screenshots/<name>.png`, for a human to look at,
 * when `SCREENSHOTS=1`; otherwise does nothing (no test checks a picture).
 */
export async function screenshot(
	page: Page,
	name: string,
	options: Pick<PageScreenshotOptions, 'fullPage' | 'clip'> = {}
): Promise<void> {
	if (!TAKE_SCREENSHOTS) return;
	mkdirSync(SCREENSHOTS, { recursive: true });
	await page.screenshot({ ...options, path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Text of the reader's text column: what a reader sees, without the panel and toolbar. */
export async function textColumn(page: Page): Promise<string> {
	return page.locator('.layout .text').innerText();
}

export async function turnCount(page: Page): Promise<number> {
	return page.locator('article.turn').count();
}
