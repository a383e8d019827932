/**
 * The glossary as TBX (TermBase eXchange v3, ISO 30042:2019), both ways, without I/O: the
 * exchange format of translation tools' termbases. Written in the TBX-Basic dialect, DCA style,
 * as the TBX-Basic schemas define it (LTAC-Global/TBX-Basic_dialect:
 * `DCA/TBXcoreStructV03_TBX-Basic_integrated.rng` and `DCA/TBX-Basic_DCA.sch`); read in any
 * dialect (`fromTbx`). One `conceptEntry` per entry:
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
 * those fields as JSON, under their YAML names (see `./yaml`). XML IDs cannot start with a digit,
 * so an id that does is written with a leading `_` (slugs never contain one). Export then import
 * gives the same entries, every field. What an import cannot read is a problem located by line,
 * conceptEntry id and element (see `./import`).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { locator } from '../../text/location';
import { formatPath } from '../../text/yaml-list';
import type { Kind } from '../schema';
import type { GlossaryEntry } from '../types';
import type { ImportOptions, ImportProblem, Imported, Item } from './import';
import { idFrom, settle } from './import';
import { isPlainObject, ordered, rawOf, snake, type Raw } from './yaml';

/** Label of the `<note>` that holds what TBX-Basic has no data category for. */
const DATA = 'transcript-reader';
const DATA_PREFIX = `${DATA}: `;
const PREFERRED = 'preferredTerm-admn-sts';
const DEPRECATED = 'deprecatedTerm-admn-sts';
const TBX_NAMESPACE = 'urn:iso:std:iso:30042:ed:3.0';
const SCHEMAS = 'https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA';

/** Entry fields the TBX structure carries; the others go in the data note. */
const ENTRY_STRUCTURAL = new Set(['id', 'canonical', 'kind', 'source', 'note', 'variants']);
const VARIANT_STRUCTURAL = new Set(['text', 'note']);

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

	const locate = locator(text);
	const meta = XMLParser.getMetaDataSymbol() as unknown as string;
	/** The line an element starts on, as the parser saw it; `fallback` when it has no place. */
	const lineOf = (node: XmlNode | undefined, fallback = 1): number => {
		const index = (node?.[meta] as { startIndex?: number } | undefined)?.startIndex;
		return index === undefined ? fallback : locate(index).line;
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
