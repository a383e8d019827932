/**
 * Reader-page figures against the production build (`build/`, adapter-node) on loopback:
 * server-render latency next to two floors, and the client JavaScript a page loads, gzipped.
 *
 * - plain: a bare node:http server sending the reader page's bytes (bench/plain-server.mjs).
 * - floor: the framework's own floor, a minimal SvelteKit app (bench/floor/, adapter-node,
 *   built into bench/floor/build/) whose one page renders the reader page's markup as one
 *   string with {@html}: routing, layout, ETag and hydration script still run, the reader's
 *   components and data do not.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { percentile, summarize, type Figure } from './measure';

export interface WebOptions {
	/** Repository root: `build/` is started from here, so it reads `glossary/` and `transcripts/`. */
	root: string;
	/** Path of the reader page, e.g. `/t/lu-kang-globe-and-mail-interview-2020`. */
	page: string;
	/** Interleaved rounds per server; each round gives one p50 and one p95. */
	rounds: number;
	requestsPerRound: number;
	warmup: number;
	/**
	 * Requests per server before a second set of rounds (`….long` figures). Both servers keep
	 * getting faster over thousands of requests, the plain one proportionally more, so the
	 * ratio after a long run is higher than after a short warm-up; both are reported.
	 */
	longWarmup: number;
	/** The floor app's folder (`FLOOR_DIR`), built; without it the floor figures are skipped. */
	floor?: string;
	log: (line: string) => void;
}

export interface PageScripts {
	path: string;
	scripts: number;
	gzipBytes: number;
}

/** gzip level 9: what adapter-node's precompressed `.gz` files use. */
const GZIP_LEVEL = 9;
/** At most this many pages are checked for the smallest JavaScript. */
const MAX_PAGES = 20;
/** Warm-up requests a server gets before the next server's turn. */
const WARMUP_TURN = 100;

export function hasBuild(root: string): boolean {
	return existsSync(path.join(root, 'build', 'index.js'));
}

/** The floor app's folder; it builds into `build/` there. */
export const FLOOR_DIR = path.join(import.meta.dirname, 'floor');

export function hasFloorBuild(): boolean {
	return existsSync(path.join(FLOOR_DIR, 'build', 'index.js'));
}

/**
 * `vite build` of the floor app, with the root node_modules (Node resolves them upwards). Its
 * Vite config is not named `vite.config.js`, so that svelte-check, run from the root, leaves it.
 */
export function buildFloor(root: string): void {
	execFileSync(
		process.execPath,
		[
			path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
			'build',
			'--config',
			'floor.vite.config.js'
		],
		{
			cwd: FLOOR_DIR,
			stdio: ['ignore', 'ignore', 'pipe'],
			timeout: 300_000
		}
	);
}

/**
 * What SvelteKit rendered into the reader page's `%sveltekit.body%`, without its hydration
 * script: the markup the floor app renders with {@html}. The floor's `src/app.html` is a copy
 * of the app's, so the floor sends about the same bytes.
 */
export function pageMarkup(html: string): string {
	const open = '<div style="display: contents">';
	const start = html.indexOf(open);
	// The hydration script carries the CSP nonce: `<script nonce="…">`.
	const end = html.lastIndexOf('<script');
	if (start < 0 || end < start) {
		throw new Error(`cannot find the page's markup: is src/app.html still like bench/floor's?`);
	}
	return html.slice(start + open.length, end);
}

