import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GlossarySource } from '../../src/lib/server/glossary';
import { rounds } from '../budget';
import { ROOT } from '../helpers';

/**
 * How long a test may wait for the source to take an edit. A safety net only: every wait is
 * for a condition, and a loaded machine may take ten times as long.
 */
const PATIENCE = 60_000;

const sources: GlossarySource[] = [];
afterEach(() => sources.splice(0).forEach((s) => s.close()));

function copyGlossary() {
	const dir = mkdtempSync(path.join(tmpdir(), 'glossary-source-'));
	cpSync(path.join(ROOT, 'glossary'), dir, { recursive: true });
	const source = new GlossarySource(dir);
	sources.push(source);
	return { dir, source, people: path.join(dir, 'people.yaml') };
}
const ids = async (source: GlossarySource) =>
	(await source.current()).glossary.entries.map((e) => e.id);

describe('a glossary being edited', { timeout: 2 * PATIENCE }, () => {
	it('keeps the last whole version of a file that is no longer valid YAML, and says so', async () => {
		const { source, people } = copyGlossary();
		const all = await ids(source);
		const text = readFileSync(people, 'utf8');
		writeFileSync(people, text.slice(0, text.length / 2) + '\n  - [unclosed');
		await vi.waitFor(
			async () => {
				const { glossary } = await source.current();
				expect(glossary.problems[0]).toMatchObject({
					file: 'people.yaml',
					message: expect.stringMatching(/is not whole .*last whole version is used/)
				});
				expect(glossary.entries.map((e) => e.id)).toEqual(all);
			},
			{ timeout: PATIENCE }
		);
		writeFileSync(people, text.replace('- id: meng-wanzhou', '- id: meng-wanzhou-2'));
		await vi.waitFor(
			async () => {
				const { glossary } = await source.current();
				expect(glossary.problems).toEqual([]);
				expect(glossary.entries.map((e) => e.id)).toContain('meng-wanzhou-2');
			},
			{ timeout: PATIENCE }
		);
	});

	it('keeps the last whole version of a file that was emptied', async () => {
		const { source, people } = copyGlossary();
		const all = await ids(source);
		writeFileSync(people, '');
		await vi.waitFor(
			async () => {
				const { glossary } = await source.current();
				expect(glossary.problems[0]?.message).toContain('it is empty');
				expect(glossary.entries.map((e) => e.id)).toEqual(all);
			},
			{ timeout: PATIENCE }
		);
	});

	// An editor that rewrote a file in place was read mid-write in 479 of 670 reads.
	it('is never read mid-write while an editor rewrites a file in place, slowly', async () => {
		const { source, people } = copyGlossary();
		const all = await ids(source);
		const text = readFileSync(people, 'utf8');
		let writing = true;
		const editor = (async () => {
			for (let round = 0; round < rounds(10, 30); round++) {
				// Truncate, then write the file in three parts with pauses, as a slow tool would. The
				// promise holds for pauses shorter than the settling time (300 ms): here 20 ms, so
				// that a loaded machine stretching the timers does not break it.
				const thirds = [0, 1, 2].map((k) =>
					text.slice((k * text.length) / 3, ((k + 1) * text.length) / 3)
				);
				writeFileSync(people, thirds[0]!);
				await new Promise((r) => setTimeout(r, 20));
				writeFileSync(people, thirds[0]! + thirds[1]!);
				await new Promise((r) => setTimeout(r, 20));
				writeFileSync(people, text);
				await new Promise((r) => setTimeout(r, 30));
			}
			writing = false;
		})();
		let reads = 0;
		while (writing) {
			expect(await ids(source)).toEqual(all);
			reads++;
			await new Promise((r) => setTimeout(r, 7));
		}
		await editor;
		expect(reads).toBeGreaterThanOrEqual(2);
	});
});
