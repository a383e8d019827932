import {
	existsSync,
	linkSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	cleanLeftovers,
	listSlugs,
	MAX_TRANSCRIPT_BYTES,
	readTranscript,
	saveTranscript
} from '../../src/lib/server/transcripts';
import { isSlug, slugify } from '../../src/lib/text/slug';
import { readSubmission } from '../../src/lib/server/upload';
import { LU_KANG, TRANSCRIPTS } from '../helpers';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'transcripts-'));

describe('slugs', () => {
	it.each([
		'..',
		'../etc/passwd',
		'/etc/passwd',
		'..\\..\\x',
		'%2e%2e',
		'a/b',
		'A',
		'',
		'a--b',
		'-a'
	])('refuses %j', async (slug) => {
		expect(isSlug(slug)).toBe(false);
		expect(await readTranscript(slug, TRANSCRIPTS)).toBeUndefined();
	});

	it('derives safe slugs from any title', () => {
		expect(slugify('Lu Kang / Globe & Mail, 2020')).toBe('lu-kang-globe-mail-2020');
		expect(slugify('../../etc/passwd')).toBe('etc-passwd');
		expect(slugify('Mélanie Joly')).toBe('melanie-joly');
		expect(slugify('孟晚舟')).toBe('transcript');
		expect(isSlug(slugify('x'.repeat(500)))).toBe(true);
	});

	it('lists and reads the bundled transcripts with their metadata', async () => {
		expect(await listSlugs(TRANSCRIPTS)).toContain(LU_KANG);
		const stored = await readTranscript(LU_KANG, TRANSCRIPTS);
		expect(stored?.text.length).toBeGreaterThan(50_000);
		expect(stored?.meta).toMatchObject({
			date: '2020-09-03',
			source_language: 'zh',
			machine_translated: true
		});
	});
});

describe('saveTranscript', () => {
	it('never overwrites: the same name gets the next free slug', async () => {
		const dir = tempDir();
		expect(await saveTranscript('Interview', 'first', {}, dir)).toBe('interview');
		expect(await saveTranscript('Interview', 'second', {}, dir)).toBe('interview-2');
		expect(readFileSync(path.join(dir, 'interview.txt'), 'utf8')).toBe('first');
		expect(readFileSync(path.join(dir, 'interview-2.txt'), 'utf8')).toBe('second');
	});

	it('keeps every one of many concurrent saves under the same name', async () => {
		const dir = tempDir();
		const slugs = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				saveTranscript('Same title', `text ${i}`, { title: `#${i}` }, dir)
			)
		);
		expect(new Set(slugs).size).toBe(20);
		const texts = slugs.map((s) => readFileSync(path.join(dir, `${s}.txt`), 'utf8')).sort();
		expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => `text ${i}`).sort());
		// No temporary files are left behind.
		expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
		const stored = await readTranscript(slugs[0]!, dir);
		expect(stored?.meta.title).toMatch(/^#\d+$/);
	});
});

// The timeout is a safety net only: 110 saves, each trying up to 100 names, take seconds on a
// loaded machine.
describe('saving and crashes', { timeout: 60_000 }, () => {
	it('never runs out of names: past the numbered slugs a random suffix is used', async () => {
		const dir = tempDir();
		const slugs = [];
		for (let i = 0; i < 110; i++) slugs.push(await saveTranscript('Same', `text ${i}`, {}, dir));
		expect(new Set(slugs).size).toBe(110);
		expect(slugs[99]).toBe('same-100');
		expect(slugs[109]).toMatch(/^same-[0-9a-f]{8}$/);
	});

	it('writes the metadata first: every transcript has its metadata', async () => {
		const dir = tempDir();
		await Promise.all(Array.from({ length: 20 }, (_, i) => saveTranscript('T', `t${i}`, {}, dir)));
		const names = readdirSync(dir);
		for (const name of names.filter((n) => n.endsWith('.txt'))) {
			expect(names).toContain(name.replace(/\.txt$/, '.meta.yaml'));
		}
	});

	it('takes a name held by a transcript without metadata as taken', async () => {
		const dir = tempDir();
		writeFileSync(path.join(dir, 'talk.txt'), 'by hand');
		expect(await saveTranscript('Talk', 'uploaded', {}, dir)).toBe('talk-2');
		expect(readFileSync(path.join(dir, 'talk.txt'), 'utf8')).toBe('by hand');
		expect(existsSync(path.join(dir, 'talk.meta.yaml'))).toBe(false);
	});

	it('cleans what a killed upload left: its temp files and the metadata linked from them', async () => {
		const dir = tempDir();
		const temp = (name: string) => path.join(dir, name);
		writeFileSync(temp('.upload-0123456789abcdef.txt.tmp'), 'text');
		writeFileSync(temp('.upload-0123456789abcdef.meta.tmp'), 'title: x\n');
		linkSync(temp('.upload-0123456789abcdef.meta.tmp'), temp('orphan.meta.yaml'));
		writeFileSync(temp('by-hand.meta.yaml'), 'title: kept\n');
		writeFileSync(temp('kept.txt'), 'kept');
		// Young temp files may belong to an upload under way.
		expect(await cleanLeftovers(dir)).toEqual([]);
		expect((await cleanLeftovers(dir, 0)).sort()).toEqual([
			'.upload-0123456789abcdef.meta.tmp',
			'.upload-0123456789abcdef.txt.tmp',
			'orphan.meta.yaml'
		]);
		expect(readdirSync(dir).sort()).toEqual(['by-hand.meta.yaml', 'kept.txt']);
	});
});

