import { fc } from '@fast-check/vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RE2JS } from 're2js';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { buildDocument } from '../../src/lib/document/mark';
import { formatRuleProblem, loadRules, RuleMatcher } from '../../src/lib/flags/rules';
import { loadGlossary } from '../../src/lib/glossary/load';
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import { formatProblem } from '../../src/lib/glossary/types';
import { applyCorrections } from '../../src/lib/document/normalize';
import {
	checkPattern,
	compileContext,
	MAX_PATTERN_LENGTH,
	type Anchor
} from '../../src/lib/text/safe-regex';
import { propertyRuns } from '../budget';
import { ROOT } from '../helpers';

/** What the matchers compiled before: the native engine, same wrapping, same flags. */
const native = (source: string, anchor: Anchor) =>
	new RegExp(anchor === 'start' ? `^(?:${source})` : `(?:${source})$`, 'iu');

/** The attack of the issue: a window of `n` a's and a `!`, against `\s(a+)+$`. */
const EVIL = String.raw`\s(a+)+$`;
const attack = (n: number) => `boom ${'a'.repeat(n)}!`;
/** The nested repeat that makes a backtracking engine take exponential time. */
const NESTED = '(a+)+';

/**
 * The work of the regex engines while `f` runs, as a count (a time depends on the machine):
 * how many times the linear engine (RE2JS) reads a byte of the texts it is given. A pattern
 * with the nested repeat run on the native, backtracking engine fails the test at once: that
 * is the attack (seconds on 27 a's, each further a doubling it).
 */
function engineReads(f: () => void): number {
	let reads = 0;
	const isIndex = (key: string | symbol) =>
		typeof key === 'string' && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57;
	const test = RE2JS.prototype.test;
	const linear = vi.spyOn(RE2JS.prototype, 'test').mockImplementation(function (
		this: RE2JS,
		input: string | number[] | Uint8Array
	) {
		// The same text as UTF-8 bytes, which the engine reads one at a time, each read counted.
		const bytes = typeof input === 'string' ? [...Buffer.from(input)] : input;
		const counted = new Proxy(bytes, {
			get(target, key, receiver) {
				if (isIndex(key)) reads++;
				return Reflect.get(target, key, receiver);
			}
		});
		return test.call(this, counted);
	});
	const exec = RegExp.prototype.exec;
	const native = vi.spyOn(RegExp.prototype, 'exec').mockImplementation(function (
		this: RegExp,
		text: string
	) {
		if (this.source.includes(NESTED)) throw new Error(`the native engine ran /${this.source}/`);
		return exec.call(this, text);
	});
	try {
		f();
	} finally {
		linear.mockRestore();
		native.mockRestore();
	}
	return reads;
}

/**
 * Whether the work grows at most in proportion to the text: twice the text, at most twice
 * the reads (a backtracking engine: 2^n times the work for n more a's).
 */
function expectLinear(reads: (size: number) => number, size: number) {
	const once = reads(size);
	expect(once).toBeGreaterThan(0);
	expect(reads(2 * size)).toBeLessThanOrEqual(2 * once);
}

const glossaryWith = (variant: string) =>
	loadGlossary([
		{
			name: 'terms.yaml',
			text: [
				'- id: boomerang',
				'  canonical: Boomerang',
				'  kind: term',
				'  variants:',
				'    - text: boom',
				`      ${variant}`,
				''
			].join('\n')
		}
	]);

const ruleWith = (field: string) =>
	loadRules([
		{
			name: 'insertions.yaml',
			text: [
				'- id: insertion/boom',
				'  kind: spurious-insertion',
				'  severity: warning',
				'  phrases: [boom]',
				'  message: Boom.',
				'  examples: [boom]',
				`  ${field}`,
				''
			].join('\n')
		}
	]);

