/**
 * The review workflow over real HTTP against `node build`: what a reader may send, who may
 * decide, what a foreign site cannot do, and what survives concurrency and SIGKILL. Every
 * group runs a server of its own over its own temp copies of `transcripts/` and `glossary/`
 * (and so its own database), so that nothing here disturbs the other e2e files.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'devalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rounds, SEED, seededRandom, withSeed } from '../budget';
import { loadGlossary } from '../../src/lib/glossary/load';
import { applyEdit } from '../../src/lib/review/edit';
import { fileHash } from '../../src/lib/server/glossary-write';
import { readYamlFiles } from '../../src/lib/server/yaml-folder';
import { ROOT, startServer, type RunningServer } from './spawn';

const run = promisify(execFile);

const LU_KANG = '/t/lu-kang-globe-and-mail-interview-2020';
const PASSWORD = 'password-123456';
const EVIL = 'http://evil.example';

// Servers and folders --------------------------------------------------------------------------

const started = new Set<RunningServer>();
const temps: string[] = [];
afterAll(async () => {
	await Promise.all([...started].map((s) => s.stop()));
	for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

interface Folders {
	transcriptsDir: string;
	glossaryDir: string;
	/** Where `startServer` puts the database: beside the transcripts. */
	dataDir: string;
}

/** Temp copies of the transcripts and the glossary, plus any transcripts given (slug → text). */
function folders(prefix: string, extra: Record<string, string> = {}): Folders {
	const dir = mkdtempSync(path.join(tmpdir(), `review-${prefix}-`));
	temps.push(dir);
	const transcriptsDir = path.join(dir, 'transcripts');
	const glossaryDir = path.join(dir, 'glossary');
	cpSync(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	cpSync(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
	for (const [slug, text] of Object.entries(extra)) {
		writeFileSync(path.join(transcriptsDir, `${slug}.txt`), text);
		writeFileSync(path.join(transcriptsDir, `${slug}.meta.yaml`), `title: ${slug}\n`);
	}
	return { transcriptsDir, glossaryDir, dataDir: path.join(dir, 'data') };
}

async function serve(f: Folders, options: { echo?: boolean; readyPath?: string } = {}) {
	const server = await startServer({
		transcriptsDir: f.transcriptsDir,
		glossaryDir: f.glossaryDir,
		echo: options.echo,
		readyPath: options.readyPath ?? '/review/signin'
	});
	started.add(server);
	return server;
}

/** SIGKILL, and wait until the process is gone. */
async function kill(server: RunningServer) {
	if (server.process.exitCode === null && server.process.signalCode === null) {
		const exited = new Promise((r) => server.process.once('exit', r));
		server.process.kill('SIGKILL');
		await exited;
	}
	started.delete(server);
}

async function stop(server: RunningServer) {
	await server.stop();
	started.delete(server);
}

/** A reviewer account, made as the README says: the CLI, the password on stdin. */
async function addReviewer(dataDir: string, name: string) {
	const child = run('npm', ['run', '--silent', 'cli', '--', 'reviewer', 'add', name], {
		cwd: ROOT,
		env: { ...process.env, DATA_DIR: dataDir }
	});
	child.child.stdin?.end(`${PASSWORD}\n`);
	const { stdout } = await child;
	expect(stdout).toContain(`reviewer ${name} saved`);
}

// The database, read-only, as the test's own connection ----------------------------------------

interface Row {
	id: number;
	client_key: string;
	text: string;
	kind: string;
	entry: string | null;
	reader: string;
	status: string;
	decided_by: string | null;
	decision_reason: string | null;
}

function rows(dataDir: string): Row[] {
	const file = path.join(dataDir, 'transcript-reader.db');
	// No database yet: nothing was ever stored (the app makes it on first use).
	if (!existsSync(file)) return [];
	const db = new Database(file, { readonly: true, fileMustExist: true });
	try {
		return db.prepare('SELECT * FROM suggestions ORDER BY id').all() as Row[];
	} finally {
		db.close();
	}
}

// Posting forms ---------------------------------------------------------------------------------

type Fields = Record<string, string>;

interface Posted {
	/** The HTTP status. */
	http: number;
	contentType: string;
	body: string;
	setCookie: string[];
	location: string | null;
}

function formBody(
	fields: Fields,
	as: 'urlencoded' | 'multipart' | 'text/plain' | 'json'
): { body: BodyInit; headers: Record<string, string> } {
	if (as === 'urlencoded') return { body: new URLSearchParams(fields), headers: {} };
	if (as === 'multipart') {
		const form = new FormData();
		for (const [k, v] of Object.entries(fields)) form.set(k, v);
		return { body: form, headers: {} };
	}
	if (as === 'text/plain') {
		// What a browser sends for <form enctype="text/plain">.
		const text = Object.entries(fields)
			.map(([k, v]) => `${k}=${v}\r\n`)
			.join('');
		return { body: text, headers: { 'content-type': 'text/plain;charset=UTF-8' } };
	}
	return { body: JSON.stringify(fields), headers: { 'content-type': 'application/json' } };
}

/**
 * A form post. `enhance`: as SvelteKit's `use:enhance` sends it (multipart, with the
 * `x-sveltekit-action` header; the answer is JSON); otherwise as a browser without JavaScript
 * (urlencoded, accepting HTML).
 */
async function post(
	url: string,
	fields: Fields,
	options: {
		enhance?: boolean;
		origin?: string;
		cookie?: string;
		as?: 'urlencoded' | 'multipart' | 'text/plain' | 'json';
		timeout?: number;
	} = {}
): Promise<Posted> {
	const as = options.as ?? (options.enhance ? 'multipart' : 'urlencoded');
	const { body, headers } = formBody(fields, as);
	const response = await fetch(url, {
		method: 'POST',
		body,
		redirect: 'manual',
		signal: AbortSignal.timeout(options.timeout ?? 30_000),
		headers: {
			...headers,
			origin: options.origin ?? new URL(url).origin,
			accept: options.enhance ? 'application/json' : 'text/html',
			...(options.enhance ? { 'x-sveltekit-action': 'true' } : {}),
			...(options.cookie ? { cookie: options.cookie } : {})
		}
	});
	return {
		http: response.status,
		contentType: response.headers.get('content-type') ?? '',
		body: await response.text(),
		setCookie: response.headers.getSetCookie(),
		location: response.headers.get('location')
	};
}

/** SvelteKit 2's answer to an enhanced action: JSON whose `data` is devalue-serialized. */
interface ActionResult {
	type: 'success' | 'failure' | 'redirect' | 'error';
	status: number;
	data?: Record<string, unknown>;
	location?: string;
}

function actionResult(posted: Posted): ActionResult {
	expect(posted.contentType).toContain('application/json');
	const raw = JSON.parse(posted.body) as ActionResult & { data?: string };
	return {
		...raw,
		data: raw.data === undefined ? undefined : (parse(raw.data) as Record<string, unknown>)
	};
}

/** The form's problems in a page rendered without JavaScript: field → the sentence shown. */
function problemsInPage(html: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const m of html.matchAll(/<p class="error[^"]*" id="suggest-(\w+)-error">([^<]*)<\/p>/g)) {
		out[m[1]!] = decode(m[2]!);
	}
	return out;
}

const decode = (html: string) =>
	html
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');

let keys = 0;
/** A fresh client key (the form makes a UUID; the server takes 8–64 letters, digits, -). */
const freshKey = (tag = 'k') => `${tag}-${process.pid}-${Date.now().toString(36)}-${keys++}`;

/** A valid variant suggestion on the Lu Kang interview: "Meng hung" is in its text. */
const validSuggestion = (extra: Fields = {}): Fields => ({
	key: freshKey(),
	kind: 'variant',
	text: 'Meng hung',
	entry: 'meng-wanzhou',
	reason: 'heard in the interview',
	reader: 'Ann Reader',
	...extra
});

/** Signs in; returns the `session=…` cookie to send back. */
async function signIn(base: string, name: string, password = PASSWORD) {
	const answer = await post(`${base}/review/signin`, { name, password });
	expect(answer.http, answer.body.slice(0, 300)).toBe(303);
	expect(answer.location).toBe('/review');
	const session = answer.setCookie.find((c) => c.startsWith('session='));
	expect(session).toBeDefined();
	expect(session).toMatch(/;\s*HttpOnly/i);
	expect(session).toMatch(/;\s*SameSite=Lax/i);
	return session!.split(';')[0]!;
}

/** Every file of the glossary folder, byte for byte. */
function snapshot(dir: string): Record<string, string> {
	return Object.fromEntries(
		readdirSync(dir)
			.sort()
			.map((n) => [n, readFileSync(path.join(dir, n), 'latin1')])
	);
}

const today = () => new Date().toISOString().slice(0, 10);

// 1. What a reader may send ---------------------------------------------------------------------

describe('an invalid suggestion gets a 400 with a reason for each field', () => {
	let f: Folders;
	let server: RunningServer;
	beforeAll(async () => {
		f = folders('invalid');
		server = await serve(f);
	});

	const cases: [string, Fields, Record<string, string>][] = [
		['empty text', { text: '  ' }, { text: 'is required' }],
		[
			'text over 100 characters',
			{ text: 'Meng '.repeat(21) },
			{ text: 'is longer than 100 characters' }
		],
		[
			'text not in the transcript',
			{ text: 'Zebra quantum marmalade' },
			{ text: 'is not in this transcript: select text from it' }
		],
		['markup', { text: '<b>Meng hung</b>' }, { text: 'must not contain < or >' }],
		[
			'an unknown entry',
			{ entry: 'no-such-entry' },
			{ entry: 'no glossary entry has the id "no-such-entry"' }
		],
		[
			'a variant that is another entry’s canonical name',
			{ text: 'Lu Kang', entry: 'michael-kovrig' },
			{ text: 'is the canonical name of Lu Kang: it cannot be a garble of Michael Kovrig' }
		],
		['no key', { key: '' }, { key: 'is missing: reload the page and try again' }],
		[
			'a new entry with three bad fields at once',
			{ kind: 'entry', canonical: '', entryKind: 'planet', source: 'Meng' },
			{
				canonical: 'is required',
				entryKind: 'must be one of person, organization, place, term',
				source: 'must be Chinese characters (the name in the source language)'
			}
		]
	];
	/** How the page words each field's problem. */
	const LABELS: Record<string, string> = {
		text: 'The text',
		entry: 'The entry',
		key: 'The form',
		canonical: 'The canonical name',
		entryKind: 'The kind',
		source: 'The Chinese form'
	};

	it.each(cases)(
		'%s, as use:enhance sends it (JSON failure, status 400)',
		async (_, bad, errors) => {
			const fields = validSuggestion(bad);
			const answer = await post(`${server.baseURL}${LU_KANG}?/suggest`, fields, { enhance: true });
			// SvelteKit answers an enhanced action with HTTP 200 and the action's status inside.
			expect(answer.http).toBe(200);
			const result = actionResult(answer);
			expect(result.type).toBe('failure');
			expect(result.status).toBe(400);
			const suggest = result.data?.suggest as { values: Fields; errors: Fields };
			expect(suggest.errors).toEqual(errors);
			// What was sent comes back, so the form can show it again.
			expect(suggest.values).toEqual(fields);
		}
	);

	it.each(cases)('%s, as a plain form without JavaScript (HTML, 400)', async (_, bad, errors) => {
		const answer = await post(`${server.baseURL}${LU_KANG}?/suggest`, validSuggestion(bad));
		expect(answer.http).toBe(400);
		expect(answer.contentType).toContain('text/html');
		expect(problemsInPage(answer.body)).toEqual(
			Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, `${LABELS[k]} ${v}.`]))
		);
	});

	it('stored none of them; a valid one is stored (the cases differ from it in one field)', async () => {
		expect(rows(f.dataDir)).toEqual([]);
		const fields = validSuggestion();
		const result = actionResult(
			await post(`${server.baseURL}${LU_KANG}?/suggest`, fields, { enhance: true })
		);
		expect(result).toMatchObject({ type: 'success', status: 200 });
		expect(result.data).toEqual({ suggest: { sent: 1, text: 'Meng hung' } });
		expect(rows(f.dataDir).map((r) => r.client_key)).toEqual([fields.key]);
	});
});

