/**
 * Security headers: the Content-Security-Policy SvelteKit sends with its pages (`kit.csp` in
 * svelte.config.js), `X-Content-Type-Options` and `Referrer-Policy` on everything the app
 * answers (src/hooks.server.ts), and proof in Chromium that the pages still work under the
 * policy without a single violation.
 */
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ownApp } from './app';
import { gotoHydrated, LU_KANG, LU_KANG_TURNS, useBrowser } from './browser';

// A server of this file's own: it uploads a transcript.
const { baseURL: BASE, transcriptsDir: TRANSCRIPTS_DIR } = await ownApp();
const browsing = useBrowser({ baseURL: BASE });
const READER = `/t/${LU_KANG}`;

/** The policy's directives, each with its sources (`'self'` keeps its quotes). */
function directives(policy: string): Map<string, string[]> {
	const map = new Map<string, string[]>();
	for (const part of policy.split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (name) map.set(name.toLowerCase(), sources);
	}
	return map;
}

function expectCommonHeaders(headers: Headers, what: string) {
	expect(headers.get('x-content-type-options'), what).toBe('nosniff');
	expect(headers.get('referrer-policy'), what).toBe('same-origin');
}

/** A GET with a Host header of our choosing (`fetch` will not send one). */
function getWithHost(url: string, host: string): Promise<{ status: number; headers: Headers }> {
	const target = new URL(url);
	return new Promise((resolve, reject) => {
		const req = request(
			{ host: target.hostname, port: target.port, path: target.pathname, headers: { host } },
			(res) => {
				res.resume();
				const headers = new Headers();
				for (const [key, value] of Object.entries(res.headers)) {
					if (typeof value === 'string') headers.set(key, value);
				}
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers }));
			}
		);
		req.on('error', reject);
		req.end();
	});
}

describe('headers', () => {
	const pages: [string, number][] = [
		['/', 200],
		[READER, 200],
		[`${READER}?view=raw&q=Kovrig`, 200],
		['/glossary', 200],
		['/t/does-not-exist', 404],
		['/no-such-page', 404]
	];

	it.each(pages)(
		'page %s (%i) has the policy, nosniff and the referrer policy',
		async (url, status) => {
			const response = await fetch(BASE + url);
			await response.body?.cancel();
			expect(response.status).toBe(status);
			expect(response.headers.get('content-type')).toContain('text/html');
			expectCommonHeaders(response.headers, url);

			const policy = response.headers.get('content-security-policy');
			expect(policy, 'Content-Security-Policy').toBeTruthy();
			const csp = directives(policy!);
			expect(csp.get('default-src')).toEqual(["'self'"]);
			expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
			expect(csp.get('object-src')).toEqual(["'none'"]);
			expect(csp.get('base-uri')).toEqual(["'self'"]);
			expect(csp.get('form-action')).toEqual(["'self'"]);
			expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
			expect(csp.get('style-src')).toEqual(["'self'"]);
			expect(csp.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
			// Only our own files and SvelteKit's start-up script, by its nonce.
			const scripts = csp.get('script-src') ?? [];
			expect(scripts[0]).toBe("'self'");
			expect(scripts.slice(1)).toEqual([expect.stringMatching(/^'nonce-[\w+/=]{16,}'$/)]);
			expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
			expect(csp.has('script-src-elem') || csp.has('script-src-attr')).toBe(false);
		}
	);

	it('every page gets a fresh nonce, and the start-up script carries it', async () => {
		const nonces = [];
		for (let i = 0; i < 2; i++) {
			const response = await fetch(BASE + READER);
			const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy')!)![1];
			const html = await response.text();
			expect(html).toContain(`<script nonce="${nonce}">`);
			// No other inline script: every <script> either has the nonce or a src.
			const scripts = html.match(/<script\b[^>]*>/g) ?? [];
			expect(scripts.length).toBeGreaterThan(0);
			for (const tag of scripts) {
				expect(tag.includes(`nonce="${nonce}"`) || /\bsrc=/.test(tag), tag).toBe(true);
			}
			nonces.push(nonce);
		}
		expect(nonces[0]).not.toBe(nonces[1]);
	});

	const endpoints: [string, number, string][] = [
		['/api/transcripts', 200, 'application/json'],
		[`/api/transcripts/${LU_KANG}`, 200, 'application/json'],
		['/api/transcripts/does-not-exist', 404, ''],
		['/api/glossary', 200, 'application/json'],
		[`${READER}/export.md`, 200, 'text/markdown'],
		[`${READER}/export.json`, 200, 'application/json'],
		['/t/does-not-exist/export.json', 404, '']
	];

	it.each(endpoints)('%s (%i) has nosniff and the referrer policy', async (url, status, type) => {
		const response = await fetch(BASE + url);
		await response.body?.cancel();
		expect(response.status).toBe(status);
		if (type) expect(response.headers.get('content-type')).toContain(type);
		expectCommonHeaders(response.headers, url);
	});

	it("the reader's data request has them too", async () => {
		const html = await (await fetch(BASE + READER)).text();
		const url = /"(\/t\/[^"]+\/reader\.json\?v=[\w-]+)"/.exec(html)?.[1];
		expect(url).toBeTruthy();
		const response = await fetch(BASE + url);
		await response.body?.cancel();
		expect(response.status).toBe(200);
		expectCommonHeaders(response.headers, url!);
	});

	it('a refused foreign host (421) has them too', async () => {
		const { status, headers } = await getWithHost(`${BASE}/`, 'attacker.example');
		expect(status).toBe(421);
		expectCommonHeaders(headers, '421');
	});
});