// The timeouts are a safety net only: the work is counted (in reads and runs), and a loaded
// machine may take ten times as long.
describe(
	'the ReDoS attack of the issue, through the real loaders and matchers',
	{ timeout: 60_000 },
	() => {
		it('a glossary variant followed_by \\s(a+)+$ loads, and an upload with 27 a’s and a ! is read at once', () => {
			const { entries, problems } = glossaryWith(`followed_by: '${EVIL}'`);
			expect(problems).toEqual([]);
			const matcher = new GlossaryMatcher(entries);
			// It still means what it says: "boom" before a run of a's to the end of the text.
			expect(applyCorrections('boom aaa', matcher.findAlone('boom aaa'))).toBe('Boomerang aaa');
			expect(matcher.findAlone(attack(3))).toEqual([]);

			const read = (n: number) =>
				engineReads(() => {
					const doc = buildDocument(attack(n), matcher);
					expect(JSON.stringify(doc)).not.toContain('Boomerang');
				});
			expectLinear(read, 27);
		});

		it('stays linear on a long upload, and for the other three fields', () => {
			for (const field of ['followed_by', 'not_followed_by']) {
				const matcher = new GlossaryMatcher(glossaryWith(`${field}: '${EVIL}'`).entries);
				const upload = (lines: number) =>
					Array.from({ length: lines }, () => attack(150)).join('\n');
				expectLinear((lines) => engineReads(() => buildDocument(upload(lines), matcher)), 100);
			}
			for (const field of ['preceded_by', 'not_preceded_by']) {
				const { entries, problems } = glossaryWith(`${field}: '(a+)+\\s'`);
				expect(problems).toEqual([]);
				const matcher = new GlossaryMatcher(entries);
				const upload = (lines: number) =>
					Array.from({ length: lines }, () => `${'a'.repeat(150)}! boom`).join('\n');
				expectLinear((lines) => engineReads(() => buildDocument(upload(lines), matcher)), 100);
			}
		});

		it('a flag rule unless_followed_by \\s(a+)+$ loads and runs in linear time', () => {
			const { rules, problems } = ruleWith(`unless_followed_by: '${EVIL}'`);
			expect(problems).toEqual([]);
			const matcher = new RuleMatcher(rules);
			expect(matcher.find('boom aaa')).toEqual([]);
			let flags = 0;
			expectLinear((n) => engineReads(() => (flags = matcher.find(attack(n)).length)), 27);
			expect(flags).toBe(1);
			const long = (attacks: number) =>
				Array.from({ length: attacks }, () => attack(150)).join(' ');
			expectLinear((attacks) => engineReads(() => matcher.find(long(attacks))), 1000);
		});

		it('a lookbehind runs in linear time too', () => {
			const lookbehind = compileContext('(?<!(a+)+b)', 'end');
			expectLinear(
				(n) => engineReads(() => expect(lookbehind.test(`${'a'.repeat(n)}!`)).toBe(true)),
				50_000
			);
		});
	}
);

/** Every context pattern in the real glossary and rules files, with where it is. */
function realPatterns(): { where: string; field: string; source: string }[] {
	const found: { where: string; field: string; source: string }[] = [];
	const fields =
		/^(preceded_by|followed_by|not_preceded_by|not_followed_by|unless_preceded_by|unless_followed_by)$/;
	const walk = (value: unknown, where: string) => {
		if (Array.isArray(value)) value.forEach((v) => walk(v, where));
		else if (value && typeof value === 'object') {
			for (const [key, v] of Object.entries(value)) {
				if (fields.test(key) && typeof v === 'string') found.push({ where, field: key, source: v });
				else walk(v, where);
			}
		}
	};
	for (const folder of ['glossary', 'rules']) {
		const dir = path.join(ROOT, folder);
		for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
			walk(parse(readFileSync(path.join(dir, name), 'utf8')), `${folder}/${name}`);
		}
	}
	return found;
}

/** The lookaheads the rules used, and what they are now: the same test, without lookahead. */
const REWRITES = [
	{ was: String.raw`(?!\s*[:：])`, now: String.raw`\s*(?:[^\s:：]|$)` },
	{ was: String.raw`(?!\s*[:：\[【])`, now: String.raw`\s*(?:[^\s:：\[【]|$)` }
];

