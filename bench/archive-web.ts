/**
 * The archive's server figures (issue #18), against the production build (`node build`):
 *
 * - archive.start: from spawning the server over the archive (its index already built) to the
 *   first byte of the library page `/`.
 * - library.p50.10k and library.p50.5: the library page over the archive and over the five seed
 *   transcripts (a second server, its own fresh index); mentions.p50 and fts.p50: the first
 *   page of `/search?entry=…` and `/search?q=…` on the archive, all in interleaved rounds.
 * - server.memory.start and server.memory.browse: the archive server's resident memory after
 *   its first page, and after reading random transcripts; cache.limit: its DOCUMENT_CACHE_MB.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ARCHIVE_ENTITY, ARCHIVE_WORD, type Archive } from './archive';
import { percentile, summarize, type Figure } from './measure';
import { freePort, get, startApp, stop } from './web';
import { rng } from './workload';

export interface ArchiveWebOptions {
	/** Repository root: `build/` is started from here; `transcripts/` are the five seeds. */
	root: string;
	archive: Archive;
	/** A data folder with the archive's complete index (see measureIndex). */
	dataDir: string;
	/** DOCUMENT_CACHE_MB of the archive server, reported as `cache.limit`. */
	cacheMb: number;
	/** Server starts timed for `archive.start`, one after the other. */
	starts: number;
	rounds: number;
	requestsPerRound: number;
	warmup: number;
	/** Reader pages of random transcripts read before `server.memory.browse`. */
	browse: number;
	/** Pause before each memory reading, for the server to finish what a request started. */
	settleMs: number;
	log: (line: string) => void;
}

/** How long a server may take to answer at all, or to finish indexing the five seeds. */
const START_TIMEOUT_MS = 120_000;
const INDEX_TIMEOUT_MS = 300_000;
/** How often `/` is tried while the server starts: the figure is at most this much late. */
const POLL_MS = 5;

