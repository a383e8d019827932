import { fc, test } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	ARTICLES,
	COMPLEMENT_PREPOSITIONS,
	findRepetitions,
	FUNCTION_WORDS,
	JOINERS,
	loadRepetitionExceptions,
	MAX_JOINERS,
	type RepeatedWord,
	type RepetitionExceptions
} from '../../src/lib/flags/repetition';
import { FOLDED_APOSTROPHES, INLINE_SPACES } from '../../src/lib/text/chars';
import { propertyRuns } from '../budget';
import { LU_KANG, ROOT, transcript } from '../helpers';

/** Generous: a property's budget is its count of runs, never a time. */
const TIMEOUT = 120_000;

const FILE = {
	name: 'repetitions.yaml',
	text: readFileSync(path.join(ROOT, 'rules', 'repetitions.yaml'), 'utf8')
};
const { exceptions, problems } = loadRepetitionExceptions(FILE);
const message = (word: string) =>
	`Unexpected repetition of '${word}': the second may be a translation artifact; read it once.`;

/** Every flag of `text`, checked for the invariants of a finding at `offset`. */
function flags(text: string, offset = 0, list: RepetitionExceptions = exceptions) {
	const found = findRepetitions(text, { offset, exceptions: list });
	for (const f of found) {
		expect(text.slice(f.start - offset, f.end - offset)).toBe(f.actual);
		expect(f).toMatchObject({ source: 'quality', rule: 'repeated-word', kind: 'repeated-word' });
		expect(f.severity).toBe('warning');
	}
	return found;
}

/** Each line of `text` with its offset, as a reader's paragraphs would be checked. */
function lines(text: string): { line: string; offset: number }[] {
	let offset = 0;
	return text.split('\n').map((line) => {
		const at = { line, offset };
		offset += line.length + 1;
		return at;
	});
}

describe('invalid: flagged', () => {
	// [sentence, actual, expected, the word in the message]
	it.each([
		['China China disputes with China over China.', 'China China', 'China', 'China'],
		[
			'occurred before the outbreak of the outbreak of the new pneumonia epidemic',
			'the outbreak of the outbreak',
			'the outbreak',
			'outbreak'
		],
		[
			'China may have tried its best to explain and explain these documents.',
			'explain and explain',
			'explain',
			'explain'
		],
		['the government of Canada and Canada began to plan', 'Canada and Canada', 'Canada', 'Canada'],
		// Across "and" with nothing before it but a function word, or nothing after but an end.
		[
			'We will deepen cooperation and cooperation.',
			'cooperation and cooperation',
			'cooperation',
			'cooperation'
		],
		['to access and access to counsel', 'access and access', 'access', 'access'],
		[
			'has China improved and improved its domestic policies',
			'improved and improved',
			'improved',
			'improved'
		],
		[
			'they voted for upholding and upholding the purposes',
			'upholding and upholding',
			'upholding',
			'upholding'
		],
		['Explain and explain again.', 'Explain and explain', 'Explain', 'explain'],
		['He said: “Explain and explain.”', 'Explain and explain', 'Explain', 'explain'],
		['We discussed the issue the issue today.', 'the issue the issue', 'the issue', 'issue'],
		['It was an outbreak of the outbreak.', 'outbreak of the outbreak', 'outbreak', 'outbreak'],
		['It is a part of a part.', 'a part of a part', 'a part', 'part'],
		['Trade to trade matters.', 'Trade to trade', 'Trade', 'trade'],
		['This is important important.', 'important important', 'important', 'important'],
		['CHINA CHINA relations', 'CHINA CHINA', 'CHINA', 'CHINA'],
		['China’s relations\trelations with Canada', 'relations\trelations', 'relations', 'relations'],
		['bilateral\u00a0bilateral ties', 'bilateral\u00a0bilateral', 'bilateral', 'bilateral'],
		['people to the people', 'people to the people', 'people', 'people']
	])('%j', (sentence, actual, expected, word) => {
		expect(flags(sentence)).toEqual([
			expect.objectContaining({ actual, expected: [expected], message: message(word) })
		]);
	});

	it('flags a word said three times twice, overlapping', () => {
		expect(flags('China China China relations').map((f) => [f.start, f.end])).toEqual([
			[0, 11],
			[6, 17]
		]);
	});

	it('puts offsets in the whole text', () => {
		const [found] = flags('Yes. China China disputes.', 100);
		expect(found).toMatchObject({ start: 105, end: 116, actual: 'China China' });
	});
});

