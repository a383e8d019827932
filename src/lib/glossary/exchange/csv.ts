/**
 * The glossary as a two-column CSV, both ways, without I/O: a glossary as DeepL and Google
 * Translate take one. Two columns, source term (a variant, the garbled form) then target term
 * (the canonical name), one row per variant, no header row, the canonical name not repeated as
 * a row of its own. Only plain variants are written: one that holds only in some context or some
 * transcripts would rewrite every occurrence in a tool that has no rules. On import, rows are
 * grouped by target term into entries; columns after the second (DeepL's exports add the two
 * languages) are ignored. What an import cannot read is a problem located by line and column
 * (see `./import`).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { isConditional, type GlossaryEntry } from '../types';
import type { ImportOptions, ImportProblem, Imported, Item } from './import';
import { idFrom, settle } from './import';

/**
 * The glossary as a two-column CSV, one row per plain variant: `garbled form,canonical name`,
 * no header. Variants with a context rule or limited to some transcripts are left out (a
 * two-column glossary cannot say when they apply), and so are entries with no plain variant.
 */
export function toCsv(entries: GlossaryEntry[]): string {
	const rows = entries.flatMap((entry) =>
		entry.variants
			.filter((variant) => !isConditional(entry, variant))
			.map((variant) => [variant.text, entry.canonical])
	);
	return stringifyCsv(rows);
}

/**
 * Reads a two-column CSV (source term = a garbled form, target term = the canonical name; no
 * header row) into entries: one per target term, its id made from it (`Lu Kang` → `lu-kang`),
 * of `options.kind` (`term` by default).
 */
export function fromCsv(csv: string, options: ImportOptions = {}): Imported {
	const problems: ImportProblem[] = [];
	const report = (line: number, message: string, entry = '', field = '') =>
		problems.push({ line, entry, field, message });
	const text = csv.replace(/^\uFEFF/, '');
	if (text.trim() === '') {
		report(1, 'the file is empty: expected rows of "garbled form,canonical name"');
		return { entries: [], problems };
	}
	let records: { record: string[]; info: { lines: number }; raw: string }[];
	try {
		records = parseCsv(text, {
			info: true,
			raw: true,
			relax_column_count: true,
			skip_empty_lines: true
		}) as unknown as typeof records;
	} catch (error) {
		const e = error as Error & { lines?: number };
		report(e.lines ?? 1, `invalid CSV: ${e.message}`);
		return { entries: [], problems };
	}

	const groups = new Map<string, { target: string; rows: { source: string; line: number }[] }>();
	for (const { record, info, raw } of records) {
		// `info.lines` is the line the record ends on; a quoted field may span lines, and `raw`
		// starts with the empty lines skipped before it.
		const own = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
		const line = info.lines - (own.match(/\n/g)?.length ?? 0);
		if (record.every((cell) => cell.trim() === '')) continue;
		if (record.length < 2) {
			report(
				line,
				`one column: a row needs two, the garbled form and the canonical name ("Meng hung boat,Meng Wanzhou")`
			);
			continue;
		}
		const [source, target] = [record[0]!.trim(), record[1]!.trim()];
		if (!source || !target) {
			report(
				line,
				`the ${source ? 'canonical name (column 2)' : 'garbled form (column 1)'} is empty`
			);
			continue;
		}
		const key = target.normalize('NFC');
		const group = groups.get(key) ?? { target, rows: [] };
		group.rows.push({ source, line });
		groups.set(key, group);
	}
	if (groups.size === 0 && problems.length === 0) {
		report(1, 'no rows: expected rows of "garbled form,canonical name"');
	}

	const taken = new Set<string>();
	const items: Item[] = [];
	for (const { target, rows } of groups.values()) {
		const first = rows[0]!.line;
		const id = idFrom(target, taken);
		if (!id) {
			report(
				first,
				`no id can be made from "${target}" (it has no Latin letters or digits)`,
				'',
				'column 2'
			);
			continue;
		}
		items.push({
			raw: {
				id,
				canonical: target,
				kind: options.kind ?? 'term',
				variants: rows.map((r) => r.source)
			},
			label: id,
			line: first,
			locate(path) {
				const [head, i] = path;
				if (head === 'variants' && typeof i === 'number' && rows[i]) {
					return { line: rows[i]!.line, field: 'column 1' };
				}
				return { line: first, field: head === 'canonical' || head === 'id' ? 'column 2' : '' };
			}
		});
	}
	return { entries: settle(items, problems, options.file ?? ''), problems };
}
