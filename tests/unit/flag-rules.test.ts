import { fc, test } from '@fast-check/vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRepetitionExceptions } from '../../src/lib/flags/repetition';
import { formatRuleProblem, loadRules, RuleMatcher, type Rule } from '../../src/lib/flags/rules';
import { MARKER_CLOSE, MARKER_OPEN, readMarker } from '../../src/lib/flags/schema';
import { schemaFiles, SCHEMA_DIR } from '../../scripts/build-schemas';
import { LU_KANG, ROOT, transcript } from '../helpers';

const RULES = path.join(ROOT, 'rules');
// repetitions.yaml lists exceptions of the repeated-word check (repetition.ts): not flag rules.
const files = readdirSync(RULES)
	.filter((name) => name.endsWith('.yaml') && name !== 'repetitions.yaml')
	.map((name) => ({ name, text: readFileSync(path.join(RULES, name), 'utf8') }));
const real = loadRules(files);
const matcher = new RuleMatcher(real.rules);

/** Every flag of every paragraph (line) of a transcript, with absolute offsets. */
function flagsOf(text: string) {
	let offset = 0;
	return text.split('\n').flatMap((line) => {
		const flags = matcher.find(line, { offset });
		offset += line.length + 1;
		return flags;
	});
}

describe('the rules folder', () => {
	it('loads with no problems', () => {
		expect(real.problems.map((p) => formatRuleProblem(p))).toEqual([]);
		expect(real.rules.length).toBeGreaterThanOrEqual(35);
	});

	const examples = real.rules.flatMap((rule) =>
		rule.examples.map(({ text, span }, i) => ({
			id: rule.id,
			text,
			span,
			where: `rules/${rule.file}:${rule.line}: rule ${rule.id}, examples[${i}]`,
			// As written, for the test's name: the flagged words between the tags.
			marked: span
				? text.slice(0, span.start) +
					MARKER_OPEN +
					text.slice(span.start, span.end) +
					MARKER_CLOSE +
					text.slice(span.end)
				: text
		}))
	);
	const counterexamples = real.rules.flatMap((rule) =>
		rule.counterexamples.map((text) => ({ id: rule.id, text }))
	);

	it('every example pins the words its rule flags with <marker>…</marker>', () => {
		expect(examples.filter((x) => !x.span).map((x) => x.where)).toEqual([]);
	});

	// As LanguageTool's tests do: the rule flags the marked words, exactly, and nothing else.
	it.each(examples)('$id flags exactly the marked words: $marked', ({ id, text, span }) => {
		const flags = matcher.find(text).filter((f) => f.rule === id);
		expect(flags.map((f) => ({ start: f.start, end: f.end, actual: f.actual }))).toEqual([
			{ ...span, actual: text.slice(span!.start, span!.end) }
		]);
	});

	it.each(counterexamples)('$id leaves alone: $text', ({ id, text }) => {
		expect(matcher.find(text).map((f) => f.rule)).not.toContain(id);
	});
});

describe('the seed transcripts', () => {
	const clean = [
		'china-canada-joly-beijing-2024-b',
		'china-canada-wang-yi-garneau',
		'china-canada-wang-yi-joly-2024-a'
	];

	it.each(clean)('%s (human-written) has no warning or error', (slug) => {
		const serious = flagsOf(transcript(slug)).filter((f) => f.severity !== 'info');
		expect(serious.map((f) => `${f.rule}: ${f.actual}`)).toEqual([]);
	});

	it('flags the machine-translated Lu Kang interview', () => {
		const text = transcript(LU_KANG);
		const flags = flagsOf(text);
		for (const f of flags) expect(text.slice(f.start, f.end)).toBe(f.actual);
		const found = (rule: string) => flags.filter((f) => f.rule === rule).map((f) => f.actual);
		expect(found('insertion/novel-coronavirus-pneumonia').length).toBeGreaterThanOrEqual(5);
		expect(found('insertion/novel-coronavirus-pneumonia')).toContain('novel coronavirus pneumonia');
		expect(found('idiom/one-hand-cannot-clap')).toEqual(['one hand can’t make a sound']);
		expect(found('calque/new-crown-pneumonia')).toContain('new crown pneumonia');
	});
});

