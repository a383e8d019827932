/**
 * Entries as the glossary files write them (`glossary/*.yaml`): field names in snake case,
 * fields in the README's order, empty fields left out, slug lists inline and patterns
 * single-quoted. `toYaml` prints imported entries for an editor to review and save; the TBX
 * writer takes an entry's fields from `rawOf`, and every import writes what it read this way to
 * check it with the glossary loader (see `./import`), so all three read one spelling of an entry.
 */
import { Document, isNode, isScalar, isSeq, visit } from 'yaml';
import type { GlossaryEntry, Variant } from '../types';

/** An entry under the field names of the glossary files (`not_variants`, `preceded_by`). */
export type Raw = Record<string, unknown>;

/** The order fields are written in, as in the README; fields not listed come after. */
const ENTRY_ORDER = [
	'id',
	'canonical',
	'kind',
	'source',
	'note',
	'speaker',
	'transcripts',
	'variants',
	'not_variants',
	'examples'
];

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Field names as the YAML files write them (`approvedBy` → `approved_by`), at any depth, with
 * absent values and empty lists left out: what the loader reads back as the same value.
 */
export function snake(value: Record<string, unknown>): Raw {
	const out: Raw = {};
	for (const [key, v] of Object.entries(value)) {
		if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
		out[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = Array.isArray(v)
			? v.map((item) => (isPlainObject(item) ? snake(item) : item))
			: isPlainObject(v)
				? snake(v)
				: v;
	}
	return out;
}

/** A variant as written: a bare string when it has nothing but its text. */
function rawVariant(variant: Variant): string | Raw {
	const { text, ...rest } = variant;
	const fields = snake(rest);
	return Object.keys(fields).length ? { text, ...fields } : text;
}

/** An entry as the YAML files write it; `file` and `line` say where it was, not what it is. */
export function rawOf(entry: GlossaryEntry): Raw {
	const { file: _file, line: _line, speaker, variants, ...rest } = entry;
	const fields: Raw = { ...snake(rest) };
	if (speaker) fields.speaker = true;
	if (variants.length) fields.variants = variants.map(rawVariant);
	return ordered(fields);
}

/** The fields in the order the glossary files write them (`ENTRY_ORDER`), others after. */
export function ordered(fields: Raw): Raw {
	const keys = Object.keys(fields);
	const rank = (key: string) => {
		const i = ENTRY_ORDER.indexOf(key);
		return i < 0 ? ENTRY_ORDER.length : i;
	};
	return Object.fromEntries(
		keys
			.map((key, i) => [key, i] as const)
			.sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
			.map(([key]) => [key, fields[key]])
	);
}

/** Lists of slugs read best inline: `transcripts: [lu-kang-…]`. */
const FLOW_KEYS = new Set(['transcripts', 'requires_mention', 'seen_in']);
/** Regular expressions are single-quoted in the glossary files: backslashes stay as typed. */
const PATTERN_KEYS = new Set(['preceded_by', 'followed_by', 'not_preceded_by', 'not_followed_by']);

/** Entries as a glossary file's text, a blank line between them. */
export function yamlOf(raws: Raw[]): string {
	const doc = new Document(raws);
	visit(doc, {
		Pair(_, pair) {
			const key = isScalar(pair.key) ? String(pair.key.value) : '';
			if (FLOW_KEYS.has(key) && isSeq(pair.value)) pair.value.flow = true;
			if (PATTERN_KEYS.has(key) && isScalar(pair.value)) pair.value.type = 'QUOTE_SINGLE';
		}
	});
	if (isSeq(doc.contents)) {
		doc.contents.items.forEach((item, i) => {
			if (i > 0 && isNode(item)) item.spaceBefore = true;
		});
	}
	return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Entries as a glossary file writes them, for an editor to review and save in `glossary/`. */
export function toYaml(entries: GlossaryEntry[]): string {
	return entries.length ? yamlOf(entries.map(rawOf)) : '';
}
