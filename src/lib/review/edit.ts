import { isMap, isSeq, parseDocument, Pair, Scalar, type Document, type YAMLMap } from 'yaml';

/**
 * Edits of a glossary file made by review, on the YAML document itself (the `yaml` package's
 * document API), so that the editors' comments, order and formatting survive: the glossary
 * files are the source of truth teams version and review, and an accepted suggestion must read
 * like a line an editor wrote.
 */

/** What a review decision changes in one glossary file. */
export type GlossaryEdit =
	| {
			/** Adds `text` as a variant of `entry`, with who proposed and who approved it. */
			op: 'add-variant';
			entry: string;
			text: string;
			added: { by: string; approvedBy: string; on: string };
	  }
	| {
			/**
			 * Records `text` as ruled out for `entry`; drops it from the variants if listed plainly
			 * (a string, or an object with no context rule: `text` with `added`, `seen_in`, `note`).
			 */
			op: 'rule-out';
			entry: string;
			text: string;
	  }
	| {
			/** Appends a new entry to the file. */
			op: 'add-entry';
			entry: {
				id: string;
				canonical: string;
				kind: string;
				source?: string;
				note?: string;
				variants?: string[];
			};
	  };

export class EditError extends Error {}

/** As the editors write: long lines never folded, flow lists as `[a, b]`. */
const KEEP_STYLE = { lineWidth: 0, flowCollectionPadding: false } as const;

/** `text` with `edit` applied. Throws EditError when the edit cannot apply (no such entry…). */
export function applyEdit(text: string, edit: GlossaryEdit): string {
	const doc = parseDocument(text);
	if (doc.errors.length)
		throw new EditError(`the file is not valid YAML: ${doc.errors[0]!.message}`);
	const list = doc.contents;
	if (edit.op === 'add-entry') {
		if (list !== null && !isSeq(list)) throw new EditError('the file is not a list of entries');
		const node = doc.createNode(withoutEmpty(edit.entry));
		if (list === null) doc.contents = doc.createNode([withoutEmpty(edit.entry)]) as never;
		else {
			// A blank line before the new entry, like the editors' entries.
			node.spaceBefore = true;
			list.items.push(node as never);
		}
		return doc.toString(KEEP_STYLE);
	}
	const entry = findEntry(doc, edit.entry);
	if (edit.op === 'add-variant') {
		const { by, approvedBy, on } = edit.added;
		const variant = doc.createNode({ text: edit.text, added: { by, approved_by: approvedBy, on } });
		seqOf(doc, entry, 'variants').items.push(variant);
	} else {
		const variants = entry.get('variants');
		if (isSeq(variants)) {
			const at = variants.items.findIndex((item) => plainVariantText(item) === edit.text);
			if (at >= 0) variants.items.splice(at, 1);
		}
		const ruledOut = seqOf(doc, entry, 'not_variants');
		if (!ruledOut.items.some((item) => item instanceof Scalar && item.value === edit.text)) {
			ruledOut.items.push(doc.createNode(edit.text));
		}
	}
	return doc.toString(KEEP_STYLE);
}

/** The ids of the entries in a glossary file's text, for finding which file holds an entry. */
export function entryIds(text: string): string[] {
	const doc = parseDocument(text);
	if (!isSeq(doc.contents)) return [];
	return doc.contents.items.flatMap((item) =>
		isMap(item) && typeof item.get('id') === 'string' ? [String(item.get('id'))] : []
	);
}

function findEntry(doc: Document, id: string): YAMLMap {
	const list = doc.contents;
	const entry = isSeq(list)
		? list.items.find((item): item is YAMLMap => isMap(item) && item.get('id') === id)
		: undefined;
	if (!entry) throw new EditError(`no entry with the id "${id}" in this file`);
	return entry;
}

/**
 * The list under `key` of an entry, made if missing: placed before `examples` so that an
 * entry reads in the usual order (variants, not_variants, then examples).
 */
function seqOf(doc: Document, entry: YAMLMap, key: string) {
	const existing = entry.get(key);
	if (isSeq(existing)) return existing;
	if (existing !== undefined) throw new EditError(`"${key}" of this entry is not a list`);
	const seq = doc.createNode([]);
	const at = entry.items.findIndex(
		(pair) => pair.key instanceof Scalar && pair.key.value === 'examples'
	);
	const pair = new Pair(doc.createNode(key), seq);
	if (at < 0) entry.items.push(pair);
	else entry.items.splice(at, 0, pair);
	return seq;
}

function withoutEmpty<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(
		Object.entries(value).filter(
			([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)
		)
	) as Partial<T>;
}

/** Keys of a variant object that say where it came from, not where it applies. */
const RECORD_KEYS = new Set(['text', 'added', 'seen_in', 'note']);

/** The text of a variant node that applies everywhere, or undefined for a conditional one. */
function plainVariantText(item: unknown): string | undefined {
	if (item instanceof Scalar) return String(item.value);
	if (!isMap(item)) return undefined;
	const keys = item.items.map((pair) => String((pair.key as Scalar).value));
	return keys.every((k) => RECORD_KEYS.has(k)) ? String(item.get('text')) : undefined;
}
