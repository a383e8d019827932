import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli as runCli } from '../cli';
import { loadGlossary } from '../../src/lib/glossary/load';
import type { GlossaryEntry } from '../../src/lib/glossary/types';
import { realGlossary } from '../helpers';

/** Runs the command line in-process (tests/cli.ts). */
const cli = (...argv: string[]) => runCli(argv);

const dir = mkdtempSync(path.join(tmpdir(), 'exchange-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
	const at = path.join(dir, name);
	writeFileSync(at, text);
	return at;
};

const content = (entries: GlossaryEntry[]) =>
	entries.map(({ file: _file, line: _line, ...entry }) => JSON.parse(JSON.stringify(entry)));
const readYaml = (text: string) => loadGlossary([{ name: 'imported.yaml', text }]);

// The timeout is a safety net only: no test waits on a timer.
describe('cli glossary', { timeout: 60_000 }, () => {
	it('exports TBX, and imports it back as the same glossary in YAML', async () => {
		const exported = await cli('glossary', 'export', '--format', 'tbx');
		expect(exported.code).toBe(0);
		expect(exported.stderr).toBe('');
		expect(exported.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/);
		expect(exported.stdout).toContain('<tbx type="TBX-Basic" style="dca" xml:lang="en"');
		expect(exported.stdout).toContain('<conceptEntry id="meng-wanzhou">');

		const imported = await cli('glossary', 'import', file('glossary.tbx', exported.stdout));
		expect(imported.stderr).toBe('');
		expect(imported.code).toBe(0);
		const yaml = readYaml(imported.stdout);
		expect(yaml.problems).toEqual([]);
		expect(content(yaml.entries)).toEqual(content(realGlossary().entries));
	});

	it('exports CSV, and imports it with the kind given', async () => {
		const exported = await cli('glossary', 'export', '--format', 'csv');
		expect(exported.code).toBe(0);
		expect(exported.stdout).toContain('Meng hung boat,Meng Wanzhou\n');
		expect(exported.stdout.split('\n')[0]).not.toMatch(/source|target/i);

		const imported = await cli(
			'glossary',
			'import',
			file('g.csv', exported.stdout),
			'--kind',
			'person'
		);
		expect(imported.stderr).toBe('');
		expect(imported.code).toBe(0);
		const { entries, problems } = readYaml(imported.stdout);
		expect(problems).toEqual([]);
		const meng = entries.find((e) => e.id === 'meng-wanzhou');
		expect(meng?.kind).toBe('person');
		expect(meng?.variants.map((v) => v.text)).toContain('Meng hung boat');
	});

	it('exports the glossary given with --glossary, and refuses a broken one', async () => {
		const good = mkdtempSync(path.join(dir, 'good-'));
		writeFileSync(
			path.join(good, 'a.yaml'),
			'- id: lu-kang\n  canonical: Lu Kang\n  kind: person\n  variants: [Lu kong]\n'
		);
		const csv = await cli('glossary', 'export', '--format', 'csv', '--glossary', good);
		expect(csv).toEqual({ code: 0, stdout: 'Lu kong,Lu Kang\n', stderr: '' });

		const bad = mkdtempSync(path.join(dir, 'bad-'));
		writeFileSync(path.join(bad, 'bad.yaml'), '- id: x\n  canonical: X\n  kind: animal\n');
		const refused = await cli('glossary', 'export', '--format', 'tbx', '--glossary', bad);
		expect(refused.code).toBe(1);
		expect(refused.stdout).toBe('');
		expect(refused.stderr).toContain(`${bad}/bad.yaml:3: entry x, kind: `);
	});

	it('prints what it could read and exits 1 with located problems', async () => {
		const csv = file('bad.csv', 'Meng hung boat,Meng Wanzhou\njust one column\n');
		const result = await cli('glossary', 'import', csv);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			`${csv}:2: one column: a row needs two, the garbled form and the canonical name ("Meng hung boat,Meng Wanzhou")\n`
		);
		expect(content(readYaml(result.stdout).entries)).toEqual([
			{
				id: 'meng-wanzhou',
				canonical: 'Meng Wanzhou',
				kind: 'term',
				speaker: false,
				variants: [{ text: 'Meng hung boat' }],
				notVariants: [],
				examples: []
			}
		]);

		const tbx = file('bad.tbx', '<tbx>\n<text>\n</tbx>');
		const invalid = await cli('glossary', 'import', tbx);
		expect(invalid.code).toBe(1);
		expect(invalid.stdout).toBe('');
		expect(invalid.stderr).toMatch(new RegExp(`^${tbx}:3: invalid XML: .+\\n$`));

		const empty = await cli('glossary', 'import', file('empty.csv', ''));
		expect(empty.code).toBe(1);
		expect(empty.stderr).toContain('the file is empty');
	});

	it('fails for a missing file, and with exit 2 for wrong usage', async () => {
		const missing = await cli('glossary', 'import', 'no/such/file.tbx');
		expect(missing).toEqual({
			code: 1,
			stdout: '',
			stderr: 'error: cannot read no/such/file.tbx: no such file\n'
		});
		const usages = [
			['glossary'],
			['glossary', 'export'],
			['glossary', 'export', '--format', 'xlsx'],
			['glossary', 'import'],
			['glossary', 'import', 'glossary.txt'],
			['glossary', 'import', 'a.csv', '--kind', 'animal'],
			['glossary', 'import', 'a.csv', '--colour', 'red']
		];
		const results = await Promise.all(usages.map((args) => cli(...args)));
		results.forEach((result, i) => {
			expect(result.code, usages[i]!.join(' ')).toBe(2);
			expect(result.stdout).toBe('');
			expect(result.stderr).toMatch(/^error: .+\nusage: /);
		});
	});
});