export async function measureWeb(options: WebOptions): Promise<{
	figures: Record<string, Figure>;
	pages: PageScripts[];
}> {
	const children: ChildProcess[] = [];
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });
	const work = await mkdtemp(path.join(tmpdir(), 'bench-web-'));
	try {
		const port = await freePort();
		const app = `http://127.0.0.1:${port}`;
		children.push(startApp(options.root, port));
		await waitReady(`${app}/`, children[0]!);
		const page = await get(agent, app + options.page);
		if (page.status !== 200) throw new Error(`${options.page} answered ${page.status}`);
		options.log(`reader page: ${page.body.length.toLocaleString('en')} bytes of HTML`);

		const bodyFile = path.join(work, 'page.html');
		await writeFile(bodyFile, page.body);
		const plain = await startPlain(bodyFile, page.type);
		children.push(plain.child);
		const servers: Server[] = [
			{ name: 'reader', url: app + options.page, bytes: page.body.length },
			{ name: 'plain', url: plain.url, bytes: page.body.length }
		];

		const floorFigures: Record<string, Figure> = {};
		if (options.floor) {
			const markup = pageMarkup(page.body.toString('utf8'));
			const markupFile = path.join(work, 'markup.html');
			await writeFile(markupFile, markup);
			const floorPort = await freePort();
			const floorApp = `http://127.0.0.1:${floorPort}`;
			const child = startApp(options.floor, floorPort, { FLOOR_HTML: markupFile });
			children.push(child);
			await waitReady(floorApp + options.page, child);
			const floorPage = await get(agent, floorApp + options.page);
			if (floorPage.status !== 200 || !floorPage.body.toString('utf8').includes(markup)) {
				throw new Error(`the floor app did not render the reader's markup (${floorPage.status})`);
			}
			servers.push({ name: 'floor', url: floorApp + options.page, bytes: floorPage.body.length });
			floorFigures['html.floor'] = {
				...summarize([floorPage.body.length / 1000], 'KB', undefined),
				note: `the floor app's page: the reader's ${(Buffer.byteLength(markup) / 1000).toFixed(1)} KB of markup in the same app.html, with its own hydration script`
			};
			options.log(
				`floor page: ${floorPage.body.length.toLocaleString('en')} bytes of HTML (${Buffer.byteLength(markup).toLocaleString('en')} of them the reader's markup)`
			);
		}

		const latency = await compareLatency(servers, options);
		const pages = await scriptsOfPages(agent, app, options.page);
		const reader = pages.find((p) => p.path === options.page)!;
		// Of the pages that start the app: one rendered on the server only (the search page,
		// `csr = false`) loads no script at all, which is no framework floor.
		const smallest = pages
			.filter((p) => p.scripts > 0)
			.reduce((a, b) => (b.gzipBytes < a.gzipBytes ? b : a));
		const kb = (p: PageScripts) => summarize([p.gzipBytes / 1000], 'KB', undefined);
		return {
			figures: {
				...latency,
				...floorFigures,
				'html.reader': {
					...summarize([page.body.length / 1000], 'KB', undefined),
					note: `the reader page's HTML; its data is fetched separately (reader.json)`
				},
				'js.reader.gzip': {
					...kb(reader),
					note: `${reader.scripts} scripts loaded or preloaded by ${reader.path}, each gzipped at level ${GZIP_LEVEL}; a byte count, the same every run`
				},
				'js.smallest.gzip': {
					...kb(smallest),
					note: `${smallest.path}, the smallest of ${pages.filter((p) => p.scripts > 0).length} pages checked that load scripts (${pages.length} checked)`
				}
			},
			pages
		};
	} finally {
		agent.destroy();
		await Promise.all(children.map(stop));
		await rm(work, { recursive: true, force: true });
	}
}

interface Server {
	name: 'reader' | 'plain' | 'floor';
	url: string;
	/** Every answer must be 200 with this many bytes. */
	bytes: number;
}

/**
 * Server-render p50/p95 of the page next to its floors', in interleaved rounds of sequential
 * requests over one kept-alive connection per server: the same client loop for all.
 */
