/**
 * The app under test, for a test file: the shared server (started once for the run by
 * server.ts), or a server of the file's own.
 *
 * Test files run side by side, so the shared server is for files that only read: a file that
 * adds or removes transcripts, edits the glossary, uploads, or counts what the library holds
 * takes `await ownApp()` at its top instead (its own server over its own temp copies and
 * database, stopped after the file), and nothing it does reaches another file.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';
import { ROOT, startServer, type StartOptions } from './spawn';

export interface App {
	/** `http://127.0.0.1:<port>`, no trailing slash. */
	baseURL: string;
	/** The server's TRANSCRIPTS_DIR: a temp copy of `transcripts/`. */
	transcriptsDir: string;
	/** The server's GLOSSARY_DIR: a temp copy of `glossary/`. */
	glossaryDir: string;
	/** A path like `/t/%2e%2e` sent byte for byte: `fetch` would resolve the dot segments first. */
	rawGet(pathname: string): Promise<{ status: number; body: string }>;
}

/** The shared server: read, never write (see above). */
export const BASE = inject('baseURL');
export const TRANSCRIPTS_DIR = inject('transcriptsDir');
export const GLOSSARY_DIR = inject('glossaryDir');
export const rawGet = (pathname: string) => rawGetFrom(BASE, pathname);

/**
 * A server for the calling test file alone, over fresh temp copies of `transcripts/` and
 * `glossary/` (its database beside them); stopped and removed after the file. Call it once, at
 * the top of the file: `const app = await ownApp();`.
 */
export async function ownApp(
	options: Omit<StartOptions, 'transcriptsDir' | 'glossaryDir'> = {}
): Promise<App> {
	const temp = mkdtempSync(path.join(tmpdir(), 'transcript-reader-e2e-own-'));
	const transcriptsDir = path.join(temp, 'transcripts');
	const glossaryDir = path.join(temp, 'glossary');
	cpSync(path.join(ROOT, 'transcripts'), transcriptsDir, { recursive: true });
	cpSync(path.join(ROOT, 'glossary'), glossaryDir, { recursive: true });
	const remove = () => rmSync(temp, { recursive: true, force: true });
	const server = await startServer({ transcriptsDir, glossaryDir, ...options }).catch((error) => {
		remove();
		throw error;
	});
	afterAll(async () => {
		await server.stop();
		remove();
	});
	return {
		baseURL: server.baseURL,
		transcriptsDir,
		glossaryDir,
		rawGet: (pathname) => rawGetFrom(server.baseURL, pathname)
	};
}

function rawGetFrom(base: string, pathname: string): Promise<{ status: number; body: string }> {
	const url = new URL(base);
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{ host: url.hostname, port: url.port, path: pathname, method: 'GET' },
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (body += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end();
	});
}