// 2. Who may decide -----------------------------------------------------------------------------

describe('only a signed-in reviewer may accept or reject', () => {
	let f: Folders;
	let server: RunningServer;
	let ids: { accept: number; reject: number };
	beforeAll(async () => {
		f = folders('reviewers');
		await addReviewer(f.dataDir, 'Rita');
		server = await serve(f);
		const send = async (text: string) => {
			const answer = actionResult(
				await post(`${server.baseURL}${LU_KANG}?/suggest`, validSuggestion({ text }), {
					enhance: true
				})
			);
			expect(answer.type).toBe('success');
			return (answer.data as { suggest: { sent: number } }).suggest.sent;
		};
		ids = { accept: await send('Meng hung'), reject: await send('Meng hung Wan') };
	});

	const hashOf = () => fileHash(readFileSync(path.join(f.glossaryDir, 'people.yaml'), 'utf8'));
	const MESSAGE = 'Only a signed-in reviewer may accept or reject.';

	it.each([
		['no session', undefined],
		['a forged session', 'session=forged-token-of-a-reader']
	])(
		'with %s: 403 on accept and reject, plain and enhanced; nothing changes',
		async (_, cookie) => {
			const before = snapshot(f.glossaryDir);
			const attempts: [string, Fields][] = [
				['accept', { id: String(ids.accept), hash: hashOf() }],
				['reject', { id: String(ids.reject), reason: 'not a garble' }]
			];
			for (const [action, fields] of attempts) {
				const url = `${server.baseURL}/review?/${action}`;
				const plain = await post(url, fields, { cookie });
				expect(plain.http, action).toBe(403);
				expect(plain.body).toContain(MESSAGE);
				const enhanced = actionResult(await post(url, fields, { cookie, enhance: true }));
				expect(enhanced).toEqual({ type: 'failure', status: 403, data: { error: MESSAGE } });
			}
			expect(rows(f.dataDir).map((r) => r.status)).toEqual(['pending', 'pending']);
			expect(snapshot(f.glossaryDir)).toEqual(before);
		}
	);

	it('a reviewer with a session accepts (variant with provenance) and rejects (ruled out)', async () => {
		const cookie = await signIn(server.baseURL, 'Rita');
		const accepted = actionResult(
			await post(
				`${server.baseURL}/review?/accept`,
				{ id: String(ids.accept), hash: hashOf() },
				{ cookie, enhance: true }
			)
		);
		expect(accepted).toEqual({
			type: 'success',
			status: 200,
			data: { id: ids.accept, done: true }
		});
		const rejected = await post(
			`${server.baseURL}/review?/reject`,
			{ id: String(ids.reject), reason: 'Wan is a surname here' },
			{ cookie }
		);
		expect(rejected.http).toBe(200);
		expect(rejected.body).toContain(`Suggestion ${ids.reject} decided.`);

		const byId = new Map(rows(f.dataDir).map((r) => [r.id, r]));
		expect(byId.get(ids.accept)).toMatchObject({ status: 'accepted', decided_by: 'Rita' });
		expect(byId.get(ids.reject)).toMatchObject({
			status: 'rejected',
			decided_by: 'Rita',
			decision_reason: 'Wan is a surname here'
		});
		const files = await readYamlFiles(f.glossaryDir);
		const glossary = loadGlossary(files);
		expect(glossary.problems).toEqual([]);
		const meng = glossary.entries.find((e) => e.id === 'meng-wanzhou')!;
		expect(meng.variants.map((v) => v.text)).toContain('Meng hung');
		expect(meng.notVariants).toEqual(['Meng hung Wan']);
		const people = files.find((x) => x.name === 'people.yaml')!.text;
		expect(people).toContain(
			`- text: Meng hung\n      added:\n        by: Ann Reader\n        approved_by: Rita\n        on: ${today()}`
		);

		// Decided once: the same decision again is a conflict, and changes nothing.
		const again = actionResult(
			await post(
				`${server.baseURL}/review?/accept`,
				{ id: String(ids.accept), hash: hashOf() },
				{ cookie, enhance: true }
			)
		);
		expect(again).toMatchObject({ type: 'failure', status: 409 });
		expect(again.data?.error).toBe(`suggestion ${ids.accept} was already accepted by Rita`);
	});
});

