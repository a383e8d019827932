/**
 * CJK fonts only for CJK text. With Debian's fonts-noto-cjk installed, a CJK font in a font
 * stack also drew the Latin punctuation it covers, and "don’t" showed a full-width apostrophe
 * ("don’ t"). src/app.css therefore declares 'CJK Serif' and 'CJK Sans' as `@font-face`
 * families over `local()` fonts with a CJK `unicode-range`.
 *
 * Which fonts actually drew an element's text comes from Chrome DevTools
 * (`CSS.getPlatformFontsForNode`): on the reader and glossary pages no CJK font may draw Latin
 * text or ’ — checked for every element whose own text has ’ and for one element of each font
 * stack in use — while the source form 孟晚舟 must be drawn with one (else the machine has no CJK
 * font and the first check proves nothing). Both as on an English desktop and on a Chinese one
 * (LANG=zh_CN.UTF-8), where fontconfig prefers the CJK fonts for the generic and system
 * families. A control puts a CJK font in the stack the old way and expects the check to see it.
 * Skipped when `fc-list :lang=zh` lists no font (install fonts-noto-cjk, as .ci/run does).
 */
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BASE } from './app';
import { LU_KANG } from './browser';
import { ENGLISH_DESKTOP, launchBrowser } from './chromium';

/** Family names of the CJK fonts fontconfig knows, or '' when there are none (or no fc-list). */
const installedCjk = (() => {
	try {
		return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim();
	} catch {
		return '';
	}
})();
/** One installed CJK family, for the control: Noto Serif CJK SC if there is one. */
const someCjkFamily = (() => {
	const families = installedCjk.split('\n').map((line) => line.split(',')[0]!.trim());
	return families.find((f) => f === 'Noto Serif CJK SC') ?? families[0];
})();
const SKIP_REASON =
	'no CJK font installed (`fc-list :lang=zh` is empty): install fonts-noto-cjk to run the CJK font tests';
if (!installedCjk) console.warn(`cjk-font.test.ts skipped: ${SKIP_REASON}`);

/** A font family that is a CJK font. */
const CJK_FONT = /CJK|Han|Song|Hei|Ming/i;
/** A Latin word with a typographic apostrophe in it: "don’t", "China’s". */
const LATIN_APOSTROPHE = /[A-Za-z]+’[A-Za-z]*/;
const PROBE = 'data-cjk-probe';
const READER = `/t/${LU_KANG}`;

/**
 * How each desktop starts the browser: the locale fontconfig and Chromium read. The run's
 * browser (chromium.ts) is started as the English desktop is, so that one is only connected to;
 * the Chinese desktop needs a browser of its own.
 */
const DESKTOPS = [
	{ name: 'an English desktop', env: ENGLISH_DESKTOP, own: false },
	{
		name: 'a Chinese desktop (LANG=zh_CN.UTF-8)',
		env: { LANG: 'zh_CN.UTF-8', LC_ALL: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN' },
		own: true
	}
];

/** The run's browser (an English desktop's). */
const connect = () => chromium.connect(inject('browserWSEndpoint'));

interface PlatformFont {
	familyName: string;
	postScriptName?: string;
	isCustomFont: boolean;
	glyphCount: number;
}

interface Probe {
	/** The element's own text (its child text nodes). */
	text: string;
	/** Its computed font-family. */
	stack: string;
	fonts: PlatformFont[];
}

/** The platform fonts Chromium used for the text nodes directly inside each probed element. */
async function platformFonts(page: Page): Promise<Map<string, PlatformFont[]>> {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('DOM.enable');
		await cdp.send('CSS.enable');
		const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
		const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
			nodeId: root.nodeId,
			selector: `[${PROBE}]`
		});
		const result = new Map<string, PlatformFont[]>();
		for (const nodeId of nodeIds) {
			const { attributes } = await cdp.send('DOM.getAttributes', { nodeId });
			const id = attributes[attributes.indexOf(PROBE) + 1]!;
			result.set(id, (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts);
		}
		return result;
	} finally {
		await cdp.detach();
	}
}

/**
 * The visible elements with Latin text of their own and no CJK character in them: every one
 * whose own text has ’ in a word (up to 30), and the first of each computed font-family, so that
 * every font stack the page uses is seen. Each is marked with `data-cjk-probe` and measured.
 */
