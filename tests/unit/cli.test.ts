import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli';
import { cli as runCli, type Ran } from '../cli';
import { LU_KANG, ROOT, TRANSCRIPTS } from '../helpers';

/** Runs the command line in-process (tests/cli.ts). */
const cli = (...argv: string[]) => runCli(argv);

/**
 * Runs `tsx src/cli.ts …argv` as a process, `input` on its standard input: for what only a
 * process shows (the exit code as the shell sees it, a pipe, worker threads under tsx).
 */
const processCli = (argv: string[], input = '') =>
	new Promise<Ran>((resolve) => {
		const child = execFile(
			path.join(ROOT, 'node_modules/.bin/tsx'),
			['src/cli.ts', ...argv],
			{ cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout, stderr });
			}
		);
		child.stdin?.end(input);
	});

const luKang = path.join(TRANSCRIPTS, `${LU_KANG}.txt`);
/** `parse` of the Lu Kang interview, run once for the tests that read it. */
let parsedLuKang: Promise<Ran> | undefined;
const parseLuKang = () => (parsedLuKang ??= cli('parse', luKang));

const dirs: string[] = [];
const tempDir = (prefix: string) => {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	dirs.push(dir);
	return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// The timeout is a safety net only: no test waits on a timer, and a loaded machine may take
// a minute to mark the interview a few times.
describe('cli', { timeout: 180_000 }, () => {
	it('parse prints the JSON contract', async () => {
		const { code, stdout } = await parseLuKang();
		expect(code).toBe(0);
		const doc = JSON.parse(stdout);
		expect(Object.keys(doc)).toEqual(
			expect.arrayContaining(['title', 'meta', 'speakers', 'blocks', 'corrections'])
		);
		expect(doc.blocks.filter((b: { type: string }) => b.type === 'turn')).toHaveLength(148);
		const block = doc.blocks.find((b: { type: string }) => b.type === 'turn');
		expect(Object.keys(block)).toEqual(
			expect.arrayContaining(['type', 'speaker', 'label', 'paragraphs'])
		);
		expect(Object.keys(block.paragraphs[0])).toEqual(
			expect.arrayContaining(['raw', 'normalized', 'corrections'])
		);
		const correction = doc.title.corrections[0];
		expect(Object.keys(correction)).toEqual(
			expect.arrayContaining(['start', 'end', 'original', 'replacement', 'entry'])
		);
		expect(doc.corrections).toBeGreaterThan(50);
	});

	it('normalize prints the normalized text with canonical speaker names', async () => {
		const { code, stdout } = await cli('normalize', luKang);
		expect(code).toBe(0);
		expect(stdout).toContain('Nathan VanderKlippe: I know that Meng Wanzhou visited');
		expect(stdout).not.toMatch(/Meng hung boat|Bangladesh evening boat|cummingkai|^Mt\. Vander:/m);
		expect(stdout.split('\n').filter((l) => l.startsWith('Lu Kang: '))).toHaveLength(74);
	});

	it('fails with a clear message for a missing file', async () => {
		const { code, stderr, stdout } = await cli('parse', 'no/such/file.txt');
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toBe('error: cannot read no/such/file.txt: no such file\n');
	});

	it('fails naming file, line and entry for a bad glossary', async () => {
		const dir = tempDir('glossary-');
		writeFileSync(path.join(dir, 'bad.yaml'), '- id: x\n  canonical: X\n  kind: animal\n');
		const { code, stderr } = await cli('parse', luKang, '--glossary', dir);
		expect(code).toBe(1);
		// The file as the user can find it: under the folder given, not a `glossary/` of ours.
		expect(stderr).toMatch(
			/^error: the glossary has 1 problem\(s\):\n {2}(.+)\/bad\.yaml:3: entry x, kind: /
		);
		expect(stderr).toContain(`  ${dir}/bad.yaml:3: entry x, kind: `);
	});

	it('refuses a glossary folder with no glossary files', async () => {
		const dir = tempDir('glossary-');
		expect(await cli('parse', luKang, '--glossary', dir)).toMatchObject({
			code: 1,
			stderr: `error: the glossary folder ${dir} has no .yaml files: give one with --glossary\n`
		});
	});

	// A process: what is piped to the command line, and its exit code as the shell sees it.
	it('reads standard input for -', async () => {
		const { code, stdout } = await processCli(['normalize', '-'], 'Q: cummingkai?\nA: Yes.');
		expect(code).toBe(0);
		expect(stdout).toBe('Q: Michael Kovrig?\nA: Yes.\n');
	});

	it('reads - from the standard input it is given, for check too', async () => {
		const text = 'Q: Is the outbreak of the outbreak over?\nA: cummingkai said so.';
		expect(await runCli(['normalize', '-'], text)).toMatchObject({
			code: 0,
			stdout: 'Q: Is the outbreak of the outbreak over?\nA: Michael Kovrig said so.\n'
		});
		const checked = await runCli(['check', '-', '--format', 'json'], text);
		const [report] = JSON.parse(checked.stdout) as { file: string; flags: { rule: string }[] }[];
		expect(report!.file).toBe('-');
		expect(report!.flags.map((f) => f.rule)).toContain('repeated-word');
	});

	it('reads UTF-16 with a byte order mark, and names UTF-16 without one', async () => {
		const dir = tempDir('cli-');
		const text = 'Q: cummingkai?\nA: Yes.';
		writeFileSync(
			path.join(dir, 'bom.txt'),
			Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
		);
		writeFileSync(path.join(dir, 'plain16.txt'), Buffer.from(text, 'utf16le'));
		expect((await cli('normalize', path.join(dir, 'bom.txt'))).stdout).toBe(
			'Q: Michael Kovrig?\nA: Yes.\n'
		);
		expect(await cli('normalize', path.join(dir, 'plain16.txt'))).toMatchObject({
			code: 1,
			stderr: expect.stringContaining('looks like UTF-16 text without a byte order mark')
		});
	});

	// Regression: parse built the whole JSON as one string, longer than V8's longest string
	// (2^29 - 24 characters) for a transcript of 170 MB, and died where normalize worked. Written
	// a piece at a time, no piece growing with the transcript, a JSON of any length can be
	// written: a transcript of `COPIES` copies is written in pieces no longer than one copy's
	// (a piece that grew with it would be `COPIES` times as long).
	it('parses a file whose JSON is longer than any string can be', async () => {
		const COPIES = 4;
		// The title, turns with corrections and a flag, in a few kilobytes.
		const part = readFileSync(luKang, 'utf8').split('\n').slice(0, 12).join('\n') + '\n';
		const dir = tempDir('cli-');
		const parse = async (text: string) => {
			const file = path.join(dir, 'big.txt');
			writeFileSync(file, text);
			const pieces: string[] = [];
			// A pipe that is often full: the command line must wait for it to drain.
			const stdout = new Writable({
				decodeStrings: false,
				highWaterMark: 1024,
				write(chunk, _encoding, done) {
					pieces.push(String(chunk));
					setImmediate(done);
				}
			});
			let stderr = '';
			const sink = new Writable({
				write(chunk, _encoding, done) {
					stderr += String(chunk);
					done();
				}
			});
			const code = await run(['parse', file], { stdin: Readable.from([]), stdout, stderr: sink });
			await new Promise((written) => stdout.end(written));
			const json = pieces.join('');
			return { code, stderr, json, longest: Math.max(...pieces.map((p) => p.length)) };
		};
		const one = await parse(part);
		const many = await parse(part.repeat(COPIES));
		expect(many.stderr).toBe('');
		expect(many.code).toBe(0);
		expect(many.json.length).toBeGreaterThan((COPIES - 1) * one.json.length);
		expect(many.longest).toBeLessThan(2 * one.longest);
		expect(many.json).toBe(JSON.stringify(JSON.parse(many.json), null, 2) + '\n');
		const doc = JSON.parse(many.json);
		expect(doc.flags.length).toBeGreaterThan(0);
		expect(doc.quality.turns.length).toBeGreaterThan(COPIES);
		expect(many.json).toContain('\n  "quality": {');
		expect(many.json.slice(-200)).toMatch(/\n {4}\]\n {2}\}\n\}\n$/);
	});

	it('writes the same JSON as a whole JSON.stringify would', async () => {
		const { stdout } = await parseLuKang();
		expect(stdout).toBe(JSON.stringify(JSON.parse(stdout), null, 2) + '\n');
	});

	it('fails for empty and binary files and for wrong usage', async () => {
		const dir = tempDir('cli-');
		writeFileSync(path.join(dir, 'empty.txt'), '\n\n');
		writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
		expect(await cli('parse', path.join(dir, 'empty.txt'))).toMatchObject({
			code: 1,
			stderr: expect.stringContaining('the text is empty')
		});
		expect(await cli('normalize', path.join(dir, 'binary.txt'))).toMatchObject({
			code: 1,
			stderr: expect.stringContaining('binary')
		});
		expect(await cli('frobnicate', luKang)).toMatchObject({
			code: 2,
			stderr: expect.stringContaining('usage:')
		});
	});

	describe('check', () => {
		// A process: the exit code as the shell sees it, and five files checked on worker threads
		// started as `npm run cli` starts them.
		it('reports flags per file in the stylish format, and fails on errors by default', async () => {
			const { code, stdout } = await processCli(['check', TRANSCRIPTS]);
			expect(code).toBe(1);
			expect(stdout).toMatch(
				new RegExp(`^${TRANSCRIPTS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${LU_KANG}\.txt$`, 'm')
			);
			expect(stdout).toMatch(
				/^ {2}\d+:\d+ +warning +Unexpected repetition of 'outbreak'.* +repeated-word$/m
			);
			expect(stdout).toMatch(
				/^ {2}\d+:\d+ +error +Portal copyright notice.* +insertion\/portal-copyright-notice$/m
			);
			expect(stdout).toMatch(/^✖ \d+ flags \(2 errors, \d+ warnings, \d+ info\) in 5 files$/m);
			// The human-written texts have nothing to report.
			expect(stdout).not.toContain('china-canada');
		});

		it('locates each flag at its line and column', async () => {
			const { stdout } = await cli('check', luKang, '--format', 'json', '--fail-on', 'info');
			const [report] = JSON.parse(stdout) as {
				flags: { rule: string; line: number; column: number; start: number; end: number }[];
			}[];
			const lines = readFileSync(luKang, 'utf8').split('\n');
			const idiom = report!.flags.find((f) => f.rule === 'idiom/one-hand-cannot-clap')!;
			const at = lines[idiom.line - 1]!.slice(
				idiom.column - 1,
				idiom.column - 1 + idiom.end - idiom.start
			);
			expect(at).toMatch(/^one hand can.t make a sound$/i);
		});

		it('gives the same report on worker threads (more than 4 files) as file by file', async () => {
			const together = await cli('check', TRANSCRIPTS, '--format', 'json');
			const reports = JSON.parse(together.stdout) as { file: string }[];
			expect(reports).toHaveLength(5);
			// Four files or fewer are checked one after the other on this thread.
			const files = reports.map((r) => r.file);
			const four = await cli('check', ...files.slice(0, 4), '--format', 'json');
			const last = await cli('check', files[4]!, '--format', 'json');
			expect([...JSON.parse(four.stdout), ...JSON.parse(last.stdout)]).toEqual(reports);
		});

		it('passes below the threshold, and refuses a bad one', async () => {
			const clean = path.join(TRANSCRIPTS, 'china-canada-wang-yi-garneau.txt');
			expect((await cli('check', clean, '--fail-on', 'warning')).code).toBe(0);
			expect(await cli('check', clean, '--fail-on', 'loud')).toMatchObject({
				code: 2,
				stderr: expect.stringContaining('--fail-on takes info, warning or error')
			});
		});
	});
});
