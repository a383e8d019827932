/**
 * The repeated-word check, after retext-repeated-words: machine translation doubles words
 * ("China China disputes", "the outbreak of the outbreak", "explain and explain"). A content
 * word said twice in a row, or across only JOINERS, is flagged unless `rules/repetitions.yaml`
 * lists the doubling as real English ("more and more", "face to face", "Duran Duran").
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import type { Finding } from '../finding';
import { foldKey } from '../fold';
import type { RuleProblem } from './types';

/** The only words a doubling may span: "explain and explain", "the outbreak of the outbreak". */
const JOINERS = new Set(['of', 'the', 'and', 'a', 'an', 'to']);
const MAX_JOINERS = 2;
/**
 * Function words are never flagged: their doublings are mostly grammar ("had had", "that
 * that", "so so", "on and on", "over and over", "through and through"). Numbers spelled out
 * count as numbers ("one to one", "two and two").
 */
const FUNCTION_WORDS = new Set(
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
/** What may stand between two words of a doubling: spaces, never a line break or punctuation. */
const SPACE = /^[ \t\u00a0\u2000-\u200a\u202f\u3000]+$/u;
const CAPITAL = /^\p{Lu}/u;
const ARTICLES = new Set(['the', 'a', 'an']);

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

/** True when a doubling of `word` is never flagged: a function word, number or single letter. */
function neverFlagged(key: string): boolean {
	return FUNCTION_WORDS.has(key) || /\p{N}/u.test(key) || key.length < 2;
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
	const words = [...text.matchAll(WORD)].map((m) => ({
		text: m[0],
		key: foldKey(m[0]),
		start: m.index,
		end: m.index + m[0].length
	}));
	const spaced = (i: number) => SPACE.test(text.slice(words[i - 1]!.end, words[i]!.start));
	const flags: RepeatedWord[] = [];
	for (let i = 0; i < words.length - 1; i++) {
		const first = words[i]!;
		if (neverFlagged(first.key)) continue;
		let j = i + 1;
		while (j - i <= MAX_JOINERS && j < words.length && spaced(j) && JOINERS.has(words[j]!.key)) j++;
		const second = words[j];
		if (!second || second.key !== first.key || !spaced(j)) continue;
		const gap = words.slice(i + 1, j).map((w) => w.key);
		if (options.exceptions.has([first.key, ...gap, second.key].join(' '))) continue;
		const capital = CAPITAL.test(first.text);
		if (capital !== CAPITAL.test(second.text) && !(capital && opensSentence(text, first.start))) {
			continue;
		}
		// "the outbreak of the outbreak": the article before the second goes before the first too.
		const article = gap.at(-1);
		const before = words[i - 1];
		const start =
			article && ARTICLES.has(article) && before?.key === article && spaced(i)
				? before.start
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
	const lines = new LineCounter();
	const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false });
	const lineOf = (node: unknown) =>
		(node as Node | undefined)?.range ? lines.linePos((node as Node).range![0]).line : 1;
	const problem = (line: number, rule: string, field: string, message: string) =>
		problems.push({ file: file.name, line, rule, field, message });

	for (const error of doc.errors) {
		problem(
			lines.linePos(error.pos[0]).line,
			'-',
			'',
			`invalid YAML: ${error.message.split('\n')[0]}`
		);
	}
	if (doc.errors.length > 0 || doc.contents === null) return { exceptions, problems };
	if (!isSeq(doc.contents)) {
		problem(
			lineOf(doc.contents),
			'-',
			'',
			'must be a list of exceptions (`- words: [more, and, more]`)'
		);
		return { exceptions, problems };
	}
	doc.contents.items.forEach((node, index) => {
		const at = (path: (string | number)[]) =>
			lineOf((isMap(node) && path.length ? node.getIn(path, true) : node) ?? node);
		const value = (node as { toJSON?: () => unknown }).toJSON?.() ?? node;
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

function formatPath(path: (string | number)[]): string {
	return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