async function latinProbes(page: Page): Promise<Probe[]> {
	await page.evaluate(() => document.fonts.ready);
	const marked = await page.evaluate(
		({ apostrophe, attribute }) => {
			const withApostrophe = new RegExp(apostrophe);
			const cjk = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
			const stacks = new Set<string>();
			const found: { id: string; text: string; stack: string }[] = [];
			let apostrophes = 0;
			for (const el of document.body.querySelectorAll('*')) {
				const own = [...el.childNodes]
					.filter((n) => n.nodeType === Node.TEXT_NODE)
					.map((n) => n.textContent ?? '')
					.join('');
				// Chromium reports the fonts of the element's descendants' text too.
				if (!/[A-Za-z]{2}/.test(own) || cjk.test(el.textContent ?? '')) continue;
				if (el.getClientRects().length === 0 || el.closest('script, style, template')) continue;
				const stack = getComputedStyle(el).fontFamily;
				const hasApostrophe = withApostrophe.test(own) && apostrophes < 30;
				if (!hasApostrophe && stacks.has(stack)) continue;
				if (hasApostrophe) apostrophes++;
				stacks.add(stack);
				const id = String(found.length);
				el.setAttribute(attribute, id);
				found.push({ id, text: own.trim().replace(/\s+/g, ' ').slice(0, 80), stack });
			}
			return found;
		},
		{ apostrophe: LATIN_APOSTROPHE.source, attribute: PROBE }
	);
	const fonts = await platformFonts(page);
	return marked.map(({ id, text, stack }) => ({ text, stack, fonts: fonts.get(id) ?? [] }));
}

const describeFonts = (fonts: PlatformFont[]) =>
	fonts.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ') || 'no font';

/** The probes drawn (in part) with a CJK font, as readable lines. */
const drawnWithCjk = (probes: Probe[]) =>
	probes
		.filter((p) => p.fonts.some((f) => CJK_FONT.test(f.familyName)))
		.map((p) => `"${p.text}" (font-family: ${p.stack}) is drawn with ${describeFonts(p.fonts)}`);

describe.skipIf(!installedCjk)('CJK fonts draw only CJK text', () => {
	for (const desktop of DESKTOPS) {
		describe(`on ${desktop.name}`, () => {
			let browser: Browser | undefined;
			beforeAll(async () => {
				browser = desktop.own ? await launchBrowser(desktop.env) : await connect();
			});
			afterAll(async () => {
				await browser?.close();
			});
			const open = async (url: string) => {
				const context = await browser!.newContext({ baseURL: BASE });
				context.setDefaultTimeout(10_000);
				const page = await context.newPage();
				await page.goto(url);
				return page;
			};

			it('draws the reader’s Latin text and ’ with no CJK font', async () => {
				const page = await open(READER);
				try {
					const probes = await latinProbes(page);
					expect(probes.filter((p) => LATIN_APOSTROPHE.test(p.text)).length).toBeGreaterThan(5);
					expect(probes.filter((p) => p.fonts.length === 0).map((p) => p.text)).toEqual([]);
					expect(drawnWithCjk(probes)).toEqual([]);
				} finally {
					await page.context().close();
				}
			});

			it('draws 孟晚舟 on the glossary page with a CJK font, and its Latin text without', async () => {
				const page = await open('/glossary');
				try {
					const source = page.locator('#meng-wanzhou .source');
					expect(await source.innerText()).toBe('孟晚舟');
					await source.evaluate((el, attribute) => el.setAttribute(attribute, 'source'), PROBE);
					const used = (await platformFonts(page)).get('source')!;
					const cjk = used.filter((f) => CJK_FONT.test(f.familyName));
					expect(
						cjk.map((f) => f.glyphCount),
						`孟晚舟 is drawn with ${describeFonts(used)}`
					).toEqual([3]);
					// Through app.css's @font-face family: its local() source was found and loaded.
					const faces = await page.evaluate(() =>
						[...document.fonts].map((f) => `${f.family.replace(/"/g, '')}: ${f.status}`)
					);
					expect(faces).toContain('CJK Serif: loaded');
					await source.evaluate((el, attribute) => el.removeAttribute(attribute), PROBE);
					expect(drawnWithCjk(await latinProbes(page))).toEqual([]);
				} finally {
					await page.context().close();
				}
			});
		});
	}

	it('sees a CJK font drawing Latin text (control: one listed plainly, as before the fix)', async () => {
		const browser = await connect();
		try {
			// The control injects a style sheet, which the Content-Security-Policy would refuse.
			const page = await browser.newPage({ baseURL: BASE, bypassCSP: true });
			await page.goto(READER);
			// The stack of app.css with the CJK font itself where 'CJK Serif' is.
			await page.addStyleTag({
				content: `* { font-family: 'Iowan Old Style', 'Palatino Linotype', Palatino, Georgia, 'Noto Serif', '${someCjkFamily}', serif !important; }`
			});
			const probes = await latinProbes(page);
			const withApostrophe = probes.filter((p) => LATIN_APOSTROPHE.test(p.text));
			expect(withApostrophe.length).toBeGreaterThan(5);
			expect(drawnWithCjk(withApostrophe)).toHaveLength(withApostrophe.length);
		} finally {
			await browser.close();
		}
	});
});
