import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LU_KANG, ROOT, TRANSCRIPTS } from '../helpers';

const run = async (...args: string[]) => {
	try {
		const { stdout, stderr } = await promisify(execFile)(
			path.join(ROOT, 'node_modules/.bin/tsx'),
			['src/cli.ts', ...args],
			{ cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }
		);
		return { code: 0, stdout, stderr };
	} catch (error) {
		const e = error as { code: number; stdout: string; stderr: string };
		return { code: e.code, stdout: e.stdout, stderr: e.stderr };
	}
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
		expect(stderr).toMatch(
			/^error: the glossary has 1 problem\(s\):\n {2}glossary\/bad\.yaml:3: entry x, kind: /
		);
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
});
