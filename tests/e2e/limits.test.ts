/**
 * Legal input must not take the server down. Each case was once a denial of service: one
 * upload of a dense transcript ran the server out of memory, a long search stalled every
 * reader, `A:` lines rendered as a 30 MB page, and a crash left files that nothing removed.
 */
import {
	cpSync,
	existsSync,
	linkSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { rounds } from '../budget';
import { ownApp } from './app';
import { LU_KANG } from './browser';
import { ROOT, startServer } from './spawn';

// A server of this file's own: it writes transcripts into its folder and loads it heavily.
const {
	baseURL: BASE,
	glossaryDir: GLOSSARY_DIR,
	transcriptsDir: TRANSCRIPTS_DIR,
	rawGet
} = await ownApp();
/** Servers killed during a burst of uploads: a few normally, the full count under STRESS=1. */
const KILL_ROUNDS = rounds(2, 6);

const DENSE = 'Meng late boat '.repeat(100_000);

/**
 * A GET with its time and when it was answered; `fetch` so that the request runs while others
 * are under way.
 */
async function timedGet(
	url: string
): Promise<{ status: number; body: string; ms: number; answeredAt: number }> {
	const start = performance.now();
	const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
	const body = await response.text();
	const answeredAt = performance.now();
	return { status: response.status, body, ms: answeredAt - start, answeredAt };
}

/**
 * What "fast" means on this machine as it is now: within 2 s (what it takes on a quiet machine
 * with room to spare), plus ten times what `url` takes alone just after. A loaded machine, or a
 * second test run beside this one, slows both; a request that does the work it should refuse,
 * or waits for one that does, takes far longer than either.
 */
async function fastHere(url: string): Promise<number> {
	return 2_000 + 10 * (await timedGet(url)).ms;
}

/** The add-transcript form posted without JavaScript. */
function postTranscript(base: string, fields: Record<string, string>) {
	const form = new FormData();
	for (const [key, value] of Object.entries(fields)) form.set(key, value);
	return fetch(`${base}/?/add`, {
		method: 'POST',
		body: form,
		headers: { origin: base, accept: 'text/html' },
		redirect: 'manual',
		signal: AbortSignal.timeout(30_000)
	});
}

describe('a transcript that is one garble repeated 100,000 times (1.5 MB)', () => {
	it('is refused at upload with the reason, and nothing is saved', async () => {
		const before = readdirSync(TRANSCRIPTS_DIR).length;
		const response = await postTranscript(BASE, { title: 'Dense upload', text: DENSE });
		expect(response.status).toBe(400);
		const body = await response.text();
		expect(body).toContain('too large to show');
		expect(body).toContain('100,000 marks');
		expect(readdirSync(TRANSCRIPTS_DIR).length).toBe(before);
	});

	it('placed in the folder by hand, it gets a clear page while other readers are served', async () => {
		// Warm: the other transcript is built, so its request only waits for the server itself.
		// Building the dense one takes about ten times as long as answering all five: every one
		// is answered before it, unless it blocks the server while it is built.
		expect((await timedGet(`${BASE}/api/transcripts/${LU_KANG}`)).status).toBe(200);
		writeFileSync(path.join(TRANSCRIPTS_DIR, 'dense-by-hand.txt'), DENSE);
		const dense = timedGet(`${BASE}/t/dense-by-hand`);
		await new Promise((r) => setTimeout(r, 20));
		const others = await Promise.all(
			Array.from({ length: 5 }, () => timedGet(`${BASE}/api/transcripts/${LU_KANG}`))
		);
		const page = await dense;
		expect(page.status).toBe(413);
		expect(page.body).toContain('<h1>Too large to show</h1>');
		expect(page.body).toContain('too large to show');
		expect(page.body).toContain('100,000 marks');
		for (const other of others) {
			expect(other.status).toBe(200);
			expect(other.answeredAt, 'another reader waited for the dense page').toBeLessThan(
				page.answeredAt
			);
		}
		// Every route that needs the document says the same; the library lists it with the reason.
		for (const url of ['/t/dense-by-hand/reader.json', '/api/transcripts/dense-by-hand']) {
			expect((await rawGet(url)).status).toBe(413);
		}
		// The library reads the archive index, which takes the new file within a few seconds.
		await vi.waitFor(
			async () => {
				const library = await rawGet('/');
				expect(library.status).toBe(200);
				expect(library.body).toContain('Too large to show');
			},
			{ timeout: 60_000, interval: 200 }
		);
		rmSync(path.join(TRANSCRIPTS_DIR, 'dense-by-hand.txt'));
	});
});

it('100,000 lines of "A:" render no 30 MB page: a clear 413 of a few kilobytes', async () => {
	writeFileSync(path.join(TRANSCRIPTS_DIR, 'labels-only.txt'), 'A:\n'.repeat(100_000));
	const page = await timedGet(`${BASE}/t/labels-only`);
	expect(page.status).toBe(413);
	expect(page.body).toContain('100,000 paragraphs and turns');
	expect(page.body.length).toBeLessThan(50_000);
	const data = await rawGet('/t/labels-only/reader.json');
	expect(data.status).toBe(413);
	expect(data.body.length).toBeLessThan(50_000);
	rmSync(path.join(TRANSCRIPTS_DIR, 'labels-only.txt'));
});

it('a search of 8 KB of random letters is refused with a message, fast', async () => {
	let seed = 7;
	const letters = Array.from({ length: 8_000 }, () => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return 'abcdefghijklmnopqrstuvwxyz '[seed % 27];
	}).join('');
	const search = timedGet(`${BASE}/t/${LU_KANG}?q=${encodeURIComponent(letters)}`);
	const other = await timedGet(`${BASE}/api/transcripts`);
	const page = await search;
	expect(page.status).toBe(200);
	expect(page.body).toContain('Search for at most 100 characters');
	expect(page.ms).toBeLessThan(await fastHere(`${BASE}/t/${LU_KANG}`));
	expect(other.ms).toBeLessThan(await fastHere(`${BASE}/api/transcripts`));
});

