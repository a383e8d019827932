/**
 * The review loop in Chromium, end to end: a reader selects a garble and suggests it, a
 * reviewer signs in, sees the preview's diff and accepts, and the reader's page shows the new
 * correction with its provenance; a rejected suggestion is ruled out for good (the glossary
 * page says so, and the engine stops offering it). Then the same without JavaScript. A server
 * of its own runs over temp copies, with one transcript written for this file.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { screenshot, useBrowser, type PageOptions } from './browser';
import { ROOT, startServer, type RunningServer } from './spawn';

const run = promisify(execFile);
const browsing = useBrowser({ baseURL: () => server.baseURL });

const SLUG = 'e2e-review-loop';
const READER_URL = `/t/${SLUG}`;
const REVIEWER = 'Rita Reviewer';
const PASSWORD = 'password-123456';
/**
 * Three garbles the glossary lacks, each proposed by the engine (checked with
 * `printf '…' | npm run --silent cli -- suggest -`): Mengxizhou and Mengwanzhou → Meng Wanzhou,
 * Cumming Kai → Michael Kovrig. "Meng late boat" is a listed variant (a correction already).
 */
const INTERVIEW = `Q: Many readers still ask about Mengwanzhou. What is your view today?

A: When Meng late boat was held in Vancouver, we said clearly that it was wrong. Some papers even wrote Mengxizhou, which shows how little care was taken.

Q: And the two Canadians, Cumming Kai among them?

A: Their cases followed the law.
`;
const META = `title: Review loop interview
date: 2024-01-01
source_language: zh
machine_translated: true
`;

let server: RunningServer;
let temp: string;
let glossaryDir: string;
let dataDir: string;

