/**
 * Vitest globalSetup for the e2e project: runs the production build (`node build`) against a
 * throwaway copy of `transcripts/` and `glossary/`, so tests can add transcripts and break the
 * glossary without touching the repository, and tells the tests where everything is.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, startServer } from './spawn';

declare module 'vitest' {
	export interface ProvidedContext {
		/** `http://127.0.0.1:<port>`, no trailing slash. */
		baseURL: string;
		/** The server's TRANSCRIPTS_DIR: a temp copy of `transcripts/`. */
		transcriptsDir: string;
		/** The server's GLOSSARY_DIR: a temp copy of `glossary/`. */
		glossaryDir: string;
	}
}

export default async function setup(project: TestProject) {
	// Screenshots from an earlier run would pass for this run's.
	await rm(path.join(ROOT, 'test-results', 'screenshots'), { recursive: true, force: true });
	const temp = await mkdtemp(path.join(tmpdir(), 'transcript-reader-e2e-'));
	const transcriptsDir = path.join(temp, 'transcripts');
	const glossaryDir = path.join(temp, 'glossary');
	await cp(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	await cp(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
	const server = await startServer({ transcriptsDir, glossaryDir }).catch(async (error) => {
		await rm(temp, { recursive: true, force: true });
		throw error;
	});
	project.provide('baseURL', server.baseURL);
	project.provide('transcriptsDir', transcriptsDir);
	project.provide('glossaryDir', glossaryDir);
	return async () => {
		await server.stop();
		await rm(temp, { recursive: true, force: true });
	};
}