interface Watched {
	/** `securitypolicyviolation` events, one line each, across navigations. */
	violations: string[];
	/** Console errors (a CSP refusal is also logged there). */
	errors: string[];
}

/** Records every CSP violation and console error in the page from its first byte on. */
async function watch(page: Page): Promise<Watched> {
	const watched: Watched = { violations: [], errors: [] };
	await page.exposeFunction('__cspViolation', (line: string) => watched.violations.push(line));
	await page.addInitScript(() => {
		document.addEventListener(
			'securitypolicyviolation',
			(e) => {
				const report = (window as unknown as { __cspViolation(line: string): void }).__cspViolation;
				report(
					`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ` +
						`${e.sourceFile}:${e.lineNumber} ${e.sample}`
				);
			},
			true
		);
	});
	page.on('console', (message) => {
		if (message.type() === 'error') watched.errors.push(`${page.url()}: ${message.text()}`);
	});
	return watched;
}

/** Lets late events (a refusal is reported asynchronously) arrive before checking. */
const settle = (page: Page) => page.waitForTimeout(300);

/**
 * Waits until a refusal has been reported (however long a loaded machine takes to deliver it),
 * then settles, so that a second one would be seen too.
 */
async function untilReported(page: Page, watched: Watched) {
	await expect
		.poll(() => watched.violations.length, { message: 'a violation reported', timeout: 10_000 })
		.toBeGreaterThan(0);
	await settle(page);
}

/**
 * Zod probes `Function('')` once to decide whether it may compile its parsers, and falls back
 * when that throws. A page whose code imports from a module with Zod schemas in it (e.g.
 * `KINDS` from `$lib/glossary/schema`) brings Zod into its bundle, so the probe is refused and
 * reported there. It breaks nothing, so it is the one violation allowed, and only when the
 * script that made it holds Zod's probe. Taking such constants from modules without Zod would
 * remove it, and Zod from the page's JavaScript.
 */
const zodChunks = new Map<string, Promise<boolean>>();
function isZodEvalProbe(violation: string): Promise<boolean> {
	const source = /^script-src blocked eval at (\S+\/_app\/immutable\/\S+\.js):\d+/.exec(
		violation
	)?.[1];
	if (!source) return Promise.resolve(false);
	if (!zodChunks.has(source)) {
		zodChunks.set(
			source,
			fetch(source)
				.then((r) => r.text())
				.then((code) => code.includes('.jitless') && code.includes('Cloudflare'))
		);
	}
	return zodChunks.get(source)!;
}