describe('sign-in', () => {
	it('a wrong password is a 403; the 6th attempt from one client is a 429, even if right', async () => {
		// A server of its own: every request of the tests comes from 127.0.0.1, one client.
		const f = folders('signin');
		await addReviewer(f.dataDir, 'Rita');
		const server = await serve(f);
		const attempt = (password: string) =>
			post(`${server.baseURL}/review/signin`, { name: 'Rita', password });
		const first = await attempt('wrong-password-1');
		expect(first.http).toBe(403);
		expect(first.body).toContain('That name and password do not match.');
		expect(first.setCookie.filter((c) => c.startsWith('session='))).toEqual([]);
		expect((await attempt(PASSWORD)).http).toBe(303);
		for (let i = 3; i <= 5; i++) expect((await attempt(`wrong-password-${i}`)).http).toBe(403);
		const sixth = await attempt(PASSWORD);
		expect(sixth.http).toBe(429);
		expect(sixth.body).toContain('too many sign-in attempts: wait a quarter of an hour');
		expect(sixth.setCookie.filter((c) => c.startsWith('session='))).toEqual([]);
		await stop(server);
	});
});

// 3. Cross-site requests ------------------------------------------------------------------------

describe('a cross-origin POST stores and decides nothing', () => {
	let f: Folders;
	let server: RunningServer;
	let cookie: string;
	let id: number;
	beforeAll(async () => {
		f = folders('csrf');
		await addReviewer(f.dataDir, 'Rita');
		// Quiet: the refused JSON posts print a stack trace each.
		server = await serve(f, { echo: false });
		cookie = await signIn(server.baseURL, 'Rita');
		const answer = actionResult(
			await post(`${server.baseURL}${LU_KANG}?/suggest`, validSuggestion(), { enhance: true })
		);
		id = (answer.data as { suggest: { sent: number } }).suggest.sent;
	});

	const TYPES = ['urlencoded', 'multipart', 'text/plain', 'json'] as const;

	it.each(TYPES)('%s, to ?/suggest and to ?/accept (with a reviewer’s cookie)', async (as) => {
		const before = snapshot(f.glossaryDir);
		const hash = fileHash(before['people.yaml']!);
		for (const enhance of [false, true]) {
			const targets: [string, Fields][] = [
				[`${LU_KANG}?/suggest`, validSuggestion({ text: 'Meng hung Wan' })],
				['/review?/accept', { id: String(id), hash }]
			];
			for (const [target, fields] of targets) {
				const answer = await post(`${server.baseURL}${target}`, fields, {
					as,
					enhance,
					cookie,
					origin: EVIL
				});
				if (as === 'json') {
					// Not a form: SvelteKit's actions refuse it before any action runs.
					expect(answer.http, target).toBe(415);
				} else {
					expect(answer.http, target).toBe(403);
					// Text, or `{"message": …}` to a client that asked for JSON.
					expect(answer.body).toContain('Cross-site POST form submissions are forbidden');
				}
			}
		}
		expect(rows(f.dataDir).map((r) => [r.id, r.status])).toEqual([[id, 'pending']]);
		expect(snapshot(f.glossaryDir)).toEqual(before);
	});

	it('while the same posts from the site itself go through (so the refusals above are CSRF)', async () => {
		const hash = fileHash(readFileSync(path.join(f.glossaryDir, 'people.yaml'), 'utf8'));
		const suggested = actionResult(
			await post(
				`${server.baseURL}${LU_KANG}?/suggest`,
				validSuggestion({ text: 'Meng hung Wan' }),
				{
					enhance: true
				}
			)
		);
		expect(suggested.type).toBe('success');
		const accepted = actionResult(
			await post(
				`${server.baseURL}/review?/accept`,
				{ id: String(id), hash },
				{ enhance: true, cookie }
			)
		);
		expect(accepted.type).toBe('success');
		expect(rows(f.dataDir).map((r) => r.status)).toEqual(['accepted', 'pending']);
	});
});