describe('valid: not flagged', () => {
	it.each([
		// Real English, by exception (rules/repetitions.yaml).
		'More and more Canadian students study in China.',
		'We have said again and again that the door is open.',
		'More and more and more people came.',
		'Bye bye, and thank you.',
		'It is a very very important relationship.',
		'The two ministers met face to face in Beijing.',
		'Duran Duran played Toronto.',
		'let’s let the government go first and talk about the people to people and business exchanges',
		'China is ready for win win cooperation.',
		'From time to time the two sides disagree.',
		'These are the best of the best.',
		// Two phrases that share their noun: a modifier before one, a complement after the other.
		'to give our officials proper consular access and access to legal counsel for both men',
		'Canada wants market access and access for its canola growers.',
		// Function words: never flagged.
		'the most heartening exhibition they had had since',
		'He said that that was wrong.',
		'The food was so so.',
		'They argued on and on, over and over.',
		'He is a diplomat through and through.',
		'the the',
		// Not joined by of, the, and, a, an, to.
		'We will move step by step, day by day, side by side, one by one, little by little.',
		'public opinion is the opinion of the people',
		'China has a dispute with China over China novel coronavirus pneumonia.',
		'to firmly voice its voice',
		// Hyphenated or inflected: not the same word.
		'people-to-people exchanges, win-win results',
		'Boutros Boutros-Ghali and Baden-Baden',
		'China’s China policy',
		'concern and concerns',
		// Across punctuation or a line break.
		'Canada. Canada is a partner.',
		'Canada! Canada',
		'Canada? Canada',
		'Canada; Canada',
		'Canada: Canada',
		'Lu Kang: Canada\nCanada began',
		'to carry out the experiment in Canada, and Canada has also approved',
		'including their concerns, concerns, problems',
		'the outbreak (the outbreak)',
		// Numbers and single letters.
		'In 2019 2019 was a hard year.',
		'G20 G20',
		'one to one, two and two',
		'D D will pop up',
		// A single letter outside the BMP is still one letter (found by the reference).
		'the letters 𝐀 𝐀 and 𠀀 𠀀',
		// Case differs mid-sentence (a name, a lost sentence end).
		'I think Will will come.',
		'we will work Work is hard',
		// More than two joiners between.
		'trade and of the trade'
	])('%j', (sentence) => {
		expect(flags(sentence)).toEqual([]);
	});
});

describe('the Lu Kang interview (machine translation)', () => {
	const text = transcript(LU_KANG);

	it('flags every doubling, with exact offsets', () => {
		expect(flags(text).map((f) => [f.start, f.actual, f.expected[0]])).toEqual([
			[1149, 'the outbreak of the outbreak', 'the outbreak'],
			[3179, 'Canada and Canada', 'Canada'],
			[26133, 'China China', 'China'],
			[32947, 'explain and explain', 'explain'],
			[38223, 'improved and improved', 'improved'],
			[40427, 'upholding and upholding', 'upholding']
		]);
	});

	it('gives the same flags line by line as on the whole text', () => {
		const byLine = lines(text).flatMap(({ line, offset }) => flags(line, offset));
		expect(byLine).toEqual(flags(text));
	});
});

describe('the human-written seeds', () => {
	it.each([
		'china-canada-joly-beijing-2024-b',
		'china-canada-wang-yi-garneau',
		'china-canada-wang-yi-joly-2024-a'
	])('%s has no flag on any line', (slug) => {
		const text = transcript(slug);
		expect(flags(text)).toEqual([]);
		for (const { line, offset } of lines(text)) expect(flags(line, offset), line).toEqual([]);
	});
});

