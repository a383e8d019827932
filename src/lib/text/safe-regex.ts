/**
 * The one place where regular expressions written by people (glossary context rules, flag
 * rules, suggestions accepted in the app) are checked and compiled. Pure: no I/O, no state.
 *
 * Why a linear-time engine: a context rule is run on text anyone can upload, and a
 * backtracking engine takes exponential time on some patterns (`\s(a+)+$` against `boom`
 * followed by 27 `a`s and a `!` took 9 s, each further `a` doubling it). Bounding the text
 * does not help: the 120-code-unit window still leaves 2^120 paths. A static "is this pattern
 * safe" check (star height, nested or overlapping quantifiers, ambiguity) is easy to get
 * subtly wrong, and a check that is not provably conservative is no defence. So every user
 * regex runs on RE2JS (an RE2 port: automata, time linear in the text), and one that engine
 * cannot run is refused, as a problem the loaders locate by file, line, entry and field.
 *
 * The patterns are still written, and first validated, as JavaScript regexes with flags `iu`
 * (as they always were), then translated to RE2 syntax so that they mean what they meant:
 * - `\s`, `\S` and `.` are spelled out: RE2's `\s` is ASCII only and its `.` matches `\r`,
 *   U+2028 and U+2029; JavaScript's `\s` includes U+00A0, U+3000 and the other Unicode spaces.
 * - `\b`, `\B`, `\w` and `\d` are kept: in JavaScript they are ASCII-based too (so `Kang\b`
 *   holds before `é` or `’` with either engine). The one known difference: with `iu`,
 *   JavaScript also counts U+017F (ſ) and U+212A (Kelvin sign) as word characters for `\b`.
 * - `\p{…}`: `L`, `Lu` and the other general categories, with their long names
 *   (`Letter`, `Uppercase_Letter`), `Script=Han`, and the binary properties RE2JS knows.
 *   `\P{Lu}` under `i` keeps RE2's reading (neither case of a cased letter), not
 *   JavaScript's (every character, since each has a non-uppercase case variant).
 * - Groups become non-capturing (a context rule only asks whether it matches).
 * - Lookbehinds `(?<=…)`, `(?<!…)` are kept: RE2JS runs them in linear time (its
 *   `LOOKBEHINDS` flag, on the NFA, only for patterns that have one).
 * Refused: lookaheads `(?=…)`/`(?!…)` and backreferences (no linear-time engine runs them),
 * modifier groups `(?i:…)`, `\S` inside a character class, lone surrogates, repeat counts
 * over 1000, patterns longer than {@link MAX_PATTERN_LENGTH} or compiling to more than
 * {@link MAX_PROGRAM_SIZE} steps (so one test of a 120-character window stays well under a
 * millisecond).
 */
import { RE2JS } from 're2js';

/** Longest pattern accepted, in code units: the real ones are under 400. */
export const MAX_PATTERN_LENGTH = 1000;
/**
 * Largest compiled program accepted (RE2's `programSize`, about one step per character,
 * class or repeat): the time to test a window grows with it, so this bounds the cost of one
 * test. The real patterns compile to at most about 200 steps.
 */
export const MAX_PROGRAM_SIZE = 1000;

/** Why a pattern cannot be a context rule: not a JavaScript regex at all, or not one RE2 runs. */
export type PatternProblem =
	{ kind: 'invalid'; message: string } | { kind: 'unsupported'; message: string };

/** A compiled context rule: does `text` (a bounded window around a match) satisfy it? */
export interface ContextRegex {
	readonly source: string;
	test(text: string): boolean;
}

/**
 * Where the window must satisfy the pattern: `start` for the text after a match
 * (`^(?:…)`), `end` for the text before it (`(?:…)$`).
 */
export type Anchor = 'start' | 'end';

/**
 * The problem with `source` as a context rule, or undefined when it is fine. The same check
 * for files at load and for a rule accepted in the app.
 */
export function checkPattern(source: string): PatternProblem | undefined {
	const compiled = compile(source, 'start');
	return 'problem' in compiled ? compiled.problem : undefined;
}

/** `source` compiled to run in linear time; throws when {@link checkPattern} finds a problem. */
export function compileContext(source: string, anchor: Anchor): ContextRegex {
	const compiled = compile(source, anchor);
	if ('problem' in compiled) {
		throw new SyntaxError(`Context pattern /${source}/ ${compiled.problem.message}`);
	}
	return compiled.regex;
}

function compile(
	source: string,
	anchor: Anchor
): { regex: ContextRegex } | { problem: PatternProblem } {
	if (source.length > MAX_PATTERN_LENGTH) {
		return unsupported(`is longer than ${MAX_PATTERN_LENGTH} characters`);
	}
	try {
		// Validation only: a native RegExp is never run on text.
		new RegExp(source, 'iu');
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return { problem: { kind: 'invalid', message } };
	}
	const translated = translate(source);
	if ('problem' in translated) return translated;
	const wrapped = anchor === 'start' ? `^(?:${translated.re2})` : `(?:${translated.re2})$`;
	const flags = RE2JS.CASE_INSENSITIVE | (translated.lookbehind ? RE2JS.LOOKBEHINDS : 0);
	let re: RE2JS;
	try {
		re = RE2JS.compile(wrapped, flags);
	} catch (error) {
		const message =
			error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : '';
		return unsupported(`is not supported by the safe regex engine (RE2): ${message}`);
	}
	if (re.programSize() > MAX_PROGRAM_SIZE) {
		return unsupported(
			`is too large for a context rule: it compiles to ${re.programSize()} steps, at most ${MAX_PROGRAM_SIZE}`
		);
	}
	return { regex: { source, test: (text) => re.test(text) } };
}

