/**
 * Shared pieces of the e2e tests: where the server is, one Chromium per test file, a fresh
 * context per page (so cookies, storage, color scheme and JavaScript settings never leak from
 * one test into another), and helpers for raw HTTP, axe and screenshots.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';

export const BASE = inject('baseURL');
export const TRANSCRIPTS_DIR = inject('transcriptsDir');
export const GLOSSARY_DIR = inject('glossaryDir');

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export const LU_KANG = 'lu-kang-globe-and-mail-interview-2020';
export const LU_KANG_TURNS = 148;
export const BUNDLED = [
	'china-canada-joly-beijing-2024-b',
	'china-canada-wang-yi-garneau',
	'china-canada-wang-yi-joly-2024-a',
	LU_KANG,
	'observers-network-carney-china-2025'
];

const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
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
 * Launches one browser for the calling test file. Uncaught exceptions in any page fail the
 * test that opened it: a hydration error would otherwise hide behind server-rendered HTML
 * that still looks right.
 */
export function useBrowser(): Browsing {
	let browser: Browser | undefined;
	let perTest: BrowserContext[] = [];
	const perFile: BrowserContext[] = [];
	const errors: string[] = [];

	beforeAll(async () => {
		browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
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
		if (!browser) throw new Error('useBrowser(): the browser is not launched yet');
		const { checkErrors = true, ...contextOptions } = options;
		const context = await browser.newContext({
			baseURL: BASE,
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

/** A path like `/t/%2e%2e` sent byte for byte: `fetch` would resolve the dot segments first. */
export function rawGet(pathname: string): Promise<{ status: number; body: string }> {
	const url = new URL(BASE);
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{ host: url.hostname, port: url.port, path: pathname, method: 'GET' },
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (body += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end();
	});
}

/** Runs axe and returns the serious and critical violations, each as readable text. */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
	const builder = new AxeBuilder({ page });
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

export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOTS, { recursive: true });
	const file = path.join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

/** Text of the reader's text column: what a reader sees, without the panel and toolbar. */
export async function textColumn(page: Page): Promise<string> {
	return page.locator('.layout .text').innerText();
}

export async function turnCount(page: Page): Promise<number> {
	return page.locator('article.turn').count();
}