/** Random texts made of a pattern's own words and the characters where engines may differ. */
function textsFor(source: string) {
	const words = source.match(/\p{L}[\p{L}\d-]*/gu) ?? [];
	const tokens = [
		...new Set([...words, ...words.map((w) => w.toUpperCase())]),
		...[' ', '  ', '\u00a0', '\u3000', '\u2009', '\t', '\n', '\r', '\u2028'],
		...[',', '.', ':', '：', '-', '–', '(', ')', '[', '【', '&', '’', "'", '!'],
		...['é', 'É', 'ß', '中', '😀', '1', '19', '_', 'a', 'x', 'NCP', 'COVID-19', 'of']
	];
	return fc.array(fc.constantFrom(...tokens), { maxLength: 14 }).map((t) => t.join(''));
}

describe('the real glossary and rules', { timeout: 60_000 }, () => {
	const patterns = realPatterns();

	it('have context patterns to check', () => {
		expect(patterns.length).toBeGreaterThanOrEqual(20);
	});

	it('every context pattern is accepted by the safe engine', () => {
		const refused = patterns.flatMap(({ where, field, source }) => {
			const problem = checkPattern(source);
			return problem ? [`${where} ${field} '${source}': ${problem.message}`] : [];
		});
		expect(refused).toEqual([]);
	});

	it('every accepted pattern matches exactly as the native engine did, at either anchor', () => {
		for (const { source } of patterns.filter((p) => !checkPattern(p.source))) {
			for (const anchor of ['start', 'end'] as const) {
				const safe = compileContext(source, anchor);
				const old = native(source, anchor);
				fc.assert(
					fc.property(textsFor(source), (text) => {
						expect(safe.test(text), `/${source}/ ${anchor} on ${JSON.stringify(text)}`).toBe(
							old.test(text)
						);
					}),
					propertyRuns(100, 300)
				);
			}
		}
	});

	it.each(REWRITES)('the lookahead $was is refused, and $now tests the same', ({ was, now }) => {
		expect(checkPattern(was)?.message).toMatch(/^uses a negative lookahead \(\?!…\)/);
		expect(checkPattern(now)).toBeUndefined();
		const safe = compileContext(now, 'start');
		const old = native(was, 'start');
		fc.assert(
			fc.property(textsFor(`${was} editor ji`), (text) => {
				expect(safe.test(text), JSON.stringify(text)).toBe(old.test(text));
			}),
			propertyRuns(200, 2000)
		);
		for (const text of [': x', ' ：', '  [Ji', '【', '', ' ', ' of', 'x']) {
			expect(safe.test(text), JSON.stringify(text)).toBe(old.test(text));
		}
	});
});

