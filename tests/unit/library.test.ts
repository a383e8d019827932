import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FolderWatch } from '../../src/lib/server/watch';
import { ROOT } from '../helpers';

// library.ts reads its folders from the environment when first imported: point it at copies.
const dir = mkdtempSync(path.join(tmpdir(), 'library-'));
cpSync(path.join(ROOT, 'glossary'), path.join(dir, 'glossary'), { recursive: true });
cpSync(path.join(ROOT, 'transcripts'), path.join(dir, 'transcripts'), { recursive: true });
process.env.GLOSSARY_DIR = path.join(dir, 'glossary');
process.env.TRANSCRIPTS_DIR = path.join(dir, 'transcripts');
const { getTranscript, getGlossary } = await import('../../src/lib/server/library');

const texts = (doc: Awaited<ReturnType<typeof getTranscript>>) =>
	doc?.doc.blocks.flatMap((b) => b.paragraphs.map((p) => p.normalized)).join('\n') ?? '';
const eventually = (check: () => Promise<void>) =>
	vi.waitFor(check, { timeout: 5000, interval: 50 });

describe('the library cache', () => {
	it('serves the same document object while nothing changes', async () => {
		const first = await getTranscript('china-canada-wang-yi-garneau');
		const second = await getTranscript('china-canada-wang-yi-garneau');
		expect(second?.doc).toBe(first?.doc);
		expect(await getTranscript('no-such-transcript')).toBeUndefined();
	});

	it('picks up an edited transcript, a new one and a deleted one', async () => {
		const file = path.join(dir, 'transcripts', 'china-canada-wang-yi-garneau.txt');
		appendFileSync(file, '\nShang Pengfei spoke last.\n');
		await eventually(async () => {
			expect(texts(await getTranscript('china-canada-wang-yi-garneau'))).toContain(
				'François-Philippe Champagne spoke last.'
			);
		});
		writeFileSync(path.join(dir, 'transcripts', 'fresh.txt'), 'Title\nQ: cummingkai?\nA: Yes.');
		expect(texts(await getTranscript('fresh'))).toContain('Michael Kovrig?');
		rmSync(path.join(dir, 'transcripts', 'fresh.txt'));
		await eventually(async () => expect(await getTranscript('fresh')).toBeUndefined());
	});

	it('rebuilds documents when the glossary changes, and reports a broken entry', async () => {
		appendFileSync(
			path.join(dir, 'glossary', 'terms.yaml'),
			'\n- id: fractured\n  canonical: Broken\n  kind: term\n  variants: [Fractured]\n- id: bad\n  canonical: Bad\n  kind: animal\n'
		);
		await eventually(async () => {
			expect(texts(await getTranscript('china-canada-wang-yi-garneau'))).toContain(
				'mend its Broken relations'
			);
		});
		const { glossary } = await getGlossary();
		expect(glossary.problems).toEqual([
			expect.objectContaining({ file: 'terms.yaml', entry: 'bad', field: 'kind' })
		]);
	});
});

describe('FolderWatch', () => {
	it('invalidates stamps when a file in the folder changes', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'watch-'));
		const watch = new FolderWatch(folder);
		const stamp = watch.stamp();
		expect(watch.isFresh(stamp)).toBe(true);
		expect(watch.isFresh(undefined)).toBe(false);
		writeFileSync(path.join(folder, 'x.txt'), 'x');
		await vi.waitFor(() => expect(watch.isFresh(stamp)).toBe(false), { timeout: 5000 });
	});

	it('never calls a stamp fresh without a folder to watch', () => {
		const watch = new FolderWatch(path.join(tmpdir(), 'does-not-exist-' + Date.now()));
		expect(watch.isFresh(watch.stamp())).toBe(false);
	});
});
