import { describe, expect, it } from 'vitest';
import { loadGlossary } from '../../src/lib/glossary/load';
import { formatProblem } from '../../src/lib/glossary/types';
import { realGlossary } from '../helpers';

const load = (text: string, name = 'people.yaml') => loadGlossary([{ name, text }]);
const messages = (text: string) => load(text).problems.map((p) => formatProblem(p));

describe('the real glossary', () => {
	it('loads without problems', () => {
		const { entries, problems } = realGlossary();
		expect(problems.map((p) => formatProblem(p))).toEqual([]);
		expect(entries.length).toBeGreaterThan(30);
	});

	it('has a note for readers on every entry and a source form for every Chinese name', () => {
		for (const entry of realGlossary().entries) {
			expect(entry.note, entry.id).toBeTruthy();
		}
		const byId = new Map(realGlossary().entries.map((e) => [e.id, e]));
		expect(byId.get('meng-wanzhou')?.source).toBe('孟晚舟');
		expect(byId.get('michael-kovrig')?.source).toBe('康明凯');
		expect(byId.get('nathan-vanderklippe')?.source).toBe('文德山');
	});
});

describe('validation', () => {
	it('names file, line, entry and field for a schema problem', () => {
		expect(
			messages(`- id: ok
  canonical: Fine
  kind: person
- id: bad
  canonical: Someone
  kind: persn
  variants:
    - ""
    - text: x
      preceded_by: '(unclosed'
`)
		).toEqual([
			expect.stringMatching(/^glossary\/people\.yaml:6: entry bad, kind: /),
			'glossary/people.yaml:8: entry bad, variants[0]: must not be empty',
			'glossary/people.yaml:10: entry bad, variants[1].preceded_by: is not a valid regular expression'
		]);
	});

	it('keeps the valid entries of a file that has a broken one', () => {
		const { entries, problems } = load(`- { id: a, canonical: A, kind: term }
- { id: b, kind: term }
- { id: c, canonical: C, kind: term }`);
		expect(entries.map((e) => e.id)).toEqual(['a', 'c']);
		expect(problems).toEqual([
			expect.objectContaining({ entry: 'b', field: 'canonical', line: 2 })
		]);
	});

	it('reports duplicate ids and variants, and variants that are another entry’s name', () => {
		const { problems, entries } = loadGlossary([
			{
				name: 'a.yaml',
				text: `- { id: hong-kong, canonical: Hong Kong, kind: place }\n- { id: x, canonical: X, kind: term, variants: [foo, Foo] }`
			},
			{
				name: 'b.yaml',
				text: `- { id: x, canonical: Other, kind: term }
- { id: y, canonical: Y, kind: term, variants: [hong kong, FOO, "y"] }
- { id: z, canonical: Z, kind: term, variants: [{ text: Hong Kong, followed_by: ", Mai" }] }`
			}
		]);
		expect(problems.map((p) => formatProblem(p))).toEqual([
			'glossary/b.yaml:1: entry x, id: duplicate id: already used at glossary/a.yaml:2',
			'glossary/a.yaml:2: entry x, variants[1]: duplicate variant "Foo"',
			expect.stringContaining(
				'glossary/b.yaml:2: entry y, variants[0]: "hong kong" is the canonical name of entry hong-kong'
			),
			'glossary/b.yaml:2: entry y, variants[1]: "FOO" is also a variant of entry x',
			expect.stringContaining(
				'glossary/b.yaml:2: entry y, variants[2]: "y" is the canonical name itself'
			)
		]);
		// A variant with a context rule may share another entry's words.
		expect(entries.find((e) => e.id === 'z')?.variants).toHaveLength(1);
	});

	it('checks requires_mention against the entries, and mention_within needs it', () => {
		const { problems, entries } = loadGlossary([
			{
				name: 'people.yaml',
				text: `- id: kovrig
  canonical: Michael Kovrig
  kind: person
  variants:
    - { text: Kang, requires_mention: [kovrig, spavor] }
    - { text: Kang, followed_by: ' and Mai' }
    - { text: Kang, followed_by: ' and Mai' }
    - { text: Kangg, mention_within: 2 }
    - { text: Kanggg, requires_mention: [kovrig, nobody] }
- { id: spavor, canonical: Michael Spavor, kind: person }`
			}
		]);
		expect(problems.map((p) => formatProblem(p))).toEqual([
			'glossary/people.yaml:1: entry kovrig, variants[3].mention_within: needs requires_mention: which entries to look for',
			'glossary/people.yaml:1: entry kovrig, variants[4].requires_mention[1]: no glossary entry has the id "nobody"',
			'glossary/people.yaml:1: entry kovrig, variants[2]: duplicate variant "Kang"'
		]);
		// The same text twice with different conditions is fine; the faulty variants are left out.
		expect(entries[0]!.variants.map((v) => v.text)).toEqual(['Kang', 'Kang']);
		const negative = load(
			'- { id: x, canonical: X, kind: term, variants: [{ text: Y, requires_mention: [x], mention_within: -1 }] }'
		);
		expect(negative.problems.map((p) => `${p.line} ${p.field}: ${p.message}`)).toEqual([
			'1 variants[0].mention_within: Too small: expected number to be >=0'
		]);
	});

	it('reports invalid YAML and a file that is not a list, without throwing', () => {
		expect(messages('- id: a\n  canonical: [unclosed\n')).toEqual([
			expect.stringMatching(/^glossary\/people\.yaml:\d+: entry -: invalid YAML/)
		]);
		expect(messages('id: a\ncanonical: A\n')).toEqual([
			'glossary/people.yaml:1: entry -: a glossary file must be a list of entries (`- id: …`)'
		]);
		expect(load('').entries).toEqual([]);
	});

	it('rejects unknown fields, so a typo is not silently ignored', () => {
		expect(messages('- { id: a, canonical: A, kind: term, variant: [x] }')).toEqual([
			expect.stringMatching(/^glossary\/people\.yaml:1: entry a: .*variant/)
		]);
	});
});