describe('translation keeps the JavaScript meaning', { timeout: 60_000 }, () => {
	const cases: [string, string[]][] = [
		// \s is Unicode in JavaScript, ASCII in RE2.
		[
			String.raw`\s+and\s+Mai\b`,
			[' and Mai', '\u00a0and\u3000Mai', '\u2009and\tMai’s', ' and Maize']
		],
		[String.raw`[^\s:]`, ['\u00a0', '\u3000', 'x', ':']],
		[String.raw`\S+`, ['\u00a0', 'x', '\u3000']],
		// `.` leaves out line terminators in JavaScript; RE2 only leaves out \n.
		['a.b', ['a\rb', 'a\u2028b', 'a\u2029b', 'a\nb', 'a b', 'a😀b', 'aéb']],
		// \b and \w are ASCII in both: Kang\b holds before é, ’ and 中 alike.
		[String.raw`Kang\b`, ['Kang', 'Kangé', 'Kang’s', 'Kang中', 'Kang_', 'Kang1', 'KANG ']],
		[String.raw`\bKang`, ['éKang', '’Kang', '中Kang', 'aKang', ' kang']],
		[String.raw`\Bé`, ['aé', ' é', 'é']],
		[String.raw`\w+`, ['é', 'a', '_', '中']],
		// Unicode properties, with case folding (\p{Lu} under `i` takes lower case letters too).
		[String.raw`\p{Lu}\p{L}+`, ['Québec', 'québec', 'ÉCOLE', '1abc', '中文']],
		[String.raw`\p{Letter}\p{Uppercase_Letter}`, ['aB', 'ab', '1B']],
		[String.raw`\p{Script=Han}+`, ['中国', 'China', '中']],
		[String.raw`\p{sc=Latin}`, ['a', '中']],
		[String.raw`[\p{L}\d]+`, ['a1', '-', '中']],
		// Case folding beyond ASCII.
		['québec', ['QUÉBEC', 'Quebec']],
		['straße', ['STRASSE', 'STRAẞE', 'straße']],
		// Escapes, classes and groups written the JavaScript way.
		[String.raw`\u00e9\u{1F600}\uD83D\uDE00`, ['é😀😀', 'e😀😀']],
		[String.raw`\x41\cJ\0`, ['a\n\0', 'A\n\0']],
		[String.raw`[\b]`, ['\b', 'b']],
		['[[:]+', ['[:', 'a']],
		[String.raw`[a-c-e]+`, ['a-e', 'd']],
		[String.raw`[\-^]`, ['-', '^', 'x']],
		['[]a', ['a', '']],
		['[^]a', ['xa', 'a']],
		[String.raw`(?<name>ab)+|c(d)`, ['abab', 'cd', 'x']],
		[String.raw`\$\.\/\(\)\[\]\{\}\|\?\*\+\^\\`, ['$./()[]{}|?*+^\\']],
		['a{2,3}?b{2}', ['aab', 'aabb', 'aaabb']],
		// Lookbehinds run on the linear engine.
		[
			String.raw`(?<!(?:\d|million|of)[\s-]*)$`,
			['1.5 million ', '15 ', 'Each ', '', 'proof ', '10-', 'MILLION -  ', 'millions']
		],
		[String.raw`(?<=\bKang\s)`, ['Kang ', 'Lu Kang ', 'kang', 'Kang\u00a0']]
	];

	it.each(cases)('%s', (source, samples) => {
		expect(checkPattern(source)).toBeUndefined();
		for (const anchor of ['start', 'end'] as const) {
			const safe = compileContext(source, anchor);
			const old = native(source, anchor);
			for (const text of samples) {
				expect(safe.test(text), `${anchor} ${JSON.stringify(text)}`).toBe(old.test(text));
			}
		}
	});

	it('\\s, \\S and . take exactly the characters they take in JavaScript (every BMP code point)', () => {
		const space = compileContext(String.raw`\s`, 'start');
		const other = compileContext(String.raw`[^\s]`, 'start');
		const dot = compileContext('.', 'start');
		const differ: string[] = [];
		for (let cp = 0; cp <= 0xffff; cp++) {
			if (cp >= 0xd800 && cp <= 0xdfff) continue;
			const c = String.fromCharCode(cp);
			const s = /^\s/u.test(c);
			if (space.test(c) !== s || other.test(c) === s || dot.test(c) !== /^./u.test(c)) {
				differ.push(cp.toString(16));
			}
		}
		expect(differ).toEqual([]);
	});
});

