import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaFiles, SCHEMA_DIR } from '../../scripts/build-schemas';
import { loadGlossary } from '../../src/lib/glossary/load';
import { formatProblem } from '../../src/lib/glossary/types';
import { realGlossary, ROOT } from '../helpers';

const load = (text: string, name = 'people.yaml') => loadGlossary([{ name, text }]);
const messages = (text: string) => load(text).problems.map((p) => formatProblem(p));

describe('the real glossary', () => {
	it('loads without problems', () => {
		const { entries, problems } = realGlossary();
		expect(problems.map((p) => formatProblem(p))).toEqual([]);
		expect(entries.length).toBeGreaterThan(30);
	});

	it('has a note for readers on every entry', () => {
		const { entries } = realGlossary();
		expect(entries.filter((e) => !e.note?.trim()).map((e) => e.id)).toEqual([]);
	});

	/**
	 * Every entry here is something Chinese text names: the transcripts are translated from
	 * Chinese, and a name's Chinese form (`source`) is what the suggester reads to find its
	 * garbles. So every person, organization, place and term has one, in Chinese characters,
	 * except the entries below, each with why it has none.
	 */
	const NO_SOURCE: Record<string, string> = {
		'michael-chong':
			'listed only so that "Michael Chong" is matched whole and never read as Michael Spavor; no garble of him is known',
		'julia-garratt': 'her one garble, "Julia garrat", misspells the English name',
		'donald-trump': 'his one garble, "trump", is the English name lowercased',
		'heath-macdonald': 'his one garble, "Heath McDonald", misspells the English name',
		'melanie-joly': 'her one garble, "Melanie Joly", is the English name without its accent',
		'william-ehrcke': 'no Chinese form of his name was found (its note says so)',
		cgtn: 'an English acronym, written CGTN in Chinese too; the Chinese name is on china-global-television-network',
		'5g': 'written 5G in Chinese too',
		'sino-canadian':
			'an adjective of two country names (中加, in its note), not a name: its garble is the English words unhyphenated',
		'china-canada':
			'an adjective of two country names (中加, in its note), not a name: its garble is the English words unhyphenated',
		'canada-china':
			'an adjective of two country names (加中, in its note), not a name: its garble is the English words unhyphenated'
	};

	it('has a source form in Chinese characters for every Chinese name', () => {
		const { entries } = realGlossary();
		const missing = entries.filter((e) => !e.source && !(e.id in NO_SOURCE));
		expect(
			missing.map((e) => `${e.kind} ${e.id} (glossary/${e.file}:${e.line}): no source`)
		).toEqual([]);
		const notChinese = entries.filter((e) => e.source && !/^[\p{Script=Han}\d·]+$/u.test(e.source));
		expect(notChinese.map((e) => `${e.id}: ${e.source}`)).toEqual([]);
		// The exceptions are real entries that still have no source: the list cannot go stale.
		const byId = new Map(entries.map((e) => [e.id, e]));
		for (const id of Object.keys(NO_SOURCE)) {
			expect(byId.has(id), id).toBe(true);
			expect(byId.get(id)?.source, id).toBeUndefined();
		}
		// Every kind is checked: people, organizations, places and terms all have sources.
		const kinds = new Set(entries.filter((e) => e.source).map((e) => e.kind));
		expect([...kinds].sort()).toEqual(['organization', 'person', 'place', 'term']);
		expect(byId.get('meng-wanzhou')?.source).toBe('孟晚舟');
	});

	it('every glossary file names its JSON Schema on its first line', () => {
		const dir = path.join(ROOT, 'glossary');
		for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
			const first = readFileSync(path.join(dir, name), 'utf8').split('\n')[0];
			expect(first, name).toBe('# yaml-language-server: $schema=../schemas/glossary.schema.json');
		}
	});

	it('schemas/glossary.schema.json is what the generator makes now (npm run schemas)', async () => {
		const file = readFileSync(path.join(SCHEMA_DIR, 'glossary.schema.json'), 'utf8');
		expect(file).toBe((await schemaFiles())['glossary.schema.json']);
	});
});

describe('seen_in: where a variant was observed', () => {
	const variantWith = (seenIn: string) =>
		load(`- id: x
  canonical: X
  kind: term
  variants:
    - text: y
      seen_in: ${seenIn}
`);

	it('takes transcript slugs and http(s) URLs, and keeps them on the variant', () => {
		const { entries, problems } = variantWith(
			'[lu-kang-globe-and-mail-interview-2020, "https://www.10100.com/article/41066328", http://example.org]'
		);
		expect(problems).toEqual([]);
		expect(entries[0]!.variants[0]).toEqual({
			text: 'y',
			seenIn: [
				'lu-kang-globe-and-mail-interview-2020',
				'https://www.10100.com/article/41066328',
				'http://example.org'
			]
		});
	});

	it.each([
		[
			'Lu Kang interview',
			'must be a transcript slug (lowercase words joined by "-") or an http(s) URL'
		],
		[
			'lu-kang/../etc',
			'must be a transcript slug (lowercase words joined by "-") or an http(s) URL'
		],
		[
			'ftp://example.org/x',
			'must be a transcript slug (lowercase words joined by "-") or an http(s) URL'
		],
		[
			'javascript:alert(1)',
			'must be a transcript slug (lowercase words joined by "-") or an http(s) URL'
		],
		['https://', 'must be a transcript slug (lowercase words joined by "-") or an http(s) URL'],
		[
			'"https://exa mple.org"',
			'must be a transcript slug (lowercase words joined by "-") or an http(s) URL'
		],
		['"https://[::1"', 'is not a valid URL']
	])('refuses %s, located at the place', (place, message) => {
		expect(
			variantWith(`[${place}]`).problems.map((p) => `${p.line} ${p.field}: ${p.message}`)
		).toEqual([`6 variants[0].seen_in[0]: ${message}`]);
	});

	it('refuses an empty list and a place listed twice', () => {
		expect(variantWith('[]').problems.map((p) => p.field)).toEqual(['variants[0].seen_in']);
		expect(variantWith('[a-b, a-b]').problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
			'variants[0].seen_in: lists a place twice'
		]);
	});

	it('only documents: two variants that differ only in seen_in (or note) are duplicates', () => {
		const { problems, entries } = load(`- id: x
  canonical: X
  kind: term
  variants:
    - { text: y, followed_by: ' z', seen_in: [a] }
    - { text: y, followed_by: ' z', seen_in: [b], note: again }
    - { text: y, followed_by: ' w', seen_in: [b] }
`);
		expect(problems.map((p) => formatProblem(p))).toEqual([
			'glossary/people.yaml:1: entry x, variants[1]: duplicate variant "y"'
		]);
		expect(entries[0]!.variants.map((v) => v.followedBy)).toEqual([' z', ' w']);
	});

	it('is filled for the variants the seed transcripts show, with their slugs', () => {
		const seen = realGlossary()
			.entries.flatMap((e) => e.variants)
			.flatMap((v) => v.seenIn ?? []);
		expect(seen.length).toBeGreaterThan(40);
		const slugs = new Set(
			readdirSync(path.join(ROOT, 'transcripts'))
				.filter((n) => n.endsWith('.txt'))
				.map((n) => n.slice(0, -4))
		);
		// A slug names a transcript that is there.
		expect(seen.filter((place) => !/^https?:/.test(place) && !slugs.has(place))).toEqual([]);
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