describe('rules/repetitions.yaml', () => {
	it('loads without problems', () => {
		expect(problems).toEqual([]);
		expect(exceptions.size).toBeGreaterThan(50);
	});

	it('needs every entry: its note is flagged without it, and not with it', () => {
		for (const [key, entry] of exceptions) {
			const without = new Map(exceptions);
			without.delete(key);
			expect(flags(entry.note, 0, without).length, key).toBeGreaterThan(0);
			expect(flags(entry.note), key).toEqual([]);
		}
	});

	it('names file, line, entry and field for a broken entry, and keeps the others', () => {
		const broken = loadRepetitionExceptions({
			name: 'repetitions.yaml',
			text: `- words: [more, and, more]
  note: More and more people.
- words: [step, by, step]
  note: Step by step.
- words: [had, had]
  note: They had had enough.
- words: [face, to, hand]
  note: face to hand
- words: [day, to, day]
- words: [More, and, more]
  note: Ever more and more.
- words: [year, to, year]
  note: Every year.
- words: [two words, two words]
  note: x
  source: here
- just a string
- words: [case, to, case]
  note: It varies from case to case.
`
		});
		expect([...broken.exceptions.values()].map((e) => [e.words.join(' '), e.line])).toEqual([
			['more and more', 1],
			['case to case', 18]
		]);
		const never = 'is never flagged, no exception needed';
		expect(broken.problems.map((p) => [p.file, p.line, p.rule, p.field, p.message])).toEqual([
			[
				'repetitions.yaml',
				3,
				'step by step',
				'words[1]',
				`not one of of, the, and, a, an, to: "step by step" ${never}`
			],
			[
				'repetitions.yaml',
				5,
				'had had',
				'words[0]',
				`a function word, number or single letter: "had had" ${never}`
			],
			[
				'repetitions.yaml',
				7,
				'face to hand',
				'words',
				'the first and last word must be the same word'
			],
			['repetitions.yaml', 9, 'day to day', 'note', 'is required'],
			['repetitions.yaml', 10, 'more and more', 'words', 'duplicate: already listed at line 1'],
			[
				'repetitions.yaml',
				13,
				'year to year',
				'note',
				'must quote a sentence that says "year to year"'
			],
			['repetitions.yaml', 14, 'two words two words', 'words[0]', 'must be one word'],
			['repetitions.yaml', 14, 'two words two words', 'words[1]', 'must be one word'],
			['repetitions.yaml', 16, 'two words two words', 'source', 'Unrecognized key: "source"'],
			['repetitions.yaml', 17, '#9', '', 'Invalid input: expected object, received string']
		]);
	});

	it('reports invalid YAML and a file that is not a list, with lines', () => {
		const unclosed = '- words: [more, and, more]\n  note: "unclosed\n- x';
		expect(loadRepetitionExceptions({ name: 'r.yaml', text: unclosed }).problems).toEqual([
			{
				file: 'r.yaml',
				line: 3,
				rule: '-',
				field: '',
				message: 'invalid YAML: Missing closing "quote'
			}
		]);
		expect(
			loadRepetitionExceptions({ name: 'r.yaml', text: '\n\nwords: [more, and, more]' }).problems
		).toEqual([
			{
				file: 'r.yaml',
				line: 3,
				rule: '-',
				field: '',
				message: 'must be a list of exceptions (`- words: [more, and, more]`)'
			}
		]);
		expect(loadRepetitionExceptions({ name: 'r.yaml', text: '' })).toEqual({
			exceptions: new Map(),
			problems: []
		});
	});
});

/**
 * The reference: the comments of `repetition.ts` read as a specification and written plainly,
 * for clarity and not speed: every word found with a regular expression and given a string and
 * a key, and each word compared with the next words that are not joiners. It shares the word
 * lists (FUNCTION_WORDS, JOINERS, ARTICLES, MAX_JOINERS) and the lists of apostrophes and
 * spaces (`chars.ts`), and nothing else: its case folding is its own, so that it checks the
 * character table the detector reads too.
 */
