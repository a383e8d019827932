/** What the server answers over plain HTTP: unknown and hostile slugs, and the JSON API. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BASE, GLOSSARY_DIR, rawGet, TRANSCRIPTS_DIR } from './app';
import { BUNDLED, LU_KANG, LU_KANG_TURNS, ROOT } from './browser';

/** Signs that a response leaked a file from outside the transcripts folder. */
const LEAKS = ['root:', '"name": "transcript-reader"'];

describe('unknown and hostile slugs', () => {
	it('/t/does-not-exist is the 404 page', async () => {
		const { status, body } = await rawGet('/t/does-not-exist');
		expect(status).toBe(404);
		expect(body).toContain('Not found');
		expect(body).toContain('No transcript named');
	});

	const hostile = [
		'/t/..%2f..%2fetc%2fpasswd',
		'/t/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
		'/t/..%5c..%5cetc',
		'/t/%2fetc%2fpasswd',
		'/t/..%2fpackage',
		'/t/%2e%2e%2fpackage',
		'/t/lu-kang-globe-and-mail-interview-2020%00',
		'/t/LU-KANG-GLOBE-AND-MAIL-INTERVIEW-2020',
		'/api/transcripts/..%2fpackage',
		'/api/transcripts/%2e%2e%2fpackage',
		'/api/transcripts/..%5cpackage',
		'/t/..%2f..%2fetc%2fpasswd/export.md',
		'/t/..%2f..%2fetc%2fpasswd/export.json',
		'/t/..%2fpackage/export.json',
		'/t/%2fetc%2fpasswd/export.md',
		'/t/..%5c..%5cetc/export.json'
	];
	it.each(hostile)('%s → 404, no file contents', async (url) => {
		const { status, body } = await rawGet(url);
		expect(status).toBe(404);
		for (const leak of LEAKS) expect(body).not.toContain(leak);
	});

	// A path made only of dot segments is not a slug at all: per the URL standard `/t/%2e%2e`
	// *is* `/t/..`, i.e. `/`, which browsers resolve before sending. The server may answer
	// with the library (what `/` is) or 404, but never with a transcript or a file.
	const dotSegments = [
		'/t/%2e%2e',
		'/t/..',
		'/t/%2e%2e/%2e%2e/etc/passwd',
		'/_app/%2e%2e/%2e%2e/package.json',
		'/%2e%2e/%2e%2e/etc/passwd'
	];
	it.each(dotSegments)('%s never serves a file', async (url) => {
		const { status, body } = await rawGet(url);
		expect([200, 404]).toContain(status);
		if (status === 200) expect(body).toContain('<h1>Library</h1>');
		for (const leak of LEAKS) expect(body).not.toContain(leak);
	});
});

interface Summary {
	slug: string;
	title: string;
	turns: number;
	corrections: number;
}

