import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { fromCsv, toCsv } from '../../src/lib/glossary/exchange/csv';
import { formatImportProblem } from '../../src/lib/glossary/exchange/import';
import { fromTbx, toTbx } from '../../src/lib/glossary/exchange/tbx';
import { toYaml } from '../../src/lib/glossary/exchange/yaml';
import { loadGlossary } from '../../src/lib/glossary/load';
import { formatProblem, isConditional, type GlossaryEntry } from '../../src/lib/glossary/types';
import { realGlossary } from '../helpers';

/** Entries as data, without where they were written: what an exchange must keep. */
const content = (entries: GlossaryEntry[]) =>
	entries.map(({ file: _file, line: _line, ...entry }) => JSON.parse(JSON.stringify(entry)));

/** Entries from glossary YAML, through the real loader, which must find nothing wrong. */
function glossary(text: string): GlossaryEntry[] {
	const { entries, problems } = loadGlossary([{ name: 'test.yaml', text }]);
	expect(problems.map((p) => formatProblem(p))).toEqual([]);
	return entries;
}

/** Canonical/variant pairs a two-column glossary can carry. */
const plainPairs = (entries: GlossaryEntry[]) =>
	entries.flatMap((e) =>
		e.variants.filter((v) => !isConditional(e, v)).map((v) => [v.text, e.canonical])
	);

const problemsOf = (result: { problems: Parameters<typeof formatImportProblem>[0][] }) =>
	result.problems.map((p) => formatImportProblem(p, 'in'));

const HOSTILE = `- id: hostile
  canonical: A & B <Co>
  kind: organization
  source: "甲&乙 <script>"
  note: "<script>alert(\\"x\\")</script> & 'single' \\"double\\" ]]> <!-- c --> &amp; &#65; transcript-reader: {}"
  speaker: true
  transcripts: [some-talk]
  variants:
    - "a&b <i>"
    - text: "Q\\"uote"
      preceded_by: '(?:"|<|&)\\s*'
      not_followed_by: "'s\\\\b"
      note: |
        line one <b>
          indented & "quoted"
    - text: "  spaced  "
  not_variants: ["</note>"]
  examples:
    - from: x "a&b <i>" y
      to: x "A & B <Co>" y
      transcript: some-talk

- id: 5g
  canonical: 5G
  kind: term
  variants: [five g]
`;

