/**
 * Starts the production build (`node build`) on a free loopback port over the given folders,
 * for the e2e tests: once for all of them (server.ts), and again by tests that kill it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD = path.join(ROOT, 'build');
/** A safety cap, not a budget: a start takes 1–2 s on a quiet machine, far more on a loaded one. */
const STARTUP_MS = 60_000;
/** Starts on another port when the one picked was taken in between (by a run beside this one). */
const PORT_TRIES = 3;

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

/** Polls the archive's progress until it is idle with every transcript of `dir` in it. */
async function waitUntilIndexed(baseURL: string, dir: string) {
	const count = readdirSync(dir).filter((name) => name.endsWith('.txt')).length;
	const deadline = Date.now() + STARTUP_MS;
	let progress: { state: string; indexed: number } | undefined;
	while (Date.now() < deadline) {
		const response = await fetch(`${baseURL}/api/index`, { signal: AbortSignal.timeout(5_000) });
		progress = (await response.json()) as { state: string; indexed: number };
		if (progress.state === 'idle' && progress.indexed === count) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(
		`the archive did not index the ${count} transcripts within ${STARTUP_MS} ms: ${JSON.stringify(progress)}`
	);
}

export interface RunningServer {
	baseURL: string;
	process: ChildProcess;
	/** Everything the server printed. */
	log: () => string;
	/** SIGTERM, then SIGKILL after 5 s. */
	stop: () => Promise<void>;
}

export interface StartOptions {
	transcriptsDir: string;
	glossaryDir: string;
	env?: Record<string, string>;
	/** Print the server's errors as they happen (default true). */
	echo?: boolean;
	/** The page whose answer means the server is up (default `/`). */
	readyPath?: string;
	/**
	 * Also wait until the archive has indexed every transcript of the folder: what reads the
	 * index (the review's previews, the library) sees them all from the first request on.
	 */
	indexed?: boolean;
	/**
	 * Start it as `npm start` does (`scripts/start.js`, its own defaults for HOST, ORIGIN and
	 * BODY_SIZE_LIMIT), or as a bare `node build` with only `env` set; by default the tests'
	 * own settings are added.
	 */
	as?: 'npm start' | 'node build';
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await startOnce(options);
		} catch (error) {
			const taken = error instanceof Error && error.message.includes('EADDRINUSE');
			if (!taken || attempt === PORT_TRIES) throw error;
		}
	}
}

async function startOnce(options: StartOptions): Promise<RunningServer> {
	if (!existsSync(path.join(BUILD, 'index.js'))) {
		throw new Error(`No production build in ${BUILD}: run \`npx vite build\` first.`);
	}
	const port = await freePort();
	const baseURL = `http://127.0.0.1:${port}`;
	const settings = options.as
		? { PORT: String(port) }
		: {
				PORT: String(port),
				HOST: '127.0.0.1',
				ORIGIN: baseURL,
				// Above the app's 2 MB transcript limit, so the app's own message is what a reader
				// sees for a large file rather than adapter-node's bare 413.
				BODY_SIZE_LIMIT: '4M',
				// The tests upload far more than a reader would.
				UPLOADS_PER_HOUR: '100000'
			};
	const { ORIGIN: _o, HOST: _h, BODY_SIZE_LIMIT: _b, ...inherited } = process.env;
	const script = options.as === 'npm start' ? path.join(ROOT, 'scripts', 'start.js') : BUILD;
	const server = spawn(process.execPath, [script], {
		cwd: ROOT,
		env: {
			...inherited,
			...settings,
			TRANSCRIPTS_DIR: options.transcriptsDir,
			GLOSSARY_DIR: options.glossaryDir,
			// The database beside the transcripts: a temp copy's, never the repository's.
			DATA_DIR: path.join(path.dirname(options.transcriptsDir), 'data'),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
	// Server errors (500s) are printed as they happen: they explain failing tests. The 404s
	// that the path traversal tests provoke on purpose are only noise.
	server.stderr?.on('data', (chunk: Buffer) => {
		log += chunk.toString();
		if (options.echo === false) return;
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
	};
	try {
		await waitUntilUp(baseURL + (options.readyPath ?? '/'), server, () => log);
		if (options.indexed) await waitUntilIndexed(baseURL, options.transcriptsDir);
	} catch (error) {
		await stop();
		throw error;
	}
	return { baseURL, process: server, log: () => log, stop };
}
