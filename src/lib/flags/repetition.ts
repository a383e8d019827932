/**
 * The repeated-word check, after retext-repeated-words: machine translation doubles words
 * ("China China disputes", "the outbreak of the outbreak", "explain and explain"). A content
 * word said twice in a row, or across only JOINERS, is flagged unless `rules/repetitions.yaml`
 * lists the doubling as real English ("more and more", "face to face", "Duran Duran").
 */
import { z } from 'zod';
import type { Finding } from '../document/finding';
import * as chars from '../text/chars';
import { foldKey } from '../text/fold';
import { formatPath, readYamlList } from '../text/yaml-list';
import type { RuleProblem } from './types';

// The character table and its bits as this module's own constants, not imported bindings: V8
// folds a module's constants into a hot loop, and reads an imported binding anew each time
// (measured on the seeds: this scan 10–20% slower with named imports).
const { APOSTROPHE, CHARS, FOLDED, HYPHEN, isSurrogate, SPACE, WORD: WORD_UNIT } = chars;

/** The only words a doubling may span: "explain and explain", "the outbreak of the outbreak". */
export const JOINERS: ReadonlySet<string> = new Set(['of', 'the', 'and', 'a', 'an', 'to']);
export const MAX_JOINERS = 2;
/**
 * Prepositions that open a complement: "consular access and access to legal counsel" joins two
 * phrases that share their noun, one with a modifier before it and one with a complement after
 * it. That is English; machine translation doubles the bare word ("cooperation and cooperation").
 */
export const COMPLEMENT_PREPOSITIONS: ReadonlySet<string> = new Set(
	'to of for in on with from at by about against between under over'.split(' ')
);
/**
 * Function words are never flagged: their doublings are mostly grammar ("had had", "that
 * that", "so so", "on and on", "over and over", "through and through"). Numbers spelled out
 * count as numbers ("one to one", "two and two").
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
	`the a an this that these those some any each every no all both either neither such what
	which whose whatever much many few several own other another
	of to in on at by for with from into onto over under about above below after before through
	between among around against during without within upon across along behind beyond near off
	out up down since until till toward towards via per than like
	i me my mine we us our ours you your yours he him his she her hers it its they them their
	theirs who whom myself yourself himself herself itself ourselves themselves one ones
	be am is are was were been being have has had having do does did done will would shall
	should can could may might must ought
	and or but nor so yet if because as though although while whether when where then not
	two three four five six seven eight nine ten hundred thousand million billion`.split(/\s+/)
);
/** A word: letters, marks and digits, with inner apostrophes and hyphens (`people-to-people`). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’‐-][\p{L}\p{M}\p{N}]+)*/gu;
/** One character of a WORD, for the rare code point outside the BMP (see `wordCharWidth`). */
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
/** The apostrophes and hyphens that WORD keeps inside a word: ' ’ ‐ -. */
const INNER = APOSTROPHE | HYPHEN;
/** JOINERS (already folded) as an array, and their longest length, for `Words.isJoiner`. */
const JOINER_LIST = [...JOINERS];
const JOINER_LENGTH = Math.max(...JOINER_LIST.map((word) => word.length));
const CAPITAL = /^\p{Lu}/u;
export const ARTICLES: ReadonlySet<string> = new Set(['the', 'a', 'an']);

/** A doubling that is real English, keyed by its folded words (`more and more`). */
export interface RepetitionException {
	words: string[];
	/** A sentence that uses it: why it is listed. */
	note: string;
	file: string;
	line: number;
}
export type RepetitionExceptions = ReadonlyMap<string, RepetitionException>;

export type RepeatedWord = Finding & { kind: 'repeated-word' };

/**
 * True when a doubling of `word` is never flagged: a function word, number or single letter
 * ("D D will pop up"). A letter is a character, not a code unit: "𠀀 𠀀" is "中 中".
 */
function neverFlagged(key: string): boolean {
	return FUNCTION_WORDS.has(key) || /\p{N}/u.test(key) || [...key].length < 2;
}

/**
 * Flags doublings in `text`, which starts at `offset` of the prepared transcript text.
 * Case-insensitive, whole words. A pair whose case differs is flagged only when its capital
 * opens a sentence ("Explain and explain"): mid-sentence it may be a name ("Will will"), and
 * lowercase-then-capital may be a sentence boundary that lost its punctuation.
 */
