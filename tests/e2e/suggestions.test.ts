/**
 * Suggestions in the reader and the API: garbles of glossary names that the glossary does not
 * list yet, shown as a third kind of mark (neither a correction nor a quality flag), listed
 * under "unknown garble" in the flags panel, and served by `/api/transcripts/<slug>/suggestions`
 * exactly as `npm run cli -- suggest` prints them. A server of its own runs over a temp
 * folder holding one transcript written for this file.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, useBrowser, type PageOptions } from './browser';
import { ROOT, startServer, type RunningServer } from './spawn';

const run = promisify(execFile);
const browsing = useBrowser({ baseURL: () => server.baseURL });

const SLUG = 'e2e-suggestions-interview';
const READER = `/t/${SLUG}`;
const HOSTILE = '<img src=x onerror=alert(1)>';
/**
 * None of these garbles is in the glossary; the suggester proposes each (checked with
 * `npm run cli -- suggest`): Mengwanzhou (twice) and Mengxizhou → Meng Wanzhou, Cumming Kai →
 * Michael Kovrig, Michael Spaffer and later Spaffer alone → Michael Spavor. "Meng late boat" is
 * a listed variant (a correction) and "one hand can't make a sound" a quality flag, for contrast.
 */
const INTERVIEW = `Q: Thank you for seeing us. Many readers still ask about Mengwanzhou. What is your view today?

A: When Meng late boat was held in Vancouver, we said clearly that it was wrong. Some papers even wrote Mengxizhou, which shows how little care was taken.

Q: And the two Canadians, Cumming Kai and Michael Spaffer?

A: Their cases followed the law. Spaffer had a fair hearing. As we say, one hand can't make a sound: both sides must act.

Q: One reader sent a strange note: ${HOSTILE} next to Mengwanzhou. Can you comment?

A: I will not comment on such notes.
`;
const META = `title: Suggestions test interview
date: 2024-01-01
source_language: zh
machine_translated: true
participants:
  - Q
  - A
`;
const LABELS: readonly string[] = [
	'possibly Meng Wanzhou, not in the glossary: Mengwanzhou',
	'possibly Meng Wanzhou, not in the glossary: Mengxizhou',
	'possibly Michael Kovrig, not in the glossary: Cumming Kai',
	'possibly Michael Spavor, not in the glossary: Michael Spaffer',
	'possibly Michael Spavor, not in the glossary: Spaffer',
	'possibly Meng Wanzhou, not in the glossary: Mengwanzhou'
];

let server: RunningServer;
let temp: string;
let transcriptFile: string;
let glossaryDir: string;

