/**
 * The glossary in the exchange formats of translation tools, both ways, without I/O:
 *
 * **TBX** (TermBase eXchange v3, ISO 30042:2019), dialect TBX-Basic, DCA style, as the
 * TBX-Basic schemas define it (LTAC-Global/TBX-Basic_dialect: `DCA/TBXcoreStructV03_TBX-Basic_
 * integrated.rng` and `DCA/TBX-Basic_DCA.sch`). One `conceptEntry` per entry:
 *
 * ```xml
 * <conceptEntry id="michael-kovrig">                          the entry's id (`_5g` for `5g`)
 *   <descrip type="subjectField">person</descrip>             its kind
 *   <note>Canadian former diplomat…</note>                    its note
 *   <note>transcript-reader: {"speaker":true,…}</note>        the rest (below)
 *   <langSec xml:lang="en">
 *     <termSec><term>Michael Kovrig</term>                    the canonical name
 *       <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
 *     <termSec><term>Kang</term>                              each variant, in order
 *       <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
 *       <note>康 alone, …</note>                               the variant's note
 *       <note>transcript-reader: {"requires_mention":[…],…}</note></termSec>   its rule
 *   </langSec>
 *   <langSec xml:lang="zh"><termSec><term>康明凯</term>…</termSec></langSec>   its source form
 * </conceptEntry>
 * ```
 *
 * Kind goes in `subjectField`: TBX-Basic's `partOfSpeech` only takes noun, verb, adjective,
 * adverb or other. What TBX-Basic has no data category for (context rules, `transcripts`,
 * `speaker`, `not_variants`, `examples`, `added`) goes in a `<note>` — the one element
 * TBX-Basic allows free text in at every level — that starts `transcript-reader: ` and holds
 * those fields as JSON, under their YAML names. XML IDs cannot start with a digit, so an id that
 * does is written with a leading `_` (slugs never contain one). Export then import gives the
 * same entries, every field.
 *
 * **CSV** as DeepL and Google Translate take a glossary: two columns, source term (a variant,
 * the garbled form) then target term (the canonical name), one row per variant, no header row,
 * the canonical name not repeated as a row of its own. Only plain variants are written: one that
 * holds only in some context or some transcripts would rewrite every occurrence in a tool that
 * has no rules. On import, rows are grouped by target term into entries; columns after the
 * second (DeepL's exports add the two languages) are ignored.
 *
 * Imports never throw: what cannot be read is a problem, located by line and, for TBX, by
 * conceptEntry id and element, and the entries that can be read are validated by the glossary
 * loader itself, as if they were a glossary file.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { Document, isNode, isScalar, isSeq, visit } from 'yaml';
import { slugify } from '../text/slug';
import { formatPath } from '../text/yaml-list';
import { loadGlossary } from './load';
import type { Kind } from './schema';
import { isConditional, type GlossaryEntry, type Variant } from './types';

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

/** Label of the `<note>` that holds what TBX-Basic has no data category for. */
const DATA = 'transcript-reader';
const DATA_PREFIX = `${DATA}: `;
const PREFERRED = 'preferredTerm-admn-sts';
const DEPRECATED = 'deprecatedTerm-admn-sts';
const TBX_NAMESPACE = 'urn:iso:std:iso:30042:ed:3.0';
const SCHEMAS = 'https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA';

// ---------------------------------------------------------------------------------------------
// Entries as the YAML files write them