export function findRepetitions(
	text: string,
	options: { offset?: number; exceptions: RepetitionExceptions }
): RepeatedWord[] {
	const offset = options.offset ?? 0;
	const words = new Words(text);
	const flags: RepeatedWord[] = [];
	for (let i = 0; words.has(i + 1); i++) {
		let j = i + 1;
		while (j - i <= MAX_JOINERS && words.has(j) && words.isJoiner(j) && words.spaced(j)) j++;
		if (!words.has(j) || !words.same(i, j) || !words.spaced(j)) continue;
		// A doubling, which is rare: only now are its words built as strings and keys.
		const first = {
			text: words.word(i),
			key: words.key(i),
			start: words.start(i),
			end: words.end(i)
		};
		const second = { text: words.word(j), end: words.end(j) };
		if (neverFlagged(first.key)) continue;
		const gap: string[] = [];
		for (let k = i + 1; k < j; k++) gap.push(words.key(k));
		if (options.exceptions.has([first.key, ...gap, first.key].join(' '))) continue;
		if (gap.length === 1 && gap[0] === 'and' && sharesItsNoun(words, i, j)) continue;
		const capital = CAPITAL.test(first.text);
		if (capital !== CAPITAL.test(second.text) && !(capital && opensSentence(text, first.start))) {
			continue;
		}
		// "the outbreak of the outbreak": the article before the second goes before the first too.
		const article = gap.at(-1);
		const start =
			article && ARTICLES.has(article) && i > 0 && words.key(i - 1) === article && words.spaced(i)
				? words.start(i - 1)
				: first.start;
		flags.push({
			source: 'quality',
			kind: 'repeated-word',
			rule: 'repeated-word',
			start: offset + start,
			end: offset + second.end,
			actual: text.slice(start, second.end),
			expected: [text.slice(start, first.end)],
			message: `Unexpected repetition of '${second.text}': the second may be a translation artifact; read it once.`,
			severity: 'warning'
		});
	}
	return flags;
}

/**
 * True for "consular access and access to counsel" (see COMPLEMENT_PREPOSITIONS): word `i` has a
 * content word before it and word `j` a preposition after it, with only spaces between.
 */
function sharesItsNoun(words: Words, i: number, j: number): boolean {
	return (
		i > 0 &&
		words.spaced(i) &&
		!FUNCTION_WORDS.has(words.key(i - 1)) &&
		words.has(j + 1) &&
		words.spaced(j + 1) &&
		COMPLEMENT_PREPOSITIONS.has(words.key(j + 1))
	);
}

/** How many words `Words` remembers: a doubling looks at most one word back and three ahead. */
const WINDOW = 8;

/**
 * The words of a text, exactly as `text.matchAll(WORD)` finds them, scanned as the check asks
 * for them and kept only as offsets, of the last WINDOW words: most words double nothing, so
 * strings and keys are built only on demand, and nothing is allocated per word. Word `k` is
 * the k-th of the text; only the last WINDOW scanned can be read.
 * Methods rather than closures in `findRepetitions`: under `tsx` (esbuild `keepNames`) every
 * named closure costs a `__name` call each time it is made, more than scanning a short paragraph.
 */
class Words {
	private readonly starts = new Int32Array(WINDOW);
	private readonly ends = new Int32Array(WINDOW);
	/** How many words are scanned, and where scanning goes on. */
	private scanned = 0;
	private at = 0;

	constructor(readonly text: string) {}

	/** True when the text has a word `k`; scans up to it. */
	has(k: number): boolean {
		while (this.scanned <= k) if (!this.scan()) return false;
		return true;
	}

	start(k: number): number {
		return this.starts[k % WINDOW]!;
	}

	end(k: number): number {
		return this.ends[k % WINDOW]!;
	}

	/** Word `k` as written. */
	word(k: number): string {
		return this.text.slice(this.start(k), this.end(k));
	}

	/** Word `k` folded (`foldKey`). */
	key(k: number): string {
		return foldKey(this.word(k));
	}

	/**
	 * True when words `k` and `m` have the same `foldKey`: a word holds no spaces, so its key is
	 * its code units folded one by one, compared here without building either.
	 */
	same(k: number, m: number): boolean {
		const start = this.start(m);
		const length = this.end(m) - start;
		if (this.end(k) - this.start(k) !== length) return false;
		for (let at = 0, other = this.start(k); at < length; at++, other++) {
			if (this.folded(start + at) !== this.folded(other)) return false;
		}
		return true;
	}

	/** True when word `k` is one of JOINERS. */
	isJoiner(k: number): boolean {
		const start = this.start(k);
		const length = this.end(k) - start;
		if (length > JOINER_LENGTH) return false;
		for (const joiner of JOINER_LIST) {
			if (joiner.length === length && this.spells(start, joiner)) return true;
		}
		return false;
	}

	/** True when the text from `start` folds to `folded`. */
	private spells(start: number, folded: string): boolean {
		for (let at = 0; at < folded.length; at++) {
			if (this.folded(start + at) !== folded.charCodeAt(at)) return false;
		}
		return true;
	}

	/** The code unit at `at`, folded (`foldCode`). */
	private folded(at: number): number {
		return CHARS[this.text.charCodeAt(at)]! & FOLDED;
	}

	/** True when only spaces stand between words `k - 1` and `k`: no line break or punctuation. */
	spaced(k: number): boolean {
		const start = this.end(k - 1);
		const end = this.start(k);
		if (start >= end) return false;
		for (let at = start; at < end; at++) {
			if (!(CHARS[this.text.charCodeAt(at)]! & SPACE)) return false;
		}
		return true;
	}