describe('readSubmission', () => {
	const form = (fields: Record<string, string | File>) => {
		const data = new FormData();
		for (const [k, v] of Object.entries(fields)) data.set(k, v);
		return data;
	};

	it('accepts pasted text and names it from the title, else the first line', async () => {
		expect(await readSubmission(form({ text: 'Q: a\nA: b', title: 'My talk' }))).toEqual({
			text: 'Q: a\nA: b',
			name: 'My talk'
		});
		expect(await readSubmission(form({ text: '\n  Heading line\nQ: a' }))).toMatchObject({
			name: 'Heading line'
		});
	});

	it('reads a UTF-16 .txt upload by its byte order mark', async () => {
		const bytes = Buffer.concat([
			Buffer.from([0xff, 0xfe]),
			Buffer.from('Q: cummingkai?', 'utf16le')
		]);
		const file = new File([bytes], 'windows.txt');
		expect(await readSubmission(form({ file }))).toEqual({
			text: 'Q: cummingkai?',
			name: 'windows'
		});
	});

	it('accepts a UTF-8 .txt upload', async () => {
		const file = new File(['Q: cummingkai?\nA: yes'], 'talk.txt', { type: 'text/plain' });
		expect(await readSubmission(form({ file }))).toEqual({
			text: 'Q: cummingkai?\nA: yes',
			name: 'talk'
		});
	});

	it.each([
		['nothing', {}, 'Paste a transcript or choose a .txt file.'],
		['blank text', { text: '   \n ' }, 'Paste a transcript or choose a .txt file.'],
		[
			'text and file',
			{ text: 'x', file: new File(['y'], 'y.txt') },
			'Paste text or choose a file, not both.'
		],
		['a pdf', { file: new File(['y'], 'y.pdf') }, '"y.pdf" is not a .txt file.'],
		[
			'invalid UTF-8',
			{ file: new File([new Uint8Array([0x41, 0xc3, 0x28, 0x41])], 'bin.txt') },
			'"bin.txt" is not UTF-8 text.'
		],
		[
			'UTF-16 without a byte order mark',
			{
				file: new File([new Uint8Array([0x51, 0, 0x3a, 0, 0x20, 0, 0x61, 0, 0x62, 0])], 'u16.txt')
			},
			'"u16.txt" looks like UTF-16 text without a byte order mark: save it as UTF-8.'
		],
		[
			'a NUL byte',
			{ file: new File([new Uint8Array([0x41, 0x00, 0x42])], 'nul.txt') },
			'Cannot read this transcript: the text contains binary control characters.'
		],
		[
			'2 MB and a byte',
			{ text: 'x'.repeat(MAX_TRANSCRIPT_BYTES + 1) },
			'The transcript is 2.0 MB; the limit is 2.0 MB.'
		]
	] as [string, Record<string, string | File>, string][])(
		'refuses %s with a reason',
		async (_, fields, error) => {
			expect(await readSubmission(form(fields))).toEqual({ error });
		}
	);
});

describe('a hostile file in the folder', () => {
	it('is read as text like any other', async () => {
		const dir = tempDir();
		writeFileSync(
			path.join(dir, 'evil.txt'),
			'<script>alert(1)</script>\nQ: <img src=x onerror=alert(2)>\nA: ok\nQ: x\nA: y'
		);
		const stored = await readTranscript('evil', dir);
		expect(stored?.text).toContain('<script>');
		expect(stored?.meta).toEqual({});
	});
});