/** An entry under the field names of the glossary files (`not_variants`, `preceded_by`). */
type Raw = Record<string, unknown>;

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
/** Entry fields the TBX structure carries; the others go in the data note. */
const ENTRY_STRUCTURAL = new Set(['id', 'canonical', 'kind', 'source', 'note', 'variants']);
const VARIANT_STRUCTURAL = new Set(['text', 'note']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Field names as the YAML files write them (`approvedBy` → `approved_by`), at any depth, with
 * absent values and empty lists left out: what the loader reads back as the same value.
 */
function snake(value: Record<string, unknown>): Raw {
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
function rawOf(entry: GlossaryEntry): Raw {
	const { file: _file, line: _line, speaker, variants, ...rest } = entry;
	const fields: Raw = { ...snake(rest) };
	if (speaker) fields.speaker = true;
	if (variants.length) fields.variants = variants.map(rawVariant);
	return ordered(fields);
}

function ordered(fields: Raw): Raw {
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
const FLOW_KEYS = new Set(['transcripts', 'requires_mention']);
/** Regular expressions are single-quoted in the glossary files: backslashes stay as typed. */
const PATTERN_KEYS = new Set(['preceded_by', 'followed_by', 'not_preceded_by', 'not_followed_by']);

function yamlOf(raws: Raw[]): string {
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

// ---------------------------------------------------------------------------------------------
// Reading imported entries through the glossary loader

/** An entry read from an import, and how to find any of its fields in the imported file. */
interface Item {
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
function settle(items: Item[], problems: ImportProblem[], file: string): GlossaryEntry[] {
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
function idFrom(canonical: string, taken: Set<string>): string | undefined {
	const base = slugify(canonical, '');
	if (!base) return undefined;
	let id = base;
	for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
	taken.add(id);
	return id;
}

// ---------------------------------------------------------------------------------------------
// TBX

/** Characters XML 1.0 cannot carry, even escaped. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text as XML character data: markup escaped, a carriage return kept as a reference (a parser
 * reads a raw one as a line feed), characters XML cannot carry replaced.
 */
const escapeXml = (text: string) =>
	text
		.replace(NOT_XML, '\uFFFD')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/\r/g, '&#13;');

/** An XML ID must not start with a digit: `5g` is written `_5g`. */
const toXmlId = (id: string) => (/^[A-Za-z_]/.test(id) ? id : `_${id}`);
const fromXmlId = (id: string) => id.replace(/^_/, '');

const dataNote = (fields: Raw) =>
	Object.keys(fields).length ? [DATA_PREFIX + JSON.stringify(fields)] : [];

function termSec(term: string, status: string, notes: string[] = []) {
	return {
		term,
		termNote: { '@_type': 'administrativeStatus', '#text': status },
		...(notes.length ? { note: notes } : {})
	};
}

/** The glossary as a TBX-Basic document (DCA style); see the top of this file. */
export function toTbx(entries: GlossaryEntry[]): string {
	const conceptEntry = entries.map((entry) => {
		const raw = rawOf(entry);
		const data = Object.fromEntries(
			Object.entries(raw).filter(([key]) => !ENTRY_STRUCTURAL.has(key))
		);
		const notes = [...(entry.note !== undefined ? [entry.note] : []), ...dataNote(data)];
		const variants = entry.variants.map((variant) => {
			const { text, note, ...rest } = variant;
			return termSec(text, DEPRECATED, [
				...(note !== undefined ? [note] : []),
				...dataNote(snake(rest))
			]);
		});
		return {
			'@_id': toXmlId(entry.id),
			descrip: { '@_type': 'subjectField', '#text': entry.kind },
			...(notes.length ? { note: notes } : {}),
			langSec: [
				{ '@_xml:lang': 'en', termSec: [termSec(entry.canonical, PREFERRED), ...variants] },
				...(entry.source !== undefined
					? [{ '@_xml:lang': 'zh', termSec: [termSec(entry.source, PREFERRED)] }]
					: [])
			]
		};
	});
	const builder = new XMLBuilder({
		ignoreAttributes: false,
		format: true,
		indentBy: '\t',
		// Escaped here rather than by the builder, which also writes every quote in text as
		// `&quot;`: the JSON of the data notes stays readable.
		processEntities: false,
		tagValueProcessor: (_, value) => (typeof value === 'string' ? escapeXml(value) : value),
		attributeValueProcessor: (_, value) =>
			typeof value === 'string' ? escapeXml(value).replace(/"/g, '&quot;') : value
	});
	const body = builder.build({
		tbx: {
			'@_type': 'TBX-Basic',
			'@_style': 'dca',
			'@_xml:lang': 'en',
			'@_xmlns': TBX_NAMESPACE,
			tbxHeader: {
				fileDesc: {
					titleStmt: { title: 'Transcript Reader glossary' },
					sourceDesc: {
						p: 'The glossary of Transcript Reader (glossary/*.yaml): for each name, the right form (preferred term) and the garbled forms machine translation produced (deprecated terms).'
					}
				}
			},
			text: { body: conceptEntry.length ? { conceptEntry } : '' }
		}
	});
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<?xml-model href="${SCHEMAS}/TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n` +
		`<?xml-model href="${SCHEMAS}/TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n` +
		body
	);
}

/** A parsed element: attributes under `@_`, text under `#text`, children by name. */
type XmlNode = Record<string, unknown>;

const ARRAYS = new Set([
	'conceptEntry',
	'langSec',
	'termSec',
	'term',
	'termNote',
	'note',
	'descrip',
	'descripGrp'
]);

const children = (node: XmlNode | undefined, name: string): XmlNode[] => {
	const value = node?.[name];
	return Array.isArray(value) ? value.filter(isPlainObject) : isPlainObject(value) ? [value] : [];
};
const textOf = (node: XmlNode | undefined) => {
	const text = node?.['#text'];
	return text === undefined ? '' : String(text);
};
const attr = (node: XmlNode, name: string) => {
	const value = node[`@_${name}`];
	return value === undefined ? undefined : String(value);
};

/** Reads a TBX document (any dialect: TBX-Basic as `toTbx` writes it, or another tool's). */
export function fromTbx(xml: string, options: ImportOptions = {}): Imported {
	const problems: ImportProblem[] = [];
	const fail = (line: number, message: string): Imported => {
		problems.push({ line, entry: '', field: '', message });
		return { entries: [], problems };
	};
	const text = xml.replace(/^\uFEFF/, '');
	if (text.trim() === '') return fail(1, 'the file is empty: expected a TBX document');
	const valid = XMLValidator.validate(text);
	if (valid !== true) return fail(valid.err.line || 1, `invalid XML: ${valid.err.msg}`);

	const parser = new XMLParser({
		ignoreAttributes: false,
		removeNSPrefix: true,
		trimValues: false,
		parseTagValue: false,
		parseAttributeValue: false,
		alwaysCreateTextNode: true,
		htmlEntities: true,
		captureMetaData: true,
		isArray: (name) => ARRAYS.has(name)
	});
	let doc: XmlNode;
	try {
		doc = parser.parse(text) as XmlNode;
	} catch (error) {
		return fail(1, `invalid XML: ${(error as Error).message}`);
	}

	const lineStarts = [0];
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
	const meta = XMLParser.getMetaDataSymbol() as unknown as string;
	const lineOf = (node: XmlNode | undefined, fallback = 1): number => {
		const index = (node?.[meta] as { startIndex?: number } | undefined)?.startIndex;
		if (index === undefined) return fallback;
		let lo = 0;
		let hi = lineStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (lineStarts[mid]! <= index) lo = mid;
			else hi = mid - 1;
		}
		return lo + 1;
	};

	const root = isPlainObject(doc.tbx) ? doc.tbx : undefined;
	if (!root) {
		const found = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
		return fail(
			1,
			found === 'martif'
				? 'this is TBX v2 (<martif>); only TBX v3 (<tbx>, ISO 30042:2019) is read'
				: `not a TBX document: the root element is <${found ?? '?'}>, not <tbx>`
		);
	}
	const body = children(children(root, 'text')[0], 'body')[0];
	const concepts = children(body, 'conceptEntry');
	if (concepts.length === 0) {
		return fail(lineOf(body ?? root), 'no conceptEntry in <text><body>: nothing to import');
	}

	const taken = new Set(
		concepts.map((c) => attr(c, 'id')).flatMap((id) => (id ? [fromXmlId(id)] : []))
	);
	const items: Item[] = [];
	concepts.forEach((concept, index) => {
		const item = readConcept(concept, index, options.kind ?? 'term', taken, lineOf, problems);
		if (item) items.push(item);
	});
	return { entries: settle(items, problems, options.file ?? ''), problems };
}

/** Notes of an element: the readers' note (notes joined), and the data note's fields. */
function readNotes(
	node: XmlNode,
	where: string,
	structural: Set<string>,
	report: (line: number, field: string, message: string) => void,
	lineOf: (node: XmlNode | undefined, fallback?: number) => number
) {
	const plain: string[] = [];
	const data: Raw = {};
	let dataLine: number | undefined;
	let noteLine: number | undefined;
	const notes = children(node, 'note');
	for (const note of notes) {
		const text = textOf(note);
		const field = `${where}note`;
		if (!text.trimStart().startsWith(`${DATA}:`)) {
			plain.push(text);
			noteLine ??= lineOf(note);
			continue;
		}
		dataLine = lineOf(note);
		let parsed: unknown;
		try {
			parsed = JSON.parse(
				text
					.trimStart()
					.slice(DATA.length + 1)
					.trim()
			);
		} catch (error) {
			report(dataLine, `${field}[${DATA}]`, `not JSON: ${(error as Error).message}`);
			continue;
		}
		if (!isPlainObject(parsed)) {
			report(dataLine, `${field}[${DATA}]`, 'must be a JSON object of glossary fields');
			continue;
		}
		for (const [key, value] of Object.entries(parsed)) {
			if (structural.has(key)) {
				report(
					dataLine,
					`${field}[${DATA}].${key}`,
					`${key} is given by the TBX elements, not here`
				);
			} else data[key] = value;
		}
	}
	return {
		note: plain.length ? plain.join('\n') : undefined,
		noteLine,
		data,
		dataLine
	};
}

function readConcept(
	concept: XmlNode,
	index: number,
	defaultKind: Kind,
	taken: Set<string>,
	lineOf: (node: XmlNode | undefined, fallback?: number) => number,
	problems: ImportProblem[]
): Item | undefined {
	const line = lineOf(concept);
	const xmlId = attr(concept, 'id');
	let label = xmlId ? fromXmlId(xmlId) : `#${index + 1}`;
	const report = (at: number, field: string, message: string) =>
		problems.push({ line: at, entry: label, field, message });

	const languages = new Map<string, XmlNode[]>();
	for (const langSec of children(concept, 'langSec')) {
		const lang = (attr(langSec, 'lang') ?? '').toLowerCase().split(/[-_]/)[0]!;
		if (lang !== 'en' && lang !== 'zh') {
			report(
				lineOf(langSec, line),
				`langSec[${attr(langSec, 'lang') ?? ''}]`,
				'only English (the names) and Chinese (the source form) are read: left out'
			);
			continue;
		}
		languages.set(lang, [...(languages.get(lang) ?? []), langSec]);
	}
	const english = (languages.get('en') ?? []).flatMap((l) => children(l, 'termSec'));
	if (english.length === 0) {
		report(line, 'langSec[en]', 'no English terms: the canonical name is missing; entry left out');
		return undefined;
	}

	let canonical: { sec: XmlNode; k: number } | undefined;
	const variants: {
		raw: string | Raw;
		k: number;
		sec: XmlNode;
		noteLine?: number;
		dataLine?: number;
	}[] = [];
	english.forEach((sec, i) => {
		const k = i + 1;
		const where = `langSec[en]/termSec[${k}]`;
		const term = textOf(children(sec, 'term')[0]);
		const status = children(sec, 'termNote')
			.filter((n) => attr(n, 'type') === 'administrativeStatus')
			.map((n) => textOf(n).trim())[0];
		if (status === PREFERRED) {
			if (canonical) {
				report(lineOf(sec, line), where, `a second preferred term "${term}": left out`);
			} else canonical = { sec, k };
			return;
		}
		if (status !== DEPRECATED) {
			report(
				lineOf(sec, line),
				where,
				`"${term}" is ${status ? `a ${status}` : 'a term without administrativeStatus'}, neither the canonical name (${PREFERRED}) nor a garbled form (${DEPRECATED}): left out`
			);
			return;
		}
		const notes = readNotes(sec, `${where}/`, VARIANT_STRUCTURAL, report, lineOf);
		const rest: Raw = { ...notes.data, ...(notes.note !== undefined ? { note: notes.note } : {}) };
		variants.push({
			raw: Object.keys(rest).length ? { text: term, ...rest } : term,
			k,
			sec,
			noteLine: notes.noteLine,
			dataLine: notes.dataLine
		});
	});
	if (!canonical) {
		report(
			line,
			'langSec[en]',
			`no preferred term (termNote administrativeStatus ${PREFERRED}): the canonical name is missing; entry left out`
		);
		return undefined;
	}
	const canonicalText = textOf(children(canonical.sec, 'term')[0]);

	const chinese = (languages.get('zh') ?? []).flatMap((l) => children(l, 'termSec'));
	chinese
		.slice(1)
		.forEach((sec, i) =>
			report(
				lineOf(sec, line),
				`langSec[zh]/termSec[${i + 2}]`,
				'only one Chinese form is kept: left out'
			)
		);

	const descrips = [
		...children(concept, 'descrip'),
		...children(concept, 'descripGrp').flatMap((g) => children(g, 'descrip'))
	];
	const subject = descrips.find((d) => attr(d, 'type') === 'subjectField');
	const notes = readNotes(concept, '', ENTRY_STRUCTURAL, report, lineOf);

	let id = xmlId === undefined ? undefined : fromXmlId(xmlId);
	if (id === undefined) {
		id = idFrom(canonicalText.trim(), taken);
		if (id === undefined) {
			report(
				line,
				'conceptEntry@id',
				`no id, and none can be made from "${canonicalText}"; entry left out`
			);
			return undefined;
		}
		label = id;
	}

	const raw = ordered({
		id,
		canonical: canonicalText,
		kind: subject ? textOf(subject).trim() : defaultKind,
		...(chinese[0] ? { source: textOf(children(chinese[0], 'term')[0]) } : {}),
		...(notes.note !== undefined ? { note: notes.note } : {}),
		...notes.data,
		...(variants.length ? { variants: variants.map((v) => v.raw) } : {})
	});

	const termLine = (sec: XmlNode) => lineOf(children(sec, 'term')[0], lineOf(sec, line));
	return {
		raw,
		label,
		line,
		locate(path) {
			const [head, i] = path;
			const dataField = (p: (string | number)[]) => `note[${DATA}].${formatPath(p)}`;
			if (head === 'variants' && typeof i === 'number' && variants[i]) {
				const v = variants[i]!;
				const base = `langSec[en]/termSec[${v.k}]`;
				const sub = path[2];
				if (sub === undefined) return { line: lineOf(v.sec, line), field: base };
				if (sub === 'text') return { line: termLine(v.sec), field: `${base}/term` };
				if (sub === 'note')
					return { line: v.noteLine ?? lineOf(v.sec, line), field: `${base}/note` };
				return {
					line: v.dataLine ?? lineOf(v.sec, line),
					field: `${base}/${dataField(path.slice(2))}`
				};
			}
			switch (head) {
				case undefined:
					return { line, field: '' };
				case 'id':
					return { line, field: 'conceptEntry@id' };
				case 'canonical':
					return {
						line: termLine(canonical!.sec),
						field: `langSec[en]/termSec[${canonical!.k}]/term`
					};
				case 'kind':
					return { line: lineOf(subject, line), field: 'descrip[subjectField]' };
				case 'source':
					return {
						line: chinese[0] ? termLine(chinese[0]) : line,
						field: 'langSec[zh]/termSec[1]/term'
					};
				case 'note':
					return { line: notes.noteLine ?? line, field: 'note' };
				case 'variants':
					return { line: lineOf(canonical!.sec, line), field: 'langSec[en]' };
				default:
					return { line: notes.dataLine ?? line, field: dataField(path) };
			}
		}
	};
}

// ---------------------------------------------------------------------------------------------
// CSV

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