describe('TBX', () => {
	it('round-trips the real glossary: every field of every entry', () => {
		const { entries } = realGlossary();
		const back = fromTbx(toTbx(entries));
		expect(problemsOf(back)).toEqual([]);
		expect(content(back.entries)).toEqual(content(entries));
		// Some entries exercise the fields TBX-Basic has no data category for.
		expect(entries.some((e) => e.variants.some((v) => v.requiresMention))).toBe(true);
		expect(entries.some((e) => e.variants.some((v) => v.transcripts))).toBe(true);
		expect(entries.some((e) => e.speaker)).toBe(true);
		expect(entries.some((e) => e.examples.some((x) => x.transcript))).toBe(true);
	});

	it('round-trips hostile text safely, and an id that starts with a digit', () => {
		const entries = glossary(HOSTILE);
		const xml = toTbx(entries);
		expect(XMLValidator.validate(xml)).toBe(true);
		expect(xml).not.toContain('<script>');
		expect(xml).not.toContain('<i>');
		expect(xml).toContain('<conceptEntry id="_5g">');
		const back = fromTbx(xml, { file: 'hostile.tbx' });
		expect(problemsOf(back)).toEqual([]);
		expect(content(back.entries)).toEqual(content(entries));
		expect(back.entries.map((e) => e.file)).toEqual(['hostile.tbx', 'hostile.tbx']);
	});

	it('keeps added variants’ provenance', () => {
		const entries = glossary(`- id: x
  canonical: Xi Jinping
  kind: person
  variants:
    - text: Xi Jingping
      added: { by: ann, approved_by: bob, on: 2025-01-02 }
`);
		expect(content(fromTbx(toTbx(entries)).entries)).toEqual(content(entries));
	});

	it('writes TBX-Basic, DCA style: root, header, a preferred term in every conceptEntry', () => {
		const { entries } = realGlossary();
		const xml = toTbx(entries);
		expect(XMLValidator.validate(xml)).toBe(true);
		const doc = new XMLParser({
			ignoreAttributes: false,
			isArray: (name) =>
				['conceptEntry', 'langSec', 'termSec', 'termNote', 'note', 'descrip'].includes(name)
		}).parse(xml);
		const tbx = doc.tbx;
		expect(tbx['@_type']).toBe('TBX-Basic');
		expect(tbx['@_style']).toBe('dca');
		expect(tbx['@_xml:lang']).toBe('en');
		expect(tbx['@_xmlns']).toBe('urn:iso:std:iso:30042:ed:3.0');
		expect(tbx.tbxHeader.fileDesc.sourceDesc.p).toBeTruthy();

		type Node = Record<string, any>;
		const concepts: Node[] = tbx.text.body.conceptEntry;
		expect(concepts).toHaveLength(entries.length);
		const ids = concepts.map((c) => c['@_id']);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[A-Za-z_][\w.-]*$/); // xs:ID (NCName)

		// The data categories the TBX-Basic DCA schema allows, at the levels it allows them.
		const statuses = new Set([
			'preferredTerm-admn-sts',
			'admittedTerm-admn-sts',
			'deprecatedTerm-admn-sts',
			'supersededTerm-admn-sts'
		]);
		concepts.forEach((concept, i) => {
			const entry = entries[i]!;
			expect(concept['@_id'].replace(/^_/, '')).toBe(entry.id);
			expect(concept.descrip).toEqual([{ '@_type': 'subjectField', '#text': entry.kind }]);
			const langs = concept.langSec.map((l: Node) => l['@_xml:lang']);
			expect(langs).toEqual(entry.source === undefined ? ['en'] : ['en', 'zh']);
			for (const langSec of concept.langSec as Node[]) {
				expect(langSec.termSec.length).toBeGreaterThan(0);
				for (const termSec of langSec.termSec as Node[]) {
					expect(termSec.term).toBeDefined();
					for (const note of termSec.termNote as Node[]) {
						expect(note['@_type']).toBe('administrativeStatus');
						expect(statuses.has(note['#text'])).toBe(true);
					}
				}
			}
			const en: Node[] = concept.langSec[0].termSec;
			const status = (t: Node) => t.termNote[0]['#text'];
			const preferred = en.filter((t) => status(t) === 'preferredTerm-admn-sts');
			expect(preferred.map((t) => String(t.term))).toEqual([entry.canonical]);
			expect(en.filter((t) => status(t) === 'deprecatedTerm-admn-sts')).toHaveLength(
				entry.variants.length
			);
		});

		// Element order within conceptEntry and termSec follows the schema: the auxiliary
		// information (descrip, note) before the langSecs; term, then termNotes, then notes.
		const ordered = new XMLParser({ ignoreAttributes: false, preserveOrder: true }).parse(xml);
		const names = (nodes: Node[]) =>
			nodes.map((n) => Object.keys(n).find((k) => k !== ':@')!).filter((n) => n !== '#text');
		const tbxNode = ordered.find((n: Node) => n.tbx).tbx;
		expect(names(tbxNode)).toEqual(['tbxHeader', 'text']);
		const body = tbxNode.find((n: Node) => n.text).text.find((n: Node) => n.body).body;
		for (const concept of body as Node[]) {
			const inner = names(concept.conceptEntry);
			expect(inner.indexOf('langSec')).toBe(
				inner.length - inner.filter((n) => n === 'langSec').length
			);
			for (const langSec of concept.conceptEntry.filter((n: Node) => n.langSec)) {
				for (const termSec of langSec.langSec) {
					const parts = names(termSec.termSec);
					expect(parts[0]).toBe('term');
					expect(parts.join(' ')).toMatch(/^term( termNote)+( note)*$/);
				}
			}
		}
	});

	it('reports invalid XML as one located problem', () => {
		const result = fromTbx('<tbx>\n<text><body>\n<conceptEntry></body></text></tbx>');
		expect(result.entries).toEqual([]);
		expect(result.problems).toHaveLength(1);
		expect(result.problems[0]).toMatchObject({ line: 3, entry: '' });
		expect(result.problems[0]!.message).toMatch(/^invalid XML: /);
	});

	it('reports an empty file, another root element and a body without entries', () => {
		expect(problemsOf(fromTbx(''))).toEqual(['in:1: the file is empty: expected a TBX document']);
		expect(problemsOf(fromTbx('<martif type="TBX"><text/></martif>'))).toEqual([
			'in:1: this is TBX v2 (<martif>); only TBX v3 (<tbx>, ISO 30042:2019) is read'
		]);
		expect(problemsOf(fromTbx('<html><body/></html>'))).toEqual([
			'in:1: not a TBX document: the root element is <html>, not <tbx>'
		]);
		expect(problemsOf(fromTbx(toTbx([])))).toEqual([
			expect.stringMatching(/^in:\d+: no conceptEntry in <text><body>: nothing to import$/)
		]);
	});

	it('locates what is wrong by conceptEntry id, element and line, and keeps the rest', () => {
		const xml = toTbx(glossary(HOSTILE + KOVRIG + LU_KANG))
			// No canonical name: the preferred term demoted.
			.replace(
				/(<term>5G<\/term>\s*<termNote type="administrativeStatus">)preferredTerm-admn-sts/,
				'$1admittedTerm-admn-sts'
			)
			// A kind the glossary does not have.
			.replace('<descrip type="subjectField">organization', '<descrip type="subjectField">company')
			// A context rule that is not a regular expression, and a data note that is not JSON.
			.replace('"followed_by":"\\\\s+and\\\\s+Mai\\\\b"', '"followed_by":"(unclosed"')
			.replace('transcript-reader: {"speaker":true', 'transcript-reader: {speaker:true');
		const lineOf = (needle: string) => xml.slice(0, xml.indexOf(needle)).split('\n').length;
		const result = fromTbx(xml);
		expect(problemsOf(result)).toEqual([
			`in:${lineOf('<conceptEntry id="hostile">') + 3}: entry hostile, note[transcript-reader]: not JSON: ${jsonError(
				'{speaker:true'
			)}`,
			`in:${lineOf('<term>5G</term>') - 1}: entry 5g, langSec[en]/termSec[1]: "5G" is a admittedTerm-admn-sts, neither the canonical name (preferredTerm-admn-sts) nor a garbled form (deprecatedTerm-admn-sts): left out`,
			`in:${lineOf('<conceptEntry id="_5g">')}: entry 5g, langSec[en]: no preferred term (termNote administrativeStatus preferredTerm-admn-sts): the canonical name is missing; entry left out`,
			`in:${lineOf('company')}: entry hostile, descrip[subjectField]: Invalid option: expected one of "person"|"organization"|"place"|"term"`,
			`in:${lineOf('(unclosed')}: entry michael-kovrig, langSec[en]/termSec[3]/note[transcript-reader].followed_by: is not a valid regular expression`
		]);
		// An entry with a problem in its own fields is left out whole, as the loader leaves it out.
		expect(result.entries.map((e) => e.id)).toEqual(['lu-kang']);
	});

	it('reads TBX from other tools: prefixed ids, no subjectField, numeric references', () => {
		const xml = `<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed:3.0">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="c1">
  <transacGrp><transac type="transactionType">origination</transac><date>2020-01-01</date></transacGrp>
  <langSec xml:lang="en-GB">
    <termSec><term>Caf&#xE9; Central</term><termNote type="partOfSpeech">noun</termNote>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>Kafei Zhongxin</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
      <note>pinyin</note></termSec>
  </langSec>
  <langSec xml:lang="zh-Hans"><termSec><term>中心咖啡</term></termSec></langSec>
</conceptEntry>
<conceptEntry>
  <langSec xml:lang="en"><termSec><term>New One</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
</conceptEntry>
</body></text></tbx>`;
		const result = fromTbx(xml, { kind: 'place' });
		expect(problemsOf(result)).toEqual([]);
		expect(content(result.entries)).toEqual([
			{
				id: 'c1',
				canonical: 'Café Central',
				kind: 'place',
				source: '中心咖啡',
				speaker: false,
				variants: [{ text: 'Kafei Zhongxin', note: 'pinyin' }],
				notVariants: [],
				examples: []
			},
			{
				id: 'new-one',
				canonical: 'New One',
				kind: 'place',
				speaker: false,
				variants: [],
				notVariants: [],
				examples: []
			}
		]);
		expect(result.entries.map((e) => e.line)).toEqual([5, 16]);
	});
});