describe('JSON API', () => {
	it('/api/transcripts lists every transcript with slug, title, turns and corrections', async () => {
		const response = await fetch(`${BASE}/api/transcripts?per=200`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('application/json');
		const page = (await response.json()) as { total: number; transcripts: Summary[] };
		const list = page.transcripts;
		expect(page.total).toBe(list.length);
		expect(list.length).toBeGreaterThanOrEqual(BUNDLED.length);
		expect(list.map((t) => t.slug)).toEqual(expect.arrayContaining(BUNDLED));
		for (const item of list) {
			expect(typeof item.slug).toBe('string');
			expect(typeof item.title).toBe('string');
			expect(Number.isInteger(item.turns)).toBe(true);
			expect(Number.isInteger(item.corrections)).toBe(true);
		}
		expect(list.find((t) => t.slug === LU_KANG)?.turns).toBe(LU_KANG_TURNS);
	});

	it(
		'/api/transcripts/<slug> is exactly what the CLI prints for the same files',
		{ timeout: 60_000 },
		async () => {
			const response = await fetch(`${BASE}/api/transcripts/${LU_KANG}`);
			expect(response.status).toBe(200);
			const api = (await response.json()) as { blocks: { type: string }[] };
			expect(api.blocks.filter((b) => b.type === 'turn')).toHaveLength(LU_KANG_TURNS);

			// Same transcript and glossary files the server reads, through `npm run cli -- parse`.
			const { stdout } = await promisify(execFile)(
				path.join(ROOT, 'node_modules/.bin/tsx'),
				[
					'src/cli.ts',
					'parse',
					path.join(TRANSCRIPTS_DIR, `${LU_KANG}.txt`),
					'--glossary',
					GLOSSARY_DIR
				],
				{ cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }
			);
			expect(api).toEqual(JSON.parse(stdout));
		}
	);

	it('/api/glossary returns the entries and no problems', async () => {
		const response = await fetch(`${BASE}/api/glossary`);
		expect(response.status).toBe(200);
		const body = (await response.json()) as {
			entries: { id: string; canonical: string; variants: { text: string }[] }[];
			problems: unknown[];
			usage: Record<string, { corrections: number; transcripts: number }>;
		};
		expect(body.problems).toEqual([]);
		expect(body.entries.length).toBeGreaterThan(10);
		const meng = body.entries.find((e) => e.id === 'meng-wanzhou');
		expect(meng?.canonical).toBe('Meng Wanzhou');
		expect(meng?.variants.map((v) => v.text)).toContain('Meng hung boat');
		expect(body.usage['meng-wanzhou']!.corrections).toBeGreaterThan(0);
		expect(body.usage['meng-wanzhou']!.transcripts).toBeGreaterThan(0);
		const mentions = (await (await fetch(`${BASE}/api/mentions/meng-wanzhou`)).json()) as {
			perTranscript: { slug: string }[];
		};
		expect(mentions.perTranscript.map((t) => t.slug)).toContain(LU_KANG);
	});
});

describe('reader data', () => {
	/** The data URL the server's page names for the browser to fetch. */
	async function dataUrl(): Promise<{ html: string; url: string }> {
		const html = await (await fetch(`${BASE}/t/${LU_KANG}`)).text();
		const url = /"(\/t\/[^"]+\/reader\.json\?v=[\w-]+)"/.exec(html)?.[1];
		expect(url, 'the page names its data URL').toBeTruthy();
		return { html, url: url! };
	}

	it('the page names its data instead of embedding it', async () => {
		const { html, url } = await dataUrl();
		const data = await (await fetch(BASE + url)).text();
		expect(html).not.toContain('data-sveltekit-fetched');
		expect(html.length).toBeLessThan(data.length * 2.5);
		// The rendered text is all there for readers without JavaScript.
		expect(html).toContain('id="turn-148"');
	});

	it('the versioned URL is cached for good; the bare one is revalidated by its ETag', async () => {
		const { url } = await dataUrl();
		const versioned = await fetch(BASE + url);
		expect(versioned.status).toBe(200);
		expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const data = (await versioned.json()) as { slug: string; doc: { blocks: unknown[] } };
		expect(data.slug).toBe(LU_KANG);
		expect(data.doc.blocks.length).toBeGreaterThan(LU_KANG_TURNS);

		const bare = await fetch(`${BASE}/t/${LU_KANG}/reader.json`);
		expect(bare.headers.get('cache-control')).toBe('no-cache');
		const etag = bare.headers.get('etag')!;
		expect(etag).toBe(versioned.headers.get('etag'));
		const again = await fetch(`${BASE}/t/${LU_KANG}/reader.json`, {
			headers: { 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
		// A version that is no longer current is answered, but not cached.
		const stale = await fetch(`${BASE}/t/${LU_KANG}/reader.json?v=old`);
		expect(stale.headers.get('cache-control')).toBe('no-cache');
	});

	it('an unknown slug is a 404', async () => {
		expect((await fetch(`${BASE}/t/does-not-exist/reader.json`)).status).toBe(404);
	});
});