const unsupported = (message: string) => ({ problem: { kind: 'unsupported', message } as const });

/** JavaScript's `\s` (WhiteSpace and LineTerminator), as the inside of an RE2 class. */
const SPACE = String.raw`\t\n\x{B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`;
/** JavaScript's `.` without the `s` flag: anything but a line terminator. */
const DOT = String.raw`[^\n\r\x{2028}\x{2029}]`;
/** Characters JavaScript lets a `\` escape outside a class in `u` mode, as themselves. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
/** General categories by long name (JavaScript accepts both), for RE2, which knows the short. */
const CATEGORIES: Record<string, string> = {
	Letter: 'L',
	Cased_Letter: 'LC',
	Uppercase_Letter: 'Lu',
	Lowercase_Letter: 'Ll',
	Titlecase_Letter: 'Lt',
	Modifier_Letter: 'Lm',
	Other_Letter: 'Lo',
	Mark: 'M',
	Combining_Mark: 'M',
	Nonspacing_Mark: 'Mn',
	Spacing_Mark: 'Mc',
	Enclosing_Mark: 'Me',
	Number: 'N',
	Decimal_Number: 'Nd',
	digit: 'Nd',
	Letter_Number: 'Nl',
	Other_Number: 'No',
	Punctuation: 'P',
	punct: 'P',
	Connector_Punctuation: 'Pc',
	Dash_Punctuation: 'Pd',
	Open_Punctuation: 'Ps',
	Close_Punctuation: 'Pe',
	Initial_Punctuation: 'Pi',
	Final_Punctuation: 'Pf',
	Other_Punctuation: 'Po',
	Symbol: 'S',
	Math_Symbol: 'Sm',
	Currency_Symbol: 'Sc',
	Modifier_Symbol: 'Sk',
	Other_Symbol: 'So',
	Separator: 'Z',
	Space_Separator: 'Zs',
	Line_Separator: 'Zl',
	Paragraph_Separator: 'Zp',
	Other: 'C',
	Control: 'Cc',
	cntrl: 'Cc',
	Format: 'Cf',
	Surrogate: 'Cs',
	Private_Use: 'Co',
	Unassigned: 'Cn'
};

type Translated = { re2: string; lookbehind: boolean } | { problem: PatternProblem };

/**
 * A JavaScript `u`-mode pattern (already validated by `new RegExp`) in RE2 syntax, with the
 * same meaning, or why there is none.
 */
function translate(source: string): Translated {
	let re2 = '';
	let lookbehind = false;
	let i = 0;
	const fail = (message: string): Translated => unsupported(message);
	while (i < source.length) {
		const c = source[i]!;
		if (c === '\\') {
			const escape = readEscape(source, i, false);
			if ('problem' in escape) return escape;
			re2 += escape.re2;
			i = escape.end;
		} else if (c === '[') {
			const cls = readClass(source, i);
			if ('problem' in cls) return cls;
			re2 += cls.re2;
			i = cls.end;
		} else if (c === '(') {
			if (source.startsWith('(?=', i)) {
				return fail('uses a lookahead (?=…), which the safe regex engine (RE2) does not support');
			}
			if (source.startsWith('(?!', i)) {
				return fail(
					'uses a negative lookahead (?!…), which the safe regex engine (RE2) does not support; match what may follow instead, e.g. \\s*(?:[^\\s:]|$) for (?!\\s*:)'
				);
			}
			if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) {
				lookbehind = true;
				re2 += source.slice(i, i + 4);
				i += 4;
			} else if (source.startsWith('(?:', i)) {
				re2 += '(?:';
				i += 3;
			} else if (source.startsWith('(?<', i)) {
				// A named group: its name goes, as every capture does.
				re2 += '(?:';
				i = source.indexOf('>', i) + 1;
			} else if (source.startsWith('(?', i)) {
				return fail('uses a modifier group (?i:…), which the safe regex engine does not support');
			} else {
				re2 += '(?:';
				i += 1;
			}
		} else if (c === '.') {
			re2 += DOT;
			i += 1;
		} else {
			const cp = source.codePointAt(i)!;
			if (isSurrogate(cp)) return fail('contains a lone surrogate');
			re2 += String.fromCodePoint(cp);
			i += cp > 0xffff ? 2 : 1;
		}
	}
	return { re2, lookbehind };
}

interface Piece {
	re2: string;
	end: number;
	/** A single character (may be a range bound), as opposed to a class such as `\d`. */
	char?: boolean;
}
type Read = Piece | { problem: PatternProblem };