const KOVRIG = `
- id: michael-kovrig
  canonical: Michael Kovrig
  kind: person
  variants:
    - cummingkai
    - text: Kang
      followed_by: '\\s+and\\s+Mai\\b'
`;

const LU_KANG = `
- id: lu-kang
  canonical: Lu Kang
  kind: person
  variants: [Lu kong]
`;

function jsonError(text: string): string {
	try {
		JSON.parse(text);
	} catch (error) {
		return (error as Error).message;
	}
	return '';
}

describe('CSV', () => {
	it('round-trips the real glossary’s plain variants, one row each, no header', () => {
		const { entries } = realGlossary();
		const csv = toCsv(entries);
		const pairs = plainPairs(entries);
		expect(csv.trimEnd().split('\n')).toHaveLength(pairs.length);
		expect(csv).toContain('Meng hung boat,Meng Wanzhou\n');
		// Conditional variants are not written: "Kang" is Kovrig only in context.
		expect(csv).not.toMatch(/^Kang,/m);
		const back = fromCsv(csv);
		expect(problemsOf(back)).toEqual([]);
		expect(plainPairs(back.entries)).toEqual(pairs);
		expect(back.entries.every((e) => e.kind === 'term')).toBe(true);
	});

	it('groups rows by target term, makes ids from it, takes the kind given', () => {
		const csv = 'Meng hung boat,Meng Wanzhou\nLu kong,Lu Kang\nMeng late boat,Meng Wanzhou,EN,EN\n';
		const result = fromCsv(csv, { kind: 'person', file: 'deepl.csv' });
		expect(problemsOf(result)).toEqual([]);
		expect(content(result.entries)).toEqual([
			{
				id: 'meng-wanzhou',
				canonical: 'Meng Wanzhou',
				kind: 'person',
				speaker: false,
				variants: [{ text: 'Meng hung boat' }, { text: 'Meng late boat' }],
				notVariants: [],
				examples: []
			},
			{
				id: 'lu-kang',
				canonical: 'Lu Kang',
				kind: 'person',
				speaker: false,
				variants: [{ text: 'Lu kong' }],
				notVariants: [],
				examples: []
			}
		]);
		expect(result.entries.map((e) => [e.file, e.line])).toEqual([
			['deepl.csv', 1],
			['deepl.csv', 2]
		]);
	});

	it('round-trips hostile text: commas, quotes, markup', () => {
		const entries = glossary(`- id: x
  canonical: 'A, "B" & <C>'
  kind: term
  variants: ['a, "b"', "=cmd|' /C calc'!A0", "<script>alert(1)</script>"]
`);
		const back = fromCsv(toCsv(entries));
		expect(problemsOf(back)).toEqual([]);
		expect(plainPairs(back.entries)).toEqual(plainPairs(entries));
	});

	it('locates problems by line: one column, empty cells, an unclosed quote, loader checks', () => {
		const result = fromCsv(
			[
				'Meng hung boat,Meng Wanzhou',
				'just one column',
				'',
				',Lu Kang',
				'"two\nlines",Meng Wanzhou',
				'meng hung boat,Meng Wanzhou',
				'Lu Kang,Lu Kang',
				'孟晚舟,孟晚舟'
			].join('\n')
		);
		expect(problemsOf(result)).toEqual([
			'in:2: one column: a row needs two, the garbled form and the canonical name ("Meng hung boat,Meng Wanzhou")',
			'in:4: the garbled form (column 1) is empty',
			'in:9: column 2: no id can be made from "孟晚舟" (it has no Latin letters or digits)',
			'in:7: entry meng-wanzhou, column 1: duplicate variant "meng hung boat"',
			'in:8: entry lu-kang, column 1: "Lu Kang" is the canonical name itself; miscased forms are corrected without a variant'
		]);
		expect(result.entries.map((e) => [e.id, e.variants.map((v) => v.text)])).toEqual([
			['meng-wanzhou', ['Meng hung boat', 'two\nlines']],
			['lu-kang', []]
		]);
		expect(problemsOf(fromCsv('a,"b\nc,d\n'))).toEqual([
			expect.stringMatching(/^in:\d+: invalid CSV: Quote Not Closed/)
		]);
	});

	it('reports an empty file', () => {
		for (const empty of ['', '\uFEFF', '\n\n']) {
			expect(problemsOf(fromCsv(empty))).toEqual([
				'in:1: the file is empty: expected rows of "garbled form,canonical name"'
			]);
		}
		expect(problemsOf(fromCsv(' , \n'))).toEqual([
			'in:1: no rows: expected rows of "garbled form,canonical name"'
		]);
	});
});

describe('YAML', () => {
	it('writes entries as the glossary files do, read back the same by the loader', () => {
		const { entries } = realGlossary();
		expect(content(glossary(toYaml(entries)))).toEqual(content(entries));
		const hostile = glossary(HOSTILE);
		expect(content(glossary(toYaml(hostile)))).toEqual(content(hostile));
		expect(toYaml(hostile)).toContain('  transcripts: [some-talk]\n');
		expect(toYaml(hostile)).toContain(`      not_followed_by: '''s\\b'\n`);
		expect(toYaml([])).toBe('');
	});
});