async function compareLatency(
	servers: readonly Server[],
	options: WebOptions
): Promise<Record<string, Figure>> {
	const agents = servers.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
	const run = (s: Server, count: number) =>
		timeRequests(agents[servers.indexOf(s)]!, s.url, count, s.bytes);
	try {
		const rounds = async (label: string) => {
			const p50 = new Map<string, number[]>(servers.map((s) => [s.name, []]));
			const p95 = new Map<string, number[]>(servers.map((s) => [s.name, []]));
			for (let round = 0; round < options.rounds; round++) {
				for (const s of servers) {
					const times = await run(s, options.requestsPerRound);
					p50.get(s.name)!.push(percentile(times, 50));
					p95.get(s.name)!.push(percentile(times, 95));
				}
				const last = servers.map((s) => `${s.name} p50 ${p50.get(s.name)!.at(-1)!.toFixed(2)} ms`);
				options.log(`${label}round ${round + 1}/${options.rounds}: ${last.join(', ')}`);
			}
			return { p50, p95 };
		};
		const note = (warmup: number) =>
			`${options.rounds} rounds of ${options.requestsPerRound} sequential GETs on loopback, keep-alive, after ${warmup} per server; min/median/max of the per-round percentile`;

		// Warm-ups in turns of at most WARMUP_TURN requests per server: no kept-alive connection
		// sits idle long enough for its server to close it, and a slow moment hits every server.
		const warmUp = async (count: number) => {
			for (let done = 0; done < count; done += WARMUP_TURN) {
				for (const s of servers) await run(s, Math.min(WARMUP_TURN, count - done));
			}
		};
		await warmUp(options.warmup);
		const short = await rounds('');
		await warmUp(options.longWarmup);
		const long = await rounds('long run: ');
		const shortNote = note(options.warmup);
		const longNote = note(
			options.warmup + options.rounds * options.requestsPerRound + options.longWarmup
		);
		const figures: Record<string, Figure> = {};
		for (const s of servers) {
			figures[`ssr.${s.name}.p50`] = summarize(short.p50.get(s.name)!, 'ms', shortNote);
			figures[`ssr.${s.name}.p95`] = summarize(short.p95.get(s.name)!, 'ms', shortNote);
			figures[`ssr.${s.name}.p50.long`] = summarize(long.p50.get(s.name)!, 'ms', longNote);
		}
		return figures;
	} finally {
		for (const a of agents) a.destroy();
	}
}

/** Milliseconds from sending each request to its last byte, one request after the other. */
async function timeRequests(agent: Agent, url: string, count: number, size: number) {
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		const start = process.hrtime.bigint();
		const response = await get(agent, url);
		times.push(Number(process.hrtime.bigint() - start) / 1e6);
		if (response.status !== 200 || response.body.length !== size) {
			throw new Error(`${url}: status ${response.status}, ${response.body.length} bytes`);
		}
	}
	return times;
}

/**
 * Sum of each page's scripts, gzipped: `<script src>`, inline `import()`, and modulepreload
 * in `<link>` tags or in the `Link` header (where SvelteKit puts them).
 */
