/**
 * Vitest globalSetup for the e2e project, run once for all its files:
 *
 * - the shared server: the production build (`node build`) over a throwaway copy of
 *   `transcripts/` and `glossary/`, for the files that only read (app.ts says which may use it;
 *   a file that writes starts a server of its own with `ownApp()`);
 * - the run's one Chromium, as a browser server that each file connects to (browser.ts), so
 *   that files running side by side share one browser and each test gets a fresh context.
 *
 * Everything is on a free port and in a fresh temp folder, so two runs can go side by side.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchBrowserServer } from './chromium';
import { ROOT, startServer } from './spawn';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The shared server: `http://127.0.0.1:<port>`, no trailing slash. */
		baseURL: string;
		/** The shared server's TRANSCRIPTS_DIR: a temp copy of `transcripts/`. */
		transcriptsDir: string;
		/** The shared server's GLOSSARY_DIR: a temp copy of `glossary/`. */
		glossaryDir: string;
		/** Where the run's Chromium listens, for `chromium.connect`. */
		browserWSEndpoint: string;
	}
}

export default async function setup(project: TestProject) {
	// Screenshots from an earlier run would pass for this run's.
	if (process.env.SCREENSHOTS === '1') {
		await rm(path.join(ROOT, 'test-results', 'screenshots'), { recursive: true, force: true });
	}
	const temp = await mkdtemp(path.join(tmpdir(), 'transcript-reader-e2e-'));
	const transcriptsDir = path.join(temp, 'transcripts');
	const glossaryDir = path.join(temp, 'glossary');
	await cp(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	await cp(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
	const [server, browser] = await Promise.allSettled([
		startServer({ transcriptsDir, glossaryDir }),
		launchBrowserServer()
	]);
	if (server.status === 'rejected' || browser.status === 'rejected') {
		if (server.status === 'fulfilled') await server.value.stop();
		if (browser.status === 'fulfilled') await browser.value.close();
		await rm(temp, { recursive: true, force: true });
		throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
	}
	project.provide('baseURL', server.value.baseURL);
	project.provide('transcriptsDir', transcriptsDir);
	project.provide('glossaryDir', glossaryDir);
	project.provide('browserWSEndpoint', browser.value.wsEndpoint());
	return async () => {
		await Promise.all([server.value.stop(), browser.value.close()]);
		await rm(temp, { recursive: true, force: true });
	};
}