describe('a server killed during a burst of uploads', () => {
	it('loses no accepted transcript, and leaves no temporary file or text without metadata', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'crash-'));
		const transcriptsDir = path.join(dir, 'transcripts');
		cpSync(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
		const accepted: string[] = [];
		let leftovers = 0;
		for (let round = 0; round < KILL_ROUNDS; round++) {
			const server = await startServer({
				transcriptsDir,
				glossaryDir: GLOSSARY_DIR,
				echo: false,
				readyPath: '/t/none'
			});
			let alive = true;
			// Ten clients upload one after another until the server dies under them.
			const client = async (c: number) => {
				for (let i = 0; alive && i < 100; i++) {
					const response = await postTranscript(server.baseURL, {
						title: `Burst ${round}`,
						text: `Burst ${round}.${c}.${i}\nQ: cummingkai?\nA: ${'Yes. '.repeat(100_000)}`
					}).catch(() => undefined);
					const slug = response?.headers.get('location')?.replace('/t/', '');
					if (response?.status === 303 && slug) accepted.push(slug);
				}
			};
			const clients = Promise.all(Array.from({ length: 10 }, (_, c) => client(c)));
			// Killed once the burst is under way: some uploads answered, others in flight. (The
			// budget is that count; the timeout only stops a server that answers none.)
			const answered = accepted.length;
			await vi.waitFor(() => expect(accepted.length).toBeGreaterThan(answered), {
				timeout: 60_000,
				interval: 10
			});
			await new Promise((r) => setTimeout(r, 100 + round * 100));
			const exited = new Promise((r) => server.process.once('exit', r));
			server.process.kill('SIGKILL');
			alive = false;
			await Promise.all([clients, exited]);
			leftovers += readdirSync(transcriptsDir).filter((n) => n.endsWith('.tmp')).length;
		}
		// What a kill between writing and linking leaves, in case these kills missed that moment.
		const planted = path.join(transcriptsDir, '.upload-00000000000000aa.meta.tmp');
		writeFileSync(planted, 'title: planted\n');
		linkSync(planted, path.join(transcriptsDir, 'planted.meta.yaml'));
		// The next start cleans up what the kills left behind (here at any age, not after a minute).
		const server = await startServer({
			transcriptsDir,
			glossaryDir: GLOSSARY_DIR,
			env: { LEFTOVER_AGE_MS: '0' },
			readyPath: '/t/none'
		});
		await vi.waitFor(
			() => expect(readdirSync(transcriptsDir).filter((n) => n.endsWith('.tmp'))).toEqual([]),
			{ timeout: 10_000, interval: 100 }
		);
		const after = readdirSync(transcriptsDir);
		await server.stop();
		for (const slug of accepted) {
			expect(existsSync(path.join(transcriptsDir, `${slug}.txt`)), slug).toBe(true);
		}
		for (const name of after.filter((n) => n.endsWith('.txt'))) {
			expect(after, `${name} has its metadata`).toContain(name.replace(/\.txt$/, '.meta.yaml'));
		}
		expect(after).not.toContain('planted.meta.yaml');
		// Uploads did get through; how many leftovers the kills made varies with timing.
		expect(accepted.length).toBeGreaterThan(0);
		console.log(
			`${KILL_ROUNDS} kills: ${accepted.length} uploads accepted, ${leftovers} temporary files left by kills`
		);
		rmSync(dir, { recursive: true, force: true });
	}, 120_000);
});