/** What was recorded but Zod's harmless eval probe. */
async function unexpected(watched: Watched): Promise<Watched> {
	const violations = [];
	let probes = 0;
	for (const v of watched.violations) {
		if (await isZodEvalProbe(v)) probes++;
		else violations.push(v);
	}
	// Chromium logs each refused eval as an error too.
	const errors = watched.errors.filter((e) => !(probes > 0 && /'unsafe-eval'/.test(e)));
	return { violations, errors };
}

/** No violation and no console error, Zod's probe aside. */
async function expectClean(page: Page, watched: Watched) {
	await settle(page);
	const rest = await unexpected(watched);
	expect(rest.violations, 'CSP violations').toEqual([]);
	expect(rest.errors, 'console errors').toEqual([]);
}

describe('pages work under the policy', () => {
	it('the library: no violations, and it hydrates', async () => {
		const page = await browsing.page();
		const watched = await watch(page);
		await gotoHydrated(page, '/');
		expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
		await expectClean(page, watched);
	});

	it('the reader: hydrates, tooltip, view switch and search, with no violations', async () => {
		const page = await browsing.page();
		const watched = await watch(page);
		await gotoHydrated(page, READER);
		expect(await page.locator('article.turn').count()).toBe(LU_KANG_TURNS);

		// Hydrated: the corrections panel's step buttons only exist with JavaScript running.
		const next = page.getByRole('button', { name: 'Next correction to Meng Wanzhou' });
		await next.click();
		await page.waitForFunction(() => location.hash.startsWith('#c-meng-wanzhou--'));

		// The tooltip is built by script when a correction is hovered.
		const link = page
			.locator('.text .correction')
			.filter({ has: page.locator('del', { hasText: /^Meng hung boat$/ }) })
			.first()
			.locator('a');
		await link.locator('del').hover();
		const tip = page.locator(`[id="${await link.getAttribute('id')}-tip"]`);
		await tip.waitFor({ state: 'visible' });
		expect(await tip.innerText()).toContain('Meng Wanzhou');
		await page.mouse.move(5, 5);

		// Switching the view is a client-side navigation (it loads data with fetch).
		await page
			.locator('nav[aria-label="View"]')
			.getByRole('link', { name: 'Raw', exact: true })
			.click();
		await page.waitForURL((url) => url.searchParams.get('view') === 'raw');
		expect(await page.locator('.text del, .text ins').count()).toBe(0);

		// Search filters as you type and paints matches with the CSS Custom Highlight API.
		await page.getByLabel('Search this transcript').fill('Kovrig');
		await page.getByRole('status').waitFor();
		await page.waitForFunction(() => (CSS.highlights.get('search')?.size ?? 0) > 0);
		expect(await page.locator('article.turn').count()).toBeLessThan(LU_KANG_TURNS);

		// The quality strip's bars keep their heights (a style="" attribute rendered on the server).
		const height = await page
			.locator('nav[aria-label="Translation quality by turn"] a')
			.first()
			.evaluate((el) => getComputedStyle(el).getPropertyValue('--height'));
		expect(height).toMatch(/%$/);

		await expectClean(page, watched);
	});

	it('the glossary: no violations, and it hydrates', async () => {
		const page = await browsing.page();
		const watched = await watch(page);
		await gotoHydrated(page, '/glossary');
		expect(await page.locator('#meng-wanzhou').count()).toBe(1);
		await expectClean(page, watched);
	});

	it('client-side navigation library → reader → glossary → library, announcer included', async () => {
		const page = await browsing.page();
		const watched = await watch(page);
		await gotoHydrated(page, '/');
		await page.evaluate(() => ((window as { __marker?: number }).__marker = 1));
		await page.getByRole('link', { name: 'Lu Kang interview with The Globe and Mail' }).click();
		await page.waitForURL(`${BASE}${READER}`);
		await page.locator('article.turn').first().waitFor();
		const site = page.getByRole('navigation', { name: 'Site' });
		await site.getByRole('link', { name: 'Glossary' }).click();
		await page.waitForURL(`${BASE}/glossary`);
		await page.locator('#meng-wanzhou').waitFor();
		await site.getByRole('link', { name: 'Transcript Reader' }).click();
		await page.waitForURL(`${BASE}/`);
		// No full reload happened on the way.
		expect(await page.evaluate(() => (window as { __marker?: number }).__marker)).toBe(1);
		expect(await page.locator('#svelte-announcer').count()).toBe(1);
		await expectClean(page, watched);
	});

	it('the upload form posts, through its script and as a plain submission (form-action)', async () => {
		const page = await browsing.page();
		const watched = await watch(page);
		await gotoHydrated(page, '/');
		// With JavaScript the form posts through fetch: an empty one comes back with its message.
		await page.getByRole('button', { name: 'Add transcript' }).click();
		expect(await page.locator('form [role="alert"]').innerText()).toBe(
			'Paste a transcript or choose a .txt file.'
		);

		// A plain form submission, the one form-action governs, then the redirect to the reader.
		const title = 'E2E CSP form post';
		await page.getByLabel('Title').fill(title);
		await page.getByLabel('Paste the text').fill('Q: Is cummingkai back?\nA: Yes.');
		try {
			await Promise.all([
				page.waitForURL(`${BASE}/t/e2e-csp-form-post`),
				page
					.locator('form[method="POST"]')
					.evaluate((form) => HTMLFormElement.prototype.submit.call(form))
			]);
			await page.locator('article.turn').first().waitFor();
			await expectClean(page, watched);
		} finally {
			for (const file of ['e2e-csp-form-post.txt', 'e2e-csp-form-post.meta.yaml']) {
				await rm(path.join(TRANSCRIPTS_DIR, file), { force: true });
			}
		}
	});
});