async function scriptsOfPages(agent: Agent, app: string, reader: string): Promise<PageScripts[]> {
	const home = await get(agent, `${app}/`);
	const linked = [...home.body.toString('utf8').matchAll(/<a\b[^>]*\bhref="(\/[^"#?]*)"/g)]
		.map((m) => m[1]!)
		.filter((p) => !p.startsWith('/api/') && !/\.[a-z]+$/i.test(p));
	const paths = [...new Set(['/', '/glossary', reader, ...linked])].slice(0, MAX_PAGES);
	const sizes = new Map<string, number>();
	const pages: PageScripts[] = [];
	for (const p of paths) {
		const page = await get(agent, app + p);
		if (page.status !== 200) continue;
		const urls = scriptUrls(page.body.toString('utf8'), page.link, app + p);
		let total = 0;
		for (const url of urls) {
			if (!sizes.has(url)) {
				const script = await get(agent, url);
				if (script.status !== 200) throw new Error(`${url} answered ${script.status}`);
				sizes.set(url, gzipSync(script.body, { level: GZIP_LEVEL }).length);
			}
			total += sizes.get(url)!;
		}
		pages.push({ path: p, scripts: urls.length, gzipBytes: total });
	}
	if (!pages.some((p) => p.path === reader)) throw new Error(`${reader} did not load`);
	return pages;
}

export function scriptUrls(html: string, linkHeader: string, pageUrl: string): string[] {
	const found: string[] = [];
	for (const tag of html.matchAll(/<script\b[^>]*>/g)) {
		const src = /\bsrc="([^"]+)"/.exec(tag[0]);
		if (src) found.push(src[1]!);
	}
	for (const tag of html.matchAll(/<link\b[^>]*>/g)) {
		const href = /\bhref="([^"]+)"/.exec(tag[0]);
		if (/\brel="?modulepreload\b/.test(tag[0]) && href) found.push(href[1]!);
	}
	for (const link of linkHeader.matchAll(/<([^>]+)>([^,]*)/g)) {
		if (/\brel="?modulepreload\b/.test(link[2]!)) found.push(link[1]!);
	}
	// SvelteKit starts the app from an inline script with `import("…/start.js")`.
	for (const inline of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
		for (const m of inline[1]!.matchAll(/import\(\s*["']([^"']+\.m?js)["']\s*\)/g)) {
			found.push(m[1]!);
		}
	}
	return [...new Set(found.map((u) => new URL(u.replaceAll('&amp;', '&'), pageUrl).href))];
}

/**
 * One GET. A kept-alive connection the server closed just as the request went out fails with
 * ECONNRESET ("socket hang up"); as Node's documentation advises, such a request is sent again
 * once, on a new connection.
 */
export function get(
	agent: Agent,
	url: string,
	retried = false
): Promise<{ status: number; type: string; link: string; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { agent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({
					status: res.statusCode ?? 0,
					type: String(res.headers['content-type'] ?? 'text/html'),
					link: String(res.headers.link ?? ''),
					body: Buffer.concat(chunks)
				})
			);
			res.on('error', reject);
		});
		req.setTimeout(30_000, () => req.destroy(new Error(`${url}: no answer in 30 s`)));
		req.on('error', (error: NodeJS.ErrnoException) => {
			if (req.reusedSocket && !retried && error.code === 'ECONNRESET') {
				resolve(get(agent, url, true));
			} else reject(error);
		});
		req.end();
	});
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * An adapter-node build: `build/` under `root`, started with `root` as working directory, as
 * production starts it: no V8 flags (none on the command line, `NODE_OPTIONS` not passed on).
 */
export function startApp(
	root: string,
	port: number,
	env: Record<string, string> = {}
): ChildProcess {
	const { NODE_OPTIONS: _flags, ...inherited } = process.env;
	const child = spawn(process.execPath, ['build'], {
		cwd: root,
		env: {
			...inherited,
			...env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			NODE_ENV: 'production'
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let errors = '';
	child.stderr!.on('data', (c: Buffer) => (errors = (errors + c.toString()).slice(-2000)));
	child.on('exit', (code) => {
		if (code) process.stderr.write(`node build exited with ${code}: ${errors}\n`);
	});
	return child;
}

async function startPlain(
	bodyFile: string,
	type: string
): Promise<{ child: ChildProcess; url: string }> {
	const script = path.join(import.meta.dirname, 'plain-server.mjs');
	const child = spawn(process.execPath, [script, bodyFile, type], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const port = await new Promise<string>((resolve, reject) => {
		child.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim()));
		child.once('exit', (code) => reject(new Error(`plain server exited with ${code}`)));
	});
	return { child, url: `http://127.0.0.1:${port}/` };
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
	const agent = new Agent({ keepAlive: false });
	const deadline = Date.now() + timeoutMs;
	try {
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`node build exited with ${child.exitCode}`);
			try {
				if ((await get(agent, url)).status < 500) return;
			} catch {
				// Not listening yet.
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`${url} not ready after ${timeoutMs / 1000} s`);
	} finally {
		agent.destroy();
	}
}

/** Ends a server this run started, and waits until it is gone. */
export async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await gone;
	clearTimeout(timer);
}