describe('refused patterns', () => {
	const refused: [string, RegExp][] = [
		['(?=x)', /^uses a lookahead \(\?=…\)/],
		['Kang(?!\\s+said)', /^uses a negative lookahead \(\?!…\)/],
		['(a)\\1', /^uses a backreference \\1/],
		['(?<n>a)\\k<n>', /^uses a backreference \\k<…>/],
		['[\\S:]', /^uses \\S inside a character class/],
		['a{1001}', /^is not supported by the safe regex engine \(RE2\): invalid repeat count/],
		['\\w{1,600}x', /^is too large for a context rule: it compiles to \d+ steps, at most 1000/],
		['\\p{Script_Extensions=Han}', /^uses \\p\{Script_Extensions=Han\}/],
		['\\p{sc=Hani}', /^is not supported by the safe regex engine \(RE2\): .*Hani/],
		['\ud800', /^contains a lone surrogate/],
		[String.fromCharCode(0xd800), /^contains a lone surrogate/],
		['x'.repeat(MAX_PATTERN_LENGTH + 1), /^is longer than 1000 characters/]
	];

	it.each(refused)('%s', (source, message) => {
		const problem = checkPattern(source);
		expect(problem?.kind).toBe('unsupported');
		expect(problem?.message).toMatch(message);
		expect(() => compileContext(source, 'start')).toThrow(SyntaxError);
	});

	it('says when a pattern is not a regular expression at all', () => {
		expect(checkPattern('(unclosed')).toEqual({
			kind: 'invalid',
			message: 'Invalid regular expression: /(unclosed/iu: Unterminated group'
		});
		// RE2-only syntax is refused too: the patterns are JavaScript regexes.
		expect(checkPattern('\\pL')?.kind).toBe('invalid');
		expect(checkPattern('(?i)x')?.kind).toBe('invalid');
	});

	it('are located glossary problems (file, line, entry, field)', () => {
		const { entries, problems } = loadGlossary([
			{
				name: 'people.yaml',
				text: [
					'- id: michael-kovrig',
					'  canonical: Michael Kovrig',
					'  kind: person',
					'  variants:',
					'    - cummingkai',
					'    - text: Kang',
					"      not_followed_by: '\\s+(?!said)'",
					'    - text: Kang',
					"      preceded_by: '(\\w)\\1 '",
					'- id: x',
					'  canonical: X',
					'  kind: term',
					'  variants:',
					'    - text: y',
					"      followed_by: '(?=z)'",
					"      not_preceded_by: '[\\S]'",
					''
				].join('\n')
			}
		]);
		expect(problems.map((p) => formatProblem(p))).toEqual([
			'glossary/people.yaml:7: entry michael-kovrig, variants[1].not_followed_by: uses a negative lookahead (?!…), which the safe regex engine (RE2) does not support; match what may follow instead, e.g. \\s*(?:[^\\s:]|$) for (?!\\s*:)',
			'glossary/people.yaml:9: entry michael-kovrig, variants[2].preceded_by: uses a backreference \\1, which the safe regex engine (RE2) does not support',
			'glossary/people.yaml:15: entry x, variants[0].followed_by: uses a lookahead (?=…), which the safe regex engine (RE2) does not support',
			'glossary/people.yaml:16: entry x, variants[0].not_preceded_by: uses \\S inside a character class, which the safe regex engine does not support; write (?:[…]|\\S)'
		]);
		expect(entries).toEqual([]);
	});

	it('are located rule problems (file, line, rule, field)', () => {
		expect(
			ruleWith("unless_followed_by: '(?!\\s*[:：])'").problems.map((p) => formatRuleProblem(p))
		).toEqual([
			'rules/insertions.yaml:7: rule insertion/boom, unless_followed_by: uses a negative lookahead (?!…), which the safe regex engine (RE2) does not support; match what may follow instead, e.g. \\s*(?:[^\\s:]|$) for (?!\\s*:)'
		]);
		expect(
			ruleWith("unless_preceded_by: '(\\w+)\\s+\\1'").problems.map((p) => formatRuleProblem(p))
		).toEqual([
			'rules/insertions.yaml:7: rule insertion/boom, unless_preceded_by: uses a backreference \\1, which the safe regex engine (RE2) does not support'
		]);
	});

	it('a matcher given an unchecked pattern throws instead of running it on the native engine', () => {
		const entry = glossaryWith("followed_by: 'x'").entries[0]!;
		const bad = { ...entry, variants: [{ text: 'boom', followedBy: '(?=x)' }] };
		expect(() => new GlossaryMatcher([bad])).toThrow(/lookahead/);
		const rule = ruleWith("unless_followed_by: 'x'").rules[0]!;
		expect(() => new RuleMatcher([{ ...rule, unlessPrecededBy: '(a)\\1' }])).toThrow(
			/backreference/
		);
	});
});