// 4. Concurrency --------------------------------------------------------------------------------

describe('200 concurrent submissions', () => {
	it('are all answered 2xx and stored once each; 50 of them again store nothing new', async () => {
		const f = folders('concurrent');
		const server = await serve(f);
		const fields = Array.from({ length: 200 }, (_, i) =>
			validSuggestion({ key: `concurrent-${i}-${freshKey()}`, reader: `Reader ${i}` })
		);
		const send = (x: Fields) =>
			post(`${server.baseURL}${LU_KANG}?/suggest`, x, { enhance: true, timeout: 60_000 });
		const start = performance.now();
		const answers = await Promise.all(fields.map(send));
		const ms = performance.now() - start;
		const results = answers.map((a) => {
			expect(a.http).toBe(200);
			return actionResult(a);
		});
		expect(results.map((r) => r.type)).toEqual(fields.map(() => 'success'));
		const sent = results.map((r) => (r.data as { suggest: { sent: number } }).suggest.sent);
		expect(new Set(sent).size).toBe(200);

		const stored = rows(f.dataDir);
		expect(stored.length).toBe(200);
		expect(new Set(stored.map((r) => r.client_key))).toEqual(new Set(fields.map((x) => x.key)));

		// The same 50 submissions again (a double click, a retry): their first ids, no new rows.
		const again = (await Promise.all(fields.slice(0, 50).map(send))).map(actionResult);
		expect(again.map((r) => (r.data as { suggest: { sent: number } }).suggest.sent)).toEqual(
			sent.slice(0, 50)
		);
		const after = rows(f.dataDir);
		expect(after.length).toBe(200);
		expect(new Set(after.map((r) => r.client_key)).size).toBe(200);
		console.log(
			`concurrency: 200 sent at once, 200 answered 2xx in ${Math.round(ms)} ms, ${stored.length} rows; 50 re-sent → ${after.length} rows (${after.length - 200} duplicated)`
		);
		await stop(server);
	});
});

