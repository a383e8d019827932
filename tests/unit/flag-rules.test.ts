import { fc, test } from '@fast-check/vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRuleProblem, loadRules, RuleMatcher, type Rule } from '../../src/lib/flags/rules';
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
		rule.examples.map((text) => ({ id: rule.id, text }))
	);
	const counterexamples = real.rules.flatMap((rule) =>
		rule.counterexamples.map((text) => ({ id: rule.id, text }))
	);

	it.each(examples)('$id flags: $text', ({ id, text }) => {
		expect(matcher.find(text).map((f) => f.rule)).toContain(id);
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
		examples: ['x'],
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

	it('keeps phrases of one rule that fold alike once', () => {
		const loaded = loadRules([
			{ name: 'x.yaml', text: valid('idiom/a', 'The Globe, the  globe, b') }
		]);
		expect(loaded.problems).toEqual([]);
		expect(loaded.rules[0]!.phrases).toEqual(['The Globe', 'b']);
	});

	it('formats a problem without a file or a field', () => {
		const p = { file: 'idioms.yaml', line: 3, rule: 'idiom/x', field: '', message: 'bad' };
		expect(formatRuleProblem(p, 'my/rules/')).toBe('my/rules/idioms.yaml:3: rule idiom/x: bad');
		expect(formatRuleProblem({ ...p, file: '' })).toBe('rules: bad');
	});
});