export async function measureArchiveWeb(options: ArchiveWebOptions): Promise<{
	figures: Record<string, Figure>;
	info: Record<string, unknown>;
}> {
	const { root, archive, log } = options;
	const children: ChildProcess[] = [];
	const agents: Agent[] = [];
	const seedsData = await mkdtemp(path.join(tmpdir(), 'bench-archive-seeds-data-'));
	const env = (transcriptsDir: string, dataDir: string) => ({
		TRANSCRIPTS_DIR: transcriptsDir,
		GLOSSARY_DIR: path.join(root, 'glossary'),
		RULES_DIR: path.join(root, 'rules'),
		DATA_DIR: dataDir,
		DOCUMENT_CACHE_MB: String(options.cacheMb)
	});
	const start = async (transcriptsDir: string, dataDir: string) => {
		const port = await freePort();
		const began = process.hrtime.bigint();
		const child = startApp(root, port, env(transcriptsDir, dataDir));
		children.push(child);
		const base = `http://127.0.0.1:${port}`;
		const first = await firstByte(`${base}/`, child);
		return { child, base, ms: Number(first - began) / 1e6 };
	};
	try {
		// archive.start: each start a fresh server on the same index; the last one is measured on.
		const startTimes: number[] = [];
		let archiveServer!: { child: ChildProcess; base: string };
		for (let i = 0; i < options.starts; i++) {
			if (archiveServer) await stop(archiveServer.child);
			const started = await start(archive.dir, options.dataDir);
			startTimes.push(started.ms);
			archiveServer = started;
			log(
				`archive server start ${i + 1}/${options.starts}: first byte of / after ${started.ms.toFixed(0)} ms`
			);
		}
		const { child, base } = archiveServer;
		const once = new Agent();
		agents.push(once);
		const library = await get(once, `${base}/`);
		if (library.status !== 200 || !/href="\/t\/[a-z0-9-]+-\d{5}"/.test(String(library.body))) {
			throw new Error(`/ on the archive answered ${library.status} without archive transcripts`);
		}
		await sleep(options.settleMs);
		const memoryStart = residentMb(child);
		const indexAtStart = await indexState(base);
		log(
			`archive server: ${memoryStart.toFixed(1)} MB resident after its first page; /api/index ${describe(indexAtStart)}`
		);
		const archiveIndex = await waitIndexed(base, log, 'archive server');

		const seeds = await start(path.join(root, 'transcripts'), seedsData);
		const seedsIndex = await waitIndexed(seeds.base, log, 'seeds server');

		const cases = [
			{ name: 'library.p50.10k', url: `${base}/` },
			{ name: 'library.p50.5', url: `${seeds.base}/` },
			{ name: 'mentions.p50', url: `${base}/search?entry=${ARCHIVE_ENTITY}` },
			{ name: 'fts.p50', url: `${base}/search?q=${ARCHIVE_WORD}` }
		];
		const pages: Record<string, number> = {};
		for (const c of cases) {
			const agent = new Agent({ keepAlive: true, maxSockets: 1 });
			agents.push(agent);
			const page = await get(agent, c.url);
			const text = page.body.toString('utf8');
			if (page.status !== 200) throw new Error(`${c.url} answered ${page.status}`);
			if (c.name === 'mentions.p50' && !text.includes(archive.entity.canonical)) {
				throw new Error(`${c.url} does not name ${archive.entity.canonical}`);
			}
			if (c.name === 'fts.p50' && !new RegExp(ARCHIVE_WORD, 'i').test(text)) {
				throw new Error(`${c.url} does not show "${ARCHIVE_WORD}"`);
			}
			pages[c.name] = page.body.length;
			log(
				`${new URL(c.url).pathname}${new URL(c.url).search} (${c.name}): ${page.body.length.toLocaleString('en')} bytes of HTML`
			);
		}
		const counts = await indexCounts(base);
		if (counts.mentions !== undefined) {
			log(
				`the index: ${counts.mentions.toLocaleString('en')} mentions of ${archive.entity.canonical} (/api/mentions; the generator counted ${archive.entity.mentions.toLocaleString('en')}), ${counts.passages?.toLocaleString('en') ?? '?'} passages with "${ARCHIVE_WORD}" (/api/search)`
			);
		}
		const run = (i: number, count: number) => timeRequests(agents[i]!, cases[i]!.url, count);
		for (let i = 0; i < cases.length; i++) await run(i, options.warmup);
		const p50 = cases.map(() => [] as number[]);
		for (let round = 0; round < options.rounds; round++) {
			for (let i = 0; i < cases.length; i++) {
				p50[i]!.push(percentile(await run(i, options.requestsPerRound), 50));
			}
			const last = cases.map((c, i) => `${c.name} ${p50[i]!.at(-1)!.toFixed(2)}`);
			log(`round ${round + 1}/${options.rounds} (ms): ${last.join(', ')}`);
		}

		const slugs = await browseSlugs(archive.dir, options.browse);
		const browseAgent = new Agent({ keepAlive: true, maxSockets: 1 });
		agents.push(browseAgent);
		const browseTimes = await timeRequests(
			browseAgent,
			slugs.map((s) => `${base}/t/${s}`)
		);
		await sleep(options.settleMs);
		const memoryBrowse = residentMb(child);
		log(
			`read ${slugs.length} random reader pages: p50 ${percentile(browseTimes, 50).toFixed(1)} ms, max ${Math.max(...browseTimes).toFixed(0)} ms; ${memoryBrowse.toFixed(1)} MB resident`
		);

		const note = (what: string) =>
			`${what}: ${options.rounds} rounds of ${options.requestsPerRound} sequential GETs on loopback, keep-alive, after ${options.warmup}, interleaved with the other page figures of the archive; min/median/max of the per-round p50`;
		const archiveText = `the ${archive.transcripts.toLocaleString('en')}-transcript archive`;
		const figures: Record<string, Figure> = {
			'archive.start': summarize(
				startTimes,
				'ms',
				`from spawning \`node build\` over ${archiveText} (index already built by archive.index, DOCUMENT_CACHE_MB=${options.cacheMb}) to the first byte of GET / (tried every ${POLL_MS} ms); ${options.starts} start(s), one after the other`
			),
			'library.p50.10k': summarize(p50[0]!, 'ms', note(`GET / over ${archiveText}`)),
			'library.p50.5': summarize(
				p50[1]!,
				'ms',
				note(
					'GET / over the 5 seed transcripts (a second server, own fresh data folder, indexed before timing)'
				)
			),
			'mentions.p50': summarize(
				p50[2]!,
				'ms',
				note(
					`GET /search?entry=${ARCHIVE_ENTITY} (first page) over ${archiveText}, ${archive.entity.mentions.toLocaleString('en')} mentions by the generator's count`
				)
			),
			'fts.p50': summarize(
				p50[3]!,
				'ms',
				note(
					`GET /search?q=${ARCHIVE_WORD} (first page) over ${archiveText}, ${archive.word.occurrences.toLocaleString('en')} occurrences in ${archive.word.transcripts.toLocaleString('en')} transcripts`
				)
			),
			'server.memory.start': summarize(
				[memoryStart],
				'MB',
				`VmRSS of the archive server (/proc/<pid>/status) ${options.settleMs} ms after its first GET /`
			),
			'server.memory.browse': summarize(
				[memoryBrowse],
				'MB',
				`VmRSS of the same server after the page figures' requests and GET /t/<slug> of ${slugs.length} random transcripts of the archive (fixed seed; p50 ${percentile(browseTimes, 50).toFixed(1)} ms, max ${Math.max(...browseTimes).toFixed(0)} ms), ${options.settleMs} ms later`
			),
			'cache.limit': summarize(
				[options.cacheMb],
				'MB',
				'DOCUMENT_CACHE_MB given to the archive server: the bound of its document cache'
			)
		};
		return {
			figures,
			info: {
				pageBytes: pages,
				indexCounts: counts,
				indexAtStart,
				archiveIndex,
				seedsIndex,
				browse: {
					pages: slugs.length,
					p50: percentile(browseTimes, 50),
					max: Math.max(...browseTimes)
				}
			}
		};
	} finally {
		for (const a of agents) a.destroy();
		await Promise.all(children.map(stop));
		await rm(seedsData, { recursive: true, force: true });
	}
}