// 5. SIGKILL during a burst of submissions ------------------------------------------------------

// The kill moments are drawn from the run's seed (tests/budget.ts); a failure names it.

/** Servers killed mid-burst: a few normally, 20 under STRESS=1. */
const BURST_ROUNDS = rounds(3, 20);
/**
 * The budget of a round is a count: its kill comes once the server has acknowledged this many
 * submissions in it (then at a random moment up to 250 ms later, the clients still sending).
 */
const ACKNOWLEDGED_PER_ROUND = 6;
/** Clients sending at once, and the most each sends in a round: a cap for a server that stalls. */
const CLIENTS = 8;
const SENDS_PER_CLIENT = 200;

describe('a server killed in the middle of a burst of submissions', () => {
	it(`loses none that it acknowledged (${BURST_ROUNDS} rounds)`, async () => {
		const f = folders('burst');
		const next = seededRandom();
		const acknowledged: string[] = [];
		let unanswered = 0;
		for (let round = 0; round < BURST_ROUNDS; round++) {
			const server = await serve(f, { echo: false });
			try {
				let alive = true;
				let inRound = 0;
				let quotaReached!: () => void;
				const quota = new Promise<void>((resolve) => (quotaReached = resolve));
				const client = async (c: number) => {
					for (let i = 0; alive && i < SENDS_PER_CLIENT; i++) {
						const fields = validSuggestion({ key: `burst-${round}-${c}-${i}-${freshKey()}` });
						const answer = await post(`${server.baseURL}${LU_KANG}?/suggest`, fields, {
							enhance: true,
							timeout: 5_000
						}).catch(() => undefined);
						if (!answer) {
							unanswered++;
							continue;
						}
						if (answer.http === 200 && JSON.parse(answer.body).type === 'success') {
							acknowledged.push(fields.key!);
							if (++inRound === ACKNOWLEDGED_PER_ROUND) quotaReached();
						}
					}
				};
				const clients = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
				// Until the round's count is acknowledged, or every client has sent its cap.
				await Promise.race([quota, clients]);
				expect(
					inRound,
					withSeed(
						`round ${round}: acknowledged in ${CLIENTS * SENDS_PER_CLIENT} submissions before the kill`
					)
				).toBeGreaterThanOrEqual(ACKNOWLEDGED_PER_ROUND);
				await new Promise((r) => setTimeout(r, next() * 250));
				alive = false;
				await kill(server);
				await clients;
			} finally {
				await kill(server);
			}
		}
		const stored = new Set(rows(f.dataDir).map((r) => r.client_key));
		const lost = acknowledged.filter((k) => !stored.has(k));
		console.log(
			withSeed(
				`burst kills: ${BURST_ROUNDS} rounds, ${acknowledged.length} acknowledged, ${acknowledged.length - lost.length} found, ${lost.length} lost; ${stored.size} rows stored, ${unanswered} requests cut off by the kill`
			)
		);
		expect(acknowledged.length).toBeGreaterThanOrEqual(BURST_ROUNDS * ACKNOWLEDGED_PER_ROUND);
		expect(lost, withSeed('acknowledged, then lost')).toEqual([]);
		// Whatever was stored without an answer, the database still opens and reads whole.
		expect(stored.size, withSeed('rows read back')).toBeGreaterThanOrEqual(acknowledged.length);
	}, 300_000);
});