describe('the policy bites', () => {
	it('an injected inline script is refused and reported', async () => {
		const page = await browsing.page();
		const watched = await watch(page);
		await gotoHydrated(page, '/');
		await page.addScriptTag({ content: 'window.__injected = true;' }).catch(() => {});
		await untilReported(page, watched);
		expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBe(
			undefined
		);
		expect(watched.violations).toEqual([expect.stringMatching(/^script-src-elem blocked inline/)]);
		expect(watched.errors.join('\n')).toContain('Content Security Policy');
	});

	it('eval is refused, and not taken for Zod’s probe', async () => {
		const page = await browsing.page();
		const watched = await watch(page);
		await gotoHydrated(page, '/');
		// Later, from the page's own task: devtools' evaluation itself is exempt from the policy.
		await page.evaluate(() =>
			setTimeout(() => {
				try {
					(window as { __result?: string }).__result = String(eval('6 * 7'));
				} catch (error) {
					(window as { __result?: string }).__result = (error as Error).name;
				}
			})
		);
		await page.waitForFunction(() => (window as { __result?: string }).__result !== undefined);
		const result = await page.evaluate(() => (window as { __result?: string }).__result);
		expect(result).toBe('EvalError');
		await untilReported(page, watched);
		expect((await unexpected(watched)).violations).toEqual([
			expect.stringMatching(/^script-src blocked eval/)
		]);
	});

	it('an injected <style> element is refused and reported', async () => {
		const page = await browsing.page();
		const watched = await watch(page);
		await gotoHydrated(page, '/');
		await page.addStyleTag({ content: 'body { background: red; }' }).catch(() => {});
		await untilReported(page, watched);
		expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(
			'rgb(255, 0, 0)'
		);
		expect(watched.violations).toEqual([expect.stringMatching(/^style-src-elem blocked inline/)]);
	});

	it('another page cannot frame the app (frame-ancestors)', async () => {
		const page = await browsing.page();
		// A parent with no policy of its own (same origin, which 'none' refuses too; a public page
		// could not reach a loopback server at all).
		await page.goto(`${BASE}/api/glossary`);
		// The JSON list has no policy, so it shows in a frame: the frame itself works.
		await page.setContent(
			`<iframe src="${BASE}/api/transcripts" title="api"></iframe>` +
				`<iframe src="${BASE}/" title="app"></iframe>`,
			{ waitUntil: 'load' }
		);
		const [api, app] = page.frames().slice(1);
		expect(await api!.locator('body').innerText()).toContain(LU_KANG);
		// Chromium puts its error page in the refused frame.
		expect(app!.url()).toBe('chrome-error://chromewebdata/');
		expect(await app!.locator('body').innerText()).not.toContain('Library');
	});
});
