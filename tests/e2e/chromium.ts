/**
 * How the e2e tests start Chromium: once per run as a browser server (server.ts, the
 * globalSetup), which every test file connects to (browser.ts); and apart only where a test is
 * about the browser's own environment (cjk-font.test.ts: a Chinese desktop's locale).
 */
import { chromium, type Browser, type BrowserServer } from 'playwright-core';

export const EXECUTABLE = '/usr/bin/chromium';

export const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

/** The locale of an English desktop, which fontconfig and Chromium read. */
export const ENGLISH_DESKTOP = { LANG: 'en_US.UTF-8', LC_ALL: '', LANGUAGE: 'en_US' };

/** The run's browser, as an English desktop starts it; tests reach it by its `wsEndpoint()`. */
export function launchBrowserServer(): Promise<BrowserServer> {
	return chromium.launchServer({
		executablePath: EXECUTABLE,
		args: ARGS,
		env: { ...process.env, ...ENGLISH_DESKTOP }
	});
}

/** A browser of the calling test's own, started with `env` added to this process's. */
export function launchBrowser(env: Record<string, string>): Promise<Browser> {
	return chromium.launch({
		executablePath: EXECUTABLE,
		args: ARGS,
		env: { ...process.env, ...env }
	});
}