// 6. SIGKILL during an accept -------------------------------------------------------------------

/** Servers killed during an accept: a few normally, 40 under STRESS=1 (at most 100). */
const ACCEPT_ROUNDS = Math.min(rounds(3, 40), 100);
/** One garble per round, each in this transcript: every suggestion is valid. */
const GARBLES = Array.from(
	{ length: ACCEPT_ROUNDS },
	(_, i) => `Meng ${'bcdfghjklmnpqrstvwxz'[i % 20]}${'aeiou'[Math.floor(i / 20)]}o boat`
);
const KILL_TRANSCRIPT = `Q: Names as the machine heard them: ${GARBLES.join('; ')}.\n\nA: All of them are one person.\n`;

describe('a server killed at a random moment of an accept', () => {
	it(`leaves the glossary file old or new, never partial (${ACCEPT_ROUNDS} rounds)`, async () => {
		const f = folders('accept-kill', { 'kill-garbles': KILL_TRANSCRIPT });
		await addReviewer(f.dataDir, 'Rita');
		const file = path.join(f.glossaryDir, 'people.yaml');
		const original = snapshot(f.glossaryDir);

		// All suggestions first, and one sign-in: the session lives in the database across
		// restarts (and sign-ins are limited to 5 per client).
		const first = await serve(f);
		const ids: number[] = [];
		for (const text of GARBLES) {
			const answer = actionResult(
				await post(
					`${first.baseURL}/t/kill-garbles?/suggest`,
					{ key: freshKey('kill'), kind: 'variant', text, entry: 'meng-wanzhou', reader: 'Kim' },
					{ enhance: true }
				)
			);
			expect(answer.type, text).toBe('success');
			ids.push((answer.data as { suggest: { sent: number } }).suggest.sent);
		}
		const cookie = await signIn(first.baseURL, 'Rita');
		await stop(first);

		const next = seededRandom();
		const tally = { old: 0, added: 0, answered: 0, leftovers: 0 };
		for (let round = 0; round < ACCEPT_ROUNDS; round++) {
			const old = readFileSync(file, 'utf8');
			const edit = (on: string) =>
				applyEdit(old, {
					op: 'add-variant',
					entry: 'meng-wanzhou',
					text: GARBLES[round]!,
					added: { by: 'Kim', approvedBy: 'Rita', on }
				});
			const server = await serve(f, { echo: false });
			let answer: Posted | undefined;
			try {
				const accepting = post(
					`${server.baseURL}/review?/accept`,
					{ id: String(ids[round]), hash: fileHash(old) },
					{ enhance: true, cookie, timeout: 10_000 }
				).then(
					(a) => (answer = a),
					() => undefined
				);
				await new Promise((r) => setTimeout(r, next() * 300));
				await kill(server);
				await accepting;
			} finally {
				await kill(server);
			}

			const now = readFileSync(file, 'utf8');
			const expected = [
				edit(today()),
				edit(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10))
			];
			expect(now === old || expected.includes(now), withSeed(`round ${round}: partial file`)).toBe(
				true
			);
			if (now === old) tally.old++;
			else tally.added++;
			if (answer) {
				tally.answered++;
				// An answer that says "done" means the file has the variant.
				if (JSON.parse(answer.body).type === 'success') {
					expect(now, withSeed(`round ${round}: answered done, file unchanged`)).not.toBe(old);
				}
			}
			// The app's reading of the folder: the YAML files only, whole, without problems.
			const files = await readYamlFiles(f.glossaryDir);
			expect(
				files.map((x) => x.name),
				withSeed(`round ${round}: the YAML files`)
			).toEqual(Object.keys(original).filter((n) => n.endsWith('.yaml')));
			expect(loadGlossary(files).problems, withSeed(`round ${round}`)).toEqual([]);
			const others = readdirSync(f.glossaryDir).filter((n) => !(n in original));
			for (const name of others) {
				expect(name, withSeed(`round ${round}: left behind`)).toMatch(
					/^\.people\.yaml\.[0-9a-f]{12}\.tmp$/
				);
			}
			tally.leftovers = others.length;
			const current = snapshot(f.glossaryDir);
			for (const [name, bytes] of Object.entries(original)) {
				if (name !== 'people.yaml') expect(current[name], withSeed(name)).toBe(bytes);
			}
		}

		// The record agrees with the file: every suggestion recorded accepted is in the glossary.
		const meng = loadGlossary(await readYamlFiles(f.glossaryDir)).entries.find(
			(e) => e.id === 'meng-wanzhou'
		)!;
		const variants = new Set(meng.variants.map((v) => v.text));
		const accepted = rows(f.dataDir).filter((r) => r.status === 'accepted');
		for (const r of accepted) expect(variants.has(r.text), withSeed(r.text)).toBe(true);
		console.log(
			`accept kills (seed ${SEED}): ${ACCEPT_ROUNDS} rounds, file unchanged in ${tally.old}, variant added in ${tally.added}, 0 partial; ${tally.answered} accepts answered before the kill; ${accepted.length} recorded accepted; ${tally.leftovers} temp files left`
		);
		// The restarted app serves the glossary without a problem.
		const last = await serve(f);
		const api = (await (await fetch(`${last.baseURL}/api/glossary`)).json()) as {
			problems: unknown[];
		};
		expect(api.problems).toEqual([]);
		await stop(last);
	}, 300_000);
});