/** The escape at `source[at] === '\\'`, inside a class or not. */
function readEscape(source: string, at: number, inClass: boolean): Read {
	const c = source[at + 1]!;
	const end = at + 2;
	const char = (cp: number, to: number): Read =>
		isSurrogate(cp)
			? unsupported('contains a lone surrogate')
			: { re2: `\\x{${cp.toString(16).toUpperCase()}}`, end: to, char: true };
	switch (c) {
		case 'd':
		case 'D':
		case 'w':
		case 'W':
			return { re2: `\\${c}`, end };
		case 'b':
			return inClass ? char(8, end) : { re2: '\\b', end };
		case 'B':
			return { re2: '\\B', end };
		case 's':
			return { re2: inClass ? SPACE : `[${SPACE}]`, end };
		case 'S':
			if (inClass) {
				return unsupported(
					'uses \\S inside a character class, which the safe regex engine does not support; write (?:[…]|\\S)'
				);
			}
			return { re2: `[^${SPACE}]`, end };
		case 't':
			return char(9, end);
		case 'n':
			return char(10, end);
		case 'v':
			return char(11, end);
		case 'f':
			return char(12, end);
		case 'r':
			return char(13, end);
		case '0':
			return char(0, end);
		case 'c':
			return char(source.charCodeAt(end) % 32, end + 1);
		case 'x':
			return char(parseInt(source.slice(end, end + 2), 16), end + 2);
		case 'u': {
			if (source[end] === '{') {
				const close = source.indexOf('}', end);
				return char(parseInt(source.slice(end + 1, close), 16), close + 1);
			}
			const unit = parseInt(source.slice(end, end + 4), 16);
			// `\uD83D\uDE00` is one code point in `u` mode.
			const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(source.slice(end + 4));
			if (unit >= 0xd800 && unit <= 0xdbff && low) {
				const cp = 0x10000 + ((unit - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00);
				return char(cp, end + 10);
			}
			return char(unit, end + 4);
		}
		case 'p':
		case 'P': {
			const close = source.indexOf('}', end);
			const property = unicodeProperty(source.slice(end + 1, close));
			if (typeof property !== 'string') return property;
			return { re2: `\\${c}{${property}}`, end: close + 1 };
		}
		case 'k':
			return unsupported(
				'uses a backreference \\k<…>, which the safe regex engine (RE2) does not support'
			);
		default:
			if (c >= '1' && c <= '9') {
				return unsupported(
					`uses a backreference \\${c}, which the safe regex engine (RE2) does not support`
				);
			}
			if (SYNTAX.has(c) || c === '-') return { re2: `\\${c}`, end, char: true };
			return unsupported(`uses the escape \\${c}, which the safe regex engine does not support`);
	}
}

/** The property name of `\p{…}` for RE2, or why it has none. */
function unicodeProperty(body: string): string | { problem: PatternProblem } {
	const [name, value] = body.includes('=') ? body.split('=') : [undefined, body];
	if (name === 'Script_Extensions' || name === 'scx') {
		return unsupported(
			`uses \\p{${body}}, which the safe regex engine does not support; write \\p{Script=…}`
		);
	}
	// `Script=Han` is RE2's `Han`; a general category (by long name or short) is its short name.
	return name === 'Script' || name === 'sc' ? value! : (CATEGORIES[value!] ?? value!);
}

/** The class at `source[at] === '['`, each member translated. */
function readClass(source: string, at: number): Read {
	let i = at + 1;
	const negated = source[i] === '^';
	if (negated) i += 1;
	// `[]` matches nothing and `[^]` anything in JavaScript; RE2 reads `[]…` as a class with `]`.
	if (source[i] === ']') {
		return { re2: negated ? '[\\x{0}-\\x{10FFFF}]' : '[^\\x{0}-\\x{10FFFF}]', end: i + 1 };
	}
	let body = '';
	const atom = (): Read => {
		if (source[i] === '\\') return readEscape(source, i, true);
		const cp = source.codePointAt(i)!;
		if (isSurrogate(cp)) return unsupported('contains a lone surrogate');
		const text = String.fromCodePoint(cp);
		const end = i + text.length;
		// `[`, `-`, `^` and `\` are special in an RE2 class in places JavaScript reads them as
		// characters (`[[:]` is a POSIX class to RE2): escape them all.
		return { re2: '[-^'.includes(text) ? `\\${text}` : text, end, char: true };
	};
	while (source[i] !== ']') {
		const from = atom();
		if ('problem' in from) return from;
		i = from.end;
		if (source[i] === '-' && source[i + 1] !== ']' && from.char) {
			i += 1;
			const to = atom();
			if ('problem' in to) return to;
			i = to.end;
			body += `${from.re2}-${to.re2}`;
		} else body += from.re2;
	}
	return { re2: `[${negated ? '^' : ''}${body}]`, end: i + 1 };
}

function isSurrogate(cp: number): boolean {
	return cp >= 0xd800 && cp <= 0xdfff;
}
