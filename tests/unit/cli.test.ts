import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LU_KANG, ROOT, TRANSCRIPTS } from '../helpers';

type RunOptions = { input?: string };
/** Runs the CLI; the last argument may give its standard input. */
const run = (...args: [...string[]] | [...string[], RunOptions]) => {
	const last = args.at(-1);
	const options: RunOptions = typeof last === 'object' ? last : {};
	const argv = args.filter((a) => typeof a === 'string') as string[];
	return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
		const child = execFile(
			path.join(ROOT, 'node_modules/.bin/tsx'),
			['src/cli.ts', ...argv],
			{ cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout, stderr });
			}
		);
		child.stdin?.end(options.input ?? '');
	});
};
const luKang = path.join(TRANSCRIPTS, `${LU_KANG}.txt`);

describe('cli', { timeout: 30_000 }, () => {
	it('parse prints the JSON contract', async () => {
		const { code, stdout } = await run('parse', luKang);
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
		const { code, stdout } = await run('normalize', luKang);
		expect(code).toBe(0);
		expect(stdout).toContain('Nathan VanderKlippe: I know that Meng Wanzhou visited');
		expect(stdout).not.toMatch(/Meng hung boat|Bangladesh evening boat|cummingkai|^Mt\. Vander:/m);
		expect(stdout.split('\n').filter((l) => l.startsWith('Lu Kang: '))).toHaveLength(74);
	});

	it('fails with a clear message for a missing file', async () => {
		const { code, stderr, stdout } = await run('parse', 'no/such/file.txt');
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toBe('error: cannot read no/such/file.txt: no such file\n');
	});

	it('fails naming file, line and entry for a bad glossary', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'glossary-'));
		writeFileSync(path.join(dir, 'bad.yaml'), '- id: x\n  canonical: X\n  kind: animal\n');
		const { code, stderr } = await run('parse', luKang, '--glossary', dir);
		expect(code).toBe(1);
		// The file as the user can find it: under the folder given, not a `glossary/` of ours.
		expect(stderr).toMatch(
			/^error: the glossary has 1 problem\(s\):\n {2}(.+)\/bad\.yaml:3: entry x, kind: /
		);
		expect(stderr).toContain(`  ${dir}/bad.yaml:3: entry x, kind: `);
	});

	it('refuses a glossary folder with no glossary files', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'glossary-'));
		expect(await run('parse', luKang, '--glossary', dir)).toMatchObject({
			code: 1,
			stderr: `error: the glossary folder ${dir} has no .yaml files: give one with --glossary\n`
		});
	});

	it('reads standard input for -', async () => {
		const { code, stdout } = await run('normalize', '-', { input: 'Q: cummingkai?\nA: Yes.' });
		expect(code).toBe(0);
		expect(stdout).toBe('Q: Michael Kovrig?\nA: Yes.\n');
	});

	it('reads UTF-16 with a byte order mark, and names UTF-16 without one', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
		const text = 'Q: cummingkai?\nA: Yes.';
		writeFileSync(
			path.join(dir, 'bom.txt'),
			Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
		);
		writeFileSync(path.join(dir, 'plain16.txt'), Buffer.from(text, 'utf16le'));
		expect((await run('normalize', path.join(dir, 'bom.txt'))).stdout).toBe(
			'Q: Michael Kovrig?\nA: Yes.\n'
		);
		expect(await run('normalize', path.join(dir, 'plain16.txt'))).toMatchObject({
			code: 1,
			stderr: expect.stringContaining('looks like UTF-16 text without a byte order mark')
		});
	});

	// Regression: parse built the whole JSON as one string, longer than V8's longest string
	// (2^29 - 24 characters) for a transcript of 170 MB, and died where normalize worked.
	it('parses a file whose JSON is longer than any string can be', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
		const big = path.join(dir, 'big.txt');
		const lu = readFileSync(luKang, 'utf8');
		const copies = Math.ceil((170 * 2 ** 20) / lu.length);
		writeFileSync(big, lu.repeat(copies));
		const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli.ts', 'parse', big], {
			cwd: ROOT
		});
		let bytes = 0;
		let tail = '';
		let sawQuality = false;
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			bytes += chunk.length;
			const seen = tail + chunk.toString('latin1');
			sawQuality ||= seen.includes('\n  "quality": {');
			tail = seen.slice(-200);
		});
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const [code] = (await once(child, 'close')) as [number];
		rmSync(dir, { recursive: true });
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(bytes).toBeGreaterThan(2 ** 29);
		expect(sawQuality).toBe(true);
		expect(tail).toMatch(/\n {4}\]\n {2}\}\n\}\n$/);
	}, 120_000);

	it('writes the same JSON as a whole JSON.stringify would', async () => {
		const { stdout } = await run('parse', luKang);
		expect(stdout).toBe(JSON.stringify(JSON.parse(stdout), null, 2) + '\n');
	});

	it('fails for empty and binary files and for wrong usage', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
		writeFileSync(path.join(dir, 'empty.txt'), '\n\n');
		writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
		expect(await run('parse', path.join(dir, 'empty.txt'))).toMatchObject({
			code: 1,
			stderr: expect.stringContaining('the text is empty')
		});
		expect(await run('normalize', path.join(dir, 'binary.txt'))).toMatchObject({
			code: 1,
			stderr: expect.stringContaining('binary')
		});
		expect(await run('frobnicate', luKang)).toMatchObject({
			code: 2,
			stderr: expect.stringContaining('usage:')
		});
	});

	describe('check', () => {
		it('reports flags per file in the stylish format, and fails on errors by default', async () => {
			const { code, stdout } = await run('check', TRANSCRIPTS);
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
			const { stdout } = await run('check', luKang, '--format', 'json', '--fail-on', 'info');
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
			const together = await run('check', TRANSCRIPTS, '--format', 'json');
			const reports = JSON.parse(together.stdout) as { file: string }[];
			expect(reports).toHaveLength(5);
			for (const report of reports) {
				const alone = await run('check', report.file, '--format', 'json');
				expect(JSON.parse(alone.stdout)).toEqual([report]);
			}
		});

		it('passes below the threshold, and refuses a bad one', async () => {
			const clean = path.join(TRANSCRIPTS, 'china-canada-wang-yi-garneau.txt');
			expect((await run('check', clean, '--fail-on', 'warning')).code).toBe(0);
			expect(await run('check', clean, '--fail-on', 'loud')).toMatchObject({
				code: 2,
				stderr: expect.stringContaining('--fail-on takes info, warning or error')
			});
		});
	});
});