/**
 * Tries `url` every POLL_MS until it answers 200; returns `process.hrtime.bigint()` at the
 * first byte of that answer's body. Connections refused while the server starts are retried.
 */
async function firstByte(url: string, child: ChildProcess): Promise<bigint> {
	const deadline = Date.now() + START_TIMEOUT_MS;
	let last = 'no answer';
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`node build exited with ${child.exitCode}`);
		const answer = await new Promise<{ status: number; at?: bigint } | undefined>((resolve) => {
			const req = request(url, { agent: false }, (res) => {
				let at: bigint | undefined;
				res.on('data', () => (at ??= process.hrtime.bigint()));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, at }));
				res.on('error', () => resolve(undefined));
			});
			req.setTimeout(START_TIMEOUT_MS, () => req.destroy());
			req.on('error', () => resolve(undefined));
			req.end();
		});
		if (answer?.status === 200 && answer.at !== undefined) return answer.at;
		if (answer) last = `status ${answer.status}`;
		await sleep(POLL_MS);
	}
	throw new Error(`${url}: ${last} after ${START_TIMEOUT_MS / 1000} s`);
}

/** Milliseconds from sending each request to its last byte, one after the other; all must be 200. */
async function timeRequests(agent: Agent, urls: string | string[], count = 1): Promise<number[]> {
	const list = typeof urls === 'string' ? Array.from({ length: count }, () => urls) : urls;
	const times: number[] = [];
	for (const url of list) {
		const start = process.hrtime.bigint();
		const response = await get(agent, url);
		times.push(Number(process.hrtime.bigint() - start) / 1e6);
		if (response.status !== 200) throw new Error(`${url}: status ${response.status}`);
	}
	return times;
}