// 7. Conflicts ----------------------------------------------------------------------------------

describe('an accept after the glossary file changed since the preview', () => {
	it('is refused with 409 and a clear message, and writes nothing', async () => {
		const f = folders('conflict');
		await addReviewer(f.dataDir, 'Rita');
		const server = await serve(f);
		const cookie = await signIn(server.baseURL, 'Rita');
		const sent = actionResult(
			await post(`${server.baseURL}${LU_KANG}?/suggest`, validSuggestion(), { enhance: true })
		);
		const id = (sent.data as { suggest: { sent: number } }).suggest.sent;
		const hashOnPage = async () => {
			const page = await (await fetch(`${server.baseURL}/review`, { headers: { cookie } })).text();
			const item = page.slice(page.indexOf(`id="s-${id}"`));
			return /name="hash" value="([0-9a-f]{32})"/.exec(item)![1]!;
		};
		const hash = await hashOnPage();
		const file = path.join(f.glossaryDir, 'people.yaml');
		expect(hash).toBe(fileHash(readFileSync(file, 'utf8')));

		// An editor changes the file after the reviewer read the preview.
		const edited = `${readFileSync(file, 'utf8')}\n# An editor's note, added by hand.\n`;
		writeFileSync(file, edited);
		const before = snapshot(f.glossaryDir);
		const MESSAGE =
			'glossary/people.yaml changed since this preview was made: look at the new preview and decide again';

		const plain = await post(
			`${server.baseURL}/review?/accept`,
			{ id: String(id), hash },
			{ cookie }
		);
		expect(plain.http).toBe(409);
		expect(decode(plain.body)).toContain(MESSAGE);
		const enhanced = actionResult(
			await post(
				`${server.baseURL}/review?/accept`,
				{ id: String(id), hash },
				{ cookie, enhance: true }
			)
		);
		expect(enhanced).toEqual({ type: 'failure', status: 409, data: { id, error: MESSAGE } });
		expect(snapshot(f.glossaryDir)).toEqual(before);
		expect(rows(f.dataDir).map((r) => r.status)).toEqual(['pending']);

		// With the new preview's hash it goes through, the editor's note kept.
		const fresh = await hashOnPage();
		expect(fresh).not.toBe(hash);
		const accepted = actionResult(
			await post(
				`${server.baseURL}/review?/accept`,
				{ id: String(id), hash: fresh },
				{ cookie, enhance: true }
			)
		);
		expect(accepted.type).toBe('success');
		const after = readFileSync(file, 'utf8');
		expect(after).toContain("# An editor's note, added by hand.");
		expect(after).toContain('- text: Meng hung\n');
		await stop(server);
	});
});
