/**
 * Vitest globalSetup for the e2e project: runs the production build (`node build`) against a
 * throwaway copy of `transcripts/` and `glossary/`, so tests can add transcripts and break the
 * glossary without touching the repository, and tells the tests where everything is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

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

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD = path.join(ROOT, 'build');
const STARTUP_MS = 20_000;

/** A port nobody listens on right now (the OS picks it; we release it for the server). */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.unref();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

/** Polls until the server answers HTTP at all, or fails early if the process died. */
async function waitUntilUp(url: string, server: ChildProcess, output: () => string) {
	const deadline = Date.now() + STARTUP_MS;
	while (Date.now() < deadline) {
		if (server.exitCode !== null) {
			throw new Error(`\`node build\` exited with code ${server.exitCode}:\n${output()}`);
		}
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
			await response.body?.cancel();
			if (response.status < 500) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`\`node build\` did not answer ${url} within ${STARTUP_MS} ms:\n${output()}`);
}

export default async function setup(project: TestProject) {
	if (!existsSync(path.join(BUILD, 'index.js'))) {
		throw new Error(`No production build in ${BUILD}: run \`npx vite build\` first.`);
	}
	// Screenshots from an earlier run would pass for this run's.
	await rm(path.join(ROOT, 'test-results', 'screenshots'), { recursive: true, force: true });
	const temp = await mkdtemp(path.join(tmpdir(), 'transcript-reader-e2e-'));
	const transcriptsDir = path.join(temp, 'transcripts');
	const glossaryDir = path.join(temp, 'glossary');
	await cp(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	await cp(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });

	const port = await freePort();
	const baseURL = `http://127.0.0.1:${port}`;
	const server = spawn(process.execPath, [BUILD], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			TRANSCRIPTS_DIR: transcriptsDir,
			GLOSSARY_DIR: glossaryDir,
			// Above the app's 2 MB transcript limit, so the app's own message is what a reader
			// sees for a large file rather than adapter-node's bare 413.
			BODY_SIZE_LIMIT: '4M'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
	// Server errors (500s) are printed as they happen: they explain failing tests. The 404s
	// that the path traversal tests provoke on purpose are only noise.
	server.stderr?.on('data', (chunk: Buffer) => {
		log += chunk.toString();
		const lines = chunk
			.toString()
			.split('\n')
			.filter((line) => line.trim() && !line.includes('[404]'));
		if (lines.length) process.stderr.write(lines.map((l) => `[e2e server] ${l}\n`).join(''));
	});

	const stop = async () => {
		if (server.exitCode === null && server.signalCode === null) {
			const exited = new Promise((r) => server.once('exit', r));
			server.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
			if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
		}
		await rm(temp, { recursive: true, force: true });
	};

	try {
		await waitUntilUp(baseURL + '/', server, () => log);
	} catch (error) {
		await stop();
		throw error;
	}

	project.provide('baseURL', baseURL);
	project.provide('transcriptsDir', transcriptsDir);
	project.provide('glossaryDir', glossaryDir);
	return stop;
}