interface IndexState {
	state: string;
	done: number;
	total: number;
	indexed: number;
	reason?: string | null;
}

/** `/api/index`, or undefined where the server has none. */
async function indexState(base: string): Promise<IndexState | undefined> {
	const agent = new Agent();
	try {
		const answer = await get(agent, `${base}/api/index`);
		if (answer.status !== 200) return undefined;
		return JSON.parse(answer.body.toString('utf8')) as IndexState;
	} catch {
		return undefined;
	} finally {
		agent.destroy();
	}
}

function describe(state: IndexState | undefined): string {
	if (!state) return 'absent';
	return `${state.state}, ${state.done}/${state.total} done, ${state.indexed} indexed${state.reason ? ` (${state.reason})` : ''}`;
}

/**
 * Waits until the server's index is complete (`/api/index` idle with every transcript
 * indexed). Without `/api/index`, waits a few seconds instead.
 */
async function waitIndexed(
	base: string,
	log: (line: string) => void,
	label: string
): Promise<IndexState | undefined> {
	const began = Date.now();
	let state = await indexState(base);
	if (!state) {
		log(`${label}: no /api/index; waiting 5 s for its index`);
		await sleep(5_000);
		return undefined;
	}
	while (state && !(state.state === 'idle' && state.indexed >= state.total)) {
		if (Date.now() - began > INDEX_TIMEOUT_MS) {
			throw new Error(
				`${label}: index not complete after ${INDEX_TIMEOUT_MS / 1000} s: ${describe(state)}`
			);
		}
		await sleep(100);
		state = await indexState(base);
	}
	if (Date.now() - began > 200) {
		log(
			`${label}: index complete after ${((Date.now() - began) / 1000).toFixed(1)} s: ${describe(state)}`
		);
	}
	return state;
}

/**
 * What the archive server's own index counts (`/api/mentions/<entry>`, `/api/search?q=`):
 * mentions of the entity, and passages with the word; undefined where the API is missing.
 */
async function indexCounts(base: string): Promise<{ mentions?: number; passages?: number }> {
	const agent = new Agent();
	const total = async (url: string) => {
		try {
			const answer = await get(agent, url);
			if (answer.status !== 200) return undefined;
			const body = JSON.parse(answer.body.toString('utf8')) as { total?: unknown };
			return typeof body.total === 'number' ? body.total : undefined;
		} catch {
			return undefined;
		}
	};
	try {
		return {
			mentions: await total(`${base}/api/mentions/${ARCHIVE_ENTITY}`),
			passages: await total(`${base}/api/search?q=${ARCHIVE_WORD}`)
		};
	} finally {
		agent.destroy();
	}
}

/** `count` slugs of the archive, drawn without replacement with a fixed seed. */
async function browseSlugs(dir: string, count: number): Promise<string[]> {
	const slugs = (await readdir(dir))
		.filter((n) => n.endsWith('.txt'))
		.map((n) => n.slice(0, -'.txt'.length))
		.sort();
	const random = rng(200);
	const n = Math.min(count, slugs.length);
	for (let i = 0; i < n; i++) {
		const j = i + Math.floor(random() * (slugs.length - i));
		[slugs[i], slugs[j]] = [slugs[j]!, slugs[i]!];
	}
	return slugs.slice(0, n);
}

/** Resident memory of a child process in MB (10^6 bytes), from /proc (Linux). */
function residentMb(child: ChildProcess): number {
	const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
	const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
	if (!kb) throw new Error(`no VmRSS in /proc/${child.pid}/status`);
	return (Number(kb[1]) * 1024) / 1e6;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
