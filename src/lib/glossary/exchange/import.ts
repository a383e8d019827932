/**
 * What every import (TBX, CSV) shares: its result, its problems, and the check of what it read.
 * Imports never throw: what cannot be read is a problem, located by line and, for TBX, by
 * conceptEntry id and element. The entries that can be read are validated by the glossary
 * loader itself, as if they were a glossary file (`settle`), so an import accepts exactly what
 * a file in `glossary/` would, and each problem the loader finds is traced back to the imported
 * file. Used by `./tbx` and `./csv`; `formatImportProblem` by the CLI's `glossary import`.
 */
import { slugify } from '../../text/slug';
import { loadGlossary } from '../load';
import type { Kind } from '../schema';
import type { GlossaryEntry } from '../types';
import { yamlOf, type Raw } from './yaml';

/** What an import could not read, located in the imported file. */
export interface ImportProblem {
	/** 1-based line in the imported file. */
	line: number;
	/** The entry: its id, or `#3` (1-based position) before it has one; empty for the file. */
	entry: string;
	/** TBX: the element, e.g. `langSec[en]/termSec[3]/term`; CSV: the column; may be empty. */
	field: string;
	message: string;
}

export interface Imported {
	entries: GlossaryEntry[];
	problems: ImportProblem[];
}

export interface ImportOptions {
	/** Kind of an entry that does not give one (every CSV entry); `term` by default. */
	kind?: Kind;
	/** Name of the imported file, kept as the entries' `file`. */
	file?: string;
}

/** `people.tbx:12: entry lu-kang, langSec[en]/termSec[2]/term: …`, like glossary problems. */
export function formatImportProblem(p: ImportProblem, file: string): string {
	const where = [p.entry && `entry ${p.entry}`, p.field].filter(Boolean).join(', ');
	return `${file}:${p.line}: ${where ? `${where}: ` : ''}${p.message}`;
}

/** An entry read from an import, and how to find any of its fields in the imported file. */
export interface Item {
	raw: Raw;
	/** The entry in problems: its id, or `#3`. */
	label: string;
	line: number;
	/** Where the field at `path` (`['variants', 2, 'preceded_by']`) is in the imported file. */
	locate(path: (string | number)[]): { line: number; field: string };
}

/** `variants[2].preceded_by` → `['variants', 2, 'preceded_by']`. */
function parsePath(field: string): (string | number)[] {
	return [...field.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) =>
		m[1] !== undefined ? Number(m[1]) : m[2]!
	);
}

/**
 * The items as the glossary loader reads them, written as one glossary file: each problem it
 * finds (schema, duplicate ids, unknown `requires_mention` ids…) is traced back to the item and
 * field it concerns, and so to the imported file.
 */
export function settle(items: Item[], problems: ImportProblem[], file: string): GlossaryEntry[] {
	const starts: number[] = [];
	const chunks: string[] = [];
	let next = 1;
	for (const item of items) {
		const chunk = yamlOf([item.raw]);
		starts.push(next);
		chunks.push(chunk);
		next += chunk.split('\n').length - 1;
	}
	const text = chunks.join('');
	/** The item written at a line of that file: the last that starts at or before it. */
	const itemAt = (line: number) => {
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid]! <= line) lo = mid;
			else hi = mid - 1;
		}
		return items[lo]!;
	};
	const loaded = loadGlossary([{ name: 'import.yaml', text }]);
	for (const p of loaded.problems) {
		const item = itemAt(p.line);
		const where = item.locate(parsePath(p.field));
		problems.push({ line: where.line, entry: item.label, field: where.field, message: p.message });
	}
	return loaded.entries.map((entry) => ({ ...entry, file, line: itemAt(entry.line).line }));
}

/** An id from a canonical name, unique among `taken`: `Lu Kang` → `lu-kang`, then `lu-kang-2`. */
export function idFrom(canonical: string, taken: Set<string>): string | undefined {
	const base = slugify(canonical, '');
	if (!base) return undefined;
	let id = base;
	for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
	taken.add(id);
	return id;
}