describe('RuleMatcher', () => {
	const rule = (fields: Partial<Rule>): Rule => ({
		id: 'test/rule',
		kind: 'literal-idiom',
		severity: 'warning',
		phrases: ['one hand can’t make a sound'],
		message: 'Literal idiom.',
		examples: [{ text: 'x' }],
		counterexamples: [],
		file: 'test.yaml',
		line: 1,
		...fields
	});

	it('reports a flag in the shape of a finding, with absolute offsets', () => {
		const m = new RuleMatcher([rule({ suggestion: 'it takes two to tango', note: 'A chengyu.' })]);
		expect(m.find("But ONE HAND CAN'T  make a sound.", { offset: 100 })).toEqual([
			{
				source: 'quality',
				rule: 'test/rule',
				kind: 'literal-idiom',
				start: 104,
				end: 132,
				actual: "ONE HAND CAN'T  make a sound",
				expected: ['it takes two to tango'],
				message: 'Literal idiom.',
				severity: 'warning',
				form: 'one hand can’t make a sound',
				note: 'A chengyu.'
			}
		]);
		expect(m.find('one hand can’t make a sounding board')).toEqual([]);
		expect(m.find('one hand can’t make a sound')[0]!.expected).toEqual(['it takes two to tango']);
		expect(new RuleMatcher([rule({})]).find('one hand can’t make a sound')[0]!.expected).toEqual(
			[]
		);
	});

	it('honours unless_followed_by and unless_preceded_by, anchored at the match', () => {
		const m = new RuleMatcher([
			rule({
				phrases: ['Premier Carney'],
				unlessFollowedBy: '\\s+of\\b',
				unlessPrecededBy: 'former\\s+$'
			})
		]);
		expect(m.find('Premier Carney spoke').length).toBe(1);
		expect(m.find('Premier Carney of Ontario spoke')).toEqual([]);
		expect(m.find('the former Premier Carney spoke')).toEqual([]);
		// Anchored: "of" later in the sentence, "former" earlier, do not count.
		expect(m.find('Premier Carney spoke of trade').length).toBe(1);
		expect(m.find('former colleague Premier Carney').length).toBe(1);
	});

	it('leaves a paragraph alone that holds an unless_in_paragraph_with phrase, as a whole phrase', () => {
		const m = new RuleMatcher([
			rule({ unlessInParagraphWith: ['idiom', 'Chinese saying'] }),
			rule({ id: 'test/other', phrases: ['people mountain people sea'] })
		]);
		const idiom = 'one hand can’t make a sound';
		expect(m.find(`An old Chinese idiom: ${idiom}.`)).toEqual([]);
		expect(m.find(`As the CHINESE  SAYING goes, ${idiom}.`)).toEqual([]);
		expect(m.find(`${idiom}, says the idiom`)).toEqual([]);
		expect(m.find(`Idiomatic English: ${idiom}.`).length).toBe(1);
		// Only the rule that lists the phrase is quieted.
		expect(m.find(`An idiom: people mountain people sea`).map((f) => f.rule)).toEqual([
			'test/other'
		]);
	});

	it('tries a shorter phrase when the context rejects the longer one', () => {
		const m = new RuleMatcher([
			rule({ id: 'test/long', phrases: ['Secretary General Xi Jinping'], unlessFollowedBy: ',' }),
			rule({ id: 'test/short', phrases: ['Secretary General Xi'] })
		]);
		expect(m.find('Secretary General Xi Jinping said').map((f) => f.rule)).toEqual(['test/long']);
		expect(m.find('Secretary General Xi Jinping, who').map((f) => [f.rule, f.actual])).toEqual([
			['test/short', 'Secretary General Xi']
		]);
	});

	// Random texts from rule phrases and seed lines: every flag's offsets give back its text,
	// flags come in reading order and do not overlap.
	const phrases = real.rules.flatMap((r) => r.phrases);
	const seedLines = ['china-canada-wang-yi-garneau', LU_KANG]
		.flatMap((slug) => transcript(slug).split('\n'))
		.filter((line) => line.length > 0)
		.map((line) => line.slice(0, 200));
	const piece = fc.oneof(
		fc.constantFrom(...phrases),
		fc.constantFrom(...phrases).map((p) => p.toUpperCase().replace(/'/g, '’')),
		fc.constantFrom(...seedLines),
		fc.constantFrom(' ', '  ', ', ', '. ', '“', '”', '\u00a0', 'x', 'é')
	);
	test.prop([fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')), fc.nat(10_000)])(
		'offsets slice back to the flagged text',
		(text, offset) => {
			const flags = matcher.find(text, { offset });
			let last = offset;
			for (const f of flags) {
				expect(text.slice(f.start - offset, f.end - offset)).toBe(f.actual);
				expect(f.start).toBeGreaterThanOrEqual(last);
				expect(f.end).toBeGreaterThan(f.start);
				last = f.end;
			}
		}
	);
});

describe('loadRules problems', () => {
	/** A valid rule: six lines of YAML. */
	const valid = (id: string, phrase: string) =>
		[
			`- id: ${id}`,
			'  kind: literal-idiom',
			'  severity: warning',
			`  phrases: [${phrase}]`,
			'  message: Literal idiom.',
			'  examples: [x]',
			''
		].join('\n');

	const cases: { what: string; files: Record<string, string>; problems: string[] }[] = [
		{
			what: 'bad YAML',
			files: { 'bad.yaml': `${valid('idiom/a', 'a')}- id: idiom/b\n  kind: x\n  kind: y\n` },
			problems: ['rules/bad.yaml:9: invalid YAML: Map keys must be unique']
		},
		{
			what: 'not a list',
			files: { 'map.yaml': 'id: idiom/a\n' },
			problems: ['rules/map.yaml:1: a rules file must be a list of rules (`- id: …`)']
		},
		{
			what: 'unknown kind',
			files: { 'kind.yaml': valid('idiom/a', 'a').replace('literal-idiom', 'idiom') },
			problems: [
				'rules/kind.yaml:2: rule idiom/a, kind: Invalid option: expected one of "repeated-word"|"literal-idiom"|"spurious-insertion"|"mt-artifact"|"mistranslated-title"|"unknown-name"|"label-anomaly"'
			]
		},
		{
			what: 'duplicate id across files (the later file loses)',
			files: { 'b.yaml': valid('idiom/a', 'b'), 'a.yaml': valid('idiom/a', 'a') },
			problems: ['rules/b.yaml:1: rule idiom/a, id: duplicate id: already used at rules/a.yaml:1']
		},
		{
			what: 'phrase of two rules, folded',
			files: {
				'a.yaml': valid('idiom/a', 'one palm, "can\'t clap"'),
				'b.yaml': valid('idiom/b', 'two, "One  Palm"')
			},
			problems: [
				'rules/b.yaml:4: rule idiom/b, phrases[1]: "One  Palm" is already a phrase of rule idiom/a'
			]
		},
		{
			what: 'invalid regex',
			files: {
				're.yaml': `${valid('idiom/a', 'a')}  unless_preceded_by: '(?<=x'\n`
			},
			problems: [
				'rules/re.yaml:7: rule idiom/a, unless_preceded_by: is not a valid regular expression: Invalid regular expression: /(?<=x/iu: Unterminated group'
			]
		},
		{
			what: 'unknown field',
			files: { 'f.yaml': `${valid('idiom/a', 'a')}  unless_followed: x\n` },
			problems: ['rules/f.yaml:7: rule idiom/a, unless_followed: unknown field "unless_followed"']
		},
		{
			what: 'empty phrases',
			files: { 'e.yaml': valid('idiom/a', '') },
			problems: ['rules/e.yaml:4: rule idiom/a, phrases: must list at least one phrase']
		},
		{
			what: 'empty phrase, a phrase that cannot start a word, bad id, missing fields',
			files: {
				'p.yaml': [
					'- kind: literal-idiom',
					'  phrases:',
					'    - a',
					"    - ' '",
					'    - (a',
					'  examples: []',
					'- id: Idiom/B',
					'  kind: mt-artifact',
					'  severity: fatal',
					'  message: m',
					'  phrases: [b]',
					'  examples: [b]',
					''
				].join('\n')
			},
			problems: [
				'rules/p.yaml:1: rule #1, id: is required',
				'rules/p.yaml:1: rule #1, severity: is required',
				'rules/p.yaml:4: rule #1, phrases[1]: must not be empty',
				'rules/p.yaml:5: rule #1, phrases[2]: must start with a letter or digit (phrases match from the start of a word)',
				'rules/p.yaml:1: rule #1, message: is required',
				'rules/p.yaml:6: rule #1, examples: must give at least one example sentence',
				'rules/p.yaml:7: rule Idiom/B, id: must be `<family>/<slug>`: lowercase words joined by "-"',
				'rules/p.yaml:9: rule Idiom/B, severity: Invalid option: expected one of "info"|"warning"|"error"'
			]
		}
	];

	it.each(cases)('$what', ({ files, problems }) => {
		const loaded = loadRules(Object.entries(files).map(([name, text]) => ({ name, text })));
		expect(loaded.problems.map((p) => formatRuleProblem(p))).toEqual(problems);
	});

	it('leaves out only the faulty rule, and never throws', () => {
		const text = `${valid('idiom/a', 'a')}${valid('idiom/b', '')}${valid('idiom/c', 'c')}`;
		const loaded = loadRules([{ name: 'x.yaml', text }]);
		expect(loaded.rules.map((r) => [r.id, r.file, r.line])).toEqual([
			['idiom/a', 'x.yaml', 1],
			['idiom/c', 'x.yaml', 13]
		]);
		for (const junk of ['', '---\n', '[', '- 3\n- [x]\n', '- id: a/b\n  phrases: {x: 1}\n']) {
			expect(() => loadRules([{ name: 'j.yaml', text: junk }])).not.toThrow();
		}
	});

	it('reports a phrase a rule lists twice, as matching reads it, and keeps the rule with it once', () => {
		const loaded = loadRules([
			{
				name: 'x.yaml',
				text: `${valid('idiom/a', 'The Globe, b, the  globe, B')}  unless_in_paragraph_with: [CEO, ceo]\n`
			}
		]);
		const twice = '(as matching reads it: case, apostrophes and spaces aside)';
		expect(loaded.problems.map((p) => formatRuleProblem(p))).toEqual([
			`rules/x.yaml:4: rule idiom/a, phrases[2]: "the  globe" is listed twice ${twice}: already phrases[0]; remove one`,
			`rules/x.yaml:4: rule idiom/a, phrases[3]: "B" is listed twice ${twice}: already phrases[1]; remove one`,
			`rules/x.yaml:7: rule idiom/a, unless_in_paragraph_with[1]: "ceo" is listed twice ${twice}: already unless_in_paragraph_with[0]; remove one`
		]);
		expect(loaded.rules[0]!.phrases).toEqual(['The Globe', 'b']);
		expect(loaded.rules[0]!.unlessInParagraphWith).toEqual(['CEO']);
		// Listed on separate lines, each problem is on the duplicate's own line.
		const lines = loadRules([
			{
				name: 'y.yaml',
				text: valid('idiom/a', 'a').replace(
					'  phrases: [a]',
					'  phrases:\n    - One Palm\n    - one palm'
				)
			}
		]);
		expect(lines.problems.map((p) => [p.line, p.field])).toEqual([[6, 'phrases[1]']]);
	});

	it('reports an example whose marker is not one pair around the flagged words', () => {
		const example = (...lines: string[]) =>
			loadRules([
				{
					name: 'm.yaml',
					text: valid('idiom/a', 'one palm').replace(
						'  examples: [x]',
						['  examples:', ...lines].join('\n')
					)
				}
			]).problems.map((p) => formatRuleProblem(p));
		const mark = 'mark the flagged words once: … <marker>words</marker> …';
		expect(
			example(
				'    - <marker>one palm</marker> and <marker>one palm</marker>',
				'    - <marker>one palm and more',
				'    - one palm</marker> and <marker>more',
				'    - One <marker> </marker>palm',
				'    - Clap <marker>one palm </marker>',
				'  counterexamples:',
				'    - <marker>two palms</marker>'
			)
		).toEqual([
			`rules/m.yaml:7: rule idiom/a, examples[0]: has 2 <marker> and 2 </marker>; ${mark}`,
			`rules/m.yaml:8: rule idiom/a, examples[1]: has 1 <marker> and 0 </marker>; ${mark}`,
			`rules/m.yaml:9: rule idiom/a, examples[2]: has </marker> before <marker>; ${mark}`,
			`rules/m.yaml:10: rule idiom/a, examples[3]: marks nothing; ${mark}`,
			'rules/m.yaml:11: rule idiom/a, examples[4]: the marker must hold the flagged words exactly, no space at either end',
			'rules/m.yaml:13: rule idiom/a, counterexamples[0]: is not flagged, so it marks nothing: remove <marker> and </marker>'
		]);
		// One pair is read into the sentence and the span of the words it marks.
		const ok = loadRules([
			{
				name: 'm.yaml',
				text: valid('idiom/a', 'one palm').replace(
					'  examples: [x]',
					"  examples: ['  Clap <marker>one palm</marker>!  ', no marker]"
				)
			}
		]);
		expect(ok.problems).toEqual([]);
		expect(ok.rules[0]!.examples).toEqual([
			{ text: 'Clap one palm!', span: { start: 5, end: 13 } },
			{ text: 'no marker' }
		]);
	});

	it('readMarker: the sentence without its tags, and the span of the marked words', () => {
		expect(readMarker('a <marker>b c</marker> d')).toEqual({
			text: 'a b c d',
			span: { start: 2, end: 5 }
		});
		expect(readMarker('<marker>all</marker>')).toEqual({ text: 'all', span: { start: 0, end: 3 } });
		expect(readMarker('none')).toEqual({ text: 'none' });
		expect(readMarker('</marker>x<marker>')).toHaveProperty('problem');
	});

	it('formats a problem without a file or a field', () => {
		const p = { file: 'idioms.yaml', line: 3, rule: 'idiom/x', field: '', message: 'bad' };
		expect(formatRuleProblem(p, 'my/rules/')).toBe('my/rules/idioms.yaml:3: rule idiom/x: bad');
		expect(formatRuleProblem({ ...p, file: '' })).toBe('rules: bad');
	});
});

describe('JSON Schemas for editors', () => {
	it('schemas/rules.schema.json and repetitions.schema.json are what the generator makes now (npm run schemas)', async () => {
		const files = await schemaFiles();
		for (const name of ['rules.schema.json', 'repetitions.schema.json']) {
			expect(readFileSync(path.join(SCHEMA_DIR, name), 'utf8'), name).toBe(files[name]);
		}
	});

	// No JSON Schema validator is installed; the patterns an editor checks examples with are the
	// part of the schema worth running here: they accept every real example and counterexample.
	it('the schema’s example patterns accept the real examples and refuse a marker misplaced', async () => {
		const { properties } = JSON.parse((await schemaFiles())['rules.schema.json']!).items;
		const example = new RegExp(properties.examples.items.pattern, 'u');
		const counterexample = new RegExp(properties.counterexamples.items.pattern, 'u');
		const raw = files.flatMap(
			(f) => parse(f.text) as { examples: string[]; counterexamples?: string[] }[]
		);
		expect(raw.flatMap((r) => r.examples).filter((x) => !example.test(x))).toEqual([]);
		expect(
			raw.flatMap((r) => r.counterexamples ?? []).filter((x) => !counterexample.test(x))
		).toEqual([]);
		for (const wrong of [
			'<marker>a</marker> <marker>b</marker>',
			'a <marker>b',
			'</marker>a<marker>',
			'<marker></marker>'
		]) {
			expect(example.test(wrong), wrong).toBe(false);
		}
		expect(counterexample.test('a <marker>b</marker>')).toBe(false);
	});

	it('every rules file names its schema on its first line', () => {
		for (const name of readdirSync(RULES).filter((n) => n.endsWith('.yaml'))) {
			const schema = name === 'repetitions.yaml' ? 'repetitions' : 'rules';
			const first = readFileSync(path.join(RULES, name), 'utf8').split('\n')[0];
			expect(first, name).toBe(`# yaml-language-server: $schema=../schemas/${schema}.schema.json`);
		}
	});

	// The repetitions schema is written by hand (repetition.ts keeps its zod schema private):
	// the loader must accept what it allows and refuse what it refuses.
	it('the repetitions schema says what the loader reads', async () => {
		const schema = JSON.parse((await schemaFiles())['repetitions.schema.json']!);
		const { properties, required, additionalProperties } = schema.items;
		const load = (entry: string) =>
			loadRepetitionExceptions({ name: 'r.yaml', text: `- ${entry}\n` }).problems.map(
				(p) => `${p.field}: ${p.message}`
			);
		expect(load("{ words: [bye, bye], note: 'Bye bye.' }")).toEqual([]);
		expect(required).toEqual(['words', 'note']);
		expect(load('{ words: [bye, bye] }')).toEqual(['note: is required']);
		expect(load("{ note: 'Bye bye.' }")).toEqual(['words: is required']);
		expect(additionalProperties).toBe(false);
		expect(load("{ words: [bye, bye], note: 'Bye bye.', why: x }")).toHaveLength(1);
		const { minItems, maxItems } = properties.words;
		const words = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 'and' : 'more'));
		expect(load(`{ words: [${words(minItems - 1)}], note: more }`)).toHaveLength(1);
		expect(load(`{ words: [${words(maxItems + 1)}], note: more and more and more }`)).toHaveLength(
			1
		);
		const word = new RegExp(properties.words.items.pattern, 'u');
		expect(['more', 'people-to-people', 'Nabokov’s', 'é'].every((w) => word.test(w))).toBe(true);
		expect(['two words', 'x,', ''].some((w) => word.test(w))).toBe(false);
		expect(load("{ words: ['two words', 'two words'], note: two words two words }")).not.toEqual(
			[]
		);
		// Every real exception fits the schema too.
		const real = parse(readFileSync(path.join(RULES, 'repetitions.yaml'), 'utf8')) as {
			words: string[];
			note: string;
		}[];
		for (const entry of real) {
			expect(Object.keys(entry).every((k) => k in properties)).toBe(true);
			expect(entry.words.length).toBeGreaterThanOrEqual(minItems);
			expect(entry.words.length).toBeLessThanOrEqual(maxItems);
			expect(
				entry.words.every((w) => word.test(w)),
				entry.words.join(' ')
			).toBe(true);
		}
	});
});
