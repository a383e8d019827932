/**
 * What a hostile or careless user could still do to the running app, each case a regression
 * test: start commands that broke uploads, floods, malformed posts, links out of the
 * transcripts folder, foreign Host headers and Markdown that rendered as markup.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownApp } from './app';
import { ROOT, startServer, type RunningServer } from './spawn';

// A server of this file's own for the cases that need no settings: they write to its folder.
const {
	baseURL: BASE,
	glossaryDir: GLOSSARY_DIR,
	transcriptsDir: TRANSCRIPTS_DIR,
	rawGet
} = await ownApp();

const started: RunningServer[] = [];
afterAll(async () => {
	await Promise.all(started.map((s) => s.stop()));
});

/** A server of its own over a fresh copy of the transcripts. */
async function ownServer(
	options: Omit<Parameters<typeof startServer>[0], 'transcriptsDir' | 'glossaryDir'>
) {
	const dir = mkdtempSync(path.join(tmpdir(), 'hardening-'));
	const transcriptsDir = path.join(dir, 'transcripts');
	cpSync(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	const server = await startServer({
		transcriptsDir,
		glossaryDir: GLOSSARY_DIR,
		echo: false,
		...options
	});
	started.push(server);
	return { ...server, transcriptsDir };
}

/** The add form posted as a browser without JavaScript would, from the server's own origin. */
function upload(base: string, text: string, title = 'Upload') {
	const form = new FormData();
	form.set('title', title);
	form.set('file', new File([text], 'upload.txt', { type: 'text/plain' }));
	return fetch(`${base}/?/add`, {
		method: 'POST',
		body: form,
		headers: { origin: base, accept: 'text/html' },
		redirect: 'manual'
	});
}

/** A request with a Host header of our choosing (`fetch` will not send one). */
function getWithHost(url: string, host: string): Promise<number> {
	const target = new URL(url);
	return new Promise((resolve, reject) => {
		const req = request(
			{ host: target.hostname, port: target.port, path: target.pathname, headers: { host } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			}
		);
		req.on('error', reject);
		req.end();
	});
}

const transcriptOf = (kb: number) =>
	`Upload test\nQ: cummingkai?\nA: ${'Yes, quite so. '.repeat((kb * 1024) / 15)}`;

describe('the documented start commands', () => {
	it('`npm start` takes a 700 KB upload over plain http, with no settings', async () => {
		const server = await ownServer({ as: 'npm start' });
		const page = await (await fetch(`${server.baseURL}/`)).text();
		expect(page).toContain('up to 2.0 MB');
		const response = await upload(server.baseURL, transcriptOf(700));
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/t\/upload/);
	});

	it('a bare `node build` promises only what its 512 KB body limit lets through', async () => {
		const server = await ownServer({ as: 'node build' });
		const page = await (await fetch(`${server.baseURL}/`)).text();
		expect(page).toContain('up to 448 KB');
		expect(page).not.toContain('up to 2.0 MB');
	});
});

describe('floods', () => {
	it('limits uploads per client address, and says when to try again', async () => {
		const server = await ownServer({ env: { UPLOADS_PER_HOUR: '2' } });
		expect((await upload(server.baseURL, transcriptOf(1))).status).toBe(303);
		expect((await upload(server.baseURL, transcriptOf(1))).status).toBe(303);
		const third = await upload(server.baseURL, transcriptOf(1));
		expect(third.status).toBe(429);
		expect(await third.text()).toContain('Too many uploads from your address: at most 2 an hour');
	});

	it('refuses an upload past the storage quota, saying how full the library is', async () => {
		const server = await ownServer({ env: { STORAGE_QUOTA_MB: '0.2' } });
		const response = await upload(server.baseURL, transcriptOf(150));
		expect(response.status).toBe(507);
		expect(await response.text()).toMatch(/The library is full: it holds \d+ KB of 205 KB/);
	});
});

describe('malformed posts from the same origin get a 400 with a reason', () => {
	it.each([
		['text/plain', 'text=hello'],
		[
			'multipart/form-data; boundary=nope',
			'--wrong\r\nContent-Disposition: form-data; name="text"\r\n\r\nx\r\n--wrong--'
		]
	])('%s', async (type, body) => {
		const response = await fetch(`${BASE}/?/add`, {
			method: 'POST',
			body,
			headers: { 'content-type': type, origin: BASE, accept: 'text/html' }
		});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('The form could not be read');
	});
});

it('never follows a symbolic link out of the transcripts folder', async () => {
	const secret = path.join(mkdtempSync(path.join(tmpdir(), 'secret-')), 'secret.txt');
	writeFileSync(secret, 'Top secret\nQ: password?\nA: hunter2');
	symlinkSync(secret, path.join(TRANSCRIPTS_DIR, 'linked.txt'));
	try {
		expect((await rawGet('/t/linked')).status).toBe(404);
		expect((await rawGet('/api/transcripts/linked')).status).toBe(404);
		expect((await rawGet('/api/transcripts')).body).not.toContain('linked');
		expect((await rawGet('/t/linked/export.md')).body).not.toContain('hunter2');
	} finally {
		rmSync(path.join(TRANSCRIPTS_DIR, 'linked.txt'));
	}
});

it('answers only for its own host, so a DNS-rebinding page cannot read it', async () => {
	const own = new URL(BASE).host;
	expect(await getWithHost(`${BASE}/api/transcripts`, own)).toBe(200);
	expect(await getWithHost(`${BASE}/api/transcripts`, 'attacker.example')).toBe(421);
	expect(
		await getWithHost(`${BASE}/api/transcripts`, `attacker.example:${new URL(BASE).port}`)
	).toBe(421);
});

it('escapes & in the Markdown export, so entities stay text', async () => {
	writeFileSync(
		path.join(TRANSCRIPTS_DIR, 'entities.txt'),
		'Entities\nQ: is &lt;b&gt; bold?\nA: no & never'
	);
	try {
		const { status, body } = await rawGet('/t/entities/export.md');
		expect(status).toBe(200);
		expect(body).toContain('is \\&lt;b\\&gt; bold?');
		expect(body).toContain('no \\& never');
	} finally {
		rmSync(path.join(TRANSCRIPTS_DIR, 'entities.txt'));
	}
});