	/** Scans the next word: a run of word characters, with inner apostrophes and hyphens. */
	private scan(): boolean {
		const text = this.text;
		let at = this.at;
		let width = 0;
		while (at < text.length && (width = wordCharWidth(text, at)) === 0) at++;
		if (at === text.length) return false;
		this.starts[this.scanned % WINDOW] = at;
		for (;;) {
			while (width > 0) {
				at += width;
				width = wordCharWidth(text, at);
			}
			// An apostrophe or hyphen continues the word only when a word character follows it.
			if (at === text.length || !(CHARS[text.charCodeAt(at)]! & INNER)) break;
			width = wordCharWidth(text, at + 1);
			if (width === 0) break;
			at++;
		}
		this.ends[this.scanned % WINDOW] = at;
		this.scanned++;
		this.at = at;
		return true;
	}
}

/**
 * How many code units the word character at `at` of `text` takes: 1, 2 (a surrogate pair) or 0.
 * A surrogate is a word code unit to the character table, but WORD, a `u` regex, reads its code
 * point: 𠀀 is a word character, an emoji or a lone surrogate is none.
 */
function wordCharWidth(text: string, at: number): number {
	if (at >= text.length) return 0;
	const code = text.charCodeAt(at);
	if (!isSurrogate(code)) return CHARS[code]! & WORD_UNIT ? 1 : 0;
	const point = text.codePointAt(at)!;
	return point > 0xffff && WORD_CHAR.test(String.fromCodePoint(point)) ? 2 : 0;
}

/** True at the start of the text or a line, or after . ! ? : ; (and any opening quote). */
function opensSentence(text: string, at: number): boolean {
	while (at > 0 && /[ \t"“‘'([]/u.test(text[at - 1]!)) at--;
	return at === 0 || /[.!?:;\n]/u.test(text[at - 1]!);
}

const entrySchema = z
	.object({
		words: z
			.array(z.string().regex(new RegExp(`^${WORD.source}$`, 'u'), 'must be one word'))
			.min(2, 'must list the word twice, with any joiners between: [more, and, more]')
			.max(MAX_JOINERS + 2, `must have at most ${MAX_JOINERS} joiners between the two words`),
		note: z.string().trim().min(1, 'must quote a sentence that uses the doubling')
	})
	.strict();

/**
 * Reads `rules/repetitions.yaml`. Never throws: every problem is reported with file, line,
 * entry (its words, or `#3`) and field, and only the faulty entry is left out. An entry the
 * check could never flag (a function word, a joiner outside JOINERS) is a problem too.
 */
export function loadRepetitionExceptions(file: { name: string; text: string }): {
	exceptions: RepetitionExceptions;
	problems: RuleProblem[];
} {
	const exceptions = new Map<string, RepetitionException>();
	const problems: RuleProblem[] = [];
	const problem = (line: number, rule: string, field: string, message: string) =>
		problems.push({ file: file.name, line, rule, field, message });
	const items = readYamlList(
		file.text,
		'must be a list of exceptions (`- words: [more, and, more]`)',
		(line, message) => problem(line, '-', '', message)
	);
	items.forEach(({ value, index, lineAt: at }) => {
		const parsed = entrySchema.safeParse(value, {
			error: (issue) => (issue.input === undefined ? 'is required' : undefined)
		});
		if (!parsed.success) {
			const { words } = (value ?? {}) as { words?: unknown };
			const label = Array.isArray(words) ? words.join(' ') : `#${index + 1}`;
			for (const issue of parsed.error.issues) {
				const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
				// An unknown key is located at the key, not at its entry.
				for (const where of issue.code === 'unrecognized_keys'
					? issue.keys.map((k) => [k])
					: [path]) {
					problem(at(where), label, formatPath(where), issue.message);
				}
			}
			return;
		}
		const { words, note } = parsed.data;
		const key = words.map(foldKey).join(' ');
		const twin = exceptions.get(key);
		const wrong =
			checkException(words, note) ??
			(twin && { path: ['words'], message: `duplicate: already listed at line ${twin.line}` });
		if (wrong) return problem(at(wrong.path), key, formatPath(wrong.path), wrong.message);
		exceptions.set(key, { words, note, file: file.name, line: at([]) });
	});
	return { exceptions, problems };
}

/** What is wrong with an exception that parsed, and where: the entry's words or note. */
function checkException(words: string[], note: string) {
	const keys = words.map(foldKey);
	const said = `"${words.join(' ')}"`;
	const never = `${said} is never flagged, no exception needed`;
	if (keys[0] !== keys.at(-1)) {
		return { path: ['words'], message: 'the first and last word must be the same word' };
	}
	if (neverFlagged(keys[0]!)) {
		return { path: ['words', 0], message: `a function word, number or single letter: ${never}` };
	}
	const odd = keys.findIndex((k, i) => i > 0 && i < keys.length - 1 && !JOINERS.has(k));
	if (odd > 0) {
		const joiners = [...JOINERS].join(', ');
		return { path: ['words', odd], message: `not one of ${joiners}: ${never}` };
	}
	if (!foldKey(note).includes(keys.join(' '))) {
		return { path: ['note'], message: `must quote a sentence that says ${said}` };
	}
	return undefined;
}