function reference(
	text: string,
	{ offset = 0, exceptions }: { offset?: number; exceptions: RepetitionExceptions }
): RepeatedWord[] {
	/** Letters, marks and digits, with an apostrophe or hyphen between two of them. */
	const WORD = /[\p{L}\p{M}\p{N}]+(?:['’‐-][\p{L}\p{M}\p{N}]+)*/gu;
	/** Lowercase code unit by code unit (one that lowercases to two is kept), quotes as '. */
	const fold = (word: string) =>
		word
			.split('')
			.map((unit) =>
				FOLDED_APOSTROPHES.includes(unit)
					? "'"
					: unit.toLowerCase().length === 1
						? unit.toLowerCase()
						: unit
			)
			.join('');
	/** A function word, a number or a single letter (a character, not a code unit: 𝐀). */
	const neverFlagged = (key: string) =>
		FUNCTION_WORDS.has(key) || /\p{N}/u.test(key) || [...key].length < 2;
	const onlySpaces = (from: number, to: number) =>
		from < to && [...text.slice(from, to)].every((unit) => INLINE_SPACES.includes(unit));
	const capital = (word: string) => /^\p{Lu}/u.test(word);
	/** The text before `at` is empty, or ends a sentence or line, then spaces, quotes or brackets. */
	const opensSentence = (at: number) => /(?:^|[.!?:;\n])[ \t"“‘'([]*$/.test(text.slice(0, at));

	const words = [...text.matchAll(WORD)].map((m) => ({
		text: m[0],
		key: fold(m[0]),
		start: m.index,
		end: m.index + m[0].length
	}));
	const flags: RepeatedWord[] = [];
	words.forEach((first, i) => {
		if (neverFlagged(first.key)) return;
		// The next word that is not a joiner, if at most MAX_JOINERS joiners come first.
		let j = i + 1;
		while (j < words.length && JOINERS.has(words[j]!.key)) j++;
		const second = words[j];
		if (!second || second.key !== first.key || j - i - 1 > MAX_JOINERS) return;
		// Only spaces between any two of them: no line break, no punctuation.
		for (let k = i + 1; k <= j; k++) if (!onlySpaces(words[k - 1]!.end, words[k]!.start)) return;
		const gap = words.slice(i + 1, j).map((w) => w.key);
		if (exceptions.has([first.key, ...gap, second.key].join(' '))) return;
		// "consular access and access to counsel": a content word before the first, a preposition
		// after the second, across "and" alone.
		const before = words[i - 1];
		const after = words[j + 1];
		if (
			gap.join(' ') === 'and' &&
			before &&
			onlySpaces(before.end, first.start) &&
			!FUNCTION_WORDS.has(before.key) &&
			after &&
			onlySpaces(second.end, after.start) &&
			COMPLEMENT_PREPOSITIONS.has(after.key)
		) {
			return;
		}
		// Case differs: flagged only when the capital opens a sentence.
		if (capital(first.text) !== capital(second.text)) {
			if (!capital(first.text) || !opensSentence(first.start)) return;
		}
		// "the outbreak of the outbreak": the article before the second goes before the first too.
		const article = gap.at(-1);
		const withArticle =
			article !== undefined &&
			ARTICLES.has(article) &&
			before?.key === article &&
			onlySpaces(before.end, first.start);
		const start = withArticle ? before.start : first.start;
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
	});
	return flags;
}

describe('the fast scan agrees with the reference', () => {
	// Doubled, listed and function words, joiners, in case and apostrophe variants; numbers, single
	// letters, marks, letters that fold to two (İ) or not at all (𐐀), astral letters and emoji.
	const word = fc.constantFrom(
		...['China', 'china', 'CHINA', 'chinA', 'China’s', "China's", 'china’S', 'Chinaʼs'],
		...['outbreak', 'Outbreak', 'more', 'More', 'again', 'face', 'time', 'best', 'very', 'win'],
		...['people', 'people-to-people', 'people‐to‐people', 'Duran', 'bye', 'Bye'],
		...['of', 'the', 'The', 'THE', 'and', 'And', 'a', 'A', 'an', 'to', 'To', 'ot', 'tho'],
		...['had', 'that', 'so', 'one', 'two', 'Will', 'will', 'D', 'd', '2019', 'G20', 'x1'],
		...['café', 'cafe\u0301', 'CAFÉ', 'İstanbul', 'i̇stanbul', 'straße', 'STRASSE'],
		...['𐐀𐐀', '𐐨𐐨', '𝐀𝐁', '𝐚𝐛', 'a😀', '😀', '\ud800', 'x\udc00y', 'ǅemal', 'ǆemal'],
		...['𝐀', '𠀀', '𠀀𠀁', 'e\u0301', 'ʼn', 'naʼa']
	);
	// Spaces, line breaks, punctuation, quotes, hyphens and apostrophes between words (or nothing).
	const between = fc.constantFrom(
		...[
			' ',
			' ',
			' ',
			'  ',
			'\t',
			'\u00a0',
			'\u2000',
			'\u2009',
			'\u200a',
			'\u202f',
			'\u3000',
			'\u200b',
			'\n',
			''
		],
		...[', ', '. ', '! ', '? ', ': ', '; ', ' "', ' “', ' (', '( ', ' ‘', "'", '’', '‘', 'ʼ'],
		...['-', '‐', '--', ' - ', '—', "' ", " '", '-\n', '\r\n']
	);
	// Mostly spaces inside a doubling, so that many texts have one.
	const space = fc.oneof(
		{ arbitrary: fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u200a', '\u3000'), weight: 4 },
		{ arbitrary: between, weight: 1 }
	);
	const cased = (w: string, how: number) =>
		[w, w.toLowerCase(), w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)][how]!;
	const doubling = fc
		.tuple(word, fc.array(fc.tuple(space, word), { maxLength: 3 }), space, fc.nat(3))
		.map(([w, gap, last, how]) => w + gap.flat().join('') + last + cased(w, how));
	const joiner = fc.constantFrom('of', 'the', 'The', 'and', 'a', 'A', 'an', 'to', 'TO');
	const joined = fc
		.tuple(word, fc.array(fc.tuple(space, joiner), { maxLength: 3 }), space, fc.nat(3))
		.map(([w, gap, last, how]) => w + gap.flat().join('') + last + cased(w, how));
	const text = fc
		.array(fc.tuple(fc.oneof(word, doubling, joined), between), { maxLength: 16 })
		.chain((parts) =>
			fc.tuple(fc.constant(parts), between).map(([ps, lead]) => lead + ps.flat().join(''))
		);
	const offset = fc.nat({ max: 1000 });

	test.prop([text, offset], propertyRuns(300, 3000))(
		'on texts of words',
		(text, offset) => {
			expect(findRepetitions(text, { offset, exceptions })).toEqual(
				reference(text, { offset, exceptions })
			);
		},
		TIMEOUT
	);

	const char = fc.constantFrom(..."aAbB é-‐'’ʼ.\n\t\u00a01𝐀😀\ud800\u0301İ");
	test.prop([fc.string({ unit: char, maxLength: 40 }), offset], propertyRuns(300, 3000))(
		'on texts of characters',
		(text, offset) => {
			expect(findRepetitions(text, { offset, exceptions })).toEqual(
				reference(text, { offset, exceptions })
			);
		},
		TIMEOUT
	);

	it('on every transcript, whole and line by line', () => {
		for (const slug of [
			LU_KANG,
			'china-canada-joly-beijing-2024-b',
			'china-canada-wang-yi-garneau',
			'china-canada-wang-yi-joly-2024-a'
		]) {
			const text = transcript(slug);
			expect(findRepetitions(text, { exceptions })).toEqual(reference(text, { exceptions }));
			for (const { line, offset } of lines(text)) {
				expect(findRepetitions(line, { offset, exceptions })).toEqual(
					reference(line, { offset, exceptions })
				);
			}
		}
	});
});
