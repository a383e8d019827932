import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** One item of a YAML list file, with what it takes to locate a problem inside it. */
export interface YamlItem {
	/** The item as plain data. */
	value: unknown;
	/** 0-based position in the list. */
	index: number;
	/** 1-based line of the node at `path` in the item (the item itself for none or no such node). */
	lineAt(path?: (string | number)[]): number;
	/** 1-based line of the key `key` of the item, for problems about a field as such. */
	keyLine(key: string): number;
	/** The item's field `key` when it is a string (`id`), for naming it in problems. */
	text(key: string): string | undefined;
}

/**
 * Reads a YAML file that must be a list: glossary entries, flag rules, repetition exceptions.
 * What is wrong with the file as a whole (invalid YAML, not a list: `notAList` says what it
 * must be) goes to `fail` with its line, and no item is read.
 */
export function readYamlList(
	text: string,
	notAList: string,
	fail: (line: number, message: string) => void
): YamlItem[] {
	const lines = new LineCounter();
	const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
	const lineOf = (node: unknown) =>
		(node as Node | undefined)?.range ? lines.linePos((node as Node).range![0]).line : 1;
	for (const error of doc.errors) {
		fail(lines.linePos(error.pos[0]).line, `invalid YAML: ${error.message.split('\n')[0]}`);
	}
	if (doc.errors.length > 0 || doc.contents === null) return [];
	if (!isSeq(doc.contents)) {
		fail(lineOf(doc.contents), notAList);
		return [];
	}
	return doc.contents.items.map((item, index) => {
		const node = item as Node;
		const map = isMap(node) ? node : undefined;
		return {
			value: (node as { toJSON?: () => unknown }).toJSON?.() ?? item,
			index,
			lineAt: (path = []) => lineOf((map && path.length ? map.getIn(path, true) : node) ?? node),
			keyLine: (key) =>
				lineOf(map?.items.find((p) => isScalar(p.key) && p.key.value === key)?.key ?? node),
			text: (key) => (typeof map?.get(key) === 'string' ? String(map.get(key)) : undefined)
		};
	});
}

/** A field's path as problems write it: `variants[2].preceded_by`. */
export function formatPath(path: readonly (string | number)[]): string {
	return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