beforeAll(async () => {
	temp = mkdtempSync(path.join(tmpdir(), 'review-loop-'));
	const transcriptsDir = path.join(temp, 'transcripts');
	glossaryDir = path.join(temp, 'glossary');
	dataDir = path.join(temp, 'data');
	cpSync(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	cpSync(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
	writeFileSync(path.join(transcriptsDir, `${SLUG}.txt`), INTERVIEW);
	writeFileSync(path.join(transcriptsDir, `${SLUG}.meta.yaml`), META);
	// The reviewer's account, made with the CLI in the database the server will use.
	const cli = run('npm', ['run', '--silent', 'cli', '--', 'reviewer', 'add', REVIEWER], {
		cwd: ROOT,
		env: { ...process.env, DATA_DIR: dataDir }
	});
	cli.child.stdin?.end(`${PASSWORD}\n`);
	expect((await cli).stdout).toContain(`reviewer ${REVIEWER} saved`);
	// Indexed first: the review's preview finds the transcripts a change touches in the index.
	server = await startServer({ transcriptsDir, glossaryDir, readyPath: READER_URL, indexed: true });
});
afterAll(async () => {
	await server?.stop();
	if (temp) rmSync(temp, { recursive: true, force: true });
});

const page = (options: PageOptions = {}) => browsing.page(options);

/** Loads a page and waits for hydration (as `gotoHydrated`, on this file's server). */
async function open(p: Page, url: string) {
	await p.goto(url);
	await p.waitForFunction(() => history.scrollRestoration === 'manual');
}

const today = () => new Date().toISOString().slice(0, 10);

/** The suggestions stored so far, read from the database with a connection of the test's own. */
function stored(): { id: number; text: string; reader: string; status: string }[] {
	const db = new Database(path.join(dataDir, 'transcript-reader.db'), { readonly: true });
	try {
		return db.prepare('SELECT id, text, reader, status FROM suggestions ORDER BY id').all() as {
			id: number;
			text: string;
			reader: string;
			status: string;
		}[];
	} finally {
		db.close();
	}
}
const idOf = (text: string) => stored().find((s) => s.text === text)!.id;

/**
 * Selects `word` in the text column with the mouse, as a reader would: press just before it (in
 * the space: Chromium starts no selection from a press inside a focusable mark, and the engine's
 * suggestions are focusable marks), drag across it, release at its end.
 */
async function selectWithMouse(p: Page, word: string) {
	const find = (word: string) => {
		const column = document.querySelector('.layout .text')!;
		const walker = document.createTreeWalker(column, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const at = node.textContent!.indexOf(word);
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + word.length);
			return range;
		}
		return null;
	};
	await p.evaluate(
		`(${find.toString()})(${JSON.stringify(word)})?.startContainer.parentElement.scrollIntoView({ block: 'center', behavior: 'instant' })`
	);
	const box = (await p.evaluate(
		`(() => { const r = (${find.toString()})(${JSON.stringify(word)})?.getClientRects(); return r && r.length === 1 ? { left: r[0].left, right: r[0].right, y: r[0].top + r[0].height / 2 } : null })()`
	)) as { left: number; right: number; y: number } | null;
	expect(box, `"${word}" on one line of the text`).not.toBeNull();
	await p.mouse.move(box!.left - 3, box!.y);
	await p.mouse.down();
	await p.mouse.move((box!.left + box!.right) / 2, box!.y, { steps: 4 });
	await p.mouse.move(box!.right - 1, box!.y, { steps: 4 });
	await p.mouse.up();
	expect(await p.evaluate(() => getSelection()?.toString().trim())).toBe(word);
}

/** Signs in through the form; lands on /review. */
async function signIn(p: Page) {
	await p.goto('/review/signin');
	await p.getByLabel('Name').fill(REVIEWER);
	await p.getByLabel('Password').fill(PASSWORD);
	await p.getByRole('button', { name: 'Sign in' }).click();
	await p.waitForURL('**/review');
	await expect.poll(() => p.getByText(`Signed in as ${REVIEWER}.`).count()).toBe(1);
}

/** The review item of suggestion `id`. */
const item = (p: Page, id: number): Locator => p.locator(`article#s-${id}`);

/** The correction of `from` in the reader, once a reload shows it (the watcher needs a moment). */
async function correctionAfterReload(p: Page, from: string, to: string) {
	const link = p.getByRole('link', { name: `corrected from ${from} to ${to}`, exact: true });
	await vi.waitFor(
		async () => {
			await open(p, READER_URL);
			expect(await link.count()).toBe(1);
		},
		{ timeout: 15_000, interval: 500 }
	);
	return link;
}

const engineOffers = (p: Page, text: string, canonical: string) =>
	p.getByRole('button', { name: `Send “${text}” as a garble of ${canonical}`, exact: true });

describe('with JavaScript', () => {
	it('select → suggest → review with a diff → accept → the reader shows it with provenance', async () => {
		const reader = await page();
		await open(reader, READER_URL);
		await selectWithMouse(reader, 'Mengxizhou');
		const suggestButton = reader.getByRole('button', { name: 'Suggest a fix for “Mengxizhou”' });
		await suggestButton.click();

		// The form opens filled in: the text, "a garble of an entry"; the entry is picked by search.
		const text = reader.getByLabel('Text in this transcript');
		await expect.poll(() => text.inputValue()).toBe('Mengxizhou');
		expect(await reader.getByLabel('a garble of an entry').isChecked()).toBe(true);
		await reader.getByRole('searchbox', { name: 'Find an entry' }).fill('Meng Wan');
		// By its name attribute: with the search box in the same label the list has no name of
		// its own (tested apart below).
		await reader.locator('aside select[name="entry"]').selectOption('meng-wanzhou');
		await reader.getByLabel('Why (optional)').fill('xi is no reading of 晚');
		await reader.getByLabel('Your name').fill('Ann Reader');
		await screenshot(reader, 'reader-suggest');

		await reader.getByRole('button', { name: 'Send to the reviewers' }).click();
		const thanks = reader.getByRole('status').filter({ hasText: 'Thank you' });
		await expect
			.poll(() => thanks.textContent())
			.toMatch(/^\s*Thank you: “Mengxizhou” went to the reviewers \(suggestion \d+\)\.\s*$/);
		expect(await thanks.isVisible()).toBe(true);
		expect(stored().map((s) => [s.text, s.reader, s.status])).toEqual([
			['Mengxizhou', 'Ann Reader', 'pending']
		]);

		// The reviewer.
		const review = await page();
		await signIn(review);
		const id = idOf('Mengxizhou');
		const article = item(review, id);
		await expect
			.poll(() => article.getByRole('heading').innerText())
			.toContain('“Mengxizhou” is a garble of Meng Wanzhou');
		expect(await article.innerText()).toContain(`Suggestion ${id} by Ann Reader`);
		expect(await article.innerText()).toContain('Accepting changes glossary/people.yaml');
		// The preview: the paragraph of this transcript, the garble struck, the name inserted.
		const diff = article.locator('p.diff');
		expect(await diff.locator('del').allTextContents()).toContain('Mengxizhou');
		expect(await diff.locator('ins').allTextContents()).toContain('Meng Wanzhou');
		await screenshot(review, 'review-page', { fullPage: true });

		await article.getByRole('button', { name: 'Accept' }).click();
		await expect
			.poll(() => review.getByRole('status').textContent())
			.toBe(`Suggestion ${id} decided.`);
		expect(await article.count()).toBe(0);
		expect(stored().find((s) => s.id === id)?.status).toBe('accepted');

		// The reader: the garble is a correction now, and says who added it.
		const link = await correctionAfterReload(reader, 'Mengxizhou', 'Meng Wanzhou');
		await link.locator('del').hover();
		const tip = reader.getByRole('tooltip');
		await expect
			.poll(() => tip.textContent())
			.toContain(`Added by Ann Reader, approved by ${REVIEWER} on ${today()}`);
		expect(await tip.textContent()).toContain('Matched glossary form “Mengxizhou”');
	});

	it('a rejected suggestion leaves /review, is ruled out, and the engine stops offering it', async () => {
		const reader = await page();
		await open(reader, READER_URL);
		await reader.getByText('Suggest a fix', { exact: true }).click();
		// One click in "Found by the engine".
		await engineOffers(reader, 'Mengwanzhou', 'Meng Wanzhou').click();
		await expect
			.poll(() => reader.getByRole('status').filter({ hasText: 'Thank you' }).textContent())
			.toContain('Thank you: “Mengwanzhou” went to the reviewers');
		const id = idOf('Mengwanzhou');

		const review = await page();
		await signIn(review);
		const article = item(review, id);
		await article.getByLabel('Reason').fill('a spacing slip of the name, not a garble to list');
		await article.getByRole('button', { name: 'Reject' }).click();
		await expect
			.poll(() => review.getByRole('status').textContent())
			.toBe(`Suggestion ${id} decided.`);
		expect(await article.count()).toBe(0);
		await open(review, '/review');
		expect(await item(review, id).count()).toBe(0);
		expect(stored().find((s) => s.id === id)?.status).toBe('rejected');

		// The glossary page lists the form as ruled out, under its entry.
		const glossary = await page();
		await glossary.goto('/glossary');
		expect(await glossary.locator('article#meng-wanzhou .ruled-out').textContent()).toContain(
			'Ruled out, never suggested: Mengwanzhou'
		);

		// The engine no longer offers it (once the reader's page is built on the new glossary);
		// the other garble it found is still offered.
		await vi.waitFor(
			async () => {
				await open(reader, READER_URL);
				await reader.getByText('Suggest a fix', { exact: true }).click();
				expect(await engineOffers(reader, 'Cumming Kai', 'Michael Kovrig').count()).toBe(1);
				expect(await engineOffers(reader, 'Mengwanzhou', 'Meng Wanzhou').count()).toBe(0);
			},
			{ timeout: 15_000, interval: 500 }
		);
		expect(
			await reader
				.getByRole('note', { name: 'possibly Meng Wanzhou, not in the glossary: Mengwanzhou' })
				.count()
		).toBe(0);
	});
});

describe('the suggest form', () => {
	it('names the entry list “Entry” for assistive technology, with JavaScript too', async () => {
		for (const javaScriptEnabled of [false, true]) {
			const reader = await page({ javaScriptEnabled });
			if (javaScriptEnabled) await open(reader, READER_URL);
			else await reader.goto(READER_URL);
			await reader.getByText('Suggest a fix', { exact: true }).click();
			const named = reader.locator('aside').getByRole('combobox', { name: /^Entry\b/ });
			// The list named "Entry" is the one that sends the entry.
			expect(await named.count(), `JavaScript ${javaScriptEnabled ? 'on' : 'off'}`).toBe(1);
			expect(await named.getAttribute('name')).toBe('entry');
		}
	});
});

describe('without JavaScript', () => {
	it('a refused suggestion shows its problem beside the field, with what was typed', async () => {
		const reader = await page({ javaScriptEnabled: false });
		await reader.goto(READER_URL);
		await reader.getByText('Suggest a fix', { exact: true }).click();
		await reader.getByLabel('Text in this transcript').fill('Zebra quantum marmalade');
		await reader.getByRole('combobox', { name: /^Entry/ }).selectOption('meng-wanzhou');
		await reader.getByRole('button', { name: 'Send to the reviewers' }).click();
		await reader.waitForLoadState();
		const problem = reader.getByText('The text is not in this transcript: select text from it.');
		expect(await problem.count()).toBe(1);
		expect(stored().some((s) => s.text === 'Zebra quantum marmalade')).toBe(false);
		expect.soft(await problem.isVisible(), 'the problem is visible after the post').toBe(true);
		expect
			.soft(await reader.getByLabel('Text in this transcript').inputValue(), 'the text is kept')
			.toBe('Zebra quantum marmalade');
		expect
			.soft(await reader.locator('aside select[name="entry"]').inputValue(), 'the entry is kept')
			.toBe('meng-wanzhou');
	});

	it('the suggest form posts and thanks the reader', async () => {
		const reader = await page({ javaScriptEnabled: false });
		await reader.goto(READER_URL);
		await reader.getByText('Suggest a fix', { exact: true }).click();
		await reader.getByLabel('Text in this transcript').fill('Cumming Kai');
		await reader.getByLabel('a garble of an entry').check();
		await reader.getByRole('combobox', { name: /^Entry/ }).selectOption('michael-kovrig');
		await reader.getByLabel('Your name').fill('Nora NoScript');
		await reader.getByRole('button', { name: 'Send to the reviewers' }).click();
		await reader.waitForLoadState();
		expect(stored().find((s) => s.text === 'Cumming Kai')).toMatchObject({
			reader: 'Nora NoScript',
			status: 'pending'
		});
		const thanks = reader.getByText(/Thank you: “Cumming Kai” went to the reviewers/);
		expect(await thanks.count()).toBe(1);
		// The reader must see it without opening anything.
		expect(await thanks.isVisible(), 'the thank-you is visible after the post').toBe(true);
	});

	it('a reviewer accepts with the plain form', async () => {
		const id = idOf('Cumming Kai');
		const review = await page({ javaScriptEnabled: false });
		await review.goto('/review/signin');
		await review.getByLabel('Name').fill(REVIEWER);
		await review.getByLabel('Password').fill(PASSWORD);
		await review.getByRole('button', { name: 'Sign in' }).click();
		await review.waitForURL('**/review');
		expect(await review.getByText(`Signed in as ${REVIEWER}.`).count()).toBe(1);
		await item(review, id).getByRole('button', { name: 'Accept' }).click();
		await review.waitForLoadState();
		expect(await review.getByRole('status').textContent()).toBe(`Suggestion ${id} decided.`);
		expect(await item(review, id).count()).toBe(0);
		expect(stored().find((s) => s.id === id)?.status).toBe('accepted');
		const people = readFileSync(path.join(glossaryDir, 'people.yaml'), 'utf8');
		expect(people).toContain(
			`- text: Cumming Kai\n      added:\n        by: Nora NoScript\n        approved_by: ${REVIEWER}\n        on: ${today()}`
		);
	});
});
