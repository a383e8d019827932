import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
	buildSubset,
	CEDICT_MODULE,
	cedictTextFromModule,
	cleanGlosses,
	formatRow,
	OUTPUT,
	serialize,
	toneless
} from '../../scripts/build-dictionary';
import {
	Dictionary,
	dictionary,
	parseRow,
	type CedictData
} from '../../src/lib/suggest/dictionary';

const GLOSSARY = join(import.meta.dirname, '../../glossary');

/** Every `source` of glossary/*.yaml, read here rather than by the script under test. */
function sources(): string[] {
	const out = new Set<string>();
	for (const file of readdirSync(GLOSSARY).filter((f) => f.endsWith('.yaml'))) {
		const list = parse(readFileSync(join(GLOSSARY, file), 'utf8')) as { source?: unknown }[];
		for (const entry of list ?? []) {
			if (typeof entry?.source === 'string') out.add(entry.source.trim());
		}
	}
	return [...out].sort();
}

const dict = dictionary();

describe('character glosses and readings', () => {
	it('glosses the characters of known garbles', () => {
		expect(dict.glosses('晚')).toEqual(expect.arrayContaining(['late', 'evening', 'night']));
		expect(dict.glosses('舟')).toContain('boat');
		expect(dict.glosses('山').some((g) => g === 'mountain' || g === 'hill')).toBe(true);
		expect(dict.glosses('港')).toContain('Hong Kong');
	});

	it('reads characters as toneless pinyin, all readings', () => {
		expect(dict.readings('孟')).toContain('meng');
		expect(dict.readings('康')).toEqual(['kang']);
		expect(dict.readings('行')).toEqual(expect.arrayContaining(['xing', 'hang']));
		expect(dict.readings('吕')).toEqual(['lv', 'lu']);
		expect(dict.readings('陸')).toEqual(dict.readings('陆'));
		expect(dict.readings('x')).toEqual([]);
		expect(dict.glosses('x')).toEqual([]);
	});

	it('flags surnames instead of glossing them', () => {
		expect(dict.isSurname('孟')).toBe(true);
		expect(dict.isSurname('晚')).toBe(false);
		expect(dict.glosses('孟').some((g) => /surname/i.test(g))).toBe(false);
	});

	it('has a reading for every character of every glossary source', () => {
		const all = sources();
		expect(all.length).toBeGreaterThan(10);
		const missing = all.flatMap((s) =>
			[...s].filter((c) => /\p{Script=Han}/u.test(c) && dict.readings(c).length === 0)
		);
		expect(missing).toEqual([]);
	});
});

describe('words and proper nouns', () => {
	it('finds proper nouns by their first character', () => {
		const meng = dict.properNounsStartingWith('孟');
		expect(meng.find((p) => p.word === '孟加拉')?.glosses).toContain('Bangladesh');
		expect(dict.properNounsStartingWith('文').length).toBeGreaterThan(0);
		expect(dict.properNounsStartingWith('x')).toEqual([]);
	});

	it('finds the words inside a source, overlaps included', () => {
		const found = dict.words('中华人民共和国');
		expect(found.map((w) => w.word)).toEqual(
			expect.arrayContaining(['中华人民共和国', '人民', '共和国'])
		);
		const prc = found.find((w) => w.word === '中华人民共和国')!;
		expect(prc).toMatchObject({ index: 0, proper: true });
		expect(prc.pinyin).toEqual(['zhong', 'hua', 'ren', 'min', 'gong', 'he', 'guo']);
		expect(prc.glosses).toContain("People's Republic of China");
		expect(dict.words('外交部').find((w) => w.word === '外交')?.index).toBe(0);
		expect(dict.words('孟晚舟')).toEqual([]);
	});
});

describe('gloss cleaning', () => {
	it('drops notes, cross-references, variants and surnames', () => {
		expect(cleanGlosses(['surname Lu', '(bound form) land (as opposed to the sea)'])).toEqual({
			glosses: ['land'],
			surname: true
		});
		expect(cleanGlosses(['variant of 瞭|了[liao3]', 'to finish', 'CL:座[zuo4]'])).toEqual({
			glosses: ['finish'],
			surname: false
		});
		expect(cleanGlosses(['mountain; hill (CL:座[zuo4])']).glosses).toEqual(['mountain', 'hill']);
		expect(toneless('lu:4')).toBe('lv');
		expect(parseRow(formatRow('孟', 'meng', ['eldest'], 's'))).toEqual({
			key: '孟',
			pinyin: ['meng'],
			glosses: ['eldest'],
			proper: false,
			surname: true
		});
		expect(toneless('Meng4')).toBe('meng');
	});

	it('keeps every shipped gloss short and clean', () => {
		const data = JSON.parse(readFileSync(OUTPUT, 'utf8')) as CedictData;
		const rows = [...data.chars, ...data.words].map(parseRow);
		expect(rows.filter((r) => r.glosses.length > 8)).toEqual([]);
		const bad = rows.flatMap((r) =>
			r.glosses.filter((g) => !/^[^\p{Script=Han}()[\]|/:]+$/u.test(g) || g.split(' ').length > 4)
		);
		expect(bad).toEqual([]);
	});
});

// The timeout is a safety net only: building the subset takes seconds on a loaded machine.
describe('cedict.json', { timeout: 60_000 }, () => {
	const text = readFileSync(OUTPUT, 'utf8');

	it('is what the build script makes of the glossary (run `npm run dictionary` if not)', () => {
		const cedict = cedictTextFromModule(readFileSync(CEDICT_MODULE, 'utf8'));
		expect(serialize(buildSubset(cedict, sources())) === text).toBe(true);
	});

	// Loading is linear in the file (JSON.parse, then an index by key; rows are parsed when
	// looked up), so bounds on its bytes and rows keep it cheap: counts, where a time would
	// depend on the machine.
	it('stays small, attributed and cheap to load', () => {
		expect(statSync(OUTPUT).size).toBeLessThanOrEqual(1.5 * 1024 * 1024);
		const data = JSON.parse(text) as CedictData;
		expect(data.chars.length + data.words.length).toBeLessThanOrEqual(40_000);
		const fresh = new Dictionary(data);
		expect(fresh.properNounsStartingWith('孟').length).toBeGreaterThan(0);
		expect(fresh.attribution).toMatch(/CC-CEDICT.*CC BY-SA 4\.0/);
	});
});
