import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownApp } from './app';
import { gotoHydrated, LU_KANG, LU_KANG_TURNS, turnCount, useBrowser } from './browser';

// A server of this file's own: it breaks the glossary.
const { baseURL: BASE, glossaryDir: GLOSSARY_DIR } = await ownApp();
const browsing = useBrowser({ baseURL: BASE });

/** How often the interview's document corrects to Meng Wanzhou (the glossary page's count). */
async function mengUsage(): Promise<number> {
	const doc = (await (await fetch(`${BASE}/api/transcripts/${LU_KANG}`)).json()) as {
		title: { corrections: { entry: string }[] } | null;
		blocks: { paragraphs: { corrections: { entry: string }[] }[] }[];
	};
	const paragraphs = [
		...(doc.title ? [doc.title] : []),
		...doc.blocks.flatMap((b) => b.paragraphs)
	];
	return paragraphs.flatMap((p) => p.corrections).filter((c) => c.entry === 'meng-wanzhou').length;
}

describe('glossary page', () => {
	it('lists entries with their garbled forms and where they were used', async () => {
		const used = await mengUsage();
		expect(used).toBeGreaterThan(0);
		const page = await browsing.page();
		await page.goto('/glossary');
		const entry = page.locator('article#meng-wanzhou');
		expect(await entry.locator('h3').innerText()).toContain('Meng Wanzhou');
		expect(await entry.locator('[lang="zh"]').innerText()).toBe('孟晚舟');
		const variants = entry.getByRole('list', { name: 'Garbled forms of Meng Wanzhou' });
		expect(await variants.locator('del').allInnerTexts()).toContain('Meng hung boat');

		const usage = await entry.locator('.usage').innerText();
		expect(usage).toContain(`Lu Kang interview with The Globe and Mail (${used})`);
		const link = entry.getByRole('link', { name: 'Lu Kang interview with The Globe and Mail' });
		expect(await link.getAttribute('href')).toBe(`/t/${LU_KANG}`);
		expect(await page.locator('article.entry').count()).toBeGreaterThan(10);
	});

	it('usage links open the transcript', async () => {
		const page = await browsing.page();
		await gotoHydrated(page, '/glossary');
		await page
			.locator('article#meng-wanzhou')
			.getByRole('link', { name: 'Lu Kang interview with The Globe and Mail' })
			.click();
		await page.waitForURL(`${BASE}/t/${LU_KANG}`);
		await page.locator('article.turn').first().waitFor();
		expect(await turnCount(page)).toBe(LU_KANG_TURNS);
	});

	it("the reader's corrections panel links to the entry on the glossary page", async () => {
		const page = await browsing.page();
		await gotoHydrated(page, `/t/${LU_KANG}`);
		await page
			.getByRole('region', { name: /Corrections/ })
			.getByRole('link', { name: 'Meng Wanzhou', exact: true })
			.click();
		await page.waitForURL(`${BASE}/glossary#meng-wanzhou`);
		const entry = page.locator('article#meng-wanzhou');
		await entry.waitFor();
		// The entry is scrolled to (the browser or the client router handles the hash).
		await page.waitForFunction(() => {
			const box = document.getElementById('meng-wanzhou')!.getBoundingClientRect();
			return box.top >= 0 && box.top < window.innerHeight;
		});
	});
});

describe('a broken glossary file', () => {
	const file = path.join(GLOSSARY_DIR, 'people.yaml');
	let original = '';
	let line = 0;

	beforeAll(async () => {
		original = await readFile(file, 'utf8');
		const broken =
			original.replace(/\n*$/, '\n') +
			[
				'',
				'- id: e2e-broken-entry',
				'  canonical: Broken Entry',
				'  kind: animal',
				'  variants:',
				'    - Brokn Entry',
				''
			].join('\n');
		line = broken.split('\n').indexOf('  kind: animal') + 1;
		await writeFile(file, broken);
	});
	// Always put the file back, whatever fails: the tests after these read the same folder.
	afterAll(async () => {
		await writeFile(file, original);
	});

	it('shows an alert naming the file, line, entry and field', async () => {
		const page = await browsing.page();
		await page.goto('/');
		const alert = page.getByRole('alert').filter({ hasText: 'glossary' });
		expect(await alert.count()).toBe(1);
		const text = await alert.innerText();
		expect(text).toContain(`glossary/people.yaml:${line}`);
		expect(text).toContain('e2e-broken-entry');
		expect(text).toContain('kind');

		const api = (await (await fetch(`${BASE}/api/glossary`)).json()) as {
			problems: { file: string; line: number; entry: string; field: string }[];
		};
		expect(api.problems).toEqual([
			expect.objectContaining({
				file: 'people.yaml',
				line,
				entry: 'e2e-broken-entry',
				field: 'kind'
			})
		]);
	});

	it('the reader still works with the valid entries', async () => {
		const page = await browsing.page();
		await page.goto(`/t/${LU_KANG}`);
		expect(await page.getByRole('alert').filter({ hasText: 'people.yaml' }).count()).toBe(1);
		expect(await turnCount(page)).toBe(LU_KANG_TURNS);
		const mark = page
			.locator('.text .correction')
			.filter({ has: page.locator('del', { hasText: /^Meng hung boat$/ }) });
		expect(await mark.count()).toBe(3);
		expect(await mark.first().locator('ins').innerText()).toBe('Meng Wanzhou');
	});

	it('the alert goes away once the file is fixed', async () => {
		await writeFile(file, original);
		const page = await browsing.page();
		await page.goto('/');
		expect(await page.getByRole('alert').count()).toBe(0);
		const api = (await (await fetch(`${BASE}/api/glossary`)).json()) as { problems: unknown[] };
		expect(api.problems).toEqual([]);
	});
});