beforeAll(async () => {
	temp = await mkdtemp(path.join(tmpdir(), 'suggestions-e2e-'));
	const transcriptsDir = path.join(temp, 'transcripts');
	glossaryDir = path.join(temp, 'glossary');
	await mkdir(transcriptsDir);
	await cp(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
	transcriptFile = path.join(transcriptsDir, `${SLUG}.txt`);
	await writeFile(transcriptFile, INTERVIEW);
	await writeFile(path.join(transcriptsDir, `${SLUG}.meta.yaml`), META);
	server = await startServer({ transcriptsDir, glossaryDir, readyPath: READER });
});
afterAll(async () => {
	await server?.stop();
	if (temp) await rm(temp, { recursive: true, force: true });
});

const page = (options: PageOptions = {}) => browsing.page(options);
const api = async (pathname: string) => fetch(`${server.baseURL}${pathname}`);

interface ContractFlag {
	kind: string;
	rule: string;
	block: number;
	paragraph: number;
	start: number;
	end: number;
}
interface Contract {
	title: { raw: string } | null;
	blocks: { paragraphs: { raw: string }[] }[];
	flags: ContractFlag[];
}
interface Suggestion {
	text: string;
	canonical: string;
	rule: string;
	evidence: string;
	occurrences: { block: number | null; paragraph: number; start: number; end: number }[];
}
const contract = async () => (await (await api(`/api/transcripts/${SLUG}`)).json()) as Contract;
const garbles = async () => (await contract()).flags.filter((f) => f.kind === 'unknown-garble');

/** Waits for hydration, as `gotoHydrated` does (it would use the shared server's base URL). */
async function open(p: Page, url: string) {
	await p.goto(url);
	await p.waitForFunction(() => history.scrollRestoration === 'manual');
}

/** The suggestion mark named `label` (its first piece, the one with the id), by id. */
async function markNamed(p: Page, label: string, nth = 0) {
	const found = p.getByRole('note', { name: label, exact: true }).nth(nth);
	// By id: once open, the tooltip's text becomes part of the mark's.
	return p.locator(`[id="${await found.getAttribute('id')}"]`);
}

describe('suggestions in the text', () => {
	it('are a third kind of mark, one per unknown-garble flag of the API, named for a reader', async () => {
		const p = await page();
		await open(p, READER);
		const expected = await garbles();
		expect(expected.length).toBe(6);
		const marks = p.locator('.text .mark.suggestion[aria-label]');
		expect(await marks.count()).toBe(expected.length);
		const labels = await marks.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
		expect(labels).toEqual(LABELS);
		// Neither a correction nor a quality flag: no del/ins inside, no `quality` class.
		expect(await p.locator('.text .mark.suggestion :is(del, ins)').count()).toBe(0);
		expect(await p.locator('.text .mark.suggestion.quality').count()).toBe(0);
		expect(await p.locator('.text .mark.quality[aria-label]').count()).toBe(1);
		expect(await p.locator('.text .correction del').innerText()).toBe('Meng late boat');
		expect(await p.locator('.text .correction ins').innerText()).toBe('Meng Wanzhou');
		const roles = await marks.evaluateAll((els) => els.map((e) => e.getAttribute('role')));
		expect(new Set(roles)).toEqual(new Set(['note']));
		expect(
			await p.getByRole('note', { name: LABELS[0], exact: true }).count(),
			'Mengwanzhou occurs twice'
		).toBe(2);
	});

	it('open a tooltip with the evidence and the rule on hover and on focus; Escape closes it', async () => {
		const p = await page();
		await open(p, READER);
		// Hover: the best-scored suggestion.
		const meng = await markNamed(p, LABELS[0]!);
		expect(await p.getByRole('tooltip').count()).toBe(0);
		await meng.hover();
		const tip = p.locator(`[id="${await meng.getAttribute('aria-describedby')}"]`);
		expect(await tip.getAttribute('role')).toBe('tooltip');
		const hovered = await tip.innerText();
		expect(hovered).toContain('"Mengwanzhou" may be a garble of Meng Wanzhou');
		expect(hovered).toContain('Perhaps: Meng Wanzhou');
		expect(hovered).toContain('Mengwanzhou = a form of the entry, spaced or cased differently');
		expect(hovered).toContain('Rule suggestion/spelling');
		await p.mouse.move(0, 0);
		expect(await p.getByRole('tooltip').count()).toBe(0);

		// Focus: character-by-character evidence.
		const xi = await markNamed(p, LABELS[1]!);
		await xi.focus();
		const tip2 = p.locator(`[id="${await xi.getAttribute('aria-describedby')}"]`);
		const focused = await tip2.innerText();
		expect(focused).toContain('Perhaps: Meng Wanzhou');
		expect(focused).toContain('Mengxizhou: meng=孟 meng (pinyin), xi≈?, zhou=舟 zhou (pinyin)');
		expect(focused).toContain('Rule suggestion/characters');
		await p.keyboard.press('Escape');
		expect(await p.getByRole('tooltip').count()).toBe(0);
		expect(await xi.getAttribute('aria-describedby')).toBeNull();
	});

	it('are drawn with a dotted underline, where a quality flag is wavy', async () => {
		const p = await page();
		await open(p, READER);
		const style = (selector: string) =>
			p
				.locator(selector)
				.evaluateAll((els) =>
					els.map((e) => [
						getComputedStyle(e).textDecorationLine,
						getComputedStyle(e).textDecorationStyle
					])
				);
		// Warnings and the one info (Mengxizhou, scored 0.51) alike.
		expect(await p.locator('.text .mark.suggestion.info').count()).toBe(1);
		const suggestions = await style('.text .mark.suggestion[aria-label]');
		expect(suggestions.length).toBe(6);
		for (const s of suggestions) expect(s).toEqual(['underline', 'dotted']);
		expect(await style('.text .mark.quality[aria-label]')).toEqual([['underline', 'wavy']]);
	});
});

describe('the flags panel', () => {
	it('lists suggestions as the kind "unknown garble", counted as in the API', async () => {
		const p = await page();
		await open(p, READER);
		const panel = p.getByRole('region', { name: /Possible problems/ });
		const item = panel.locator('li').filter({ hasText: 'unknown garble' });
		expect(await item.count()).toBe(1);
		expect(await item.locator('.count').innerText()).toBe(String((await garbles()).length));
		expect(await item.locator('.count').innerText()).toBe('6');
		const idiom = panel.locator('li').filter({ hasText: 'literal idiom' });
		expect(await idiom.locator('.count').innerText()).toBe('1');
		// Stepping goes to a suggestion.
		await p.getByRole('button', { name: 'Next unknown garble flag' }).click();
		const active = await p.evaluate(() => document.activeElement?.getAttribute('aria-label'));
		expect(active).toBe(LABELS[0]);
	});
});

describe('the suggestions API', () => {
	it('serves what `cli suggest` prints for the same file, with offsets into the contract', async () => {
		const response = await api(`/api/transcripts/${SLUG}/suggestions`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		const body = await response.text();
		const { stdout } = await run(
			'npm',
			['run', '--silent', 'cli', '--', 'suggest', transcriptFile, '--glossary', glossaryDir],
			{ cwd: ROOT }
		);
		const fromApi = JSON.parse(body) as Suggestion[];
		const fromCli = JSON.parse(stdout) as Suggestion[];
		expect(fromApi).toEqual(fromCli);
		// Byte for byte once printed the CLI's way (the API's JSON is compact).
		expect(JSON.stringify(fromApi, null, 2) + '\n').toBe(stdout);
		expect(fromApi.map((s) => s.text)).toEqual([
			'Mengwanzhou',
			'Cumming Kai',
			'Michael Spaffer',
			'Spaffer',
			'Mengxizhou'
		]);
		expect(fromApi[0]!.occurrences.length).toBe(2);

		const doc = await contract();
		const occurrences = fromApi.flatMap((s) => s.occurrences.map((o) => ({ ...o, text: s.text })));
		expect(occurrences.length).toBe(6);
		for (const o of occurrences) {
			const raw =
				o.block === null ? doc.title!.raw : doc.blocks[o.block]!.paragraphs[o.paragraph]!.raw;
			expect(raw.slice(o.start, o.end).toLowerCase(), JSON.stringify(o)).toBe(o.text.toLowerCase());
		}
		// And the contract's unknown-garble flags are the same places.
		const places = (list: { block: number | null; paragraph: number; start: number }[]) =>
			list.map((o) => `${o.block}/${o.paragraph}/${o.start}`).sort();
		expect(places(await garbles())).toEqual(places(occurrences));
	});

	it('answers 404 for a transcript that does not exist', async () => {
		const response = await api('/api/transcripts/no-such-transcript/suggestions');
		expect(response.status).toBe(404);
		await response.body?.cancel();
	});
});

describe('without JavaScript', () => {
	it('the server HTML has the marks and their names, and no tooltip yet', async () => {
		const p = await page({ javaScriptEnabled: false });
		await p.goto(READER);
		const marks = p.locator('.text .mark.suggestion[aria-label]');
		const labels = await marks.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
		expect(labels).toEqual(LABELS);
		expect(await p.locator('[role="tooltip"]').count()).toBe(0);
		const html = await (await api(READER)).text();
		expect(html).toContain(`aria-label="${LABELS[1]}"`);
	});
});

describe('?flags=off', () => {
	it('hides suggestions with the flags, with and without JavaScript; corrections stay', async () => {
		for (const javaScriptEnabled of [true, false]) {
			const p = await page({ javaScriptEnabled });
			await p.goto(`${READER}?flags=off`);
			if (javaScriptEnabled) await p.waitForFunction(() => history.scrollRestoration === 'manual');
			expect(await p.locator('.text .mark.suggestion').count(), `js ${javaScriptEnabled}`).toBe(0);
			expect(await p.locator('.text .mark').count()).toBe(0);
			expect(await p.locator('.text .correction').count()).toBe(1);
			expect(await p.locator('.text').innerText()).toContain('Mengxizhou');
		}
	});
});

describe('hostile text beside a suggestion', () => {
	it('is shown as text: no element injected, no script run', async () => {
		for (const javaScriptEnabled of [true, false]) {
			const p = await page({ javaScriptEnabled });
			const dialogs: string[] = [];
			p.on('dialog', (d) => {
				dialogs.push(d.message());
				void d.dismiss();
			});
			if (javaScriptEnabled) await open(p, READER);
			else await p.goto(READER);
			const paragraph = p.locator('.text p', { hasText: 'strange note' });
			expect(await paragraph.innerText()).toContain(`${HOSTILE} next to Mengwanzhou`);
			expect(await p.locator('img').count()).toBe(0);
			// The garble beside it is still marked.
			expect(await paragraph.locator('.mark.suggestion').innerText()).toBe('Mengwanzhou');
			if (javaScriptEnabled) {
				await paragraph.locator('.mark.suggestion').hover();
				expect(await p.getByRole('tooltip').innerText()).toContain('Perhaps: Meng Wanzhou');
				await p.waitForTimeout(300);
			}
			expect(dialogs).toEqual([]);
		}
	});
});

describe('screenshot', () => {
	it('of an open suggestion tooltip, light mode', async () => {
		const p = await page({ colorScheme: 'light' });
		await open(p, READER);
		const xi = await markNamed(p, LABELS[1]!);
		// Mid-screen: the tooltip opens below the word and would run past the bottom edge.
		await xi.evaluate((e) => e.scrollIntoView({ block: 'center' }));
		await xi.hover();
		const tip = p.getByRole('tooltip');
		expect(await tip.isVisible()).toBe(true);
		const [a, b] = [(await xi.boundingBox())!, (await tip.boundingBox())!];
		// The whole tooltip is on screen, so the picture shows all of it.
		expect(b.y + b.height).toBeLessThanOrEqual(p.viewportSize()!.height);
		const x = Math.max(0, Math.min(a.x, b.x) - 40);
		const y = Math.max(0, Math.min(a.y, b.y) - 60);
		await screenshot(p, 'suggestion-tooltip', {
			clip: {
				x,
				y,
				width: Math.max(a.x + a.width, b.x + b.width) + 40 - x,
				height: Math.max(a.y + a.height, b.y + b.height) + 40 - y
			}
		});
	});
});
